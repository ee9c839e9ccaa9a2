// Test-only step: one field of each kind, to check typing behaviour in the real window.
import QtQuick
import QtQuick.Layouts
import components

Item {
    id: step
    required property QtObject vm
    function acceptForm() { vm.submit() }
    ColumnLayout {
        x: 40
        y: 16
        width: 1000
        spacing: 8
        KioskTextField { objectName: "formLocked"; Layout.fillWidth: true; label: "Name"; text: "王小样"; locked: true }
        NumberField { objectName: "formAmount"; kind: "money"; Layout.fillWidth: true; label: "Amount"; errorText: step.vm.amountError }
        NumberField { objectName: "formId"; kind: "id"; Layout.fillWidth: true; label: "ID number" }
        NumberField { objectName: "formPhone"; Layout.fillWidth: true; label: "Phone" }
        KioskTextField { objectName: "formNote"; Layout.fillWidth: true; label: "Note" }
    }
}
