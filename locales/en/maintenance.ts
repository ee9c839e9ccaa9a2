<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Diagnostics</name>
    <message>
        <source>Wrong technician id, code or PIN.</source>
        <translation>Wrong technician id, code or PIN.</translation>
    </message>
    <message>
        <source>Enter your technician id and a code or PIN.</source>
        <translation>Enter your technician id and a code or PIN.</translation>
    </message>
    <message>
        <source>This code was used already: ask for a new one.</source>
        <translation>This code was used already: ask for a new one.</translation>
    </message>
    <message>
        <source>The hub is reachable: ask for a code.</source>
        <translation>The hub is reachable: ask for a code.</translation>
    </message>
    <message>
        <source>Entry is locked after too many wrong tries.</source>
        <translation>Entry is locked after too many wrong tries.</translation>
    </message>
    <message>
        <source>The terminal is still starting.</source>
        <translation>The terminal is still starting.</translation>
    </message>
    <message>
        <source>Try again in %1 s.</source>
        <translation>Try again in %1 s.</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Test receipt</source>
        <translation>Test receipt</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>OCR sample</source>
        <translation>OCR sample</translation>
    </message>
    <message>
        <source>Core and hub</source>
        <translation>Core and hub</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Counters</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Support bundle</source>
        <translation>Support bundle</translation>
    </message>
    <message>
        <source>Diagnostics · %1</source>
        <translation>Diagnostics · %1</translation>
    </message>
    <message>
        <source>Exit to service</source>
        <translation>Exit to service</translation>
    </message>
    <message>
        <source>Working: %1</source>
        <translation>Working: %1</translation>
    </message>
    <message>
        <source>changes: %1</source>
        <translation>changes: %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Reset counters</source>
        <translation>Reset counters</translation>
    </message>
    <message>
        <source>Write the support bundle to the USB stick</source>
        <translation>Write the support bundle to the USB stick</translation>
    </message>
    <message>
        <source>Send the support bundle to the hub</source>
        <translation>Send the support bundle to the hub</translation>
    </message>
</context>
<context>
    <name>EntryPad</name>
    <message>
        <source>Waiting for the customer to finish</source>
        <translation>Waiting for the customer to finish</translation>
    </message>
    <message>
        <source>Technician entry</source>
        <translation>Technician entry</translation>
    </message>
    <message>
        <source>Technician id</source>
        <translation>Technician id</translation>
    </message>
    <message>
        <source>One-time code from the hub, or your PIN</source>
        <translation>One-time code from the hub, or your PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
</context>
</TS>
