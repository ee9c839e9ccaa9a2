// Test-only journey step whose careless QML logs what the customer types.
import QtQuick
import components

Column {
    required property QtObject vm
    spacing: 20
    padding: 40
    KioskTextField {
        objectName: "logName"
        width: 600
        label: "Name"
        onTextEdited: { vm.name = text; console.log("typed name=" + text) }
    }
    NumberField {
        objectName: "logPhone"
        width: 600
        label: "Phone"
        onTextEdited: { vm.phone = text; console.log("typed " + text) }
    }
    KioskButton { objectName: "logDone"; text: "Done"; onClicked: vm.submit() }
}
