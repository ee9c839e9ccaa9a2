# ruff: noqa: E501 - one line per message keeps the two languages side by side
"""Every string the journey screens show or speak, in each shipped language.

The state machines speak in message keys (``core.insufficient_funds``); this table turns
them into words.  It is plain data so a language is added by adding one column, and a test
checks every key has every language.  Parameters are ``{name}`` placeholders.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh_CN", "en")

T: dict[str, tuple[str, str]] = {
    # journey titles
    "title.open_account": ("开立账户", "Open an account"),
    "title.transfer": ("转账", "Transfer money"),
    "title.card_application": ("申请银行卡", "Apply for a card"),
    # step prompts (also the spoken guidance)
    "open.identity": ("请将身份证放在读卡区，或将证件放在扫描区。", "Place your ID card on the reader, or place your document on the scanner."),
    "identify.card": ("请将身份证放在读卡区，以便确认您的身份。", "Place your ID card on the reader so we can confirm who you are."),
    "open.existing": ("您已是本行客户，以下是您的账户。", "You are already our customer. Here are your accounts."),
    "open.details": ("请核对您的信息，并填写手机号码、地址和职业。", "Check your details and enter your mobile number, address and occupation."),
    "face.guide": ("请正对摄像头，并按屏幕提示完成动作。", "Look at the camera and follow the instruction on the screen."),
    "open.terms": ("请阅读条款，勾选同意并在框内签名。", "Read the terms, tick to agree and sign in the box."),
    "open.wait": ("正在为您开户，请稍候。", "Opening your account, please wait."),
    "open.done": ("开户成功。", "Your account is open."),
    "open.pending": ("您的申请已受理，银行确认后生效。", "Your application is accepted; it takes effect when the bank confirms it."),
    "transfer.choose_account": ("请选择转出账户。", "Choose the account to pay from."),
    "transfer.payee": ("请输入收款账号和收款人姓名。", "Enter the payee's account number and name."),
    "transfer.amount": ("请输入转账金额。", "Enter the amount."),
    "transfer.confirm": ("请核对转账信息，确认无误后按确认。", "Check the transfer details and press Confirm."),
    "transfer.wait": ("正在转账，请稍候。", "Sending the transfer, please wait."),
    "transfer.done": ("转账成功。", "The transfer is done."),
    "transfer.pending": ("转账尚未完成：银行确认后入账，参考号 {reference}。", "The transfer is not done yet: it is posted when the bank confirms it. Reference {reference}."),
    "card.choose": ("请选择借记卡或信用卡。", "Choose a debit card or a credit card."),
    "card.consent": ("请阅读并同意申请条款。", "Read and accept the application terms."),
    "card.wait": ("正在提交申请，请稍候。", "Sending your application, please wait."),
    "card.done": ("申请已提交，参考号 {reference}。", "Your application is in. Reference {reference}."),
    "card.pending": ("申请已受理，参考号 {reference}，银行确认后处理。", "Your application is accepted, reference {reference}; it is processed when the bank confirms it."),
    # messages
    "journey.cancelled": ("已取消。", "Cancelled."),
    "journey.timed_out": ("由于长时间无操作，已结束。", "Ended because nothing happened for a while."),
    "device.fault": ("设备暂时无法使用，请联系工作人员。", "A device is not working right now; please ask a member of staff."),
    "document.unreadable": ("无法读取证件，请重新放置。", "The document could not be read. Please place it again."),
    "document.invalid": ("证件号码校验失败，请重新放置证件。", "The document number does not check out. Please place the document again."),
    "document.expired": ("证件已过期，请使用有效证件。", "This document has expired. Please use a valid one."),
    "document.see_staff": ("证件信息需要工作人员核实，请到柜台办理。", "Your document needs to be checked by a member of staff. Please go to the counter."),
    "document.no_card": ("未检测到身份证，请放好后重试。", "No ID card found. Place it on the reader and try again."),
    "document.timeout": ("读卡超时，请重试或扫描证件。", "The card reader did not answer. Try again or scan your document."),
    "id_number.length": ("身份证号码为 18 位：17 位数字加最后一位数字或 X。", "An ID number has 18 characters: 17 digits, then a digit or X."),
    "id_number.chars": ("身份证号码只含数字，最后一位可以是 X。", "An ID number has only digits; the last one may be X."),
    "id_number.birth_date": ("第 7 到 14 位应是出生日期（年月日），请核对。", "Characters 7 to 14 are the date of birth (year, month, day). Please check them."),
    "id_number.check_digit": ("最后一位与前 17 位不符，可能有一位输错，请对照证件逐位核对。", "The last character does not match the first 17: a digit is probably mistyped. Please compare each digit with your card."),
    "typed_name.required": ("请输入证件上的姓名。", "Enter your name as on the card."),
    "id_number.see_staff": ("证件无法读取，请携带身份证到柜台由工作人员办理。", "Your card could not be read. Please take it to the counter; a member of staff will help you."),
    "teller.typed_id_wait": ("证件无法读取，请将身份证对准摄像头，由视频柜员核对。正在连接柜员，请稍候。", "Your card could not be read. Hold it up to the camera for a video teller to check. Connecting you to a teller, please wait."),
    "document.reader_fault": ("读卡器故障，请扫描证件。", "The card reader is not working. Please scan your document."),
    "face.retry": ("人脸核验未通过，还可尝试 {remaining} 次。", "The face check did not pass. {remaining} attempt(s) left."),
    "face.see_staff": ("人脸核验多次未通过，请到柜台由工作人员协助。", "The face check did not pass. Please see a member of staff at the counter."),
    "face.no_match": ("与证件照片不符。", "Does not match the document photo."),
    "face.liveness_failed": ("未完成动作提示。", "The requested movement was not seen."),
    "face.no_face": ("未检测到人脸，请正对摄像头。", "No face seen. Please look at the camera."),
    "face.camera_fault": ("摄像头无法使用。", "The camera is not working."),
    "face.blink": ("请眨眨眼。", "Please blink."),
    "face.turn_left": ("请向左转头。", "Please turn your head to the left."),
    "face.turn_right": ("请向右转头。", "Please turn your head to the right."),
    "face.checking": ("正在核验…", "Checking…"),
    "face.multiple_faces": ("镜头前请只保留一人。", "Only one person in front of the camera, please."),
    "face.hold_still": ("请正对摄像头，保持不动。", "Look at the camera and hold still."),
    "face.passed": ("谢谢。", "Thank you."),
    "face.failed": ("未成功，请再试一次。", "That did not work. Let us try again."),
    "face.timeout": ("时间到，请再试一次。", "Time is up. Let us try again."),
    "face.cancelled": ("已停止。", "Stopped."),
    "core.check_deferred": ("暂时无法连接银行，开户将在连接恢复后确认。", "The bank cannot be reached right now; the opening is confirmed when it can."),
    "core.unavailable": ("暂时无法连接银行，业务未办理，请稍后再试。", "The bank cannot be reached; nothing was done. Please try again later."),
    "core.insufficient_funds": ("余额不足。", "Insufficient funds."),
    "core.not_found": ("未找到该账户。", "Account not found."),
    "core.duplicate": ("记录已存在。", "This already exists."),
    "core.rejected": ("银行未受理此业务。", "The bank did not accept this."),
    "open.already_client": ("您已是本行客户，无需重复开户。", "You are already our customer; no second account profile is needed."),
    "identify.not_a_client": ("未找到您的客户信息，请先开立账户。", "We could not find you as a customer. Please open an account first."),
    "transfer.no_accounts": ("您没有可用的账户。", "You have no active account."),
    "transfer.account_unknown": ("请选择一个账户。", "Please choose an account."),
    "payee.account_invalid": ("账号格式不正确。", "The account number is not valid."),
    "payee.name_required": ("请输入收款人姓名。", "Enter the payee's name."),
    "payee.same_account": ("不能转入同一账户。", "You cannot transfer to the same account."),
    "payee.unknown_account": ("收款账号不存在。", "There is no account with this number."),
    "payee.name_mismatch": ("收款人姓名与账户不符。", "The payee name does not match the account."),
    "payee.account_inactive": ("收款账户不可用。", "The payee account is not active."),
    "amount.invalid": ("请输入正确的金额。", "Enter a valid amount."),
    "amount.too_many_decimals": ("金额最多两位小数。", "At most two decimals."),
    "limit.per_transaction": ("超过单笔限额，请输入较小的金额。", "Above the limit per transfer. Enter a smaller amount."),
    "limit.per_day": ("超过当日累计限额，请输入较小的金额。", "Above today's limit. Enter a smaller amount."),
    "limit.teller_approval": ("单笔超过 {threshold} 元需柜员审批。请输入较小的金额，或到柜台办理。", "Transfers above CNY {threshold} need a teller's approval. Enter a smaller amount, or go to the counter."),
    "teller.approval_wait": ("此金额需视频柜员审批，正在连接柜员，请稍候。", "This amount needs a video teller's approval. Connecting you to a teller, please wait."),
    "teller.check_wait": ("证件需由视频柜员核对，正在连接柜员，请稍候。", "A video teller needs to check your document. Connecting you to a teller, please wait."),
    "teller.opening_wait": ("开户需由视频柜员审批，正在连接柜员，请稍候。", "Opening an account needs a video teller's approval. Connecting you to a teller, please wait."),
    "teller.opening_staff": ("开户需由工作人员审批，请到柜台办理。", "Opening an account needs a member of staff's approval; please go to the counter."),
    "teller.approved": ("柜员已批准，请确认转账。", "The teller approved. Please confirm the transfer."),
    "teller.refused": ("柜员未批准：{reason}", "The teller did not approve: {reason}"),
    "teller.no_decision": ("未能及时得到柜员审批，转账未办理。", "No teller decision in time; the transfer was not made."),
    "mobile.invalid": ("请输入11位手机号码。", "Enter an 11-digit mobile number."),
    "address.required": ("请填写地址。", "Enter your address."),
    "address.too_long": ("地址过长。", "The address is too long."),
    "occupation.required": ("请填写职业。", "Enter your occupation."),
    "occupation.too_long": ("职业过长。", "The occupation is too long."),
    "form.fix_fields": ("请更正标出的内容。", "Please correct the marked fields."),
    "terms.consent_required": ("请勾选同意条款。", "Tick the box to accept the terms."),
    "terms.signature_required": ("请在框内签名。", "Please sign in the box."),
    "terms.incomplete": ("请同意条款并签名。", "Accept the terms and sign."),
    "card.kind_required": ("请选择卡种。", "Choose a card."),
    "card.account_required": ("请选择借记卡关联账户。", "Choose the account for the debit card."),
    "card.no_accounts": ("您没有可关联的账户。", "You have no account for a debit card."),
    "card.income_invalid": ("请输入年收入（元）。", "Enter your yearly income."),
    "card.employer_required": ("请填写工作单位。", "Enter your employer."),
    "receipt.printed": ("请取走凭条。", "Please take your receipt."),
    "receipt.duplicate": ("凭条已重新打印（副本）。", "The receipt was printed again (duplicate)."),
    "receipt.e_receipt": ("打印机暂不可用，请扫码获取电子凭条。", "The printer is not available; scan the code for your e-receipt."),
    # labels and buttons
    "label.name": ("姓名", "Name"),
    "label.sex": ("性别", "Sex"),
    "label.birth_date": ("出生日期", "Date of birth"),
    "label.id_number": ("证件号码", "Document number"),
    "label.nationality": ("国籍", "Nationality"),
    "label.address": ("地址", "Address"),
    "label.mobile": ("手机号码", "Mobile number"),
    "label.occupation": ("职业", "Occupation"),
    "label.payee_account": ("收款账号", "Payee account number"),
    "label.payee_name": ("收款人姓名", "Payee name"),
    "label.amount": ("金额（元）", "Amount (CNY)"),
    "label.amount_plain": ("金额", "Amount"),
    "label.limit_per_transaction": ("单笔限额", "Limit per transfer"),
    "label.limit_today_left": ("今日还可转", "Left for today"),
    "label.teller_above": ("需柜员审批", "Teller approval above"),
    "label.from": ("转出账户", "From"),
    "label.to": ("收款账户", "To"),
    "label.reference": ("参考号", "Reference"),
    "label.account_no": ("账号", "Account number"),
    "label.balance": ("余额", "Balance"),
    "label.income": ("年收入（元）", "Yearly income (CNY)"),
    "label.employer": ("工作单位", "Employer"),
    "label.signature": ("请在此签名", "Sign here"),
    "label.terms_text": ("本人确认所提供信息真实有效，同意银行依法核验本人身份并开立个人储蓄账户，遵守《个人账户管理协议》。", "I confirm the information I gave is true, agree that the bank verifies my identity as the law requires and opens a personal savings account for me, and accept the Personal Account Agreement."),
    "label.card_terms": ("本人同意银行依法审核本人资信并处理本申请。", "I agree that the bank checks my credit standing as the law allows and processes this application."),
    "label.consent": ("我已阅读并同意", "I have read and accept"),
    "label.debit": ("借记卡", "Debit card"),
    "label.credit": ("信用卡", "Credit card"),
    "button.read_card": ("读取身份证", "Read ID card"),
    "button.scan": ("扫描证件", "Scan document"),
    "button.type_id": ("证件无法读取？输入号码", "Card cannot be read? Type its number"),
    "button.type_id_next": ("提交号码", "Send the number"),
    "label.typed_name": ("姓名（与证件一致）", "Name (as on the card)"),
    "label.typed_id_number": ("身份证号码", "ID number"),
    "label.typed_id_hint": ("18 位，最后一位可能是 X；提交后由柜员核对证件。", "18 characters, the last may be X; a teller then checks your card."),
    "button.next": ("下一步", "Next"),
    "button.back": ("返回", "Back"),
    "button.start_face": ("开始核验", "Start face check"),
    "button.clear": ("清除", "Clear"),
    "button.submit": ("提交", "Submit"),
    "button.confirm": ("确认", "Confirm"),
    "button.finish": ("完成", "Finish"),
    "button.done": ("完成", "Done"),
    "button.open_account": ("开立账户", "Open an account"),
    "button.print": ("打印凭条", "Print receipt"),
    "button.repeat": ("再听一遍", "Repeat"),
    "button.volume": ("音量", "Volume"),
    "ended.title": ("业务结束", "Finished"),
    "ended.title.completed": ("办理完成", "Done"),
    "ended.title.pending": ("已受理", "Accepted"),
    "ended.title.cancelled": ("已取消", "Cancelled"),
    "ended.title.timed_out": ("已结束", "Session ended"),
    "ended.title.refused": ("未能办理", "Not completed"),
    "ended.title.failed": ("未能办理", "Not completed"),
    "ended.title.staff": ("请到柜台", "See staff"),
    "ended.title.existing_client": ("您已是本行客户", "You are already our customer"),
    "ended.next_steps": ("如需帮助，请到柜台，工作人员会为您处理。", "If you need help, please go to the counter: a member of staff will sort it out with you."),
    # help: the step in more words than its prompt (the help panel adds how to get a person)
    "help.identity": ("本机需要核实您的身份。请将居民身份证平放在读卡区（屏幕下方标有身份证图案的位置），然后按“读取身份证”。没有身份证或无法读取时，可将证件照片页朝下放在扫描区，按“扫描证件”。", "The terminal needs to confirm who you are. Lay your resident ID card flat on the card reader (the pad marked with an ID card below the screen) and touch Read ID card. If you have no ID card or it cannot be read, place your document photo side down on the scanner and touch Scan document."),
    "help.details": ("姓名、性别、出生日期和证件号码读自您的证件，不能在此修改。请填写您的手机号码（11位）、常住地址和职业。触摸输入框即可用屏幕键盘输入，按回车键进入下一项。", "Your name, sex, date of birth and document number were read from your document and cannot be changed here. Enter your mobile number (11 digits), your home address and your occupation. Touch a box to type on the screen keyboard; Enter moves to the next box."),
    "help.face": ("本机将把您的面容与证件照片比对，以确认是您本人。请摘下帽子和墨镜，正对屏幕上方的摄像头，按“开始核验”，然后按提示眨眼或转头。", "The terminal compares your face with the photo on your document to make sure it is you. Take off any hat or sunglasses, look at the camera above the screen, touch Start face check and blink or turn your head when asked."),
    "help.terms": ("请阅读账户条款。同意后勾选方框，并用手指在签名框内签名。签错了可按“清除”重签。", "Read the account terms. If you agree, tick the box and sign in the signature box with your finger. Touch Clear to sign again."),
    "help.existing_client": ("您已在本行开立过账户，无需再次开户。以下是您现有的账户。", "You already have accounts with us, so no new customer profile is needed. These are your accounts."),
    "help.choose_account": ("请选择从哪个账户转出。每个账户显示其余额。", "Choose the account the money is taken from. Each shows its balance."),
    "help.payee": ("请输入收款人的账号和姓名。本机会向银行核对账号和姓名是否一致。", "Enter the payee's account number and name. The terminal checks with the bank that the number and the name belong together."),
    "help.amount": ("请输入要转出的金额（元），最多两位小数。屏幕上显示您的余额和限额；超过限额时，请输入较小的金额。", "Enter the amount in yuan, with at most two decimals. Your balance and the limits are shown above; above a limit, enter a smaller amount."),
    "help.confirm": ("请核对转出账户、收款人和金额。无误后按“确认”，转账立即提交；如需修改，按“返回”。", "Check the account, the payee and the amount. Touch Confirm to send the transfer now, or Back to change something."),
    "help.choose_card": ("借记卡关联您现有的账户，可立即使用账户余额；信用卡需填写年收入和工作单位，银行审核后寄发。", "A debit card works on one of your accounts. A credit card needs your yearly income and employer; the bank checks them before sending it."),
    "help.consent": ("请阅读申请条款。同意后勾选方框并按“提交”。", "Read the application terms. If you agree, tick the box and touch Submit."),
    "help.submitting": ("正在与银行通信，请稍候，不要离开。", "The terminal is talking to the bank. Please wait a moment and stay here."),
    "help.done": ("业务已办理完成。请取走凭条和证件，按“完成”结束。", "It is done. Take your receipt and your card, then touch Done."),
    "help.pending": ("银行已收到您的业务，确认后即生效。请保留凭条上的参考号，以便查询。", "The bank has your request and it takes effect when the bank confirms it. Keep the reference on the receipt for any question."),
    "help.ended": ("本次业务已结束。按“完成”返回首页。", "This service has ended. Touch Done to go back to the start."),
    "help.person": ("如需人工帮助，请到柜台找工作人员，或询问大堂经理。", "For a person to help you, go to the counter or ask the lobby manager."),
    "busy": ("请稍候", "Please wait"),
    "locked.chip": ("以上信息读自身份证芯片，不能在此修改。如有错误，请联系工作人员或视频柜员更正。", "Read from your ID card's chip, so it cannot be changed here. If something is wrong, a member of staff or a video teller can correct it."),
    "locked.ocr": ("以上信息由证件扫描识别，不能在此修改。如有错误，请联系工作人员或视频柜员更正。", "Read from the scan of your document, so it cannot be changed here. If something is wrong, a member of staff or a video teller can correct it."),
    # pre-filled applications (issue 12)
    "title.prefilled": ("我有预填码", "I have a code"),
    "prefilled.code": ("请将手机上的预填二维码对准摄像头，或输入8位预填码。", "Hold the QR code from your phone to the camera, or type the 8-character code."),
    "prefilled.confirm": ("请核对您在手机上填写的申请。无误请将身份证放在读卡区，再点“确认并核验身份”：先读取身份证，再核验人脸。", "Check the application from your phone. If it is right, place your ID card on the reader and tap \"Confirm and verify\": your card is read, then your face is checked."),
    "prefilled.wait": ("正在提交您的申请，请稍候。", "Sending your application, please wait."),
    "prefilled.done": ("申请已办理完成。", "Your application is done."),
    "prefilled.pending": ("申请已受理，银行确认后生效。", "Your application is accepted; it takes effect when the bank confirms it."),
    "prefilled.bad_code": ("预填码不正确，请核对后重新输入。", "That code is not right. Please check it and type it again."),
    "prefilled.unknown": ("没有找到这个预填码。", "There is no application with this code."),
    "prefilled.expired": ("此预填申请已过期，请重新填写或在此办理。", "This application has expired. Please fill it in again, or apply here."),
    "prefilled.completed": ("此预填申请已经办理过了。", "This application has been completed already."),
    "prefilled.locked": ("此预填码已被锁定，请联系工作人员。", "This code is locked. Please ask a member of staff."),
    "prefilled.unavailable": ("暂时无法读取预填申请，请稍后再试或联系工作人员。", "The application cannot be loaded right now. Try again later or ask a member of staff."),
    "prefilled.no_camera": ("摄像头暂时无法使用，请输入手机上显示的8位预填码。", "The camera is not working just now. Please type the 8-character code shown on your phone."),
    "prefilled.no_qr": ("未识别到二维码，请重新对准摄像头，或输入预填码。", "No QR code was seen. Hold it to the camera again, or type the code."),
    "prefilled.id_mismatch": ("您的证件与此预填申请不符，未提交任何内容。", "Your ID does not match this application. Nothing was submitted."),
    "prefilled.form_invalid": ("此预填申请的内容需要工作人员核对。", "This application needs to be checked by a member of staff."),
    "label.code": ("预填码", "Code"),
    "home.item.preapplication": ("预填申请待办理", "Pre-filled application to complete"),
    "home.item.appointment": ("今天的预约：办理签到", "Your appointment today: check in"),
    "home.item.ticket": ("您已取号", "Your queue ticket"),
    "home.identify": ("查看我的待办事项（请放身份证）", "See what is waiting for me (place your ID card)"),
    "home.nothing": ("暂无待办事项。", "Nothing is waiting for you."),
    "button.continue": ("继续办理", "Continue"),
    "label.application": ("申请业务", "Application"),
    "label.card": ("卡片种类", "Card"),
    "label.scanning": ("正在识别二维码…", "Looking for a QR code…"),
    "kind.open_account": ("开立储蓄账户", "Open a savings account"),
    "kind.card_application": ("申请银行卡", "Apply for a card"),
    "button.scan_again": ("重新扫码", "Scan again"),
    "button.other_code": ("换一个预填码", "Another code"),
    "button.confirm_read_card": ("确认并核验身份", "Confirm and verify"),
    "help.code": ("在手机上预填申请后会得到一个二维码和8位预填码。请将二维码对准屏幕上方的摄像头，或在输入框中输入预填码并按“下一步”。", "When you filled in the application on your phone you got a QR code and an 8-character code. Hold the QR code to the camera above the screen, or type the code and touch Next."),
    "help.confirm_application": ("这是您在手机上填写的内容。确认无误后将身份证放在读卡区，按“确认并核验身份”，终端读取身份证后即开始人脸核验，请正对摄像头。", "This is what you filled in on your phone. If it is right, place your ID card on the reader and touch \"Confirm and verify\": the card is read and the face check starts at once, so look at the camera."),
    "sex.M": ("男", "Male"),
    "sex.F": ("女", "Female"),
}  # fmt: skip


# Appointment check-in and take-a-ticket (issue 12) keep their words in their own table.
from ui.journeys.queue_texts import T as _QUEUE_TEXTS  # noqa: E402 - after T, on purpose

T.update(_QUEUE_TEXTS)


def text(key: str, language: str, params: dict[str, Any] | None = None) -> str:
    """The words for ``key`` in ``language`` (English, then the key, if missing)."""
    pair = T.get(key)
    if pair is None:
        return key
    index = LANGUAGES.index(language) if language in LANGUAGES else 1
    words = pair[index] or pair[1]
    if params:
        try:
            words = words.format(**params)
        except (KeyError, IndexError, ValueError):
            pass
    return words


# The core names its products in English; the screen says them in the customer's language.
PRODUCTS: dict[str, tuple[str, str]] = {
    "CNY Demand Savings": ("人民币活期储蓄", "Demand savings (CNY)"),
}


def product(name: str, language: str) -> str:
    """A product's name in ``language`` (the core's own name when we have no words for it)."""
    pair = PRODUCTS.get(name)
    if pair is None:
        return name
    return pair[LANGUAGES.index(language) if language in LANGUAGES else 1]


def money(amount: Any, language: str, currency: str = "CNY") -> str:
    """An amount as the language writes it: ``1,234.50 元`` in Chinese, ``CNY 1,234.50``."""
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    figures = f"{value:,.2f}"
    if language.startswith("zh"):
        return f"{figures} 元" if currency == "CNY" else f"{figures} {currency}"
    return f"{currency} {figures}"


def table(language: str) -> dict[str, str]:
    """Every key's words in ``language`` (bound by the screens as ``vm.tr``)."""
    return {key: text(key, language) for key in T}
