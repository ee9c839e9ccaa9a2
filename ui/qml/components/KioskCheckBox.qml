// A tick box of the terminal: a large box with a themed edge and a themed label; the whole
// row is the touch target.  `errorText` marks the box and is its accessible description.
import QtQuick
import QtQuick.Controls
import Kiosk

CheckBox {
    id: box
    property string errorText: ""
    implicitHeight: Math.max(Theme.touchMin, contentItem.implicitHeight + 16)
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontLarge
    spacing: Theme.spacing
    leftPadding: 4
    Accessible.name: text
    Accessible.description: errorText

    indicator: Rectangle {
        implicitWidth: Math.round(Theme.touchMin * 0.6)
        implicitHeight: implicitWidth
        x: box.leftPadding
        y: (box.height - height) / 2
        radius: 6
        color: box.checked ? Theme.primary : Theme.surface
        border.width: 3
        border.color: box.errorText !== "" && !box.checked ? Theme.danger
                    : box.visualFocus ? Theme.focus : Theme.fieldBorder
        Image {
            anchors.centerIn: parent
            visible: box.checked
            width: Math.round(parent.width * 0.8)
            height: width
            sourceSize.width: width
            sourceSize.height: height
            source: "image://icon/check/" + String(Theme.onPrimary).replace("#", "")
            Accessible.ignored: true
        }
    }
    contentItem: Text {
        text: box.text
        font: box.font
        color: Theme.text
        wrapMode: Text.Wrap
        lineHeight: Theme.lineHeight
        verticalAlignment: Text.AlignVCenter
        leftPadding: box.indicator.width + box.spacing
        Accessible.ignored: true
    }
}
