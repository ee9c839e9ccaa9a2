// The receipt's fate: printed (with, in the demo, a picture of the paper the virtual printer
// printed), or the e-receipt QR code to scan.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

RowLayout {
    id: box
    required property QtObject vm
    spacing: Theme.spacing * 2
    ColumnLayout {
        Layout.fillWidth: true
        Layout.alignment: Qt.AlignTop
        spacing: Theme.spacing
        RowLayout {
            spacing: Theme.spacing
            Image {  // take the receipt: a slip coming out of the slot
                visible: box.vm.receipt.printed === true
                Layout.preferredWidth: 144
                Layout.preferredHeight: 120
                sourceSize.width: 144
                sourceSize.height: 120
                source: "image://icon/illus_receipt/" + String(Theme.primary).replace("#", "")
                Accessible.ignored: true
            }
            KioskLabel {
                objectName: "receiptText"
                Layout.fillWidth: true
                size: "large"
                text: box.vm.receipt.text !== undefined ? box.vm.receipt.text : ""
            }
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
    Rectangle {  // the printed paper, as the printer printed it
        objectName: "receiptPicture"
        visible: box.vm.receipt.picture !== undefined && box.vm.receipt.picture !== ""
        Layout.alignment: Qt.AlignTop
        Layout.preferredWidth: 300
        Layout.preferredHeight: Math.min(picture.paintedHeight + 16, 420)
        color: "#ffffff"
        border.width: 2
        border.color: Theme.fieldBorder
        clip: true
        Image {
            id: picture
            x: 8; y: 8
            width: parent.width - 16
            fillMode: Image.PreserveAspectFit
            smooth: true
            source: parent.visible ? box.vm.receipt.picture : ""
            Accessible.role: Accessible.Graphic
            Accessible.name: box.vm.receipt.text !== undefined ? box.vm.receipt.text : ""
        }
    }
}
