// Progress of a journey: one dot per step, the current one filled.
import QtQuick
import Kiosk

Row {
    id: dots
    property int count: 0
    property int current: 0
    spacing: 12
    visible: count > 1
    Accessible.role: Accessible.ProgressBar
    Accessible.name: qsTr("Step %1 of %2").arg(current + 1).arg(count)
    Repeater {
        model: dots.count
        Rectangle {
            width: 14; height: 14; radius: 7
            color: index <= dots.current ? Theme.primary : "transparent"
            border.width: 2
            border.color: Theme.primary
            Accessible.ignored: true
        }
    }
}
