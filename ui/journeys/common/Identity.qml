// Identity: read the ID card on the chip reader, or scan the document (OCR).
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    RowLayout {
        Layout.alignment: Qt.AlignHCenter
        spacing: Theme.spacing * 2
        KioskButton {
            objectName: "readCardButton"
            iconName: "id_card"
            text: step.vm.tr["button.read_card"]
            enabled: !step.vm.busy
            onClicked: step.vm.readCard()
        }
        KioskButton {
            objectName: "scanButton"
            iconName: "scan"
            variant: "secondary"
            text: step.vm.tr["button.scan"]
            enabled: !step.vm.busy
            onClicked: step.vm.scanDocument()
        }
    }
}
