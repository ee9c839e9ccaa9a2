// Payee account number (numeric keypad) and the holder's name.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    NumberField {
        id: account
        objectName: "field_payee_account"
        Layout.fillWidth: true
        label: step.vm.tr["label.payee_account"]
        text: step.vm.draft.payee_account !== undefined ? step.vm.draft.payee_account : ""
        onTextEdited: step.vm.setDraft("payee_account", text)
        errorText: step.vm.errors.payee_account !== undefined ? step.vm.errors.payee_account : ""
    }
    KioskTextField {
        id: name
        objectName: "field_payee_name"
        Layout.fillWidth: true
        label: step.vm.tr["label.payee_name"]
        text: step.vm.draft.payee_name !== undefined ? step.vm.draft.payee_name : ""
        onTextEdited: step.vm.setDraft("payee_name", text)
        errorText: step.vm.errors.payee_name !== undefined ? step.vm.errors.payee_name : ""
    }
    footer: RowLayout {
        Layout.fillWidth: true
        KioskButton { objectName: "backButton"; iconName: "back"; variant: "secondary"; text: step.vm.tr["button.back"]; onClicked: step.vm.back() }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "nextButton"
            iconName: "next"
            text: step.vm.tr["button.next"]
            enabled: !step.vm.busy
            onClicked: step.vm.submitPayee(account.text, name.text)
        }
    }
}
