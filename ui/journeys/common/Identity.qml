// Identity: read the ID card on the chip reader, or scan the document (OCR).  A picture shows
// where the card goes.  A card that neither can read: the customer types its number (ID
// keypad, GB 11643 check digit checked) and name; a video teller or staff then check it.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    // The typed form stays open once asked for (kept in the draft across re-renders).
    property bool typing: step.vm.draft.typed_id === "1"
    Image {  // lay the card on the reader (the typed form takes its place)
        objectName: "cardIllustration"
        visible: !step.typing
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
    KioskButton {
        objectName: "typeIdButton"
        Layout.alignment: Qt.AlignHCenter
        variant: "secondary"
        visible: !typed.visible
        text: step.vm.tr["button.type_id"]
        onClicked: { step.vm.setDraft("typed_id", "1"); step.typing = true }
    }
    ColumnLayout {
        id: typed
        objectName: "typedIdForm"
        Layout.fillWidth: true
        visible: step.typing
        KioskTextField {
            id: typedName
            objectName: "field_typed_name"
            Layout.fillWidth: true
            label: step.vm.tr["label.typed_name"]
            text: step.vm.draft.typed_name !== undefined ? step.vm.draft.typed_name : ""
            onTextEdited: step.vm.setDraft("typed_name", text)
            errorText: step.vm.errors.typed_name !== undefined ? step.vm.errors.typed_name : ""
        }
        NumberField {
            id: typedNumber
            objectName: "field_typed_id_number"
            Layout.fillWidth: true
            kind: "id"
            label: step.vm.tr["label.typed_id_number"]
            description: step.vm.tr["label.typed_id_hint"]
            text: step.vm.draft.typed_id_number !== undefined ? step.vm.draft.typed_id_number : ""
            onTextEdited: step.vm.setDraft("typed_id_number", text)
            errorText: step.vm.errors.typed_id_number !== undefined ? step.vm.errors.typed_id_number : ""
        }
        KioskButton {
            objectName: "typedIdNext"
            Layout.alignment: Qt.AlignRight
            iconName: "next"
            text: step.vm.tr["button.type_id_next"]
            enabled: !step.vm.busy
            onClicked: step.vm.submitTypedId(typedNumber.text, typedName.text)
        }
    }
}
