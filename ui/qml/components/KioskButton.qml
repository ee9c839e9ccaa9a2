// A touch button of the terminal: at least Theme.touchMin high, themed, accessible.
// variant: "primary" (filled), "secondary" (outlined), "bar" (on the top bar), "danger".
import QtQuick
import QtQuick.Controls
import Kiosk

Button {
    id: control
    property string variant: "primary"
    property string iconSource: ""
    property string description: ""

    readonly property color fg: variant === "primary" ? Theme.onPrimary
                               : variant === "danger" ? "#ffffff"
                               : variant === "bar" ? Theme.onTopBar : Theme.primary
    readonly property color bg: variant === "primary" ? (down ? Theme.primaryPressed : Theme.primary)
                               : variant === "danger" ? Theme.danger
                               : variant === "bar" ? (down ? Qt.rgba(1, 1, 1, 0.25) : "transparent")
                               : (down ? Theme.surfaceAlt : Theme.surface)

    implicitHeight: Math.max(Theme.touchMin, row.implicitHeight + 20)
    implicitWidth: Math.max(Theme.touchMin * 1.5, row.implicitWidth + (variant === "bar" ? 28 : 40))
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody
    focusPolicy: Qt.StrongFocus

    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.description: description

    contentItem: Item {
        implicitWidth: row.implicitWidth
        implicitHeight: row.implicitHeight
        Row {
            id: row
            anchors.centerIn: parent
            spacing: 10
            Image {
                visible: control.iconSource !== ""
                source: control.iconSource
                width: Math.round(control.font.pixelSize * 1.2)
                height: width
                sourceSize.width: width
                sourceSize.height: height
                anchors.verticalCenter: parent.verticalCenter
                Accessible.ignored: true
            }
            Text {
                text: control.text
                font: control.font
                color: control.enabled ? control.fg : Theme.textMuted
                anchors.verticalCenter: parent.verticalCenter
                Accessible.ignored: true
            }
        }
    }
    background: Rectangle {
        radius: Theme.radius
        color: control.bg
        opacity: control.enabled ? 1.0 : 0.5
        border.width: control.variant === "primary" || control.variant === "danger" ? 0 : 2
        border.color: control.variant === "bar" ? Theme.onTopBar : Theme.primary
        Rectangle {  // keyboard focus ring
            anchors.fill: parent
            anchors.margins: -4
            radius: Theme.radius + 4
            color: "transparent"
            border.width: 3
            border.color: Theme.focus
            visible: control.visualFocus
        }
    }
}
