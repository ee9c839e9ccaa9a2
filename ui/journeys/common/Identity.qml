// Identity: read the ID card on the chip reader, or scan the document (OCR).  A picture shows
// where the card goes.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    Image {  // lay the card on the reader
        objectName: "cardIllustration"
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: 300
        Layout.preferredHeight: 250
        sourceSize.width: 300
        sourceSize.height: 250
        source: "image://icon/illus_card/" + String(Theme.primary).replace("#", "")
        Accessible.ignored: true
    }
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
