// A video teller is checking what the terminal could not settle (a document flagged
// inconsistent); the customer waits here, and may cancel.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    KioskBusyIndicator {
        objectName: "tellerCheckIndicator"
        Layout.alignment: Qt.AlignHCenter
        running: true
        Accessible.name: step.vm.promptText
    }
}
