// The busy mark in the palette's text colour: the stock one is drawn in a fixed dark grey,
// which vanishes on high contrast's black page (WCAG 1.4.11 asks 3:1 for graphics).
import QtQuick
import QtQuick.Controls
import Kiosk

BusyIndicator {
    palette.dark: Theme.text
}
