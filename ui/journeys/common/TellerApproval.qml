// A video teller approves the step (the bank's policy for a new account); the customer
// waits here, and may cancel.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    KioskBusyIndicator {
        objectName: "tellerApprovalIndicator"
        Layout.alignment: Qt.AlignHCenter
        running: true
        Accessible.name: step.vm.promptText
    }
}
