// The application as the customer filled it in on their phone, to confirm before identity.
// The card is asked for here, so one tap confirms, reads it and starts the face check.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components
import "../common"

StepFrame {
    id: step
    readonly property var s: step.vm.summary
    readonly property var rows: {
        const out = [["code", s.code || ""], ["application", step.vm.tr["kind." + s.kind] || ""]]
        const names = ["mobile", "address", "occupation", "card", "income", "employer"]
        for (let i = 0; i < names.length; ++i) {
            const n = names[i]
            if (s[n] === undefined)
                continue
            out.push([n, n === "card" ? step.vm.tr["label." + s[n]] : String(s[n])])
        }
        return out
    }
    GridLayout {
        objectName: "applicationSummary"
        columns: 2
        Layout.fillWidth: true
        columnSpacing: Theme.spacing * 2
        rowSpacing: Theme.grid
        Repeater {
            model: step.rows
            delegate: KioskTextField {
                required property var modelData
                objectName: "summary_" + modelData[0]
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                label: step.vm.tr["label." + modelData[0]]
                text: modelData[1]
                locked: true
            }
        }
    }
    footer: RowLayout {
        Layout.fillWidth: true
        KioskButton { objectName: "otherCodeButton"; iconName: "back"; variant: "secondary"; text: step.vm.tr["button.other_code"]; enabled: !step.vm.busy; onClicked: step.vm.otherCode() }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "confirmButton"
            iconName: "id_card"
            text: step.vm.tr["button.confirm_read_card"]
            enabled: !step.vm.busy
            onClicked: step.vm.confirmApplication()
        }
    }
}
