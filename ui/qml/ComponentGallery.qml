// The shared components on one journey-like step: used by `make screenshots` and the tests
// (it is not a customer journey).  Engineer-facing example of a step screen.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Flickable {
    id: step
    required property QtObject vm
    contentHeight: column.implicitHeight + 80
    clip: true
    ColumnLayout {
        id: column
        x: 60
        y: 40
        width: step.width - 120
        spacing: 24
        KioskLabel { size: "title"; text: qsTr("Please enter your details") }
        KioskTextField {
            objectName: "galleryName"
            Layout.fillWidth: true
            label: qsTr("Full name")
            text: step.vm.name
            onTextEdited: step.vm.name = text
        }
        NumberField {
            objectName: "galleryPhone"
            Layout.fillWidth: true
            label: qsTr("Mobile phone number")
            text: step.vm.phone
            onTextEdited: step.vm.phone = text
        }
        RowLayout {
            spacing: 24
            KioskButton { objectName: "galleryBack"; variant: "secondary"; text: qsTr("Back") }
            KioskButton { objectName: "galleryNext"; text: qsTr("Continue"); onClicked: step.vm.finish("done") }
        }
    }
}
