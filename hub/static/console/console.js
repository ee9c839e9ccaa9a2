// The teller console: sign in, queue, accept, video, co-browsing, corrections, approvals, chat.
import { t, setLanguage, language } from "./i18n.js";
import { CallMedia, openLocalMedia } from "./rtc.js";

const $ = (id) => document.getElementById(id);
const state = {
  token: sessionStorage.getItem("console.token") || "",
  person: JSON.parse(sessionStorage.getItem("console.person") || "null"),
  ws: null, call: null, media: null, calls: [], muted: false, cameraOn: true,
  corrections: {}, lastState: null, framesDecoded: 0,
};
window.kioskConsole = state; // read by tests and benchmarks (no secrets beyond this tab's)

async function api(method, path, body) {
  const r = await fetch(path, {
    method, headers: { "Content-Type": "application/json", Authorization: `Bearer ${state.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 401 && path !== "/api/auth/login") { signOut(); throw new Error("401"); }
  const data = r.headers.get("content-type")?.includes("json") ? await r.json() : null;
  return { status: r.status, data };
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== false && v !== undefined) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) e.append(c);
  return e;
}

// ID numbers are masked except the last 4, whatever the terminal sent.
function shown(field, value) {
  const s = String(value ?? "");
  if (/id_number|document_number|personal_number|^number$|account/.test(field) && s.length > 4) return "*".repeat(s.length - 4) + s.slice(-4);
  return s;
}

// -- sign in ----------------------------------------------------------------------------------

async function signIn(ev) {
  ev.preventDefault();
  const { status, data } = await api("POST", "/api/auth/login",
    { username: $("username").value, password: $("password").value });
  if (status !== 200) { $("sign-in-error").textContent = t("bad_login"); return; }
  state.token = data.token; state.person = data.person;
  sessionStorage.setItem("console.token", state.token);
  sessionStorage.setItem("console.person", JSON.stringify(state.person));
  $("password").value = "";
  start();
}

function signOut() {
  sessionStorage.removeItem("console.token");
  sessionStorage.removeItem("console.person");
  state.token = ""; state.person = null;
  if (state.ws) state.ws.close();
  if (state.local) { for (const tr of state.local.getTracks()) tr.stop(); state.local = null; }
  show("sign-in");
}

function show(which) {
  $("sign-in").hidden = which !== "sign-in";
  $("queue").hidden = which === "sign-in";
  $("call").hidden = which !== "call";
  $("sign-out").hidden = $("presence-box").hidden = which === "sign-in";
  $("who").textContent = state.person ? state.person.display_name : "";
}

async function start() {
  show("queue");
  connect();
  if (!state.local) {
    try { state.local = await openLocalMedia($("local-video")); }
    catch (e) { $("queue-status").textContent = `camera/microphone: ${e.message}`; }
  }
  await api("PUT", "/api/presence", { presence: $("presence").value });
  refreshQueue();
}

// -- the console socket -----------------------------------------------------------------------

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  state.ws = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: "auth", token: state.token }));
  ws.onmessage = (e) => onMessage(JSON.parse(e.data));
  ws.onclose = () => { if (state.token && state.ws === ws) setTimeout(connect, 1000); };
}

function send(msg) {
  state.ws.send(JSON.stringify({ call_id: state.call && state.call.id, ...msg }));
}

function onMessage(msg) {
  switch (msg.type) {
    case "hello": window.dispatchEvent(new CustomEvent("kiosk:ready")); break;
    case "queue_changed": case "transfer_offered": refreshQueue(); break;
    case "answer":
      state.media && state.media.answer(msg.sdp);
      $("mic-status").hidden = !msg.microphone || msg.microphone.live !== false;
      break;
    case "rejoin": if (state.call) offer(); break;
    case "terminal_offline": $("call-status").textContent = t("terminal_offline"); break;
    case "state": showState(msg); break;
    case "correction_result": correctionResult(msg); break;
    case "approval_request": addApproval(msg); break;
    case "chat": addChat(t("customer"), msg.text); break;
    case "ended": endCall(msg.reason); break;
    case "error": $("call-status").textContent = msg.error; break;
  }
}

// -- queue ------------------------------------------------------------------------------------

async function refreshQueue() {
  if (!state.token) return;
  const { data } = await api("GET", "/api/calls");
  state.calls = (data && data.calls) || [];
  renderQueue();
  refreshCallbacks();
}

// -- callbacks booked at terminals when no teller was free -----------------------------------

async function refreshCallbacks() {
  const { status, data } = await api("GET", "/api/callbacks");
  const rows = status === 200 ? data.callbacks : [];
  const fmt = (s) => new Date(s * 1000).toLocaleString(language() === "zh" ? "zh-CN" : "en-GB",
    { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  const until = (s) => new Date(s * 1000).toLocaleTimeString(language() === "zh" ? "zh-CN" : "en-GB",
    { hour: "2-digit", minute: "2-digit" });
  $("callbacks-empty").hidden = rows.length > 0;
  $("callback-rows").replaceChildren(...rows.map((c) => el("tr", { "data-callback": c.id },
    el("td", {}, `${fmt(c.window_start)}–${until(c.window_end)}`),
    el("td", {}, c.phone),
    el("td", {}, c.language),
    el("td", {}, t(c.skill)),
    el("td", {}, c.terminal_id),
    el("td", {}, c.reference),
    el("td", {}, el("button", { type: "button", class: "callback-done", onclick: () => callbackDone(c.id) }, t("callback_done"))),
  )));
}

async function callbackDone(id) {
  await api("POST", `/api/callbacks/${id}/done`);
  refreshCallbacks();
}

function renderQueue() {
  const now = Date.now() / 1000;
  const rows = state.calls.filter((c) => c.state === "queued");
  $("queue-empty").hidden = rows.length > 0;
  const key = rows.map((c) => c.id).join(",") + language();
  if (key !== state.renderedQueue) { // rebuild only on change, so keyboard focus stays put
    state.renderedQueue = key;
    $("queue-rows").replaceChildren(...rows.map((c) => el("tr", { "data-call": c.id },
      el("td", {}, c.language),
      el("td", {}, t(c.skill), c.elder ? el("span", { class: "elder" }, ` (${t("elder")})`) : ""),
      el("td", { class: "waited", "data-since": c.queued_at }, ""),
      el("td", {}, c.terminal_id),
      el("td", {}, el("button", { type: "button", class: "accept", onclick: () => accept(c.id) }, t("accept"))),
    )));
  }
  for (const td of document.querySelectorAll("td.waited")) {
    td.textContent = `${Math.max(0, Math.round(now - Number(td.dataset.since)))} s`;
  }
}

async function accept(callId) {
  const path = callId ? `/api/calls/${callId}/accept` : "/api/calls/next";
  const { status, data } = await api("POST", path);
  if (status !== 200) { $("queue-status").textContent = status === 204 ? t("queue_empty") : t("taken"); return; }
  state.call = data.call;
  if (!state.local) state.local = await openLocalMedia($("local-video"));
  state.media = new CallMedia(data.ice_servers, $("remote-video"), state.local);
  state.media.setMuted(state.muted);
  state.media.setCamera(state.cameraOn);
  state.media.onstate = (s) => { $("call-status").textContent = s === "connected" ? t("connected") : s; };
  $("call-info").textContent = `${t(state.call.skill)} · ${state.call.terminal_id}`;
  $("call-status").textContent = t("connecting");
  $("mic-status").hidden = true;
  $("fields").replaceChildren(); $("approvals").replaceChildren(); $("chat-log").replaceChildren();
  show("call");
  $("hang-up").focus();
  await offer();
}

async function offer() {
  send({ type: "offer", sdp: await state.media.offer() });
}

function endCall(reason) {
  if (state.media) state.media.close();
  state.media = null; state.call = null;
  $("queue-status").textContent = `${t("ended")}${reason ? ` (${reason})` : ""}`;
  show("queue");
  refreshQueue();
}

// -- co-browsing and corrections --------------------------------------------------------------

function showState(msg) {
  state.lastState = { at: msg.at, renderedAt: Date.now() / 1000, screen: msg.screen, fields: msg.fields };
  $("screen-name").textContent = msg.screen;
  $("fields").replaceChildren(...Object.entries(msg.fields || {}).map(([name, value]) => {
    const input = el("input", { value: shown(name, value), "aria-label": name, "data-field": name });
    const status = el("span", { class: "correction-status", "data-field": name });
    const pending = Object.values(state.corrections).find((c) => c.field === name && !c.done);
    if (pending) status.textContent = t("awaiting_customer");
    return el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, input),
      el("td", {}, el("button", { type: "button", class: "propose", "data-field": name,
        onclick: () => propose(name, input.value, status) }, t("propose")), " ", status));
  }));
  if (msg.captured) showCaptured(msg.captured);
  window.dispatchEvent(new CustomEvent("kiosk:state", { detail: state.lastState }));
}

function showCaptured(c) {
  for (const id of ["snapshot", "photo"]) {
    const ok = typeof c[id] === "string" && c[id].startsWith("data:image/");
    $(id).hidden = !ok;
    if (ok) $(id).src = c[id];
  }
  const face = c.face || {};
  $("face-distance").textContent = face.distance ?? "—";
  $("liveness").textContent = face.liveness === undefined ? "—" : t(face.liveness ? "passed" : "failed");
  $("document").replaceChildren(...Object.entries(c.document || {}).map(([k, v]) =>
    el("tr", {}, el("th", { scope: "row" }, k), el("td", { "data-doc": k }, shown(k, v)))));
}

function propose(field, value, status) {
  const id = crypto.randomUUID();
  state.corrections[id] = { field, value, done: false, status };
  status.textContent = t("awaiting_customer");
  send({ type: "correction", id, field, value });
}

function correctionResult(msg) {
  const c = state.corrections[msg.id];
  if (!c) return;
  c.done = true; c.accepted = msg.accepted;
  const status = document.querySelector(`.correction-status[data-field="${CSS.escape(c.field)}"]`) || c.status;
  status.textContent = msg.accepted ? t("confirmed") : t("declined");
  status.className = `correction-status ${msg.accepted ? "status-ok" : "error"}`;
}

// -- approvals --------------------------------------------------------------------------------

function addApproval(msg) {
  const reason = el("input", { "aria-label": t("reason"), placeholder: t("reason"), class: "reason" });
  const outcome = el("span", { role: "status" });
  const decide = (approved) => {
    if (!approved && !reason.value.trim()) { outcome.textContent = t("reason_required"); reason.focus(); return; }
    send({ type: "approval_decision", id: msg.id, approved, reason: reason.value.trim() });
    outcome.textContent = approved ? t("approved") : t("refused");
    for (const b of item.querySelectorAll("button")) b.disabled = true;
  };
  const details = Object.entries(msg.details || {}).map(([k, v]) => `${k}: ${shown(k, v)}`).join(", ");
  const item = el("li", { "data-approval": msg.id },
    el("strong", {}, msg.kind), ` ${details} `, reason, " ",
    el("button", { type: "button", class: "approve", onclick: () => decide(true) }, t("approve")), " ",
    el("button", { type: "button", class: "refuse danger", onclick: () => decide(false) }, t("refuse")), " ",
    outcome);
  $("approvals").append(item);
  item.querySelector(".approve").focus();
  window.dispatchEvent(new CustomEvent("kiosk:approval", { detail: msg }));
}

// -- chat and help ----------------------------------------------------------------------------

function addChat(who, text) {
  $("chat-log").append(el("li", {}, el("strong", {}, `${who}: `), text));
}

// -- wiring -----------------------------------------------------------------------------------

function wire() {
  $("lang").value = language();
  setLanguage(language());
  $("lang").addEventListener("change", () => { setLanguage($("lang").value); renderQueue(); });
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", signOut);
  $("presence").addEventListener("change", () => api("PUT", "/api/presence", { presence: $("presence").value }));
  $("take-next").addEventListener("click", () => accept(null));
  $("hang-up").addEventListener("click", () => send({ type: "hangup", reason: "teller_hang_up" }));
  $("mute").addEventListener("click", () => {
    state.muted = !state.muted; state.media && state.media.setMuted(state.muted);
    $("mute").setAttribute("aria-pressed", String(state.muted));
    $("mute").textContent = t(state.muted ? "unmute" : "mute");
  });
  $("camera").addEventListener("click", () => {
    state.cameraOn = !state.cameraOn; state.media && state.media.setCamera(state.cameraOn);
    $("camera").setAttribute("aria-pressed", String(!state.cameraOn));
    $("camera").textContent = t(state.cameraOn ? "camera_off" : "camera_on");
  });
  $("transfer").addEventListener("click", async () => {
    const { status } = await api("POST", `/api/calls/${state.call.id}/transfer`, { to: $("transfer-to").value });
    if (status === 200) endCall("transfer");
  });
  $("chat-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("chat-input").value.trim();
    if (!text) return;
    send({ type: "chat", text }); addChat(t("me"), text); $("chat-input").value = "";
  });
  $("help-form").addEventListener("submit", (e) => {
    e.preventDefault();
    send({ type: "help_page", title: $("help-title").value, body: $("help-body").value });
  });
  setInterval(renderQueue, 1000);
  setInterval(async () => { if (state.media) state.framesDecoded = await state.media.framesDecoded(); }, 250);
  if (state.token) start(); else show("sign-in");
}

wire();
