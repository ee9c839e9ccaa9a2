// Terms of the pre-filled account opening: explicit consent and a drawn signature.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    KioskLabel {
        objectName: "termsText"
        Layout.fillWidth: true
        text: step.vm.tr["label.terms_text"]
    }
    KioskCheckBox {
        id: consent
        objectName: "consentBox"
        Layout.fillWidth: true
        text: step.vm.tr["label.consent"]
        errorText: step.vm.errors.consent !== undefined ? step.vm.errors.consent : ""
    }
    SignaturePad {
        id: pad
        objectName: "signaturePad"
        Layout.fillWidth: true
        Layout.preferredHeight: 200
        label: step.vm.tr["label.signature"]
        errorText: step.vm.errors.signature !== undefined ? step.vm.errors.signature : ""
    }
    footer: RowLayout {
        Layout.fillWidth: true
        KioskButton {
            objectName: "clearSignatureButton"
            iconName: "back"
            variant: "secondary"
            text: step.vm.tr["button.clear"]
            onClicked: pad.clear()
        }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "submitButton"
            iconName: "check"
            text: step.vm.tr["button.submit"]
            enabled: !step.vm.busy
            onClicked: step.vm.acceptTerms(consent.checked, pad.strokes)
        }
    }
}
