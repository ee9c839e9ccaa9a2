// "Do you need more time?": shown by the shell after the idle time; no answer ends the session.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

Popup {
    id: dialog
    required property QtObject shell
    objectName: "countdownDialog"
    modal: true
    closePolicy: Popup.NoAutoClose
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 80 : 720, 760)
    padding: 40
    // The keyboard would cover the dialog's buttons: put it away while the dialog shows.
    // Warned through two senses: shown and spoken.
    onOpened: {
        Qt.inputMethod.hide()
        shell.speak(qsTr("Do you need more time?") + " " + countdownText.text)
    }
    visible: shell.warning

    background: Rectangle {
        radius: Theme.radius * 2
        color: Theme.surface
        border.width: 3
        border.color: Theme.primary
    }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, 0.55) }

    contentItem: ColumnLayout {
        spacing: 24
        Accessible.role: Accessible.AlertMessage
        Accessible.name: qsTr("Do you need more time?")
        KioskLabel {
            objectName: "countdownTitle"
            Layout.fillWidth: true
            size: "title"
            text: qsTr("Do you need more time?")
            horizontalAlignment: Text.AlignHCenter
        }
        KioskLabel {
            id: countdownText
            objectName: "countdownText"
            Layout.fillWidth: true
            size: "large"
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("For your security, the session ends in %1 seconds and what you entered is cleared.").arg(dialog.shell.countdown)
            Accessible.role: Accessible.StaticText
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: 24
            KioskButton {
                objectName: "endNowButton"
                iconName: "cancel"
                variant: "secondary"
                text: qsTr("No, end session")
                onClicked: dialog.shell.endNow()
            }
            KioskButton {
                objectName: "moreTimeButton"
                iconName: "clock"
                text: qsTr("Yes, I need more time")
                onClicked: dialog.shell.moreTime()
            }
        }
    }
}
