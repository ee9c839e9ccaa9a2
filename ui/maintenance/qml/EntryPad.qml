// The technician's entry pad: technician id and a one-time code from the hub (or, while the
// hub is away, the technician's PIN).  Then it waits for a customer still mid-journey: a
// small box in the corner then, so the customer can finish (or leave) underneath.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Rectangle {
    id: pad
    required property QtObject vm
    readonly property bool waiting: vm.stage === "waiting"
    color: waiting ? "transparent" : Qt.rgba(0, 0, 0, 0.6)
    MouseArea { anchors.fill: parent; enabled: !pad.waiting }

    Rectangle {
        objectName: "entryBox"
        x: pad.waiting ? parent.width - width - 16 : (parent.width - width) / 2
        y: pad.waiting ? parent.height - height - 16 : (parent.height - height) / 2
        width: pad.waiting ? 420 : 560; height: column.implicitHeight + 48
        radius: Theme.radius
        color: Theme.surface
        ColumnLayout {
            id: column
            anchors { fill: parent; margins: 24 }
            spacing: 16
            Text {
                text: pad.vm.stage === "waiting" ? qsTr("Waiting for the customer to finish")
                                                 : qsTr("Technician entry")
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontLarge; font.bold: true
                color: Theme.text
                Layout.fillWidth: true; wrapMode: Text.Wrap
            }
            KioskTextField {
                id: techId
                objectName: "technicianId"
                visible: pad.vm.stage === "entry"
                label: qsTr("Technician id")
                Layout.fillWidth: true
            }
            KioskTextField {
                id: secret
                objectName: "technicianSecret"
                visible: pad.vm.stage === "entry"
                label: qsTr("One-time code from the hub, or your PIN")
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                maximumLength: 12
                Layout.fillWidth: true
            }
            Text {
                objectName: "entryMessage"
                text: pad.vm.message
                visible: text !== ""
                color: Theme.danger
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                Layout.fillWidth: true; wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 16
                KioskButton {
                    objectName: "entryCancel"
                    text: qsTr("Cancel")
                    variant: "secondary"
                    Layout.fillWidth: true
                    onClicked: pad.vm.cancelEntry()
                }
                KioskButton {
                    objectName: "entryOk"
                    visible: pad.vm.stage === "entry"
                    enabled: pad.vm.busy === "" && techId.text !== "" && secret.text !== ""
                    text: qsTr("Enter")
                    Layout.fillWidth: true
                    onClicked: { pad.vm.submit(techId.text, secret.text); secret.text = "" }
                }
            }
        }
    }
}
