// The account a pre-filled debit card is issued on (when the customer has several).
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    Repeater {
        model: step.vm.accounts
        delegate: KioskButton {
            required property var modelData
            required property int index
            objectName: "account_" + index
            iconName: "transfer"
            Layout.fillWidth: true
            variant: "secondary"
            text: modelData.masked + "   " + modelData.product + "   " + step.vm.tr["label.balance"]
                  + " " + modelData.balanceText
            enabled: !step.vm.busy
            onClicked: step.vm.chooseAccount(modelData.id)
        }
    }
}
