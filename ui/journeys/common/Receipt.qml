// The receipt's fate: printed, or the e-receipt QR code to scan.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

ColumnLayout {
    id: box
    required property QtObject vm
    spacing: Theme.spacing
    KioskLabel {
        objectName: "receiptText"
        Layout.fillWidth: true
        text: box.vm.receipt.text !== undefined ? box.vm.receipt.text : ""
    }
    Image {
        objectName: "eReceiptQr"
        visible: box.vm.receipt.qr !== undefined && box.vm.receipt.qr !== ""
        source: visible ? box.vm.receipt.qrImage : ""
        Layout.preferredWidth: 220
        Layout.preferredHeight: 220
        fillMode: Image.PreserveAspectFit
        Accessible.role: Accessible.Graphic
        Accessible.name: box.vm.receipt.text !== undefined ? box.vm.receipt.text : ""
    }
}
