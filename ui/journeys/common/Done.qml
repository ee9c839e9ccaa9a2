// Result: the core confirmed. Shows what was done, then the receipt.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    showMessage: false
    KioskLabel {
        objectName: "resultAccountNo"
        visible: step.vm.accountNo !== ""
        size: "title"
        text: step.vm.tr["label.account_no"] + ": " + step.vm.accountNo
    }
    KioskLabel {
        objectName: "resultReference"
        visible: step.vm.reference !== ""
        text: step.vm.tr["label.reference"] + ": " + step.vm.reference
    }
    Receipt { vm: step.vm }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "finishButton"
            iconName: "check"
            Layout.alignment: Qt.AlignRight
            text: step.vm.tr["button.finish"]
            onClicked: step.vm.leave()
        }
    }
}
