// "I have a code": the camera looks for the phone's QR code while the customer may type it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    Component.onCompleted: step.vm.scanCode()  // decoded on the camera's worker thread
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing * 2
        Item {  // what the camera sees, so the customer can aim the phone (JPEGs from the worker)
            objectName: "codePreviewFrame"
            Layout.preferredWidth: 320
            Layout.preferredHeight: 240
            Layout.alignment: Qt.AlignTop
            visible: step.vm.scanning
            Rectangle { anchors.fill: parent; color: Theme.surfaceAlt; radius: Theme.radius }
            Image {
                objectName: "codePreview"
                anchors.fill: parent
                visible: step.vm.scanPreview !== ""
                source: step.vm.scanPreview
                cache: false
                fillMode: Image.PreserveAspectFit
                Accessible.role: Accessible.Graphic
                Accessible.name: step.vm.tr["label.scanning"]
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: Theme.spacing
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                KioskBusyIndicator {
                    objectName: "scanningIndicator"
                    running: step.vm.scanning
                    visible: step.vm.scanning
                    Layout.preferredWidth: Theme.touchMin
                    Layout.preferredHeight: Theme.touchMin
                }
                KioskLabel {
                    objectName: "scanningText"
                    Layout.fillWidth: true
                    visible: step.vm.scanning
                    text: step.vm.tr["label.scanning"]
                }
            }
            KioskTextField {
                id: code
                objectName: "field_code"
                Layout.fillWidth: true
                label: step.vm.tr["label.code"]
                maximumLength: 24
                inputMethodHints: Qt.ImhLatinOnly | Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText  // Latin: not Pinyin
                text: step.vm.draft.code !== undefined ? step.vm.draft.code : ""
                onTextEdited: step.vm.setDraft("code", text)
                errorText: step.vm.errors.code !== undefined ? step.vm.errors.code : ""
            }
        }
    }
    footer: RowLayout {
        Layout.fillWidth: true
        KioskButton {
            objectName: "scanButton"
            iconName: "scan"
            variant: "secondary"
            text: step.vm.tr["button.scan_again"]
            enabled: !step.vm.scanning && !step.vm.busy
            onClicked: step.vm.scanCode()
        }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "nextButton"
            iconName: "next"
            text: step.vm.tr["button.next"]
            enabled: !step.vm.busy && code.text.length > 0
            onClicked: step.vm.enterCode(code.text)
        }
    }
}
