<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Diagnostics</name>
    <message>
        <source>Wrong technician id, code or PIN.</source>
        <translation>技术人员编号、验证码或 PIN 错误。</translation>
    </message>
    <message>
        <source>Enter your technician id and a code or PIN.</source>
        <translation>请输入技术人员编号以及验证码或 PIN。</translation>
    </message>
    <message>
        <source>This code was used already: ask for a new one.</source>
        <translation>该验证码已使用过，请重新申请。</translation>
    </message>
    <message>
        <source>The hub is reachable: ask for a code.</source>
        <translation>中心可连接：请向中心申请一次性验证码。</translation>
    </message>
    <message>
        <source>Entry is locked after too many wrong tries.</source>
        <translation>错误次数过多，登录已锁定。</translation>
    </message>
    <message>
        <source>The terminal is still starting.</source>
        <translation>终端仍在启动中。</translation>
    </message>
    <message>
        <source>Try again in %1 s.</source>
        <translation>请 %1 秒后再试。</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Test receipt</source>
        <translation>测试小票</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>OCR sample</source>
        <translation>识别样卡</translation>
    </message>
    <message>
        <source>Core and hub</source>
        <translation>核心系统与中心</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>待发送业务</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>计数器</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Support bundle</source>
        <translation>支持数据包</translation>
    </message>
    <message>
        <source>Diagnostics · %1</source>
        <translation>诊断 · %1</translation>
    </message>
    <message>
        <source>Exit to service</source>
        <translation>退出并恢复服务</translation>
    </message>
    <message>
        <source>Working: %1</source>
        <translation>处理中：%1</translation>
    </message>
    <message>
        <source>changes: %1</source>
        <translation>变化：%1 次</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Reset counters</source>
        <translation>计数器清零</translation>
    </message>
    <message>
        <source>Write the support bundle to the USB stick</source>
        <translation>将支持数据包写入 U 盘</translation>
    </message>
    <message>
        <source>Send the support bundle to the hub</source>
        <translation>将支持数据包发送到中心服务器</translation>
    </message>
</context>
<context>
    <name>EntryPad</name>
    <message>
        <source>Waiting for the customer to finish</source>
        <translation>等待客户办理完毕</translation>
    </message>
    <message>
        <source>Technician entry</source>
        <translation>技术人员登录</translation>
    </message>
    <message>
        <source>Technician id</source>
        <translation>技术人员编号</translation>
    </message>
    <message>
        <source>One-time code from the hub, or your PIN</source>
        <translation>中心下发的一次性验证码，或您的 PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>进入</translation>
    </message>
</context>
</TS>
