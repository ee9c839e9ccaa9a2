// The terminal's number keypad: 1-9 in a block, 0 below, one extra key left of the 0
// ("." for amounts, "X" for ID numbers, none for phone and account numbers).  The bottom row
// has the weights of Qt's letter layout, so the hide and enter keys sit exactly where they are
// on the letter keyboard: moving from a name to a phone field never moves them under a finger.
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
    readonly property real unit: 160

    KeyboardRow {
        FillerKey { weight: pad.unit * 3.5 }
        Key { key: Qt.Key_1; text: "1"; weight: pad.unit }
        Key { key: Qt.Key_2; text: "2"; weight: pad.unit }
        Key { key: Qt.Key_3; text: "3"; weight: pad.unit }
        FillerKey { weight: pad.unit * 2 }
        BackspaceKey { weight: pad.unit * 1.5 }
    }
    KeyboardRow {
        FillerKey { weight: pad.unit * 3.5 }
        Key { key: Qt.Key_4; text: "4"; weight: pad.unit }
        Key { key: Qt.Key_5; text: "5"; weight: pad.unit }
        Key { key: Qt.Key_6; text: "6"; weight: pad.unit }
        FillerKey { weight: pad.unit * 2 }
        FillerKey { weight: pad.unit * 1.5 }
    }
    KeyboardRow {
        FillerKey { weight: pad.unit * 3.5 }
        Key { key: Qt.Key_7; text: "7"; weight: pad.unit }
        Key { key: Qt.Key_8; text: "8"; weight: pad.unit }
        Key { key: Qt.Key_9; text: "9"; weight: pad.unit }
        FillerKey { weight: pad.unit * 2 }
        FillerKey { weight: pad.unit * 1.5 }
    }
    KeyboardRow {
        FillerKey { weight: pad.unit * 2.5 }
        Key {
            visible: pad.extraText !== ""
            key: pad.extraKey
            text: pad.extraText
            weight: pad.unit
        }
        FillerKey { visible: pad.extraText === ""; weight: pad.unit }
        Key { key: Qt.Key_0; text: "0"; weight: pad.unit * 3 }
        FillerKey { weight: pad.unit }
        HideKeyboardKey { weight: pad.unit }
        EnterKey { weight: pad.unit * 1.5 }
    }
}
