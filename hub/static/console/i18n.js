// The console's strings in zh and en; elements carry data-i18n="key".
export const STRINGS = {
  zh: {
    title: "远程柜员控制台", language: "语言", presence: "状态", available: "空闲", busy: "忙碌",
    away: "离开", sign_out: "退出", sign_in: "登录", username: "用户名", password: "密码",
    queue: "排队", take_next: "接听下一位", skill: "业务", waiting: "等待", terminal: "终端",
    queue_empty: "暂无排队", accept: "接听", in_call: "通话中", mute: "静音", unmute: "取消静音",
    camera_off: "关闭摄像头", camera_on: "打开摄像头", hang_up: "挂断", transfer_to: "转接给",
    transfer: "转接", screen: "客户屏幕", approvals: "审批", chat: "文字聊天", send: "发送",
    help_page: "发送帮助页", help_title: "标题", help_body: "内容", propose: "建议修改",
    awaiting_customer: "等待客户确认", confirmed: "客户已确认", declined: "客户未同意",
    approve: "批准", refuse: "拒绝", reason: "理由", approved: "已批准", refused: "已拒绝",
    reason_required: "拒绝须填写理由", bad_login: "用户名或密码错误", taken: "该来电已被接听",
    connecting: "正在连接…", connected: "已连接", terminal_offline: "终端网络中断，等待重连…",
    ended: "通话已结束", elder: "长者", me: "我", customer: "客户",
    captured: "采集信息", snapshot: "现场照片", document_photo: "证件照片",
    face_distance: "人脸比对距离", liveness: "活体检测", passed: "通过", failed: "未通过",
    help: "咨询", account_opening_verification: "开户核验",
    large_transfer_approval: "大额转账审批", card_issue: "发卡",
    callbacks: "预约回电", callback_when: "回电时间", phone: "电话", reference: "编号",
    callbacks_empty: "暂无预约回电", callback_done: "已回电",
    no_microphone: "终端没有麦克风：客户听得到您，您听不到客户，请用文字聊天。",
  },
  en: {
    title: "Remote teller console", language: "Language", presence: "Presence",
    available: "Available", busy: "Busy", away: "Away", sign_out: "Sign out", sign_in: "Sign in",
    username: "User name", password: "Password", queue: "Queue", take_next: "Take next",
    skill: "Service", waiting: "Waiting", terminal: "Terminal", queue_empty: "Nobody waiting",
    accept: "Accept", in_call: "In call", mute: "Mute", unmute: "Unmute",
    camera_off: "Camera off", camera_on: "Camera on", hang_up: "Hang up",
    transfer_to: "Transfer to", transfer: "Transfer", screen: "Customer's screen",
    approvals: "Approvals", chat: "Text chat", send: "Send", help_page: "Send a help page",
    help_title: "Title", help_body: "Text", propose: "Propose",
    awaiting_customer: "Waiting for the customer", confirmed: "Customer confirmed",
    declined: "Customer declined", approve: "Approve", refuse: "Refuse", reason: "Reason",
    approved: "Approved", refused: "Refused", reason_required: "A refusal needs a reason",
    bad_login: "Wrong user name or password", taken: "Another teller took this call",
    connecting: "Connecting…", connected: "Connected",
    terminal_offline: "The terminal lost its network; waiting for it…", ended: "Call ended",
    elder: "elder", me: "me", customer: "customer",
    captured: "Captured data", snapshot: "Live snapshot", document_photo: "Document photo",
    face_distance: "Face-match distance", liveness: "Liveness", passed: "passed",
    failed: "failed",
    help: "Help", account_opening_verification: "Account opening check",
    large_transfer_approval: "Large transfer approval", card_issue: "Card issue",
    callbacks: "Callbacks", callback_when: "Call back", phone: "Phone", reference: "Reference",
    callbacks_empty: "No callbacks booked", callback_done: "Done",
    no_microphone: "The terminal has no microphone: the customer hears you, you cannot hear them. Use the text chat.",
  },
};

let current = localStorage.getItem("console.lang") || "zh";

export function t(key) {
  return (STRINGS[current] && STRINGS[current][key]) || STRINGS.en[key] || key;
}

export function language() {
  return current;
}

export function setLanguage(lang) {
  current = STRINGS[lang] ? lang : "zh";
  localStorage.setItem("console.lang", current);
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
}
