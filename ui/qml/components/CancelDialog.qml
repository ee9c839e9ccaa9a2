// "End and clear everything you entered?": the top bar's Cancel asks before a journey is
// thrown away; No goes back to exactly where the customer was.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

Popup {
    id: dialog
    required property QtObject shell
    objectName: "cancelDialog"
    modal: true
    closePolicy: Popup.NoAutoClose
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 80 : 720, 760)
    padding: 40
    onOpened: Qt.inputMethod.hide()
    visible: shell.cancelAsked

    background: Rectangle {
        radius: Theme.radius * 2
        color: Theme.surface
        border.width: 3
        border.color: Theme.primary
    }
    Overlay.modal: Rectangle { color: Theme.scrim }

    contentItem: ColumnLayout {
        spacing: 24
        Accessible.role: Accessible.AlertMessage
        Accessible.name: qsTr("End and clear everything you entered?")
        KioskLabel {
            objectName: "cancelQuestion"
            Layout.fillWidth: true
            size: "title"
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("End and clear everything you entered?")
        }
        KioskLabel {
            Layout.fillWidth: true
            size: "large"
            horizontalAlignment: Text.AlignHCenter
            color: Theme.textMuted
            text: qsTr("Nothing has been sent to the bank yet.")
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: 24
            KioskButton {
                objectName: "cancelNoButton"
                variant: "secondary"
                iconName: "back"
                text: qsTr("No, go back")
                onClicked: dialog.shell.keepGoing()
            }
            KioskButton {
                objectName: "cancelYesButton"
                variant: "danger"
                iconName: "cancel"
                text: qsTr("Yes, end and clear")
                onClicked: dialog.shell.cancel()
            }
        }
    }
}
