// The diagnostics mode over every screen: two hidden corner areas (long press top-left,
// then bottom-right), the "out of service for maintenance" cover on the attract screen,
// the technician's entry pad and the diagnostics screens.  vm: ui.maintenance.viewmodel.
import QtQuick
import QtQuick.Controls
import Kiosk

Item {
    id: root
    required property QtObject shell
    required property QtObject vm

    // Hidden corners: passive tap handlers, so a customer's touch still reaches the button
    // underneath; only a 2-second hold counts.
    Repeater {
        model: ["top_left", "bottom_right"]
        delegate: Item {
            required property string modelData
            objectName: "corner_" + modelData
            // Small, in the screen's very corner: the tap handler still takes the press from
            // a button underneath (the bottom-right Next button), so no control may sit here.
            width: 32; height: 32
            x: modelData === "top_left" ? 0 : root.width - width
            y: modelData === "top_left" ? 0 : root.height - height
            z: 2000
            TapHandler {
                gesturePolicy: TapHandler.DragThreshold
                longPressThreshold: 2.0
                onLongPressed: root.vm.cornerHeld(parent.modelData)
            }
        }
    }

    // Attract screen while a technician waits or works: no new customer session.
    Rectangle {
        objectName: "outOfService"
        anchors.fill: parent
        visible: root.vm.outOfService && root.shell.screen === "attract" && root.vm.stage !== "active"
        color: Theme.background
        z: 1500
        MouseArea { anchors.fill: parent }  // swallows the customer's touch
        Column {
            anchors.centerIn: parent
            spacing: 24
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: "暂停服务 · 维护中"
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle * 1.4; font.bold: true
                color: Theme.text
            }
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: "Out of service for maintenance"
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontTitle
                color: Theme.textMuted
            }
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: "请到柜台办理业务 · Please ask at the counter"
                font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                color: Theme.textMuted
            }
        }
    }

    Loader {
        objectName: "entryPadLoader"
        anchors.fill: parent
        z: 1600
        active: root.vm.stage === "entry" || root.vm.stage === "waiting"
        sourceComponent: EntryPad { vm: root.vm }
    }

    Loader {
        objectName: "diagnosticsLoader"
        anchors.fill: parent
        z: 1700
        active: root.vm.stage === "active"
        sourceComponent: DiagnosticsScreen { vm: root.vm }
    }
}
