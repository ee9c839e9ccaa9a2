// Attract screen: branch name, rotating information, touch anywhere to start.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: screen
    objectName: "attractScreen"
    required property QtObject shell
    property int infoIndex: 0
    readonly property var infos: [
        qsTr("Open a savings account in about ten minutes with your resident ID card."),
        qsTr("Transfer money between accounts any time the branch is open."),
        qsTr("Checked in for an appointment? Touch the screen and choose Appointment check-in."),
        qsTr("Never share your password or verification codes with anyone, including bank staff.")
    ]

    MouseArea {  // the whole screen starts a session
        anchors.fill: parent
        onClicked: screen.shell.touchStart()
        Accessible.ignored: true
    }
    Timer {
        interval: 6000; running: true; repeat: true
        onTriggered: {
            screen.infoIndex = (screen.infoIndex + 1) % screen.infos.length
            pulse.restart()
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 160, 1000)
        spacing: 36
        KioskLabel {
            objectName: "welcomeText"
            Layout.fillWidth: true
            size: "hero"
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            color: Theme.primary
            text: qsTr("Welcome")
        }
        KioskLabel {
            objectName: "branchName"
            Layout.fillWidth: true
            size: "title"
            horizontalAlignment: Text.AlignHCenter
            text: screen.shell.branchName
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: infoText.implicitHeight + 48
            radius: Theme.radius * 1.5
            color: Theme.surface
            border.color: Theme.border
            border.width: 2
            KioskLabel {
                id: infoText
                objectName: "infoText"
                anchors.centerIn: parent
                width: parent.width - 64
                size: "large"
                horizontalAlignment: Text.AlignHCenter
                color: Theme.text
                text: screen.infos[screen.infoIndex]
            }
        }
        KioskButton {
            objectName: "startButton"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredHeight: Theme.touchMin * 1.4
            Layout.preferredWidth: Math.max(implicitWidth + 80, 420)
            font.pixelSize: Theme.fontTitle
            text: qsTr("Touch to start")
            description: qsTr("Starts your session")
            onClicked: screen.shell.touchStart()
            // One gentle pulse when the information changes; an endless animation would keep
            // the (software) renderer busy all day.
            SequentialAnimation on scale {
                id: pulse
                running: false
                NumberAnimation { from: 1.0; to: 1.05; duration: 600; easing.type: Easing.InOutQuad }
                NumberAnimation { from: 1.05; to: 1.0; duration: 600; easing.type: Easing.InOutQuad }
            }
        }
    }
    KioskLabel {
        anchors { right: parent.right; bottom: parent.bottom; margins: 16 }
        size: "small"
        color: Theme.textMuted
        text: qsTr("Terminal %1").arg(screen.shell.terminalId)
    }
}
