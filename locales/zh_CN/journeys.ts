<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Journeys</name>
    <message>
        <source>Open an account</source>
        <translation>开立账户</translation>
    </message>
    <message>
        <source>With your ID card, a few minutes</source>
        <translation>持身份证，几分钟即可办理</translation>
    </message>
    <message>
        <source>Transfer money</source>
        <translation>转账汇款</translation>
    </message>
    <message>
        <source>From your own account</source>
        <translation>从您本人的账户转出</translation>
    </message>
    <message>
        <source>Apply for a card</source>
        <translation>申请银行卡</translation>
    </message>
    <message>
        <source>Debit or credit card</source>
        <translation>借记卡或信用卡</translation>
    </message>
    <message>
        <source>I have a code</source>
        <translation>我有预填码</translation>
    </message>
    <message>
        <source>Filled in on your phone: show its QR code</source>
        <translation>已在手机上预填：出示二维码</translation>
    </message>
    <message>
        <source>Appointment check-in</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <source>Show your booking&apos;s QR code</source>
        <translation>出示预约二维码即可签到</translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Queue for a counter or a teller</source>
        <translation>柜台或视频柜员排队</translation>
    </message>
</context>
</TS>
