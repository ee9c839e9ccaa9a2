// Result: accepted but not confirmed by the core yet (the outbox keeps sending it).
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    showMessage: false
    KioskLabel {
        objectName: "pendingText"
        Layout.fillWidth: true
        size: "large"
        text: step.vm.messageText
    }
    KioskLabel {
        objectName: "resultReference"
        visible: step.vm.reference !== ""
        text: step.vm.tr["label.reference"] + ": " + step.vm.reference
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
