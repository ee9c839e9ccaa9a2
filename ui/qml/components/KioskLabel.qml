// Body text of the terminal: themed font and colour, wraps by default.
import QtQuick
import Kiosk

Text {
    property string size: "body"   // small | body | large | title | hero
    font.family: Theme.fontFamily
    font.pixelSize: size === "small" ? Theme.fontSmall : size === "large" ? Theme.fontLarge
                  : size === "title" ? Theme.fontTitle : size === "hero" ? Theme.fontHero
                  : Theme.fontBody
    color: Theme.text
    wrapMode: Text.Wrap
    Accessible.role: Accessible.StaticText
    Accessible.name: text
}
