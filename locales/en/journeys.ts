<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Journeys</name>
    <message>
        <source>Open an account</source>
        <translation>Open an account</translation>
    </message>
    <message>
        <source>With your ID card, a few minutes</source>
        <translation>With your ID card, a few minutes</translation>
    </message>
    <message>
        <source>Transfer money</source>
        <translation>Transfer money</translation>
    </message>
    <message>
        <source>From your own account</source>
        <translation>From your own account</translation>
    </message>
    <message>
        <source>Apply for a card</source>
        <translation>Apply for a card</translation>
    </message>
    <message>
        <source>Debit or credit card</source>
        <translation>Debit or credit card</translation>
    </message>
    <message>
        <source>I have a code</source>
        <translation>I have a code</translation>
    </message>
    <message>
        <source>Filled in on your phone: show its QR code</source>
        <translation>Filled in on your phone: show its QR code</translation>
    </message>
    <message>
        <source>Appointment check-in</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <source>Show your booking&apos;s QR code</source>
        <translation>Show your booking&apos;s QR code</translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <source>Queue for a counter or a teller</source>
        <translation>Queue for a counter or a teller</translation>
    </message>
</context>
</TS>
