// The amount (numeric keypad with a decimal point); limits are checked by the machine.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    NumberField {
        id: amount
        objectName: "field_amount"
        decimal: true
        Layout.fillWidth: true
        label: step.vm.tr["label.amount"]
        text: step.vm.draft.amount !== undefined ? step.vm.draft.amount : ""
        onTextEdited: step.vm.setDraft("amount", text)
        errorText: step.vm.errors.amount !== undefined ? step.vm.errors.amount : ""
    }
    footer: RowLayout {
        Layout.fillWidth: true
        KioskButton { objectName: "backButton"; variant: "secondary"; text: step.vm.tr["button.back"]; onClicked: step.vm.back() }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "nextButton"
            text: step.vm.tr["button.next"]
            enabled: !step.vm.busy
            onClicked: step.vm.submitAmount(amount.text)
        }
    }
}
