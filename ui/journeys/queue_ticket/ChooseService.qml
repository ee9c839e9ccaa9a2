// Take a ticket: one large button per service.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    GridLayout {
        columns: 2
        rowSpacing: Theme.spacing
        columnSpacing: Theme.spacing
        Layout.fillWidth: true
        Repeater {
            model: step.vm.serviceChoices
            delegate: KioskButton {
                required property var modelData
                objectName: "service_" + modelData.code
                Layout.fillWidth: true
                iconName: "receipt"
                variant: "secondary"
                text: modelData.name
                enabled: !step.vm.busy
                onClicked: step.vm.chooseService(modelData.code)
            }
        }
    }
    KioskLabel {
        visible: step.vm.errors.service !== undefined
        color: Theme.danger
        text: step.vm.errors.service !== undefined ? step.vm.errors.service : ""
    }
}
