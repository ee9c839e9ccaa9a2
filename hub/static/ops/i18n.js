// The dashboard's strings in zh and en; elements carry data-i18n="key" (as the console's).
// Names the figures carry (journeys, steps, devices) are looked up under "name.<value>".
export const STRINGS = {
  zh: {
    title: "网点运营", language: "语言", for_roles: "供网点负责人和主管使用。",
    username: "用户名", password: "密码", sign_in: "登录", sign_out: "退出",
    branch: "网点", from: "从", to: "至", target_wait: "目标等待（秒）", show: "显示",
    all_branches: "我的全部网点", loading: "正在加载…", warnings: "警告", no_warnings: "无警告",
    chart_sessions: "每小时会话数", chart_handling: "各业务办理时间（秒）",
    chart_abandonment: "各步骤放弃数", chart_devices: "设备可用率与故障",
    chart_waits: "排队等待（秒）", chart_tellers: "柜员利用率",
    staffing: "人员配置建议", col_for: "对象", col_day: "星期", col_hour: "时段",
    col_arrivals: "每小时到达", col_handling: "办理时间（秒）", col_load: "负荷（爱尔兰）",
    col_needed: "所需人数", col_in_time: "按时接待比例",
    sessions: "会话", median: "中位数", p90: "第 90 百分位", abandoned: "放弃",
    availability: "可用率 %", faults: "故障", utilisation: "利用率 %",
    counters: "自助终端", tellers: "柜员",
    days: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    staffing_note: "爱尔兰 C 公式：在 {target} 秒内接待 {goal}% 客户所需的最少服务人数；"
      + "到达数为所选范围内每个星期几该时段的平均每小时到达数，办理时间为实测平均时长"
      + "（自助终端：终端会话；柜员：视频通话）。",
    bad_login: "用户名或密码错误。", not_allowed: "本页面仅供网点负责人和主管使用。",
    please_sign_in: "请登录。", error: "出错（{status}）：{message}",
    paper_low: "打印纸将尽", paper_out: "打印纸用完",
    printer_out_of_service: "打印机停止服务（{state}）", device_state: "{device}：{state}",
    silent: "没有运营事件（终端离线？）",
    core_pending: "最近 {journeys} 笔业务均未获核心系统确认（待发队列积压）",
    "name.transfer": "转账", "name.balance": "余额查询", "name.open_account": "开户",
    "name.card_application": "申请银行卡", "name.identity": "身份核验",
    "name.document": "证件", "name.face": "人脸核验", "name.teller_check": "柜员确认",
    "name.choose_account": "选择账户", "name.account": "选择账户", "name.payee": "收款人",
    "name.amount": "金额", "name.teller_approval": "柜员审批", "name.confirm": "确认",
    "name.submitting": "提交中", "name.done": "完成", "name.pending": "待确认",
    "name.show": "查看", "name.existing_client": "已有客户", "name.details": "填写资料",
    "name.terms": "条款", "name.choose_card": "选择卡种", "name.consent": "同意",
    "name.printer": "打印机", "name.camera": "摄像头", "name.idcard": "身份证阅读器",
    "name.id_reader": "身份证阅读器", "name.core": "核心系统",
    "name.online": "在线", "name.offline": "离线", "name.hardwareError": "硬件故障",
    "name.noDevice": "无设备", "name.powerOff": "断电", "name.userError": "操作错误",
    "name.deviceBusy": "忙", "name.starting": "启动中",
  },
  en: {
    title: "Branch operations", language: "Language",
    for_roles: "For branch managers and supervisors.",
    username: "User name", password: "Password", sign_in: "Sign in", sign_out: "Sign out",
    branch: "Branch", from: "From", to: "To", target_wait: "Target wait (s)", show: "Show",
    all_branches: "All my branches", loading: "Loading…", warnings: "Warnings",
    no_warnings: "No warnings",
    chart_sessions: "Sessions per hour", chart_handling: "Handling time per journey (s)",
    chart_abandonment: "Abandonment by step", chart_devices: "Device availability and faults",
    chart_waits: "Queue waits (s)", chart_tellers: "Teller utilisation",
    staffing: "Staffing advice", col_for: "For", col_day: "Day", col_hour: "Hour",
    col_arrivals: "Arrivals / h", col_handling: "Handling (s)", col_load: "Load (erlangs)",
    col_needed: "Needed", col_in_time: "Answered in time",
    sessions: "sessions", median: "median", p90: "90th percentile", abandoned: "abandoned",
    availability: "availability %", faults: "faults", utilisation: "utilisation %",
    counters: "counters", tellers: "tellers",
    days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    staffing_note: "Erlang C: fewest servers answering {goal}% of customers within {target} s; "
      + "arrivals are the mean per hour of each weekday in the range, handling the mean "
      + "measured duration (counters: terminal sessions; tellers: calls).",
    bad_login: "Wrong user name or password.",
    not_allowed: "This page is for branch managers and supervisors.",
    please_sign_in: "Please sign in.", error: "Error ({status}): {message}",
    paper_low: "paper low", paper_out: "paper out",
    printer_out_of_service: "printer out of service ({state})", device_state: "{device} {state}",
    silent: "no operations events (terminal offline?)",
    core_pending: "no core success in the last {journeys} journeys (outbox backing up)",
  },
};

let current = localStorage.getItem("ops.lang") || "zh";

// ``key``'s text in the current language (else English, else the key), with {name} filled.
export function t(key, params = {}) {
  const text = STRINGS[current]?.[key] ?? STRINGS.en[key] ?? key;
  return typeof text === "string"
    ? text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : text;
}

// A journey's, step's, device's or state's name as the figures carry it.
export function name(value) {
  const key = `name.${value}`;
  const text = t(key);
  return text === key ? String(value).replaceAll("_", " ") : text;
}

export function language() {
  return current;
}

export function setLanguage(lang) {
  current = STRINGS[lang] ? lang : "zh";
  localStorage.setItem("ops.lang", current);
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
}
