<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ArrivalPanel</name>
    <message>
        <source>Check in for your appointment.</source>
        <translation>Check in for your appointment.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Confirm with my ID card</source>
        <translation>Confirm with my ID card</translation>
    </message>
    <message>
        <source>Done. This terminal will recognise you next time; you can stop it here at any time.</source>
        <translation>Done. This terminal will recognise you next time; you can stop it here at any time.</translation>
    </message>
    <message>
        <source>Done. Your face template has been deleted.</source>
        <translation>Done. Your face template has been deleted.</translation>
    </message>
    <message>
        <source>Go on with the ticket you took.</source>
        <translation>Go on with the ticket you took.</translation>
    </message>
    <message>
        <source>I agree: insert ID card</source>
        <translation>I agree: insert ID card</translation>
    </message>
    <message>
        <source>Mobile number for codes (optional)</source>
        <translation>Mobile number for codes (optional)</translation>
    </message>
    <message>
        <source>No phone number was given: please use your ID card.</source>
        <translation>No phone number was given: please use your ID card.</translation>
    </message>
    <message>
        <source>Not me</source>
        <translation>Not me</translation>
    </message>
    <message>
        <source>Nothing is waiting for you today.</source>
        <translation>Nothing is waiting for you today.</translation>
    </message>
    <message>
        <source>Recognise me next time</source>
        <translation>Recognise me next time</translation>
    </message>
    <message>
        <source>Send a code to my phone</source>
        <translation>Send a code to my phone</translation>
    </message>
    <message>
        <source>Stop recognising me</source>
        <translation>Stop recognising me</translation>
    </message>
    <message>
        <source>That code is not right. Please try again.</source>
        <translation>That code is not right. Please try again.</translation>
    </message>
    <message>
        <source>This is not available right now.</source>
        <translation>This is not available right now.</translation>
    </message>
    <message>
        <source>To see your details, confirm it is you.</source>
        <translation>To see your details, confirm it is you.</translation>
    </message>
    <message>
        <source>Waiting for you:</source>
        <translation>Waiting for you:</translation>
    </message>
    <message>
        <source>We could not confirm it is you. Please start as usual.</source>
        <translation>We could not confirm it is you. Please start as usual.</translation>
    </message>
    <message>
        <source>We sent a code to %1.</source>
        <translation>We sent a code to %1.</translation>
    </message>
    <message>
        <source>Welcome back. Continue where you left off.</source>
        <translation>Welcome back. Continue where you left off.</translation>
    </message>
    <message>
        <source>With your consent this branch's terminals recognise your face when you step up and suggest what you came for. Nothing is shown until you confirm with your ID card or a code sent to your phone. Your face template is kept encrypted and is deleted as soon as you stop it, here at any terminal.</source>
        <translation>With your consent this branch's terminals recognise your face when you step up and suggest what you came for. Nothing is shown until you confirm with your ID card or a code sent to your phone. Your face template is kept encrypted and is deleted as soon as you stop it, here at any terminal.</translation>
    </message>
    <message>
        <source>You were not registered for recognition.</source>
        <translation>You were not registered for recognition.</translation>
    </message>
    <message>
        <source>Your account opening is ready to complete.</source>
        <translation>Your account opening is ready to complete.</translation>
    </message>
    <message>
        <source>Your card application is ready to complete.</source>
        <translation>Your card application is ready to complete.</translation>
    </message>
    <message>
        <source>Your face could not be checked against your ID card. Nothing was kept.</source>
        <translation>Your face could not be checked against your ID card. Nothing was kept.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Open a savings account in a few minutes with your resident ID card.</source>
        <translation>Open a savings account in a few minutes with your resident ID card.</translation>
    </message>
    <message>
        <source>Transfer money from your own account to another account.</source>
        <translation>Transfer money from your own account to another account.</translation>
    </message>
    <message>
        <source>Apply for a debit card or a credit card.</source>
        <translation>Apply for a debit card or a credit card.</translation>
    </message>
    <message>
        <source>Never share your password or verification codes with anyone, including bank staff.</source>
        <translation>Never share your password or verification codes with anyone, including bank staff.</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Touch to start</source>
        <translation>Touch to start</translation>
    </message>
    <message>
        <source>Starts your session</source>
        <translation>Starts your session</translation>
    </message>
    <message>
        <source>Terminal %1</source>
        <translation>Terminal %1</translation>
    </message>
    <message>
        <source>QR code of the page to prepare an application on your phone</source>
        <translation>QR code of the page to prepare an application on your phone</translation>
    </message>
    <message>
        <source>Prepare on your phone: scan, fill in, then show your code here.</source>
        <translation>Prepare on your phone: scan, fill in, then show your code here.</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>End and clear everything you entered?</source>
        <translation>End and clear everything you entered?</translation>
    </message>
    <message>
        <source>Nothing has been sent to the bank yet.</source>
        <translation>Nothing has been sent to the bank yet.</translation>
    </message>
    <message>
        <source>No, go back</source>
        <translation>No, go back</translation>
    </message>
    <message>
        <source>Yes, end and clear</source>
        <translation>Yes, end and clear</translation>
    </message>
</context>
<context>
    <name>ComponentGallery</name>
    <message>
        <source>Please enter your details</source>
        <translation>Please enter your details</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Mobile phone number</source>
        <translation>Mobile phone number</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>CountdownDialog</name>
    <message>
        <source>Do you need more time?</source>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <source>For your security, the session ends in %1 seconds and what you entered is cleared.</source>
        <translation>For your security, the session ends in %1 seconds and what you entered is cleared.</translation>
    </message>
    <message>
        <source>No, end session</source>
        <translation>No, end session</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Yes, I need more time</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <source>Your details</source>
        <translation>Your details</translation>
    </message>
    <message>
        <source>Touch a field to type with the keyboard on the screen.</source>
        <translation>Touch a field to type with the keyboard on the screen.</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>Staff in the branch are also happy to help you.</source>
        <translation>Staff in the branch are also happy to help you.</translation>
    </message>
    <message>
        <source>Call a teller</source>
        <translation>Call a teller</translation>
    </message>
    <message>
        <source>Starts a video call with a bank teller</source>
        <translation>Starts a video call with a bank teller</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>What would you like to do today?</source>
        <translation>What would you like to do today?</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Starting… The services appear here in a moment.</source>
        <translation>Starting… The services appear here in a moment.</translation>
    </message>
    <message>
        <source>No services are available at this terminal right now. Please ask a member of staff.</source>
        <translation>No services are available at this terminal right now. Please ask a member of staff.</translation>
    </message>
</context>
<context>
    <name>JourneyScreen</name>
    <message>
        <source>Sorry, this service is not available right now. Please touch Cancel, or ask a member of staff.</source>
        <translation>Sorry, this service is not available right now. Please touch Cancel, or ask a member of staff.</translation>
    </message>
</context>
<context>
    <name>Journeys</name>
    <message>
        <source>Open an account</source>
        <translation>Open an account</translation>
    </message>
    <message>
        <source>Transfer money</source>
        <translation>Transfer money</translation>
    </message>
    <message>
        <source>Apply for a card</source>
        <translation>Apply for a card</translation>
    </message>
    <message>
        <source>Appointment check-in</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <source>Call a teller</source>
        <translation>Call a teller</translation>
    </message>
    <message>
        <source>Component gallery</source>
        <translation>Component gallery</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation>Choose your language</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Bank self-service terminal</source>
        <translation>Bank self-service terminal</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Touch the screen to begin. You can switch the language and turn on large text with the buttons at the top at any time.</source>
        <translation>Touch the screen to begin. You can switch the language and turn on large text with the buttons at the top at any time.</translation>
    </message>
    <message>
        <source>Touch the language you would like to use. You can change it later with the language button at the top.</source>
        <translation>Touch the language you would like to use. You can change it later with the language button at the top.</translation>
    </message>
    <message>
        <source>Touch the service you need. Touch Cancel at the top to end your session at any time; what you entered is then cleared.</source>
        <translation>Touch the service you need. Touch Cancel at the top to end your session at any time; what you entered is then cleared.</translation>
    </message>
    <message>
        <source>Follow the instructions on the screen. Touch Cancel at the top to stop; what you entered is then cleared.</source>
        <translation>Follow the instructions on the screen. Touch Cancel at the top to stop; what you entered is then cleared.</translation>
    </message>
</context>
<context>
    <name>StepDots</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Step %1 of %2</translation>
    </message>
</context>
<context>
    <name>TellerCallPanel</name>
    <message>
        <source>Video teller</source>
        <translation>Video teller</translation>
    </message>
    <message>
        <source>today %1</source>
        <translation>today %1</translation>
    </message>
    <message>
        <source>tomorrow %1</source>
        <translation>tomorrow %1</translation>
    </message>
    <message>
        <source>on %1 %2</source>
        <translation>on %1 %2</translation>
    </message>
    <message>
        <source>d MMM</source>
        <translation>d MMM</translation>
    </message>
    <message>
        <source>Calling a teller…</source>
        <translation>Calling a teller…</translation>
    </message>
    <message>
        <source>You are number %1 in the queue. Expected wait: about %2 minutes.</source>
        <translation>You are number %1 in the queue. Expected wait: about %2 minutes.</translation>
    </message>
    <message>
        <source>A teller is joining the call…</source>
        <translation>A teller is joining the call…</translation>
    </message>
    <message>
        <source>You are talking to a teller.</source>
        <translation>You are talking to a teller.</translation>
    </message>
    <message>
        <source>The connection was lost. Re-establishing the call… What you entered is kept.</source>
        <translation>The connection was lost. Re-establishing the call… What you entered is kept.</translation>
    </message>
    <message>
        <source>The call has ended.</source>
        <translation>The call has ended.</translation>
    </message>
    <message>
        <source>A teller will call you back %1. Your reference: %2. You may continue or leave.</source>
        <translation>A teller will call you back %1. Your reference: %2. You may continue or leave.</translation>
    </message>
    <message>
        <source>A teller will call you back. You may continue or leave.</source>
        <translation>A teller will call you back. You may continue or leave.</translation>
    </message>
    <message>
        <source>Please see a member of staff in the branch.</source>
        <translation>Please see a member of staff in the branch.</translation>
    </message>
    <message>
        <source>You are continuing on your own.</source>
        <translation>You are continuing on your own.</translation>
    </message>
    <message>
        <source>Video calls are recorded, so that what you agree with the teller can be checked later and to protect you against fraud.</source>
        <translation>Video calls are recorded, so that what you agree with the teller can be checked later and to protect you against fraud.</translation>
    </message>
    <message>
        <source>The teller&apos;s video</source>
        <translation>The teller&apos;s video</translation>
    </message>
    <message>
        <source>Your picture, as the teller sees it</source>
        <translation>Your picture, as the teller sees it</translation>
    </message>
    <message>
        <source>We cannot call this number: a mobile has 11 digits; a landline needs its area code.</source>
        <translation>We cannot call this number: a mobile has 11 digits; a landline needs its area code.</translation>
    </message>
    <message>
        <source>This terminal has no working microphone: the teller cannot hear you, but can see you and will write to you here.</source>
        <translation>This terminal has no working microphone: the teller cannot hear you, but can see you and will write to you here.</translation>
    </message>
    <message>
        <source>The teller suggests changing “%1” to “%2”. Is that right?</source>
        <translation>The teller suggests changing “%1” to “%2”. Is that right?</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Continue on my own</source>
        <translation>Continue on my own</translation>
    </message>
    <message>
        <source>Book a callback</source>
        <translation>Book a callback</translation>
    </message>
    <message>
        <source>See a member of staff</source>
        <translation>See a member of staff</translation>
    </message>
    <message>
        <source>Your phone number</source>
        <translation>Your phone number</translation>
    </message>
    <message>
        <source>A mobile number, or a landline with its area code.</source>
        <translation>A mobile number, or a landline with its area code.</translation>
    </message>
    <message>
        <source>When should we call you?</source>
        <translation>When should we call you?</translation>
    </message>
    <message>
        <source>The callback could not be booked just now. Please try again, or see a member of staff.</source>
        <translation>The callback could not be booked just now. Please try again, or see a member of staff.</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Booking…</translation>
    </message>
    <message>
        <source>Book the callback</source>
        <translation>Book the callback</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Leave the queue</source>
        <translation>Leave the queue</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Terminal controls</source>
        <translation>Terminal controls</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>Explains this screen</source>
        <translation>Explains this screen</translation>
    </message>
    <message>
        <source>Call a teller</source>
        <translation>Call a teller</translation>
    </message>
    <message>
        <source>Starts a video call with a bank teller</source>
        <translation>Starts a video call with a bank teller</translation>
    </message>
    <message>
        <source>Switch language to %1</source>
        <translation>Switch language to %1</translation>
    </message>
    <message>
        <source>Standard text</source>
        <translation>Standard text</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>Larger letters and stronger contrast</source>
        <translation>Larger letters and stronger contrast</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Ends your session and clears what you entered</source>
        <translation>Ends your session and clears what you entered</translation>
    </message>
    <message>
        <source>Ends your session</source>
        <translation>Ends your session</translation>
    </message>
</context>
</TS>
