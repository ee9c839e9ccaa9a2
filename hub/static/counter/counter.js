// The counter page: counter staff call the next customer and work the ticket (recall, no-show,
// serve, park, transfer, end); the lobby manager sees who waits for what and for how long and
// calls a waiting customer to a free self-service terminal.  Live through /api/queue/stream.
import {readEvents} from "/queue/events.js";
const STRINGS = {
  zh: {
    title: "柜台叫号", who: "柜员、大堂经理登录", username: "用户名", password: "密码",
    sign_in: "登录", branch: "网点", counter: "窗口", services: "办理业务", call_next: "叫下一位",
    now_serving: "当前", recall: "重呼", no_show: "过号", serve: "开始办理", park: "挂起",
    transfer: "转业务", end: "结束", overview: "排队概况", service: "业务", waiting: "等候人数",
    expected: "预计等候", who_waits: "等候中的客户", send_to: "叫到自助终端", number: "号码",
    state: "状态", waited: "已等候", call_here: "叫号", nobody: "暂无等候客户", min: "分钟",
    s_waiting: "等候", s_called: "已叫号", s_serving: "办理中", s_parked: "挂起",
    s_no_show: "过号", s_done: "已完成", lang: "English", recalls: "重呼次数",
    bad_login: "用户名或密码错误", no_role: "此账号没有柜台或大堂角色",
  },
  en: {
    title: "Counter", who: "Counter staff and lobby managers", username: "User name",
    password: "Password", sign_in: "Sign in", branch: "Branch", counter: "Counter",
    services: "Services served", call_next: "Call next", now_serving: "Now",
    recall: "Recall", no_show: "No-show", serve: "Start serving", park: "Park",
    transfer: "Transfer", end: "End", overview: "Queue overview", service: "Service",
    waiting: "Waiting", expected: "Expected wait", who_waits: "Who is waiting",
    send_to: "Call to self-service terminal", number: "Number", state: "State",
    waited: "Waited", call_here: "Call", nobody: "Nobody is waiting", min: "min",
    s_waiting: "waiting", s_called: "called", s_serving: "serving", s_parked: "parked",
    s_no_show: "no-show", s_done: "done", lang: "中文", recalls: "recalls",
    bad_login: "Wrong user name or password", no_role: "This account has no counter role",
  },
};
const STAFF_ROLES = ["counter_staff", "lobby_manager", "branch_manager"];
let lang = "zh";
let token = "";
let board = null;
let current = null;
let streamAbort = null;
const $ = (id) => document.getElementById(id);
const t = (key) => STRINGS[lang][key] ?? key;
const mins = (s) => `${Math.max(0, Math.round(s / 60))} ${t("min")}`;

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  if (board) render();
}

async function api(path, body = null) {
  const options = {headers: {Authorization: `Bearer ${token}`, "Content-Type": "application/json"}};
  if (body !== null) Object.assign(options, {method: "POST", body: JSON.stringify(body)});
  const resp = await fetch(path, options);
  return {status: resp.status, body: await resp.json().catch(() => ({}))};
}

async function signIn(event) {
  event.preventDefault();
  const resp = await fetch("/api/auth/login", {method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({username: $("username").value, password: $("password").value})});
  const body = await resp.json().catch(() => ({}));
  if (resp.status !== 200) { $("sign-in-error").textContent = body.error || t("bad_login"); return; }
  const branches = [...new Set(STAFF_ROLES.flatMap((r) => body.person.roles[r] || []))];
  if (!branches.length) { $("sign-in-error").textContent = t("no_role"); return; }
  token = body.token;
  $("branch").replaceChildren(...branches.map((b) => new Option(b, b)));
  $("sign-in").hidden = true;
  $("desk").hidden = false;
  $("branch").onchange = follow;
  await follow();
}

function render() {
  const names = Object.fromEntries(board.services.map((s) => [s.code, s.name[lang]]));
  const box = $("services");
  if (!box.children.length) {
    for (const s of board.services) {
      const label = document.createElement("label");
      label.innerHTML = `<input type="checkbox" value="${s.code}" checked> <span></span>`;
      box.append(label);
    }
    $("transfer-service").replaceChildren(...board.services.map((s) => new Option("", s.code)));
  }
  for (const label of box.children) label.querySelector("span").textContent = names[label.querySelector("input").value];
  for (const o of $("transfer-service").options) o.textContent = names[o.value];
  $("summary").tBodies[0].replaceChildren(...board.services.map((s) => {
    const tr = document.createElement("tr");
    tr.dataset.service = s.code;
    tr.innerHTML = "<td></td><td class='count'></td><td></td>";
    tr.cells[0].textContent = names[s.code];
    tr.cells[1].textContent = board.waiting[s.code] ?? 0;
    tr.cells[2].textContent = mins(board.expected_wait_s[s.code] ?? 0);
    return tr;
  }));
  const rows = board.tickets.filter((x) => x.state === "waiting" || x.state === "parked");
  $("waiting").tBodies[0].replaceChildren(...rows.map((x) => {
    const tr = document.createElement("tr");
    tr.dataset.number = x.number;
    tr.innerHTML = "<td></td><td></td><td></td><td></td><td><button type='button'></button></td>";
    tr.cells[0].textContent = x.number;
    tr.cells[1].textContent = names[x.service];
    tr.cells[2].textContent = t("s_" + x.state);
    tr.cells[3].textContent = mins(x.waiting_s);
    const b = tr.querySelector("button");
    b.textContent = t("call_here");
    b.onclick = () => callTicket(x, $("send-to").value);
    return tr;
  }));
  if (!rows.length) $("waiting").tBodies[0].innerHTML = `<tr><td colspan="5">${t("nobody")}</td></tr>`;
  if (current) {
    const fresh = board.tickets.find((x) => x.id === current.id);
    if (fresh) current = fresh;
  }
  showCurrent();
}

function showCurrent() {
  $("current").hidden = !current;
  if (!current) return;
  $("current-number").textContent = current.number;
  $("current-state").textContent = t("s_" + current.state);
  $("current-info").textContent = `${current.service_name[lang]} · ${current.counter || ""} · ` +
    `${t("recalls")} ${current.recalls}`;
}

async function refresh() {
  const {status, body} = await api(`/api/queue/board?branch=${encodeURIComponent($("branch").value)}`);
  if (status !== 200) return;
  board = body;
  $("terminals").replaceChildren(...(body.terminals || []).map((id) => new Option(id, id)));
  render();
}

async function follow() {
  // Server-sent events read through fetch (EventSource cannot send the Authorization header).
  if (streamAbort) streamAbort.abort();
  streamAbort = new AbortController();
  await refresh();
  const resp = await fetch(`/api/queue/stream?branch=${encodeURIComponent($("branch").value)}`,
    {headers: {Authorization: `Bearer ${token}`}, signal: streamAbort.signal}).catch(() => null);
  if (!resp || !resp.ok) return;
  document.body.dataset.live = "1";
  readEvents(resp.body.getReader(), (data) => { board = data; render(); })
    .catch(() => { delete document.body.dataset.live; setTimeout(follow, 2000); });
}

async function callNext() {
  const services = [...$("services").querySelectorAll("input:checked")].map((i) => i.value);
  const {status, body} = await api("/api/queue/next",
    {branch: $("branch").value, counter: $("counter").value, services});
  $("msg").textContent = status === 200 ? "" : (body.error || `HTTP ${status}`);
  if (status === 200) { current = body; showCurrent(); }
}

async function callTicket(ticket, where) {
  const {status, body} = await api(`/api/queue/tickets/${ticket.id}/call`, {counter: where});
  $("msg").textContent = status === 200 ? `${body.number} → ${body.counter}` : (body.error || `HTTP ${status}`);
}

async function act(action) {
  if (!current) return;
  const extra = action === "transfer" ? {service: $("transfer-service").value} : {};
  const {status, body} = await api(`/api/queue/tickets/${current.id}/${action}`, extra);
  $("msg").textContent = status === 200 ? `${body.number}: ${t("s_" + body.state)}` : (body.error || `HTTP ${status}`);
  if (status !== 200) return;
  current = ["called", "serving"].includes(body.state) ? body : null;
  showCurrent();
}

$("lang").onclick = () => { lang = lang === "zh" ? "en" : "zh"; $("lang").textContent = t("lang"); applyLanguage(); };
$("sign-in").onsubmit = signIn;
$("next").onclick = callNext;
for (const b of document.querySelectorAll("[data-action]")) b.onclick = () => act(b.dataset.action);
document.body.dataset.ready = "1";
