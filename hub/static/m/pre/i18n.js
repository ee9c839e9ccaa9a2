// The phone pages' texts in both languages; the button switches live (kept per device).
"use strict";
const TEXTS = {
  zh: {
    title: "预填申请", status_title: "申请状态",
    intro: "在手机上先填好申请，到网点后在自助终端出示二维码，只需核验身份证和人脸即可完成。",
    kind: "办理业务", open_account: "开立储蓄账户", card_application: "申请银行卡",
    id_number: "身份证号码或护照号码", mobile: "手机号码", address: "联系地址", occupation: "职业",
    card: "卡片种类", debit: "借记卡", credit: "信用卡", income: "年收入（元）", employer: "工作单位",
    privacy: "证件号码只以加密摘要保存，到期后所填信息自动删除。",
    submit: "提交并生成二维码", done_title: "已生成二维码",
    done_text: "到网点后，在自助终端选择“我有预填码”，将此二维码对准摄像头，或输入下面的预填码。",
    your_code: "预填码：", expires: "有效期至：", see_status: "查看申请状态",
    book: "预约网点服务", new_application: "新的预填申请",
    open: "待到网点核验", claimed: "正在终端办理", completed: "已在网点办理完成",
    expired: "此预填申请已过期，所填信息已删除。", unknown: "没有这个预填码。",
    failed: "提交未成功，请检查标出的内容。", network: "网络不可用，请稍后再试。",
    too_many: "请求过于频繁，请一分钟后再试。",
    "id_number.invalid": "不是有效的身份证号码（校验位）或护照号码",
    "mobile.invalid": "不是有效的大陆手机号码（11位，13-19开头）",
    "address.required": "请填写地址", "address.too_long": "地址过长",
    "occupation.required": "请填写职业", "occupation.too_long": "职业过长",
    "card.kind_required": "请选择借记卡或信用卡", "card.income_invalid": "年收入须为大于0的整数",
    "card.employer_required": "申请信用卡须填写工作单位",
  },
  en: {
    title: "Prepare an application", status_title: "Application status",
    intro: "Fill in your application on your phone; at the branch, show the QR code to a self-service terminal and only your ID card and face are checked.",
    kind: "What for", open_account: "Open a savings account", card_application: "Apply for a card",
    id_number: "Resident ID number or passport number", mobile: "Mobile number", address: "Address", occupation: "Occupation",
    card: "Card", debit: "Debit card", credit: "Credit card", income: "Yearly income (CNY)", employer: "Employer",
    privacy: "Your ID number is kept only as a keyed hash; what you typed is deleted when the code expires.",
    submit: "Submit and show the QR code", done_title: "Your QR code",
    done_text: "At the branch, choose \"I have a code\" on a self-service terminal and hold this QR code to the camera, or type the code below.",
    your_code: "Code:", expires: "Valid until:", see_status: "See the application's status",
    book: "Book an appointment", new_application: "A new application",
    open: "Waiting for you at the branch", claimed: "Being completed at a terminal", completed: "Completed at the branch",
    expired: "This application has expired; what was typed has been deleted.", unknown: "There is no application with this code.",
    failed: "Not submitted: please check the marked fields.", network: "The network is not available: please try again later.",
    too_many: "Too many requests: please try again in a minute.",
    "id_number.invalid": "not a valid resident ID number (check digit) or passport number",
    "mobile.invalid": "not a mainland China mobile number (11 digits starting 13-19)",
    "address.required": "the address is required", "address.too_long": "the address is too long",
    "occupation.required": "the occupation is required", "occupation.too_long": "the occupation is too long",
    "card.kind_required": "choose a debit or a credit card", "card.income_invalid": "the yearly income must be a whole number above 0",
    "card.employer_required": "the employer is required for a credit card",
  },
};
let LANG = localStorage.getItem("m.lang") || (navigator.language.startsWith("zh") ? "zh" : "en");

function t(key) { return (TEXTS[LANG] && TEXTS[LANG][key]) || TEXTS.en[key] || key; }

function applyTexts() {
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  const button = document.getElementById("lang");
  button.textContent = LANG === "zh" ? "English" : "中文";
  button.lang = LANG === "zh" ? "en" : "zh-CN";
  document.dispatchEvent(new Event("languagechange"));
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("lang").addEventListener("click", () => {
    LANG = LANG === "zh" ? "en" : "zh";
    localStorage.setItem("m.lang", LANG);
    applyTexts();
  });
  applyTexts();
});
