// Waiting for the video teller's decision on a large transfer: the amount, a busy
// indicator and the prompt; cancel stays possible (nothing was sent).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    KioskLabel {
        objectName: "tellerApprovalAmount"
        size: "title"
        text: (step.vm.summary.amount || "") + " " + (step.vm.summary.currency || "")
    }
    KioskBusyIndicator {
        objectName: "tellerApprovalIndicator"
        Layout.alignment: Qt.AlignHCenter
        running: true
        Accessible.name: step.vm.promptText
    }
}
