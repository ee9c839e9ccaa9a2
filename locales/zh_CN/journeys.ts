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
</context>
</TS>
