// The technician's screens: devices with history, device tests, network, outbox, counters,
// logs and the support bundle.  Every action runs on a worker thread (vm.busy names it).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Rectangle {
    id: screen
    required property QtObject vm
    property string tab: "devices"
    readonly property var result: vm.results[tab] || ({})
    color: Theme.background
    MouseArea { anchors.fill: parent }

    readonly property var tabs: [
        { id: "devices", title: qsTr("Devices"), action: "devices" },
        { id: "print_test_receipt", title: qsTr("Test receipt"), action: "print_test_receipt" },
        { id: "camera_test", title: qsTr("Camera"), action: "camera_test" },
        { id: "read_card", title: qsTr("Card reader"), action: "read_card" },
        { id: "ocr_sample", title: qsTr("OCR sample"), action: "ocr_sample" },
        { id: "reachability", title: qsTr("Core and hub"), action: "reachability" },
        { id: "outbox", title: qsTr("Outbox"), action: "outbox" },
        { id: "counters", title: qsTr("Counters"), action: "counters" },
        { id: "logs", title: qsTr("Logs"), action: "logs" },
        { id: "export_bundle", title: qsTr("Support bundle"), action: "" }
    ]

    Column {
        id: side
        anchors { left: parent.left; top: parent.top; bottom: parent.bottom; margins: 16 }
        width: 420
        spacing: 12
        Text {
            text: qsTr("Diagnostics · %1").arg(screen.vm.technician)
            font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody; font.bold: true
            color: Theme.text
        }
        Grid {
            columns: 2
            spacing: 8
            Repeater {
                model: screen.tabs
                delegate: KioskButton {
                    required property var modelData
                    objectName: "tab_" + modelData.id
                    width: 206
                    text: modelData.title
                    variant: screen.tab === modelData.id ? "primary" : "secondary"
                    onClicked: {
                        screen.tab = modelData.id
                        if (modelData.action !== "")
                            screen.vm.run(modelData.action)
                    }
                }
            }
        }
    }
    KioskButton {
        objectName: "diagnosticsExit"
        anchors { left: parent.left; bottom: parent.bottom; margins: 16 }
        width: 420
        text: qsTr("Exit to service")
        variant: "danger"
        onClicked: screen.vm.leave()
    }

    Rectangle {
        anchors { left: side.right; right: parent.right; top: parent.top; bottom: parent.bottom
                  margins: 16 }
        radius: Theme.radius
        color: Theme.surface
        Flickable {
            id: flick
            anchors { fill: parent; margins: 16 }
            clip: true
            contentWidth: width
            contentHeight: panel.implicitHeight
                ColumnLayout {
                    id: panel
                    width: flick.width
                    spacing: 12
                    Text {
                        objectName: "busyText"
                        visible: screen.vm.busy !== ""
                        text: qsTr("Working: %1").arg(screen.vm.busy)
                        color: Theme.textMuted
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                    }
                    Text {
                        visible: screen.result.error !== undefined
                        text: screen.result.error || ""
                        color: Theme.danger
                        font.family: Theme.fontFamily; font.pixelSize: Theme.fontBody
                        Layout.fillWidth: true; wrapMode: Text.Wrap
                    }
                    // Devices, counters: rows.
                    Repeater {
                        model: screen.result.rows || []
                        delegate: Text {
                            required property var modelData
                            text: modelData.value !== undefined
                                  ? modelData.name + ": " + modelData.value
                                  : modelData.name + "  " + modelData.state + "  " + modelData.detail
                                    + "\n    " + qsTr("changes: %1").arg(modelData.changes)
                                    + "  " + (modelData.history || []).join("  ·  ")
                            font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                            color: Theme.text
                            Layout.fillWidth: true; wrapMode: Text.Wrap
                        }
                    }
                    // Test receipt and camera: the picture (rendering or preview with the face box).
                    Image {
                        objectName: "resultImage"
                        visible: (screen.result.image || "") !== ""
                        source: screen.result.image || ""
                        fillMode: Image.PreserveAspectFit
                        Layout.maximumWidth: 560
                        Layout.maximumHeight: 480
                    }
                    // Outbox: parked actions, retry or discard with a typed reason.
                    Repeater {
                        model: screen.tab === "outbox" ? (screen.result.parked || []) : []
                        delegate: RowLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            Text {
                                text: modelData.action_id + " (" + modelData.kind + "): " + modelData.code
                                      + " " + modelData.reason
                                font.family: Theme.fontFamily; font.pixelSize: Theme.fontSmall
                                color: Theme.text
                                Layout.fillWidth: true; wrapMode: Text.Wrap
                            }
                            KioskButton {
                                text: qsTr("Retry"); variant: "secondary"
                                onClicked: screen.vm.retry(modelData.action_id)
                            }
                            ComboBox {
                                id: reason
                                model: ["duplicate", "settled_at_counter", "customer_withdrew",
                                        "test_action", "core_fixed_manually"]
                                implicitHeight: Theme.touchMin
                            }
                            KioskButton {
                                text: qsTr("Discard"); variant: "danger"
                                onClicked: screen.vm.discard(modelData.action_id, reason.currentText)
                            }
                        }
                    }
                    KioskButton {
                        visible: screen.tab === "counters"
                        text: qsTr("Reset counters")
                        variant: "secondary"
                        onClicked: screen.vm.run("reset_counters")
                    }
                    KioskButton {
                        objectName: "exportBundle"
                        visible: screen.tab === "export_bundle"
                        text: qsTr("Write the support bundle to the USB stick")
                        onClicked: screen.vm.run("export_bundle")
                    }
                    KioskButton {
                        objectName: "sendBundle"
                        visible: screen.tab === "export_bundle"
                        text: qsTr("Send the support bundle to the hub")
                        variant: "secondary"
                        onClicked: screen.vm.run("send_bundle")
                    }
                    // Everything else: the result's plain fields, or log lines.
                    Text {
                        objectName: "resultText"
                        text: {
                            const r = screen.result
                            if (r.lines) return r.lines.join("\n")
                            let out = []
                            for (const k in r)
                                if (["rows", "image", "parked", "error", "lines", "text"].indexOf(k) < 0)
                                    out.push(k + ": " + JSON.stringify(r[k]))
                            if (r.text) out.push(r.text)
                            return out.join("\n")
                        }
                        font.family: "monospace"; font.pixelSize: Theme.fontSmall
                        color: Theme.text
                        Layout.fillWidth: true; wrapMode: Text.Wrap
                    }
                }
            }
        }
}
