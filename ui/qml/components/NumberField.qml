// A number field: the virtual keyboard opens its numeric layout.  `decimal: true` allows a
// decimal point (amounts); otherwise digits only (account numbers, codes, phone numbers).
import QtQuick

KioskTextField {
    property bool decimal: false
    inputMethodHints: (decimal ? Qt.ImhFormattedNumbersOnly : Qt.ImhDigitsOnly)
                      | Qt.ImhNoPredictiveText
}
