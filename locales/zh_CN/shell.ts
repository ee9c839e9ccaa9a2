<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Open a savings account in about ten minutes with your resident ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer money between accounts any time the branch is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in for an appointment? Touch the screen and choose Appointment check-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never share your password or verification codes with anyone, including bank staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch to start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts your session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountdownDialog</name>
    <message>
        <source>Do you need more time?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For your security, the session ends in %1 seconds and what you entered is cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No, end session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff in the branch are also happy to help you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call a teller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts a video call with a bank teller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>What would you like to do today?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No services are available at this terminal right now. Please ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Bank self-service terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch the screen to begin. You can switch the language and turn on large text with the buttons at the top at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch the language you would like to use. You can change it later with the language button at the top.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch the service you need. Touch Cancel at the top to end your session at any time; what you entered is then cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the instructions on the screen. Touch Cancel at the top to stop; what you entered is then cleared.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepDots</name>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Terminal controls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explains this screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch language to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger letters and stronger contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends your session and clears what you entered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
