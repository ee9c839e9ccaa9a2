// The journey ended without a result screen (cancelled, refused, failed, staff, existing
// client): the machine's message says why; Finish returns to the attract screen.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: step
    required property QtObject vm
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: Theme.spacing
        KioskLabel {
            objectName: "endedTitle"
            size: "title"
            text: step.vm.tr["ended.title"]
        }
        KioskLabel {
            objectName: "endedMessage"
            Layout.fillWidth: true
            size: "large"
            text: step.vm.messageText
        }
        Item { Layout.fillHeight: true }
        KioskButton {
            objectName: "finishButton"
            Layout.alignment: Qt.AlignRight
            text: step.vm.tr["button.finish"]
            onClicked: step.vm.leave()
        }
    }
}
