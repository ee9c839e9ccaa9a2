// The waiting-area display: numbers called and where, waiting counts and expected waits per
// service, live from /api/queue/stream with the display's read-only device credential (given
// once as /display/#device=ID&key=KEY, then kept in this browser).  A call is shown and spoken
// in Chinese and English; between calls the branch's information pages rotate.
import {readEvents} from "/queue/events.js";
const $ = (id) => document.getElementById(id);
let credential = null;
let pages = [];
let pageIndex = 0;
let rotateTimer = null;
let announceUntil = 0;
const ANNOUNCE_S = 10;

function readCredential() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("device") && hash.get("key")) {
    localStorage.setItem("display-credential", JSON.stringify(
      {device: hash.get("device"), key: hash.get("key")}));
    history.replaceState(null, "", location.pathname);  // the key leaves the address bar
  }
  const stored = localStorage.getItem("display-credential");
  return stored ? JSON.parse(stored) : null;
}

function minutes(s) { return Math.max(1, Math.round(s / 60)); }

function render(board) {
  const names = Object.fromEntries(board.services.map((s) => [s.code, s.name]));
  $("called").tBodies[0].replaceChildren(...board.called.map((x) => {
    const tr = document.createElement("tr");
    tr.dataset.number = x.number;
    tr.innerHTML = "<td class='number'></td><td class='where'></td>";
    tr.cells[0].textContent = x.number;
    tr.cells[1].textContent = x.counter || "";
    return tr;
  }));
  $("waiting").tBodies[0].replaceChildren(...board.services.map((s) => {
    const tr = document.createElement("tr");
    tr.dataset.service = s.code;
    tr.innerHTML = "<td></td><td class='count'></td><td class='wait'></td>";
    tr.cells[0].textContent = `${names[s.code].zh} ${names[s.code].en}`;
    tr.cells[1].textContent = board.waiting[s.code] ?? 0;
    const n = board.waiting[s.code] ?? 0;
    tr.cells[2].textContent = n ? `约 ${minutes(board.expected_wait_s[s.code])} 分钟 / ~${minutes(board.expected_wait_s[s.code])} min` : "";
    return tr;
  }));
  if (JSON.stringify(board.pages) !== JSON.stringify(pages)) { pages = board.pages || []; pageIndex = 0; }
  if (!rotateTimer) rotateTimer = setInterval(rotate, (board.rotate_s || 12) * 1000);
  if (board.announce) announce(board.announce, names);
  else if (Date.now() > announceUntil) showPage();
}

function announce(call, names) {
  const service = names[call.service] || {zh: "", en: ""};
  const zh = `请 ${call.number} 号到 ${call.counter} 办理${service.zh}`;
  const en = `Number ${call.number.split("").join(" ")}, please go to ${call.counter}`;
  $("announce-number").textContent = call.number;
  $("announce-zh").textContent = zh;
  $("announce-en").textContent = en;
  $("announce").hidden = false;
  $("info-page").hidden = true;
  announceUntil = Date.now() + ANNOUNCE_S * 1000;
  window.lastAnnounce = {number: call.number, counter: call.counter, at: Date.now(), zh, en};
  if ("speechSynthesis" in window) {
    for (const [text, language] of [[zh, "zh-CN"], [en, "en-GB"]]) {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = language;
      speechSynthesis.speak(u);
    }
  }
}

function showPage() {
  $("announce").hidden = true;
  $("info-page").hidden = false;
  const page = pages[pageIndex % Math.max(1, pages.length)] || {zh: "", en: ""};
  $("info-zh").textContent = page.zh;
  $("info-en").textContent = page.en;
}

function rotate() {
  if (Date.now() < announceUntil) return;
  pageIndex += 1;
  showPage();
}

async function follow() {
  const headers = {Authorization: `Device ${credential.device}:${credential.key}`};
  let resp = null;
  try {
    resp = await fetch("/api/queue/stream", {headers});
  } catch (err) {
    resp = null;
  }
  if (!resp || resp.status === 401 || resp.status === 403) {
    if (resp) {
      localStorage.removeItem("display-credential");
      askCredential((await resp.json().catch(() => ({}))).error || `HTTP ${resp.status}`);
      return;
    }
    $("status").textContent = "网络中断，正在重连… Reconnecting…";
    setTimeout(follow, 3000);
    return;
  }
  $("status").textContent = "";
  document.body.dataset.live = "1";
  try {
    await readEvents(resp.body.getReader(), render);
  } catch (err) {
    delete document.body.dataset.live;
    $("status").textContent = "网络中断，正在重连… Reconnecting…";
    setTimeout(follow, 2000);
  }
}

function askCredential(message = "") {
  $("screen").hidden = true;
  $("credential").hidden = false;
  $("credential-error").textContent = message;
  $("credential").onsubmit = (event) => {
    event.preventDefault();
    credential = {device: $("device-id").value.trim(), key: $("device-key").value.trim()};
    localStorage.setItem("display-credential", JSON.stringify(credential));
    start();
  };
}

function start() {
  credential = readCredential();
  if (!credential) { askCredential(); return; }
  $("credential").hidden = true;
  $("screen").hidden = false;
  follow();
}

start();
