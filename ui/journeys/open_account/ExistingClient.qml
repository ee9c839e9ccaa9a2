// Already a client: say so and show their accounts (masked) instead of a second client.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    Repeater {
        model: step.vm.accounts
        delegate: KioskLabel {
            required property var modelData
            objectName: "existingAccount"
            size: "large"
            text: modelData.masked + "  " + modelData.product + "  " + modelData.balanceText
        }
    }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "finishExistingButton"
            iconName: "check"
            Layout.alignment: Qt.AlignRight
            text: step.vm.tr["button.done"]
            onClicked: step.vm.finishExisting()
        }
    }
}
