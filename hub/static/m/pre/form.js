// The pre-fill form: posts to /api/preapplications and shows the QR code it answers.
"use strict";
const $ = (id) => document.getElementById(id);
let lastErrors = [];

function value(name) { const el = document.querySelector(`[name=${name}]:checked`); return el ? el.value : ""; }

function showKind() {
  const card = value("kind") === "card_application";
  $("open-fields").hidden = card;
  $("card-fields").hidden = !card;
  $("credit-fields").hidden = !(card && value("card") === "credit");
}

function showErrors() {
  for (const el of document.querySelectorAll(".err[data-for]")) el.textContent = "";
  for (const e of lastErrors) {
    const el = document.querySelector(`.err[data-for="${e.field}"]`);
    if (el) el.textContent = t(e.key) || e.message;
  }
}

async function submit(event) {
  event.preventDefault();
  const kind = value("kind");
  const form = kind === "open_account"
    ? { mobile: $("mobile").value, address: $("address").value, occupation: $("occupation").value }
    : { card: value("card"), income: $("income").value, employer: $("employer").value };
  $("submit").disabled = true;
  $("form-error").textContent = "";
  try {
    const r = await fetch("/api/preapplications", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind, id_number: $("id_number").value, form, language: LANG === "zh" ? "zh_CN" : "en" }),
    });
    const body = await r.json().catch(() => ({}));
    if (r.status === 201) {
      lastErrors = [];
      showErrors();
      $("pre-form").hidden = true;
      $("done").hidden = false;
      $("qr").src = body.qr;
      $("qr").alt = body.code;
      $("code").textContent = body.code;
      $("expires").textContent = new Date(body.expires_at * 1000).toLocaleDateString(LANG === "zh" ? "zh-CN" : "en");
      $("status-link").href = `/m/p/${body.code}`;
      return;
    }
    lastErrors = body.errors || [];
    showErrors();
    $("form-error").textContent = r.status === 429 ? t("too_many") : t("failed");
  } catch (e) {
    $("form-error").textContent = t("network");
  } finally {
    $("submit").disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("[name=kind],[name=card]")) el.addEventListener("change", showKind);
  $("pre-form").addEventListener("submit", submit);
  document.addEventListener("languagechange", showErrors);
  showKind();
});
