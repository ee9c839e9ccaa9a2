// A number field with the terminal's own keypad (ui/qml/keyboard): `kind` "digits" (phone and
// account numbers: digits only), "money" (digits and one decimal point, two decimals at
// most), "id" (an ID number: 17 digits and a check digit or X).  `decimal: true` is "money".
import QtQuick

KioskTextField {
    property bool decimal: false
    property string kind: decimal ? "money" : "digits"
    inputMethodHints: (kind === "money" ? Qt.ImhFormattedNumbersOnly
                       : kind === "id" ? Qt.ImhDialableCharactersOnly : Qt.ImhDigitsOnly)
                      | Qt.ImhNoPredictiveText
    validator: RegularExpressionValidator {
        regularExpression: kind === "money" ? /[0-9]{1,9}([.][0-9]{0,2})?/
                         : kind === "id" ? /[0-9]{17}[0-9Xx]|[0-9]{15}/ : /[0-9]+/
    }
}
