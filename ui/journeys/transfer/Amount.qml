// The amount (keypad with digits and one decimal point).  Before typing the customer sees
// the balance and the limits; an amount above one asks for a smaller amount here.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    readonly property var info: step.vm.amountInfo
    GridLayout {
        objectName: "amountLimits"
        visible: !step.typing && step.info.perTransaction !== undefined
        columns: 2
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.grid
        KioskLabel { visible: step.info.balance !== undefined; color: Theme.textMuted; text: step.vm.tr["label.balance"] }
        KioskLabel { objectName: "amountBalance"; visible: step.info.balance !== undefined; size: "large"; text: step.info.balance || "" }
        KioskLabel { color: Theme.textMuted; text: step.vm.tr["label.limit_per_transaction"] }
        KioskLabel { objectName: "amountPerTransaction"; text: step.info.perTransaction || "" }
        KioskLabel { color: Theme.textMuted; text: step.vm.tr["label.limit_today_left"] }
        KioskLabel { objectName: "amountTodayLeft"; text: step.info.todayLeft || "" }
        KioskLabel { color: Theme.textMuted; text: step.vm.tr["label.teller_above"] }
        KioskLabel { objectName: "amountTellerAbove"; text: step.info.tellerAbove || "" }
    }
    NumberField {
        id: amount
        objectName: "field_amount"
        kind: "money"
        Layout.fillWidth: true
        label: step.vm.tr["label.amount"]
        text: step.vm.draft.amount !== undefined ? step.vm.draft.amount : ""
        onTextEdited: step.vm.setDraft("amount", text)
        errorText: step.vm.errors.amount !== undefined ? step.vm.errors.amount : ""
    }
    footer: RowLayout {
        Layout.fillWidth: true
        KioskButton { objectName: "backButton"; variant: "secondary"; iconName: "back"; text: step.vm.tr["button.back"]; onClicked: step.vm.back() }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "nextButton"
            iconName: "next"
            text: step.vm.tr["button.next"]
            enabled: !step.vm.busy
            onClicked: step.vm.submitAmount(amount.text)
        }
    }
}
