// Details: the document's fields locked, mobile/address/occupation editable (virtual keyboard).
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    readonly property var form: vm.form
    readonly property var errs: vm.errors
    GridLayout {
        columns: 2
        Layout.fillWidth: true
        columnSpacing: Theme.spacing * 2
        Repeater {
            model: ["name", "sex", "birth_date", "id_number"]
            delegate: KioskTextField {
                required property string modelData
                objectName: "field_" + modelData
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // equal columns
                label: step.vm.tr["label." + modelData]
                text: step.form[modelData] ? step.form[modelData].value : ""
                readOnly: true
            }
        }
        NumberField {
            id: mobile
            objectName: "field_mobile"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            label: step.vm.tr["label.mobile"]
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
            text: step.vm.tr["button.next"]
            enabled: !step.vm.busy
            onClicked: step.vm.submitDetails(mobile.text, address.text, occupation.text)
        }
    }
}
