// The queue ticket: the number large, the service, where to go, people ahead and the
// expected wait; the paper ticket (or its QR code when the printer cannot print).
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    readonly property var t: step.vm.summary
    showMessage: step.t.late === true  // late: the message says why it queues as a walk-in
    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.grid
        KioskLabel {
            objectName: "ticketNumberLabel"
            size: "large"
            text: step.vm.tr["label.ticket_number"]
        }
        KioskLabel {
            objectName: "ticketNumber"
            size: "title"
            font.pixelSize: Theme.fontTitle * 2.4
            font.bold: true
            text: step.t.number !== undefined ? step.t.number : ""
        }
        KioskLabel {
            objectName: "ticketService"
            Layout.fillWidth: true
            size: "large"
            text: step.vm.tr["label.service"] + ": " + (step.t.service !== undefined ? step.t.service : "")
        }
        KioskLabel {
            objectName: "ticketWhere"
            Layout.fillWidth: true
            size: "large"
            text: step.vm.tr["label.where"] + ": " + (step.t.where !== undefined ? step.t.where : "")
        }
        KioskLabel {
            objectName: "ticketWait"
            Layout.fillWidth: true
            text: step.t.number === undefined ? ""
                  : step.vm.tr["label.ahead"].replace("{n}", step.t.ahead) + " · "
                    + step.vm.tr["label.expected_wait"].replace("{n}", step.t.wait_min)
        }
    }
    Receipt { vm: step.vm; Layout.fillWidth: true }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "finishButton"
            iconName: "check"
            Layout.alignment: Qt.AlignRight
            text: step.vm.tr["button.done"]
            onClicked: step.vm.leave()
        }
    }
}
