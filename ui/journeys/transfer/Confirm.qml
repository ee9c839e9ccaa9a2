// Confirm screen with every detail; Confirm sends (a second press changes nothing).
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    GridLayout {
        columns: 2
        columnSpacing: Theme.spacing * 2
        KioskLabel { text: step.vm.tr["label.from"] }
        KioskLabel { objectName: "confirmFrom"; size: "large"; text: step.vm.summary.from || "" }
        KioskLabel { text: step.vm.tr["label.to"] }
        KioskLabel { objectName: "confirmTo"; size: "large"; text: (step.vm.summary.to || "") + "  " + (step.vm.summary.payee_name || "") }
        KioskLabel { text: step.vm.tr["label.amount_plain"] }
        KioskLabel { objectName: "confirmAmount"; size: "title"; text: step.vm.summary.amountText || "" }
        KioskLabel { text: step.vm.tr["label.reference"] }
        KioskLabel { objectName: "confirmReference"; text: step.vm.summary.reference || "" }
    }
    footer: RowLayout {
        Layout.fillWidth: true
        KioskButton { objectName: "backButton"; variant: "secondary"; iconName: "back"; text: step.vm.tr["button.back"]; onClicked: step.vm.back() }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "confirmButton"
            iconName: "check"
            text: step.vm.tr["button.confirm"]
            onClicked: step.vm.confirm()
        }
    }
}
