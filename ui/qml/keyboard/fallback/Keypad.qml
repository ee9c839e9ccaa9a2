// The terminal's number keypad: 1-9 in a block, 0 below, one extra key left of the 0
// ("." for amounts, "X" for ID numbers, none for phone and account numbers).  Widths are
// computed as Qt's letter layout computes them (a key is a tenth of the row, a function key
// one and a half) and the bottom row has the letter layout's shape, so the hide and enter
// keys sit exactly where they are on the letter keyboard: moving from a name to a phone field
// never moves them under a finger.
import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Components
import QtQuick.VirtualKeyboard.Plugins

KeyboardLayout {
    id: pad
    property string extraText: ""
    property int extraKey: Qt.Key_unknown
    inputMethod: PlainInputMethod {}
    inputMode: InputEngine.InputMode.Numeric
    keyWeight: 160
    readonly property real n: width / 10          // one key, as in a ten-key letter row
    readonly property real f: n * 1.5             // a function key (shift, enter)

    component DigitKey: Key {
        Layout.fillWidth: false
        weight: pad.n
    }
    component Gap: FillerKey {
        Layout.fillWidth: false
    }

    KeyboardRow {
        FillerKey {}
        DigitKey { key: Qt.Key_1; text: "1" }
        DigitKey { key: Qt.Key_2; text: "2" }
        DigitKey { key: Qt.Key_3; text: "3" }
        Gap { weight: pad.n * 2 }
        BackspaceKey { Layout.fillWidth: false; weight: pad.f }
    }
    KeyboardRow {
        FillerKey {}
        DigitKey { key: Qt.Key_4; text: "4" }
        DigitKey { key: Qt.Key_5; text: "5" }
        DigitKey { key: Qt.Key_6; text: "6" }
        Gap { weight: pad.n * 2 + pad.f }
    }
    KeyboardRow {
        FillerKey {}
        DigitKey { key: Qt.Key_7; text: "7" }
        DigitKey { key: Qt.Key_8; text: "8" }
        DigitKey { key: Qt.Key_9; text: "9" }
        Gap { weight: pad.n * 2 + pad.f }
    }
    KeyboardRow {  // the letter layout's bottom row: F n n [space] n n F
        Gap { weight: pad.f }
        Gap { weight: pad.n }
        DigitKey {
            visible: pad.extraText !== ""
            key: pad.extraKey
            text: pad.extraText
        }
        Gap { visible: pad.extraText === ""; weight: pad.n }
        Key { key: Qt.Key_0; text: "0" }
        Gap { weight: pad.n }
        HideKeyboardKey { Layout.fillWidth: false; weight: pad.n }
        EnterKey { Layout.fillWidth: false; weight: pad.f }
    }
}
