// ID numbers (Qt.ImhDialableCharactersOnly): digits and the check character X.
import QtQuick

Keypad { extraText: "X"; extraKey: Qt.Key_X }
