// The frame of every journey step: the spoken prompt as a heading, the machine's message,
// the step's own content (scrollable, so the virtual keyboard or large text never hides a
// field) and a fixed footer for the step's buttons.
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

    RowLayout {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 24 }
        KioskLabel {
            objectName: "stepPrompt"
            Layout.fillWidth: true
            size: "title"
            text: frame.vm ? frame.vm.promptText : ""
        }
        BusyIndicator {
            objectName: "busyIndicator"
            running: frame.vm ? frame.vm.busy : false
            visible: running
            Accessible.name: "busy"
        }
        KioskButton {
            objectName: "repeatButton"
            variant: "secondary"
            text: frame.vm ? frame.vm.tr["button.repeat"] : ""
            onClicked: frame.vm.repeatGuidance()
        }
    }
    KioskLabel {
        id: message
        objectName: "stepMessage"
        anchors { left: parent.left; right: parent.right; top: header.bottom; margins: 24; topMargin: 8 }
        visible: frame.showMessage && text !== ""
        color: Theme.danger
        size: "large"
        text: frame.vm ? frame.vm.messageText : ""
    }
    Flickable {
        id: scroller
        objectName: "stepScroller"
        anchors { left: parent.left; right: parent.right
                  top: message.visible ? message.bottom : header.bottom; bottom: footerRow.top
                  leftMargin: 24; rightMargin: 24; topMargin: 12; bottomMargin: 12 }
        clip: true
        contentWidth: width
        contentHeight: body.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        ColumnLayout {
            id: body
            width: scroller.width
            spacing: Theme.spacing
        }
    }
    RowLayout {
        id: footerRow
        objectName: "stepFooter"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 24 }
        spacing: Theme.spacing
    }
}
