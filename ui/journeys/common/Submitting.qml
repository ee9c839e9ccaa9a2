// Sending to the bank: no input, no cancel (the shell's cancel is refused by the machine).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    KioskBusyIndicator {
        objectName: "submittingIndicator"
        Layout.alignment: Qt.AlignHCenter
        running: true
        Accessible.name: step.vm.promptText
    }
}
