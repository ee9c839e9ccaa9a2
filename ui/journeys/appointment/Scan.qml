// Appointment check-in: the booking's QR code in front of the camera (read off the GUI
// thread while this screen shows), or the booking code typed.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    RowLayout {
        spacing: Theme.spacing
        Image {
            Layout.preferredWidth: 120
            Layout.preferredHeight: 120
            sourceSize.width: 120
            sourceSize.height: 120
            source: "image://icon/camera/" + String(Theme.primary).replace("#", "")
            Accessible.ignored: true
        }
        KioskLabel {
            objectName: "scanningText"
            Layout.fillWidth: true
            size: "large"
            color: Theme.textMuted
            text: step.vm.scanning ? step.vm.tr["label.scanning"] : ""
        }
    }
    KioskTextField {
        id: code
        objectName: "field_code"
        Layout.fillWidth: true
        label: step.vm.tr["label.booking_code"]
        text: step.vm.draft.code !== undefined ? step.vm.draft.code : ""
        inputMethodHints: Qt.ImhLatinOnly | Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText  // Latin: not Pinyin
        onTextEdited: step.vm.setDraft("code", text)
        errorText: step.vm.errors.code !== undefined ? step.vm.errors.code : ""
    }
    KioskLabel {
        objectName: "cameraError"
        visible: step.vm.errors.camera !== undefined
        color: Theme.danger
        text: step.vm.errors.camera !== undefined ? step.vm.errors.camera : ""
    }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "submitButton"
            iconName: "next"
            Layout.alignment: Qt.AlignRight
            text: step.vm.tr["button.check_in"]
            enabled: code.text.trim() !== ""
            onClicked: step.vm.enterCode(code.text)
        }
    }
}
