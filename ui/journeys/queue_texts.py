# ruff: noqa: E501 - one line per message keeps the two languages side by side
"""The words of appointment check-in and take-a-ticket (merged into ui.journeys.texts.T)."""

from __future__ import annotations

T: dict[str, tuple[str, str]] = {
    "title.appointment": ("预约签到", "Appointment check-in"),
    "title.queue_ticket": ("取号", "Take a ticket"),
    "queue.scan": ("请将手机上的预约二维码对准摄像头，或输入预约码。", "Hold your booking's QR code up to the camera, or type your booking code."),
    "queue.choose": ("请选择您要办理的业务。", "Choose what you have come for."),
    "queue.wait": ("请稍候。", "One moment, please."),
    "queue.done": ("请取走您的号票。", "Please take your ticket."),
    "queue.ticket": ("您的号码是 {number}。", "Your number is {number}."),
    "queue.late": ("您的号码是 {number}。您已错过预约时间，按现场顺序排队。", "Your number is {number}. You are late for your booking, so you queue with walk-in customers."),
    "queue.unknown": ("找不到这个预约码，请核对后重试，或直接取号。", "There is no booking with this code. Check it and try again, or take a ticket."),
    "queue.cancelled": ("这个预约已取消。如需办理，请直接取号。", "This booking was cancelled. Take a ticket if you want to be served."),
    "queue.too_early": ("还不能签到：请于 {opens} 以后再来签到。", "It is too early to check in: please check in from {opens}."),
    "queue.checked_in": ("这个预约已经签到过了，请留意叫号。", "This booking is already checked in. Please watch for your number."),
    "queue.other_branch": ("这个预约属于其他网点，请到预约的网点签到。", "This booking is for another branch. Please check in there."),
    "queue.invalid_code": ("预约码不正确，请核对后重新输入。", "This is not a valid booking code. Please check it and type it again."),
    "queue.unreachable": ("排队系统暂时无法连接，请向大堂经理取号。", "The queue system cannot be reached right now. Please ask the lobby manager for a ticket."),
    "queue.invalid": ("无法办理这项请求，请向大堂经理咨询。", "This request cannot be handled. Please ask the lobby manager."),
    "queue.error": ("暂时无法取号，请向大堂经理咨询。", "No ticket can be issued right now. Please ask the lobby manager."),
    "queue.code_invalid": ("预约码为8位字母和数字，请核对后重新输入。", "A booking code has 8 letters and digits; please check it and type it again."),
    "queue.camera_failed": ("摄像头无法使用，请输入预约码。", "The camera is not working; please type your booking code."),
    "queue.service_required": ("请选择一项业务。", "Please choose a service."),
    "label.booking_code": ("预约码", "Booking code"),
    "label.ticket_number": ("您的号码", "Your number"),
    "label.service": ("业务", "Service"),
    "label.where": ("请前往", "Where to go"),
    "label.ahead": ("前面等候 {n} 人", "{n} waiting before you"),
    "label.expected_wait": ("预计等候约 {n} 分钟", "Expected wait about {n} min"),
    "label.scanning": ("正在读取二维码…", "Looking for a QR code…"),
    "button.check_in": ("签到", "Check in"),
}
