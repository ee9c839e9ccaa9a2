// Help for the current screen; "call a teller" appears only when video tellers exist.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

Popup {
    id: panel
    required property QtObject shell
    property string helpText: ""
    objectName: "helpPanel"
    modal: true
    closePolicy: Popup.CloseOnPressOutside
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 80 : 800, 860)
    padding: 40
    // The keyboard would cover the dialog's buttons: put it away while the dialog shows.
    onOpened: Qt.inputMethod.hide()
    visible: shell.helpOpen
    onClosed: shell.closeHelp()

    background: Rectangle {
        radius: Theme.radius * 2
        color: Theme.surface
        border.width: 3
        border.color: Theme.primary
    }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.45) }

    contentItem: ColumnLayout {
        spacing: 24
        Accessible.role: Accessible.Dialog
        Accessible.name: qsTr("Help")
        KioskLabel {
            Layout.fillWidth: true
            size: "title"
            text: qsTr("Help")
        }
        KioskLabel {
            objectName: "helpText"
            Layout.fillWidth: true
            size: "large"
            text: panel.helpText
        }
        KioskLabel {
            Layout.fillWidth: true
            color: Theme.textMuted
            text: qsTr("Staff in the branch are also happy to help you.")
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: 24
            KioskButton {
                objectName: "callTellerButton"
                iconName: "call_teller"
                visible: panel.shell.tellerAvailable
                variant: "secondary"
                text: qsTr("Call a teller")
                description: qsTr("Starts a video call with a bank teller")
                onClicked: panel.shell.callTeller()
            }
            KioskButton {
                objectName: "closeHelpButton"
                iconName: "check"
                text: qsTr("Close")
                onClicked: panel.shell.closeHelp()
            }
        }
    }
}
