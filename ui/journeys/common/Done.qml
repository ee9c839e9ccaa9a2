// Result: the core confirmed. A clear success mark, what was done, then the receipt.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    showMessage: false
    RowLayout {
        spacing: Theme.spacing
        Rectangle {  // success at a glance
            objectName: "successMark"
            Layout.preferredWidth: Theme.fontTitle * 1.8
            Layout.preferredHeight: Layout.preferredWidth
            radius: width / 2
            color: Theme.success
            Accessible.ignored: true
            Image {
                anchors.centerIn: parent
                width: parent.width * 0.62
                height: width
                sourceSize.width: width
                sourceSize.height: height
                source: "image://icon/check/" + String(Theme.onSuccess).replace("#", "")
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.grid
            KioskLabel {
                objectName: "resultAccountNo"
                visible: step.vm.accountNo !== ""
                Layout.fillWidth: true
                size: "title"
                text: step.vm.tr["label.account_no"] + ": " + step.vm.accountNo
            }
            KioskLabel {
                objectName: "resultReference"
                visible: step.vm.reference !== ""
                Layout.fillWidth: true
                size: "large"
                text: step.vm.tr["label.reference"] + ": " + step.vm.reference
            }
        }
    }
    Receipt { vm: step.vm; Layout.fillWidth: true }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "finishButton"
            iconName: "check"
            Layout.alignment: Qt.AlignRight
            text: step.vm.tr["button.done"]
            onClicked: step.vm.leave()
        }
    }
}
