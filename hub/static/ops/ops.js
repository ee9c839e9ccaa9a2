// Branch operations dashboard: signs in, reads /api/ops/summary, draws with Chart.js.
"use strict";
const $ = (id) => document.getElementById(id);
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const charts = {};
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
    [{ label: "sessions", data: s.sessions_per_hour.map((h) => h.sessions), backgroundColor: "#2f6db3" }]);
  draw("chart-handling", "bar", s.handling.map((j) => j.journey), [
    { label: "median", data: s.handling.map((j) => j.median_s), backgroundColor: "#3c9d5d" },
    { label: "90th percentile", data: s.handling.map((j) => j.p90_s), backgroundColor: "#e0a030" }]);
  draw("chart-abandonment", "bar", s.abandonment.map((a) => `${a.journey} · ${a.step}`),
    [{ label: "abandoned", data: s.abandonment.map((a) => a.abandoned), backgroundColor: "#c04040" }],
    { indexAxis: "y" });
  draw("chart-devices", "bar", s.devices.map((d) => `${d.terminal} ${d.device}`), [
    { label: "availability %", data: s.devices.map((d) => +(100 * d.availability).toFixed(2)),
      backgroundColor: "#2f6db3", yAxisID: "y" },
    { label: "faults", data: s.devices.map((d) => d.faults), backgroundColor: "#c04040", yAxisID: "y1" }],
    { scales: { y: { min: 0, max: 100 }, y1: { position: "right", beginAtZero: true } } });
  draw("chart-waits", "line", s.queue_waits.map((w) => hourLabel(w.hour)), [
    { label: "median", data: s.queue_waits.map((w) => w.median_s), borderColor: "#3c9d5d" },
    { label: "90th percentile", data: s.queue_waits.map((w) => w.p90_s), borderColor: "#e0a030" }]);
  draw("chart-tellers", "bar", s.tellers.map((t) => t.teller),
    [{ label: "utilisation %", data: s.tellers.map((t) => +(100 * t.utilisation).toFixed(1)),
       backgroundColor: "#7050b0" }], { scales: { y: { min: 0, max: 100 } } });
  const ul = $("warnings");
  ul.replaceChildren(...(s.warnings.length ? s.warnings : [{ warning: "none", terminal: "" }]).map((w) => {
    const li = document.createElement("li");
    li.textContent = w.terminal ? `${w.terminal}: ${w.warning}` : "No warnings";
    return li;
  }));
  const st = s.staffing;
  $("staffing-note").textContent = `Erlang C: fewest servers answering ${Math.round(st.goal * 100)}% `
    + `of customers within ${st.target_wait_s} s; arrivals are the mean per hour of each weekday `
    + "in the range, handling the mean measured duration (counters: terminal sessions; tellers: calls).";
  $("staffing").tBodies[0].replaceChildren(...st.hours.map((h) => {
    const tr = document.createElement("tr");
    for (const v of [h.for, DAYS[h.weekday], `${h.hour}:00`, h.arrivals_per_hour, h.handling_s,
      h.load_erlangs, h.needed, `${(100 * h.service_level).toFixed(1)}%`]) {
      const td = document.createElement("td"); td.textContent = v; tr.append(td);
    }
    return tr;
  }));
  window.opsRendered = (window.opsRendered || 0) + 1;
  window.opsLast = s;
}

async function refresh() {
  const q = new URLSearchParams({ from: $("from").value, to: $("to").value,
    target_wait_s: $("target").value });
  if ($("branch").value) q.set("branch", $("branch").value);
  $("status").textContent = "Loading…";
  const { status, data } = await api(`/api/ops/summary?${q}`);
  if (status === 401) { signOut(); return; }
  if (status !== 200) { $("status").textContent = data?.error || `error ${status}`; return; }
  $("status").textContent = `${data.branches.join(", ")}: ${$("from").value} – ${$("to").value}`;
  render(data);
}

async function openDashboard() {
  const { status, data } = await api("/api/ops/branches");
  if (status !== 200) {
    signOut();
    $("sign-in-error").textContent = status === 403 ? "This page is for branch managers and supervisors."
      : "Please sign in.";
    return;
  }
  $("branch").replaceChildren(new Option("All my branches", ""),
    ...data.branches.map((b) => new Option(b, b)));
  const today = new Date();
  if (!$("to").value) $("to").value = isoDay(today);
  if (!$("from").value) $("from").value = isoDay(new Date(today - 6 * 86400e3));
  $("sign-in").hidden = true;
  $("dashboard").hidden = false;
  await refresh();
}

function signOut() {
  token = ""; sessionStorage.removeItem("ops.token");
  $("dashboard").hidden = true; $("sign-in").hidden = false;
}

$("sign-in").addEventListener("submit", async (e) => {
  e.preventDefault();
  const { status, data } = await api("/api/auth/login",
    { username: $("username").value, password: $("password").value });
  if (status !== 200) { $("sign-in-error").textContent = "Wrong user name or password."; return; }
  token = data.token; sessionStorage.setItem("ops.token", token);
  $("sign-in-error").textContent = "";
  await openDashboard();
});
$("filter").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
$("sign-out").addEventListener("click", signOut);
if (token) openDashboard();
// The demo's own sessions appear as they happen.
setInterval(() => { if (token && !$("dashboard").hidden) refresh(); }, 15000);
