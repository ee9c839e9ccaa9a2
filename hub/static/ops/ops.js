// Branch operations dashboard: signs in, reads /api/ops/summary, draws with Chart.js.
// Strings in zh and en (./i18n.js); switching redraws the last figures in the new language.
import { t, name, language, setLanguage } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const charts = {};
let last = null; // the last summary drawn, redrawn on a language switch
let branches = [];
let token = sessionStorage.getItem("ops.token") || "";

async function api(path, body) {
  const opts = { headers: { "Content-Type": "application/json" } };
  if (token) opts.headers.Authorization = `Bearer ${token}`;
  if (body) { opts.method = "POST"; opts.body = JSON.stringify(body); }
  const r = await fetch(path, opts);
  const data = r.headers.get("content-type")?.includes("json") ? await r.json() : null;
  return { status: r.status, data };
}

function isoDay(d) { return d.toISOString().slice(0, 10); }
function hourLabel(epoch) {
  const d = new Date(epoch * 1000);
  return `${isoDay(d).slice(5)} ${String(d.getUTCHours()).padStart(2, "0")}h`;
}

function draw(id, type, labels, datasets, options = {}) {
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart($(id), {
    type, data: { labels, datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false, ...options },
  });
}

function render(s) {
  draw("chart-sessions", "bar", s.sessions_per_hour.map((h) => hourLabel(h.hour)),
    [{ label: t("sessions"), data: s.sessions_per_hour.map((h) => h.sessions), backgroundColor: "#2f6db3" }]);
  draw("chart-handling", "bar", s.handling.map((j) => name(j.journey)), [
    { label: t("median"), data: s.handling.map((j) => j.median_s), backgroundColor: "#3c9d5d" },
    { label: t("p90"), data: s.handling.map((j) => j.p90_s), backgroundColor: "#e0a030" }]);
  draw("chart-abandonment", "bar", s.abandonment.map((a) => `${name(a.journey)} · ${name(a.step)}`),
    [{ label: t("abandoned"), data: s.abandonment.map((a) => a.abandoned), backgroundColor: "#c04040" }],
    { indexAxis: "y" });
  draw("chart-devices", "bar", s.devices.map((d) => `${d.terminal} ${name(d.device)}`), [
    { label: t("availability"), data: s.devices.map((d) => +(100 * d.availability).toFixed(2)),
      backgroundColor: "#2f6db3", yAxisID: "y" },
    { label: t("faults"), data: s.devices.map((d) => d.faults), backgroundColor: "#c04040", yAxisID: "y1" }],
    { scales: { y: { min: 0, max: 100 }, y1: { position: "right", beginAtZero: true } } });
  draw("chart-waits", "line", s.queue_waits.map((w) => hourLabel(w.hour)), [
    { label: t("median"), data: s.queue_waits.map((w) => w.median_s), borderColor: "#3c9d5d" },
    { label: t("p90"), data: s.queue_waits.map((w) => w.p90_s), borderColor: "#e0a030" }]);
  draw("chart-tellers", "bar", s.tellers.map((p) => p.teller),
    [{ label: t("utilisation"), data: s.tellers.map((p) => +(100 * p.utilisation).toFixed(1)),
       backgroundColor: "#7050b0" }], { scales: { y: { min: 0, max: 100 } } });
  const ul = $("warnings");
  ul.replaceChildren(...(s.warnings.length ? s.warnings : [null]).map((w) => {
    const li = document.createElement("li");
    li.textContent = w ? `${w.terminal}: ${warningText(w)}` : t("no_warnings");
    return li;
  }));
  const st = s.staffing;
  $("staffing-note").textContent = t("staffing_note",
    { goal: Math.round(st.goal * 100), target: st.target_wait_s });
  $("staffing").tBodies[0].replaceChildren(...st.hours.map((h) => {
    const tr = document.createElement("tr");
    for (const v of [t(h.for), t("days")[h.weekday], `${h.hour}:00`, h.arrivals_per_hour, h.handling_s,
      h.load_erlangs, h.needed, `${(100 * h.service_level).toFixed(1)}%`]) {
      const td = document.createElement("td"); td.textContent = v; tr.append(td);
    }
    return tr;
  }));
  last = s;
  window.opsRendered = (window.opsRendered || 0) + 1;
  window.opsLast = s;
}

// A warning in the page's language from its code; the hub's English text otherwise.
function warningText(w) {
  if (!w.code || t(w.code) === w.code) return w.warning;
  return t(w.code, { state: name(w.state), device: name(w.device), journeys: w.journeys });
}

function statusLine(s) {
  return `${s.branches.join(", ")}: ${$("from").value} – ${$("to").value}`;
}

function fillBranches() {
  const chosen = $("branch").value;
  $("branch").replaceChildren(new Option(t("all_branches"), ""),
    ...branches.map((b) => new Option(b, b)));
  $("branch").value = chosen;
}

async function refresh() {
  const q = new URLSearchParams({ from: $("from").value, to: $("to").value,
    target_wait_s: $("target").value });
  if ($("branch").value) q.set("branch", $("branch").value);
  $("status").textContent = t("loading");
  const { status, data } = await api(`/api/ops/summary?${q}`);
  if (status === 401) { signOut(); return; }
  if (status !== 200) {
    $("status").textContent = t("error", { status, message: data?.error || "" });
    return;
  }
  $("status").textContent = statusLine(data);
  render(data);
}

async function openDashboard() {
  const { status, data } = await api("/api/ops/branches");
  if (status !== 200) {
    signOut();
    $("sign-in-error").textContent = status === 403 ? t("not_allowed") : t("please_sign_in");
    return;
  }
  branches = data.branches;
  fillBranches();
  const today = new Date();
  if (!$("to").value) $("to").value = isoDay(today);
  if (!$("from").value) $("from").value = isoDay(new Date(today - 6 * 86400e3));
  $("sign-in").hidden = true;
  $("dashboard").hidden = false;
  await refresh();
}

function signOut() {
  token = ""; last = null; sessionStorage.removeItem("ops.token");
  $("dashboard").hidden = true; $("sign-in").hidden = false;
}

$("sign-in").addEventListener("submit", async (e) => {
  e.preventDefault();
  const { status, data } = await api("/api/auth/login",
    { username: $("username").value, password: $("password").value });
  if (status !== 200) { $("sign-in-error").textContent = t("bad_login"); return; }
  token = data.token; sessionStorage.setItem("ops.token", token);
  $("sign-in-error").textContent = "";
  await openDashboard();
});
$("filter").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
$("sign-out").addEventListener("click", signOut);
$("lang").addEventListener("change", () => {
  setLanguage($("lang").value);
  $("sign-in-error").textContent = "";
  fillBranches();
  if (last) { $("status").textContent = statusLine(last); render(last); }
});
$("lang").value = language();
setLanguage(language());
if (token) openDashboard();
// The demo's own sessions appear as they happen.
setInterval(() => { if (token && !$("dashboard").hidden) refresh(); }, 15000);
