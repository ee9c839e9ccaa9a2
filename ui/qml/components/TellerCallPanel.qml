// The video-teller call, docked over every screen: queue position and wait, the recording
// notice before the call connects, the teller's video, the teller's correction proposals
// (Yes/No) and help pages, and the choices once the queue wait ran out.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

Rectangle {
    id: panel
    required property QtObject call
    objectName: "tellerCallPanel"
    visible: call.state !== "idle" || call.outcome !== ""
    width: 460
    implicitHeight: column.implicitHeight + 40
    // Never taller than the room above the keyboard (or the window's bottom): the content
    // scrolls (large text, the forms) and a focused field is scrolled into view.
    property real bottomLimit: parent ? parent.height : implicitHeight
    height: Math.min(implicitHeight, bottomLimit - y - 12)
    radius: Theme.radius * 2
    color: Theme.surface
    border.width: 3
    border.color: Theme.primary
    Accessible.role: Accessible.Dialog
    Accessible.name: qsTr("Video teller")

    readonly property bool inCall: call.state === "connecting" || call.state === "connected"
                                    || call.state === "reconnecting"

    // "Today 14:00–16:00", "Tomorrow 09:00–11:00", else the date.
    function windowText(w) {
        const start = new Date(w.start), end = new Date(w.end), today = new Date()
        const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1)
        const times = Qt.formatTime(start, "hh:mm") + "–" + Qt.formatTime(end, "hh:mm")
        if (start.toDateString() === today.toDateString())
            return qsTr("today %1").arg(times)
        if (start.toDateString() === tomorrow.toDateString())
            return qsTr("tomorrow %1").arg(times)
        return qsTr("on %1 %2").arg(Qt.formatDate(start, qsTr("d MMM"))).arg(times)
    }

    // A question the customer must answer (a proposal, a help page) is scrolled into view:
    // with the video, the chat and the microphone notice above it, it can start below the fold.
    function reveal(item) {
        if (!item.visible)
            return
        const top = item.mapToItem(column, 0, 0).y + column.y
        const bottom = top + item.height
        const maxY = Math.max(0, scroller.contentHeight - scroller.height)
        if (bottom > scroller.contentY + scroller.height)
            scroller.contentY = Math.min(maxY, bottom - scroller.height + 20)
        if (top < scroller.contentY)
            scroller.contentY = Math.max(0, top - 20)
    }

    Timer {  // asks for the teller's next frame; the image loads off the GUI thread
        interval: 100
        repeat: true
        running: panel.visible && panel.call.state === "connected"
        onTriggered: panel.call.nextFrame()
    }

    Flickable {
        id: scroller
        objectName: "tellerCallScroller"
        anchors.fill: parent
        clip: true
        contentHeight: column.implicitHeight + 40
        boundsBehavior: Flickable.StopAtBounds
        ColumnLayout {
            id: column
            x: 20
            y: 20
            width: scroller.width - 40
            spacing: 14

            KioskLabel {
                objectName: "tellerCallStatus"
                Layout.fillWidth: true
                size: "large"
                text: {
                    switch (panel.call.state) {
                    case "calling": return qsTr("Calling a teller…")
                    case "queued": return qsTr("You are number %1 in the queue. Expected wait: about %2 minutes.")
                                       .arg(panel.call.position).arg(Math.max(1, Math.ceil(panel.call.waitSeconds / 60)))
                    case "connecting": return qsTr("A teller is joining the call…")
                    case "connected": return qsTr("You are talking to a teller.")
                    case "reconnecting": return qsTr("The connection was lost. Re-establishing the call… What you entered is kept.")
                    case "ended": return qsTr("The call has ended.")
                    }
                    switch (panel.call.outcome) {
                    case "callback": return panel.call.booked.reference
                                       ? qsTr("A teller will call you back %1. Your reference: %2. You may continue or leave.")
                                             .arg(panel.windowText(panel.call.booked)).arg(panel.call.booked.reference)
                                       : qsTr("A teller will call you back. You may continue or leave.")
                    case "see_staff": return qsTr("Please see a member of staff in the branch.")
                    case "continue_alone": return qsTr("You are continuing on your own.")
                    }
                    return ""
                }
            }
            KioskLabel {
                objectName: "tellerRecordingNotice"
                Layout.fillWidth: true
                visible: (panel.call.state === "calling" || panel.call.state === "queued"
                          || panel.call.state === "connecting") && !panel.call.callbackForm
                color: Theme.textMuted
                text: qsTr("Video calls are recorded, so that what you agree with the teller can be checked later and to protect you against fraud.")
            }
            // No microphone: said plainly, not covered by a tone; the teller writes instead.
            KioskLabel {
                objectName: "tellerNoMicrophone"
                Layout.fillWidth: true
                visible: panel.inCall && !panel.call.microphoneLive
                color: Theme.danger
                text: qsTr("This terminal has no working microphone: the teller cannot hear you, but can see you and will write to you here.")
            }
            Image {
                objectName: "tellerVideo"
                Layout.fillWidth: true
                Layout.preferredHeight: width * 3 / 4
                visible: panel.inCall
                asynchronous: true
                cache: false
                fillMode: Image.PreserveAspectFit
                source: panel.inCall ? "image://teller/remote/" + panel.call.frames : ""
                Accessible.role: Accessible.Graphic
                Accessible.name: qsTr("The teller's video")
            }
            Image {  // the customer's own picture, as the teller sees it
                objectName: "customerPreview"
                Layout.alignment: Qt.AlignRight
                Layout.preferredWidth: 160
                Layout.preferredHeight: 120
                visible: panel.inCall
                asynchronous: true
                cache: false
                fillMode: Image.PreserveAspectFit
                source: panel.inCall ? "image://teller/self/" + panel.call.frames : ""
                Accessible.role: Accessible.Graphic
                Accessible.name: qsTr("Your picture, as the teller sees it")
            }

            KioskLabel {
                objectName: "tellerChat"
                Layout.fillWidth: true
                visible: panel.inCall && panel.call.chatText !== ""
                text: panel.call.chatText
            }

            // A teller's correction counts only once the customer says Yes.
            ColumnLayout {
                id: proposalBox
                objectName: "tellerProposal"
                visible: panel.call.proposal.field !== undefined
                Layout.fillWidth: true
                onVisibleChanged: Qt.callLater(panel.reveal, proposalBox)
                onHeightChanged: Qt.callLater(panel.reveal, proposalBox)
                KioskLabel {
                    objectName: "tellerProposalText"
                    Layout.fillWidth: true
                    text: qsTr("The teller suggests changing “%1” to “%2”. Is that right?")
                          .arg(panel.call.proposal.field || "").arg(panel.call.proposal.value || "")
                }
                RowLayout {
                    KioskButton { objectName: "proposalYes"; text: qsTr("Yes"); onClicked: panel.call.answerProposal(true) }
                    KioskButton { objectName: "proposalNo"; variant: "secondary"; text: qsTr("No"); onClicked: panel.call.answerProposal(false) }
                }
            }

            ColumnLayout {
                id: helpBox
                objectName: "tellerHelpPage"
                visible: panel.call.helpPage.title !== undefined
                Layout.fillWidth: true
                onVisibleChanged: Qt.callLater(panel.reveal, helpBox)
                KioskLabel { objectName: "tellerHelpTitle"; Layout.fillWidth: true; size: "large"; text: panel.call.helpPage.title || "" }
                KioskLabel { objectName: "tellerHelpBody"; Layout.fillWidth: true; text: panel.call.helpPage.body || "" }
                KioskButton { objectName: "tellerHelpClose"; variant: "secondary"; text: qsTr("Close"); onClicked: panel.call.closeHelpPage() }
            }

            // No teller free in time: the customer chooses how to go on (the call may stay queued).
            ColumnLayout {
                objectName: "tellerQueueChoices"
                visible: panel.call.queueTimedOut && panel.call.state === "queued" && !panel.call.callbackForm
                Layout.fillWidth: true
                KioskButton { objectName: "continueAlone"; Layout.fillWidth: true; text: qsTr("Continue on my own"); onClicked: panel.call.chooseAfterWait("continue_alone") }
                KioskButton { objectName: "bookCallback"; Layout.fillWidth: true; variant: "secondary"; text: qsTr("Book a callback"); onClicked: panel.call.chooseAfterWait("callback") }
                KioskButton { objectName: "seeStaff"; Layout.fillWidth: true; variant: "secondary"; text: qsTr("See a member of staff"); onClicked: panel.call.chooseAfterWait("see_staff") }
            }

            // Book a callback: a phone number and a time window; only what is typed here is kept.
            ColumnLayout {
                id: callbackForm
                objectName: "callbackForm"
                visible: panel.call.callbackForm
                Layout.fillWidth: true
                spacing: 10
                property int chosen: 0
                NumberField {
                    id: callbackPhone
                    objectName: "callbackPhone"
                    Layout.fillWidth: true
                    label: qsTr("Your phone number")
                    description: qsTr("A mobile number, or a landline with its area code.")
                    maximumLength: 14
                    errorText: panel.call.callbackError === "phone"
                               ? qsTr("We cannot call this number: a mobile has 11 digits; a landline needs its area code.")
                               : ""
                    onAccepted: panel.call.bookCallback(text, callbackForm.chosen)
                }
                KioskLabel { Layout.fillWidth: true; text: qsTr("When should we call you?") }
                Repeater {
                    model: panel.call.callbackWindows
                    KioskButton {
                        required property var modelData
                        required property int index
                        objectName: "callbackWindow_" + index
                        Layout.fillWidth: true
                        variant: callbackForm.chosen === index ? "primary" : "secondary"
                        checkable: true
                        checked: callbackForm.chosen === index
                        text: { const t = panel.windowText(modelData); return t.charAt(0).toUpperCase() + t.slice(1) }
                        onClicked: callbackForm.chosen = index
                    }
                }
                KioskLabel {
                    objectName: "callbackFailed"
                    Layout.fillWidth: true
                    visible: panel.call.callbackError === "failed"
                    color: Theme.danger
                    text: qsTr("The callback could not be booked just now. Please try again, or see a member of staff.")
                }
                RowLayout {
                    KioskButton {
                        objectName: "callbackConfirm"
                        enabled: !panel.call.callbackBusy
                        text: panel.call.callbackBusy ? qsTr("Booking…") : qsTr("Book the callback")
                        onClicked: panel.call.bookCallback(callbackPhone.text, callbackForm.chosen)
                    }
                    KioskButton {
                        objectName: "callbackBack"
                        variant: "secondary"
                        text: qsTr("Back")
                        onClicked: panel.call.closeCallbackForm()
                    }
                }
            }

            KioskButton {
                objectName: "hangUpButton"
                Layout.alignment: Qt.AlignRight
                variant: "danger"
                visible: panel.call.state !== "idle" && panel.call.state !== "ended"
                text: panel.call.state === "queued" || panel.call.state === "calling" ? qsTr("Leave the queue") : qsTr("Hang up")
                onClicked: panel.call.hangUp()
            }
        }
    }
}
