// Debit card on one of the customer's accounts, or a credit card with income and employer.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    property string kind: step.vm.draft.kind !== undefined ? step.vm.draft.kind : ""
    property int accountId: -1
    RowLayout {
        spacing: Theme.spacing
        KioskButton {
            objectName: "debitButton"
            iconName: "card_application"
            variant: step.kind === "debit" ? "primary" : "secondary"
            text: step.vm.tr["label.debit"]
            onClicked: { step.kind = "debit"; step.vm.setDraft("kind", "debit") }
        }
        KioskButton {
            objectName: "creditButton"
            iconName: "card_application"
            variant: step.kind === "credit" ? "primary" : "secondary"
            text: step.vm.tr["label.credit"]
            onClicked: { step.kind = "credit"; step.vm.setDraft("kind", "credit") }
        }
    }
    Repeater {
        model: step.kind === "debit" ? step.vm.accounts : []
        delegate: KioskButton {
            required property var modelData
            required property int index
            objectName: "cardAccount_" + index
            iconName: "card_application"
            Layout.fillWidth: true
            variant: step.accountId === modelData.id ? "primary" : "secondary"
            text: modelData.masked + "   " + modelData.product
            onClicked: step.accountId = modelData.id
        }
    }
    KioskLabel {
        visible: step.vm.errors.account !== undefined
        color: Theme.danger
        text: step.vm.errors.account !== undefined ? step.vm.errors.account : ""
    }
    NumberField {
        id: income
        objectName: "field_income"
        visible: step.kind === "credit"
        Layout.fillWidth: true
        label: step.vm.tr["label.income"]
        text: step.vm.draft.income !== undefined ? step.vm.draft.income : ""
        onTextEdited: step.vm.setDraft("income", text)
        errorText: step.vm.errors.income !== undefined ? step.vm.errors.income : ""
    }
    KioskTextField {
        id: employer
        objectName: "field_employer"
        visible: step.kind === "credit"
        Layout.fillWidth: true
        label: step.vm.tr["label.employer"]
        text: step.vm.draft.employer !== undefined ? step.vm.draft.employer : ""
        onTextEdited: step.vm.setDraft("employer", text)
        errorText: step.vm.errors.employer !== undefined ? step.vm.errors.employer : ""
    }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "nextButton"
            iconName: "next"
            Layout.alignment: Qt.AlignRight
            text: step.vm.tr["button.next"]
            enabled: !step.vm.busy && step.kind !== ""
            onClicked: step.vm.chooseCard(step.kind, step.accountId, income.text, employer.text)
        }
    }
}
