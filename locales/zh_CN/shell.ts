<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArrivalPanel</name>
    <message>
        <source>Check in for your appointment.</source>
        <translation>为您的预约办理签到。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>验证码</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Confirm with my ID card</source>
        <translation>用身份证确认</translation>
    </message>
    <message>
        <source>Done. This terminal will recognise you next time; you can stop it here at any time.</source>
        <translation>已完成。下次您来时，本行的终端会认出您；您可以随时在此停止。</translation>
    </message>
    <message>
        <source>Done. Your face template has been deleted.</source>
        <translation>已完成。您的人脸模板已删除。</translation>
    </message>
    <message>
        <source>Go on with the ticket you took.</source>
        <translation>继续办理您已取的号。</translation>
    </message>
    <message>
        <source>I agree: insert ID card</source>
        <translation>我同意：请放入身份证</translation>
    </message>
    <message>
        <source>Mobile number for codes (optional)</source>
        <translation>接收验证码的手机号（可选）</translation>
    </message>
    <message>
        <source>No phone number was given: please use your ID card.</source>
        <translation>未登记手机号：请使用身份证确认。</translation>
    </message>
    <message>
        <source>Not me</source>
        <translation>不是我</translation>
    </message>
    <message>
        <source>Nothing is waiting for you today.</source>
        <translation>今天没有待办事项。</translation>
    </message>
    <message>
        <source>Recognise me next time</source>
        <translation>下次刷脸识别我</translation>
    </message>
    <message>
        <source>Send a code to my phone</source>
        <translation>发送验证码到我的手机</translation>
    </message>
    <message>
        <source>Stop recognising me</source>
        <translation>停止刷脸识别</translation>
    </message>
    <message>
        <source>That code is not right. Please try again.</source>
        <translation>验证码不正确，请重试。</translation>
    </message>
    <message>
        <source>This is not available right now.</source>
        <translation>此功能暂时不可用。</translation>
    </message>
    <message>
        <source>To see your details, confirm it is you.</source>
        <translation>请先确认是您本人，才会显示您的信息。</translation>
    </message>
    <message>
        <source>Waiting for you:</source>
        <translation>您的待办事项：</translation>
    </message>
    <message>
        <source>We could not confirm it is you. Please start as usual.</source>
        <translation>无法确认是您本人，请按常规方式开始。</translation>
    </message>
    <message>
        <source>We sent a code to %1.</source>
        <translation>验证码已发送至 %1。</translation>
    </message>
    <message>
        <source>Welcome back. Continue where you left off.</source>
        <translation>欢迎回来。继续办理上次的业务。</translation>
    </message>
    <message>
        <source>With your consent this branch's terminals recognise your face when you step up and suggest what you came for. Nothing is shown until you confirm with your ID card or a code sent to your phone. Your face template is kept encrypted and is deleted as soon as you stop it, here at any terminal.</source>
        <translation>经您同意，本网点的终端会在您走近时识别您的面孔，并推荐您要办理的业务。在您用身份证或手机验证码确认之前，屏幕上不会显示任何个人信息。您的人脸模板加密保存，您在任何一台终端上停止后立即删除。</translation>
    </message>
    <message>
        <source>You were not registered for recognition.</source>
        <translation>您未登记刷脸识别。</translation>
    </message>
    <message>
        <source>Your account opening is ready to complete.</source>
        <translation>您的开户申请可以完成了。</translation>
    </message>
    <message>
        <source>Your card application is ready to complete.</source>
        <translation>您的办卡申请可以完成了。</translation>
    </message>
    <message>
        <source>Your face could not be checked against your ID card. Nothing was kept.</source>
        <translation>未能将您的面孔与身份证照片核对成功，未保存任何信息。</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Open a savings account in a few minutes with your resident ID card.</source>
        <translation>持居民身份证，几分钟即可开立储蓄账户。</translation>
    </message>
    <message>
        <source>Transfer money from your own account to another account.</source>
        <translation>从您本人的账户转账到其他账户。</translation>
    </message>
    <message>
        <source>Apply for a debit card or a credit card.</source>
        <translation>申请借记卡或信用卡。</translation>
    </message>
    <message>
        <source>Never share your password or verification codes with anyone, including bank staff.</source>
        <translation>请勿向任何人（包括银行工作人员）透露您的密码或验证码。</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>Touch to start</source>
        <translation>触摸屏幕开始</translation>
    </message>
    <message>
        <source>Starts your session</source>
        <translation>开始办理业务</translation>
    </message>
    <message>
        <source>Terminal %1</source>
        <translation>终端 %1</translation>
    </message>
    <message>
        <source>QR code of the page to prepare an application on your phone</source>
        <translation>在手机上预填申请的网页二维码</translation>
    </message>
    <message>
        <source>Prepare on your phone: scan, fill in, then show your code here.</source>
        <translation>手机扫码预填申请，到此出示预填码即可办理。</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>End and clear everything you entered?</source>
        <translation>结束办理并清除您输入的全部信息吗？</translation>
    </message>
    <message>
        <source>Nothing has been sent to the bank yet.</source>
        <translation>尚未向银行提交任何内容。</translation>
    </message>
    <message>
        <source>No, go back</source>
        <translation>不，返回</translation>
    </message>
    <message>
        <source>Yes, end and clear</source>
        <translation>是，结束并清除</translation>
    </message>
</context>
<context>
    <name>ComponentGallery</name>
    <message>
        <source>Please enter your details</source>
        <translation>请填写您的信息</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile phone number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>CountdownDialog</name>
    <message>
        <source>Do you need more time?</source>
        <translation>您需要更多时间吗？</translation>
    </message>
    <message>
        <source>For your security, the session ends in %1 seconds and what you entered is cleared.</source>
        <translation>为保护您的信息安全，本次服务将在 %1 秒后结束，您输入的信息将被清除。</translation>
    </message>
    <message>
        <source>No, end session</source>
        <translation>不用，结束服务</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>需要，请继续</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <source>Your details</source>
        <translation>您的信息</translation>
    </message>
    <message>
        <source>Touch a field to type with the keyboard on the screen.</source>
        <translation>触摸输入框，即可使用屏幕键盘输入。</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Staff in the branch are also happy to help you.</source>
        <translation>大堂工作人员也随时乐意为您服务。</translation>
    </message>
    <message>
        <source>Call a teller</source>
        <translation>呼叫柜员</translation>
    </message>
    <message>
        <source>Starts a video call with a bank teller</source>
        <translation>与银行柜员进行视频通话</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>What would you like to do today?</source>
        <translation>请问您今天要办理什么业务？</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Starting… The services appear here in a moment.</source>
        <translation>正在启动…业务菜单稍后将显示在这里。</translation>
    </message>
    <message>
        <source>No services are available at this terminal right now. Please ask a member of staff.</source>
        <translation>本终端暂时无法办理业务，请咨询大堂工作人员。</translation>
    </message>
</context>
<context>
    <name>JourneyScreen</name>
    <message>
        <source>Sorry, this service is not available right now. Please touch Cancel, or ask a member of staff.</source>
        <translation>抱歉，该业务暂时无法办理。请触摸“取消”，或咨询大堂工作人员。</translation>
    </message>
</context>
<context>
    <name>Journeys</name>
    <message>
        <source>Open an account</source>
        <translation>开立账户</translation>
    </message>
    <message>
        <source>Transfer money</source>
        <translation>转账汇款</translation>
    </message>
    <message>
        <source>Apply for a card</source>
        <translation>申请银行卡</translation>
    </message>
    <message>
        <source>Appointment check-in</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <source>Call a teller</source>
        <translation>呼叫柜员</translation>
    </message>
    <message>
        <source>Component gallery</source>
        <translation>组件示例</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation>请选择语言</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Bank self-service terminal</source>
        <translation>银行自助终端</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>业务办理</translation>
    </message>
    <message>
        <source>Touch the screen to begin. You can switch the language and turn on large text with the buttons at the top at any time.</source>
        <translation>请触摸屏幕开始。您可随时使用顶部按钮切换语言或开启大字模式。</translation>
    </message>
    <message>
        <source>Touch the language you would like to use. You can change it later with the language button at the top.</source>
        <translation>请触摸您要使用的语言。之后也可以通过顶部的语言按钮随时切换。</translation>
    </message>
    <message>
        <source>Touch the service you need. Touch Cancel at the top to end your session at any time; what you entered is then cleared.</source>
        <translation>请触摸您需要办理的业务。触摸顶部的“取消”可随时结束服务，您输入的信息将被清除。</translation>
    </message>
    <message>
        <source>Follow the instructions on the screen. Touch Cancel at the top to stop; what you entered is then cleared.</source>
        <translation>请按屏幕提示操作。触摸顶部的“取消”可随时停止，您输入的信息将被清除。</translation>
    </message>
</context>
<context>
    <name>StepDots</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
</context>
<context>
    <name>TellerCallPanel</name>
    <message>
        <source>Video teller</source>
        <translation>视频柜员</translation>
    </message>
    <message>
        <source>today %1</source>
        <translation>今天 %1</translation>
    </message>
    <message>
        <source>tomorrow %1</source>
        <translation>明天 %1</translation>
    </message>
    <message>
        <source>on %1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>d MMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Calling a teller…</source>
        <translation>正在呼叫柜员…</translation>
    </message>
    <message>
        <source>You are number %1 in the queue. Expected wait: about %2 minutes.</source>
        <translation>您前面排第 %1 位，预计等待约 %2 分钟。</translation>
    </message>
    <message>
        <source>A teller is joining the call…</source>
        <translation>柜员正在接入…</translation>
    </message>
    <message>
        <source>You are talking to a teller.</source>
        <translation>您正在与柜员通话。</translation>
    </message>
    <message>
        <source>The connection was lost. Re-establishing the call… What you entered is kept.</source>
        <translation>连接中断，正在重新建立通话…您填写的内容已保留。</translation>
    </message>
    <message>
        <source>The call has ended.</source>
        <translation>通话已结束。</translation>
    </message>
    <message>
        <source>A teller will call you back %1. Your reference: %2. You may continue or leave.</source>
        <translation>柜员将在%1给您回电。预约编号：%2。您可以继续办理或离开。</translation>
    </message>
    <message>
        <source>A teller will call you back. You may continue or leave.</source>
        <translation>柜员将给您回电。您可以继续办理或离开。</translation>
    </message>
    <message>
        <source>Please see a member of staff in the branch.</source>
        <translation>请到网点柜台找工作人员办理。</translation>
    </message>
    <message>
        <source>You are continuing on your own.</source>
        <translation>您将自行继续办理。</translation>
    </message>
    <message>
        <source>Video calls are recorded, so that what you agree with the teller can be checked later and to protect you against fraud.</source>
        <translation>视频通话将被录音录像，以便日后核对您与柜员确认的内容，并保护您免受欺诈。</translation>
    </message>
    <message>
        <source>The teller&apos;s video</source>
        <translation>柜员视频</translation>
    </message>
    <message>
        <source>Your picture, as the teller sees it</source>
        <translation>您的画面（柜员看到的）</translation>
    </message>
    <message>
        <source>We cannot call this number: a mobile has 11 digits; a landline needs its area code.</source>
        <translation>无法拨打这个号码：手机号码为 11 位数字，固定电话请加区号。</translation>
    </message>
    <message>
        <source>This terminal has no working microphone: the teller cannot hear you, but can see you and will write to you here.</source>
        <translation>本机麦克风无法使用：柜员听不到您的声音，但能看到您，并会在这里给您发文字。</translation>
    </message>
    <message>
        <source>The teller suggests changing “%1” to “%2”. Is that right?</source>
        <translation>柜员建议将“%1”改为“%2”，是否正确？</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Continue on my own</source>
        <translation>自行继续办理</translation>
    </message>
    <message>
        <source>Book a callback</source>
        <translation>预约回电</translation>
    </message>
    <message>
        <source>See a member of staff</source>
        <translation>找工作人员</translation>
    </message>
    <message>
        <source>Your phone number</source>
        <translation>您的电话号码</translation>
    </message>
    <message>
        <source>A mobile number, or a landline with its area code.</source>
        <translation>手机号码，或带区号的固定电话。</translation>
    </message>
    <message>
        <source>When should we call you?</source>
        <translation>您希望我们什么时候给您回电？</translation>
    </message>
    <message>
        <source>The callback could not be booked just now. Please try again, or see a member of staff.</source>
        <translation>暂时无法预约回电。请再试一次，或找工作人员。</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>正在预约…</translation>
    </message>
    <message>
        <source>Book the callback</source>
        <translation>预约回电</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Leave the queue</source>
        <translation>退出排队</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Terminal controls</source>
        <translation>终端操作栏</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Explains this screen</source>
        <translation>说明本页面的操作</translation>
    </message>
    <message>
        <source>Call a teller</source>
        <translation>呼叫柜员</translation>
    </message>
    <message>
        <source>Starts a video call with a bank teller</source>
        <translation>与银行柜员开始视频通话</translation>
    </message>
    <message>
        <source>Switch language to %1</source>
        <translation>切换语言为 %1</translation>
    </message>
    <message>
        <source>Standard text</source>
        <translation>标准字号</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
    <message>
        <source>Larger letters and stronger contrast</source>
        <translation>放大文字并增强对比度</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Ends your session and clears what you entered</source>
        <translation>结束本次服务并清除您输入的信息</translation>
    </message>
    <message>
        <source>Ends your session</source>
        <translation>结束本次办理</translation>
    </message>
</context>
</TS>
