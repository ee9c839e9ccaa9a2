// An application's status for the applicant's phone: what they typed, never an ID number.
"use strict";
const FIELDS = ["mobile", "address", "occupation", "card", "income", "employer"];
const code = decodeURIComponent(location.pathname.split("/m/p/")[1] || "").replace(/\/.*$/, "");
let shown = null;

function render() {
  document.getElementById("code").textContent = code;
  const state = document.getElementById("state");
  const list = document.getElementById("fields");
  list.textContent = "";
  if (!shown || shown.error) {
    state.textContent = t(shown && shown.error ? shown.error : "network");
    document.getElementById("qr").hidden = true;
    document.getElementById("expires-line").hidden = true;
    return;
  }
  state.textContent = `${t(shown.kind)} · ${t(shown.status)}`;
  for (const name of FIELDS) {
    if (shown.form[name] === undefined) continue;
    const dt = document.createElement("dt");
    dt.textContent = t(name);
    const dd = document.createElement("dd");
    const v = String(shown.form[name]);
    dd.textContent = name === "card" ? t(v) : v;
    list.append(dt, dd);
  }
  const qr = document.getElementById("qr");
  qr.hidden = shown.status === "completed";
  qr.src = `/api/preapplications/${code}/qr?format=svg`;
  qr.alt = code;
  document.getElementById("expires").textContent = new Date(shown.expires_at * 1000).toLocaleDateString(LANG === "zh" ? "zh-CN" : "en");
  document.getElementById("expires-line").hidden = false;
}

async function load() {
  try {
    const r = await fetch(`/api/preapplications/${encodeURIComponent(code)}/status`);
    if (r.status === 410) shown = { error: "expired" };
    else if (r.status === 404) shown = { error: "unknown" };
    else if (r.status === 429) shown = { error: "too_many" };
    else if (r.ok) shown = await r.json();
    else shown = { error: "network" };
  } catch (e) {
    shown = { error: "network" };
  }
  render();
}

document.addEventListener("DOMContentLoaded", () => {
  document.addEventListener("languagechange", render);
  load();
});
