// Consent to the pre-filled card application's terms (and the credit check).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    KioskLabel {
        Layout.fillWidth: true
        text: step.vm.tr["label.card_terms"]
    }
    KioskCheckBox {
        id: consent
        objectName: "consentBox"
        Layout.fillWidth: true
        text: step.vm.tr["label.consent"]
        errorText: step.vm.errors.consent !== undefined ? step.vm.errors.consent : ""
    }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "submitButton"
            iconName: "check"
            text: step.vm.tr["button.submit"]
            enabled: !step.vm.busy
            onClicked: step.vm.giveConsent(consent.checked)
        }
    }
}
