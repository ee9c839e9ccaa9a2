// A touch button of the terminal: at least Theme.touchMin high, themed, accessible.
// variant: "primary" (filled), "secondary" (outlined), "bar" (on the top bar), "danger".
// `iconName`: a name under assets/icons, drawn in the button's text colour.
import QtQuick
import QtQuick.Controls
import Kiosk

Button {
    id: control
    property string variant: "primary"
    property string iconSource: ""
    property string iconName: ""
    property string description: ""

    readonly property color fg: !enabled ? Theme.onDisabled
                               : variant === "primary" ? Theme.onPrimary
                               : variant === "danger" ? Theme.onDanger
                               : variant === "bar" ? Theme.onTopBar : Theme.primary
    readonly property color bg: !enabled ? Theme.disabled
                               : variant === "primary" ? (down ? Theme.primaryPressed : Theme.primary)
                               : variant === "danger" ? Theme.dangerFill
                               : variant === "bar" ? (down ? Qt.rgba(1, 1, 1, 0.25) : Theme.topBar)
                               : (down ? Theme.surfaceAlt : Theme.surface)
    // The outline; a danger button on the top bar sets Theme.onTopBar to stand out from it.
    property color edge: !enabled ? Theme.onDisabled
                        : variant === "danger" ? Theme.dangerFill
                        : variant === "bar" ? Theme.onTopBar : Theme.primary
    readonly property string iconUrl: iconName !== "" ? "image://icon/" + iconName + "/" + String(fg).replace("#", "")
                                                  : iconSource

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
                visible: control.iconUrl !== ""
                source: control.iconUrl
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
                color: control.fg
                anchors.verticalCenter: parent.verticalCenter
                Accessible.ignored: true
            }
        }
    }
    background: Rectangle {
        radius: Theme.radius
        color: control.bg
        border.width: control.enabled && control.variant === "primary" ? 0 : 2
        border.color: control.edge
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
