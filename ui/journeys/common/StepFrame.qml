// The frame of every journey step: the spoken prompt as a heading, the machine's message,
// the step's own content (scrollable, so the virtual keyboard or large text never hides a
// field) and a fixed footer for the step's buttons.  While the keyboard is up the prompt
// shrinks and the message (the fields carry their own errors) and Repeat step aside, so the
// focused field, its label, its error and Next stay above the keyboard.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: frame
    required property QtObject vm
    default property alias content: body.data
    property alias footer: footerRow.data
    property bool showMessage: true
    readonly property bool typing: Qt.inputMethod.visible
    readonly property int gap: typing ? Theme.grid : Theme.margin

    // Enter on the last field: press the step's main button, as the customer would.
    function acceptForm() {
        const names = ["nextButton", "submitButton", "confirmButton"]
        const stack = [footerRow]
        while (stack.length) {
            const it = stack.pop()
            if (names.indexOf(it.objectName) >= 0 && it.visible && it.enabled) {
                Qt.inputMethod.hide()
                it.clicked()
                return true
            }
            for (let i = 0; i < it.children.length; ++i)
                stack.push(it.children[i])
        }
        return false
    }

    RowLayout {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top
                  leftMargin: Theme.margin; rightMargin: Theme.margin; topMargin: frame.gap }
        spacing: Theme.spacing
        KioskLabel {
            objectName: "stepPrompt"
            Layout.fillWidth: true
            size: frame.typing ? "small" : "title"
            maximumLineCount: frame.typing ? 2 : 6
            text: frame.vm ? frame.vm.promptText : ""
            Accessible.role: Accessible.Heading
        }
        KioskBusyIndicator {
            id: busyMark
            objectName: "busyIndicator"
            // Anything taking over 300 ms shows it; a quicker answer does not flicker.
            property bool late: false
            readonly property bool busy: frame.vm ? frame.vm.busy : false
            onBusyChanged: { late = false; if (busy) lateTimer.restart() }
            Timer { id: lateTimer; interval: 300; onTriggered: busyMark.late = busyMark.busy }
            running: busy && late
            visible: running
            Layout.preferredWidth: Theme.touchMin
            Layout.preferredHeight: Theme.touchMin
            Accessible.name: frame.vm ? frame.vm.tr["busy"] : ""
        }
        KioskButton {
            objectName: "repeatButton"
            variant: "secondary"
            visible: !frame.typing
            iconName: "repeat"
            text: frame.vm ? frame.vm.tr["button.repeat"] : ""
            onClicked: frame.vm.repeatGuidance()
        }
    }
    KioskLabel {
        id: message
        objectName: "stepMessage"
        anchors { left: parent.left; right: parent.right; top: header.bottom
                  leftMargin: Theme.margin; rightMargin: Theme.margin; topMargin: Theme.grid }
        // Not twice: a message that is also a field's error shows at the field only.
        readonly property bool atField: {
            const errs = frame.vm ? frame.vm.errors : ({})
            for (const k in errs)
                if (errs[k] === text)
                    return true
            return false
        }
        visible: frame.showMessage && !frame.typing && text !== "" && !atField
        color: Theme.danger
        size: "large"
        text: frame.vm ? frame.vm.messageText : ""
    }
    Flickable {
        id: scroller
        objectName: "stepScroller"
        anchors { left: parent.left; right: parent.right
                  top: message.visible ? message.bottom : header.bottom; bottom: footerRow.top
                  leftMargin: Theme.margin; rightMargin: Theme.margin
                  topMargin: frame.gap / 2; bottomMargin: frame.gap / 2 }
        clip: true
        contentWidth: width
        contentHeight: body.implicitHeight + 8
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: scroller.contentHeight > scroller.height }
        ColumnLayout {
            id: body
            x: 0
            y: 4  // room for a focused field's 3 px ring
            width: scroller.width
            spacing: Theme.spacing
        }
    }
    RowLayout {
        id: footerRow
        objectName: "stepFooter"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  leftMargin: Theme.margin; rightMargin: Theme.margin; bottomMargin: frame.gap }
        spacing: Theme.spacing
    }
}
