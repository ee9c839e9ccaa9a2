// A service tile of the home screen: icon, title and an optional line of description.
import QtQuick
import QtQuick.Controls
import Kiosk

AbstractButton {
    id: tile
    property string iconSource: ""
    property string description: ""
    // A shipped icon (assets/icons/NAME.svg) is drawn in the palette's colour.
    readonly property string iconUrl: {
        const m = iconSource.match(/assets\/icons\/([a-z0-9_-]+)\.svg$/)
        const colour = Theme.highContrast ? Theme.onPrimary : Theme.primary
        return m ? "image://icon/" + m[1] + "/" + String(colour).replace("#", "") : iconSource
    }
    implicitWidth: 360
    implicitHeight: Math.max(Theme.touchMin * 2, column.implicitHeight + 40)
    focusPolicy: Qt.StrongFocus
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.description: description

    background: Rectangle {
        radius: Theme.radius * 1.5
        color: tile.down ? Theme.surfaceAlt : Theme.surface
        border.width: tile.visualFocus ? 4 : 2
        border.color: tile.visualFocus ? Theme.focus : Theme.fieldBorder
    }
    contentItem: Item {
        Column {
            id: column
            anchors.centerIn: parent
            width: parent.width - 32
            spacing: 12
            Rectangle {  // a light badge keeps the icon legible in both palettes
                visible: tile.iconSource !== ""
                width: Math.round(Theme.fontHero * 1.6)
                height: width
                radius: width / 2
                color: Theme.highContrast ? Theme.accent : Theme.surfaceAlt
                anchors.horizontalCenter: parent.horizontalCenter
                Accessible.ignored: true
                Image {
                    anchors.centerIn: parent
                    source: tile.iconUrl
                    width: Math.round(parent.width * 0.62)
                    height: width
                    sourceSize.width: width
                    sourceSize.height: height
                    Accessible.ignored: true
                }
            }
            Text {
                width: parent.width
                text: tile.text
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
                Accessible.ignored: true
            }
            Text {
                width: parent.width
                visible: text !== ""
                text: tile.description
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
                Accessible.ignored: true
            }
        }
    }
}
