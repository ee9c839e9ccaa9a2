// Test-only journey step with a control that has no accessible name (the walk must catch it).
import QtQuick
import QtQuick.Controls
import components

Item {
    required property QtObject vm
    KioskButton { objectName: "namedButton"; text: "Named"; y: 20 }
    Button { objectName: "unnamedButton"; y: 120; width: 80; height: 80; icon.source: "" }
}
