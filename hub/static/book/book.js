// The mobile booking page: choose a branch, service and slot, give a mobile number, get a
// booking code and its QR code; change or cancel with the code and the phone's last 4 digits.
const STRINGS = {
  zh: {
    title: "预约到店", branch: "网点", service: "业务", day: "日期", slot: "时段",
    mobile: "手机号码", id_number: "身份证号（可选）", book: "预约", booked: "预约成功",
    code: "预约码", show_qr: "到店后请在自助终端扫描此二维码签到。", manage: "修改或取消预约",
    last4: "手机号后四位", lookup: "查询", new_slot: "新时段", change: "改期", cancel: "取消预约",
    no_slots: "当天没有可预约的时段", choose_slot: "请选择时段", cancelled: "预约已取消",
    changed: "已改期", at: "时间", state_booked: "已预约", state_cancelled: "已取消",
    state_checked_in: "已签到", "mobile.invalid": "请输入正确的11位手机号码",
    "id_number.invalid": "身份证号码不正确", other: "英文", lang: "English",
  },
  en: {
    title: "Book a branch visit", branch: "Branch", service: "Service", day: "Day",
    slot: "Time", mobile: "Mobile number", id_number: "ID number (optional)", book: "Book",
    booked: "Booked", code: "Booking code",
    show_qr: "At the branch, show this QR code to a self-service terminal to check in.",
    manage: "Change or cancel a booking", last4: "Last 4 digits of your mobile",
    lookup: "Find", new_slot: "New time", change: "Change", cancel: "Cancel booking",
    no_slots: "No free times on this day", choose_slot: "Choose a time",
    cancelled: "The booking is cancelled", changed: "The booking is changed", at: "Time",
    state_booked: "booked", state_cancelled: "cancelled", state_checked_in: "checked in",
    "mobile.invalid": "Enter an 11-digit mainland mobile number",
    "id_number.invalid": "This ID number is not valid", lang: "中文",
  },
};
let lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";
let services = [];
let chosenSlot = null;
let found = null;
const $ = (id) => document.getElementById(id);
const t = (key) => STRINGS[lang][key] ?? key;

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  $("lang").textContent = t("lang");
  fillServices();
}

async function api(path, options = {}) {
  const resp = await fetch(path, {headers: {"Content-Type": "application/json"}, ...options});
  const body = await resp.json().catch(() => ({}));
  return {status: resp.status, body};
}

function fillServices() {
  const current = $("service").value;
  $("service").replaceChildren(...services.map((s) => new Option(s.name[lang], s.code)));
  if (current) $("service").value = current;
}

async function loadSlots(select = null, service = $("service").value, branch = $("branch").value,
                         day = $("day").value) {
  const q = new URLSearchParams({branch, service, day});
  const {status, body} = await api(`/api/book/slots?${q}`);
  const slots = status === 200 ? body.slots : [];
  if (!select && status === 200 && !$("day").value) $("day").value = body.day;  // branch's today
  if (select) {
    select.replaceChildren(...slots.map((s) => new Option(s.time.slice(11, 16), s.slot)));
    return;
  }
  chosenSlot = null;
  const box = $("slots");
  box.replaceChildren(...slots.map((s) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "slot";
    b.textContent = s.time.slice(11, 16);
    b.dataset.slot = s.slot;
    b.setAttribute("role", "radio");
    b.setAttribute("aria-checked", "false");
    b.onclick = () => {
      chosenSlot = s.slot;
      for (const other of box.children) other.setAttribute("aria-checked", "false");
      b.setAttribute("aria-checked", "true");
    };
    return b;
  }));
  if (!slots.length) box.textContent = t("no_slots");
  box.dataset.service = service;  // which service's slots are shown (a reload may be on its way)
}

function showErrors(errors) {
  for (const el of document.querySelectorAll(".field-error")) el.textContent = "";
  for (const e of errors || []) {
    const el = document.querySelector(`.field-error[data-field="${e.field}"]`);
    if (el) el.textContent = t(e.message);
  }
}

async function book(event) {
  event.preventDefault();
  $("book-error").textContent = "";
  if (chosenSlot === null) {
    showErrors([{field: "slot", message: "choose_slot"}]);
    return;
  }
  const {status, body} = await api("/api/appointments", {method: "POST", body: JSON.stringify({
    branch: $("branch").value, service: $("service").value, slot: chosenSlot,
    mobile: $("mobile").value, id_number: $("id-number").value,
  })});
  if (status !== 201) {
    showErrors(body.errors);
    $("book-error").textContent = body.errors ? "" : (body.error || `HTTP ${status}`);
    return;
  }
  showErrors([]);
  $("result").hidden = false;
  $("result-code").textContent = body.code;
  $("result-when").textContent = `${t("at")}: ${body.time.replace("T", " ").slice(0, 16)} · ${body.service.name[lang]}`;
  $("qr").src = `${body.qr}?format=svg`;
  $("manage-code").value = body.code;
}

async function secondFactor(action, extra = {}) {
  const code = $("manage-code").value.trim().toUpperCase();
  return api(`/api/appointments/${encodeURIComponent(code)}/${action}`, {
    method: "POST", body: JSON.stringify({last4: $("last4").value.trim(), ...extra}),
  });
}

function showFound(body) {
  found = body;
  $("found").hidden = false;
  $("found-text").textContent = `${body.code} · ${body.service.name[lang]} · ` +
    `${body.time.replace("T", " ").slice(0, 16)} · ${t("state_" + body.state)}`;
}

async function lookup() {
  const {status, body} = await secondFactor("lookup");
  $("manage-msg").textContent = status === 200 ? "" : (body.error || `HTTP ${status}`);
  if (status !== 200) { $("found").hidden = true; return; }
  showFound(body);
  await loadSlots($("new-slot"), body.service.code, body.branch, body.time.slice(0, 10));
}

async function change() {
  const {status, body} = await secondFactor("change", {slot: Number($("new-slot").value)});
  $("manage-msg").textContent = status === 200 ? t("changed") : (body.error || `HTTP ${status}`);
  if (status === 200) showFound(body);
}

async function cancel() {
  const {status, body} = await secondFactor("cancel");
  $("manage-msg").textContent = status === 200 ? t("cancelled") : (body.error || `HTTP ${status}`);
  if (status === 200) showFound(body);
}

async function start() {
  const params = new URLSearchParams(location.search);
  const {body} = await api("/api/book/branches");
  services = body.services || [];
  $("branch").replaceChildren(...(body.branches || []).map((b) => new Option(b, b)));
  if (params.get("branch")) $("branch").value = params.get("branch");
  applyLanguage();
  if (params.get("code")) $("manage-code").value = params.get("code");
  for (const id of ["branch", "service", "day"]) $(id).onchange = () => loadSlots();
  $("lang").onclick = () => { lang = lang === "zh" ? "en" : "zh"; applyLanguage(); };
  $("book-form").onsubmit = book;
  $("lookup").onclick = lookup;
  $("change").onclick = change;
  $("cancel").onclick = cancel;
  await loadSlots();
  document.body.dataset.ready = "1";
}

start();
