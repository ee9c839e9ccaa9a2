// Amounts (Qt.ImhFormattedNumbersOnly): digits and one decimal point, nothing else.
import QtQuick

Keypad { extraText: "."; extraKey: Qt.Key_Period }
