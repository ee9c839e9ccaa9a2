// Details: the document's fields locked (with where they came from and who can correct
// them), mobile/address/occupation editable (keypad for the mobile number, keyboard else).
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    readonly property var form: vm.form
    readonly property var errs: vm.errors
    // The sex as the screen's language writes it (the card says 男/女, a passport M/F).
    function shown(key, value) {
        if (key !== "sex")
            return value
        const code = value === "男" || value === "M" ? "M" : value === "女" || value === "F" ? "F" : ""
        return code !== "" ? step.vm.tr["sex." + code] : value
    }
    GridLayout {
        columns: 2
        Layout.fillWidth: true
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.grid
        Repeater {
            model: ["name", "sex", "birth_date", "id_number"]
            delegate: KioskTextField {
                required property string modelData
                objectName: "field_" + modelData
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // equal columns
                label: step.vm.tr["label." + modelData]
                text: step.form[modelData] ? step.shown(modelData, step.form[modelData].value) : ""
                locked: true
            }
        }
        KioskLabel {
            objectName: "lockedNote"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            size: "small"
            color: Theme.textMuted
            visible: !step.typing
            text: step.vm.tr[step.vm.documentSource === "ocr" ? "locked.ocr" : "locked.chip"]
        }
        NumberField {
            id: mobile
            objectName: "field_mobile"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            label: step.vm.tr["label.mobile"]
            maximumLength: 11
            validator: RegularExpressionValidator { regularExpression: /1[3-9][0-9]{9}/ }
            text: step.vm.draft.mobile !== undefined ? step.vm.draft.mobile : (step.form.mobile ? step.form.mobile.value : "")
            onTextEdited: step.vm.setDraft("mobile", text)
            errorText: step.errs.mobile !== undefined ? step.errs.mobile : ""
        }
        KioskTextField {
            id: occupation
            objectName: "field_occupation"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            label: step.vm.tr["label.occupation"]
            maximumLength: 100
            text: step.vm.draft.occupation !== undefined ? step.vm.draft.occupation : (step.form.occupation ? step.form.occupation.value : "")
            onTextEdited: step.vm.setDraft("occupation", text)
            errorText: step.errs.occupation !== undefined ? step.errs.occupation : ""
        }
        KioskTextField {
            id: address
            objectName: "field_address"
            Layout.fillWidth: true
            Layout.columnSpan: 2
            label: step.vm.tr["label.address"]
            text: step.vm.draft.address !== undefined ? step.vm.draft.address : (step.form.address ? step.form.address.value : "")
            onTextEdited: step.vm.setDraft("address", text)
            errorText: step.errs.address !== undefined ? step.errs.address : ""
        }
    }
    footer: RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "nextButton"
            Layout.alignment: Qt.AlignRight
            iconName: "next"
            text: step.vm.tr["button.next"]
            enabled: !step.vm.busy
            onClicked: step.vm.submitDetails(mobile.text, address.text, occupation.text)
        }
    }
}
