"""Printed receipt wording, per language (zh_CN and en).

Printed text lives here rather than in the UI's translation files: it goes to paper and
to the e-receipt, must not change with a UI translator's edit, and is checked by tests.
"""

from __future__ import annotations

TITLES = {
    "account_opened": {"zh_CN": "开户回单", "en": "ACCOUNT OPENED"},
    "account_pending": {"zh_CN": "开户处理中", "en": "ACCOUNT OPENING PENDING"},
    "transfer_done": {"zh_CN": "转账成功", "en": "TRANSFER DONE"},
    "transfer_failed": {"zh_CN": "转账未成功", "en": "TRANSFER NOT DONE"},
    "transfer_pending": {"zh_CN": "转账处理中", "en": "TRANSFER PENDING"},
    "card_application": {"zh_CN": "申请卡受理回执", "en": "CARD APPLICATION"},
    "appointment_ticket": {"zh_CN": "预约取号单", "en": "APPOINTMENT TICKET"},
    "queue_ticket": {"zh_CN": "排队号 QUEUE TICKET", "en": "QUEUE TICKET 排队号"},
}

LABELS = {
    "branch": {"zh_CN": "网点", "en": "Branch"},
    "terminal": {"zh_CN": "终端", "en": "Terminal"},
    "time": {"zh_CN": "时间", "en": "Time"},
    "reference": {"zh_CN": "流水号", "en": "Reference"},
    "account": {"zh_CN": "账号", "en": "Account"},
    "holder": {"zh_CN": "户名", "en": "Holder"},
    "id_number": {"zh_CN": "证件号", "en": "ID no."},
    "product": {"zh_CN": "产品", "en": "Product"},
    "from_account": {"zh_CN": "付款账号", "en": "From"},
    "to_account": {"zh_CN": "收款账号", "en": "To"},
    "payee": {"zh_CN": "收款人", "en": "Payee"},
    "amount": {"zh_CN": "金额", "en": "Amount"},
    "fee": {"zh_CN": "手续费", "en": "Fee"},
    "reason": {"zh_CN": "原因", "en": "Reason"},
    "application": {"zh_CN": "申请编号", "en": "Application"},
    "card_type": {"zh_CN": "卡种", "en": "Card type"},
    "ready_in": {"zh_CN": "预计制卡", "en": "Ready in"},
    "ticket": {"zh_CN": "号码", "en": "Ticket"},
    "service": {"zh_CN": "业务", "en": "Service"},
    "slot": {"zh_CN": "预约时间", "en": "Time slot"},
    "waiting": {"zh_CN": "前面等候", "en": "Waiting"},
    "expected": {"zh_CN": "预计等候", "en": "Expected wait"},
}

FOOTERS = {
    "account_opened": {"zh_CN": ["请妥善保管本回单"], "en": ["Please keep this receipt."]},
    "account_pending": {
        "zh_CN": ["开户结果将以短信通知", "请勿重复申请"],
        "en": ["You will get a text message with the result.", "Please do not apply again."],
    },
    "transfer_done": {
        "zh_CN": ["款项已转出，请核对收款信息"],
        "en": ["Please check the payee details."],
    },
    "transfer_failed": {"zh_CN": ["款项未转出，账户未扣款"], "en": ["No money left your account."]},
    "transfer_pending": {
        "zh_CN": ["结果以银行通知为准", "请勿重复转账"],
        "en": ["The bank will notify you of the result.", "Please do not repeat the transfer."],
    },
    "card_application": {
        "zh_CN": ["凭此回执及证件领卡"],
        "en": ["Bring this slip and your ID to collect."],
    },
    "appointment_ticket": {"zh_CN": ["请留意叫号"], "en": ["Please wait for your number."]},
    "queue_ticket": {"zh_CN": ["请留意叫号，过号需重新取号"],
                     "en": ["Please watch for your number.",
                            "A missed number needs a new ticket."]},
}

COMMON = {
    "scan": {"zh_CN": "扫码查看电子回单", "en": "Scan for your e-receipt"},
    "duplicate": {"zh_CN": "DUPLICATE / 重打", "en": "DUPLICATE / 重打"},
    "days": {"zh_CN": "{n} 个工作日", "en": "{n} working days"},
    "people": {"zh_CN": "{n} 人", "en": "{n} people"},
    "minutes": {"zh_CN": "约 {n} 分钟", "en": "about {n} min"},
    "late": {"zh_CN": "预约已过时，按现场排队", "en": "Late for the booking: queued as a walk-in"},
    "bank": {"zh_CN": "示例银行", "en": "Example Bank"},
}


def text(table: dict[str, dict[str, str]], key: str, language: str) -> str:
    """``table[key]`` in ``language``, falling back to English."""
    entry = table[key]
    return entry.get(language) or entry["en"]
