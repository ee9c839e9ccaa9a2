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
    // Only what this terminal offers right now (its tiles), plus a safety tip.
    readonly property var offers: ({
        "open_account": qsTr("Open a savings account in a few minutes with your resident ID card."),
        "transfer": qsTr("Transfer money from your own account to another account."),
        "card_application": qsTr("Apply for a debit card or a credit card.")
    })
    readonly property var infos: {
        const out = []
        const tiles = screen.shell.tiles
        for (let i = 0; i < tiles.length; ++i)
            if (offers[tiles[i].id] !== undefined)
                out.push(offers[tiles[i].id])
        out.push(qsTr("Never share your password or verification codes with anyone, including bank staff."))
        return out
    }

    MouseArea {  // the whole screen starts a session
        anchors.fill: parent
        onClicked: screen.shell.touchStart()
        Accessible.ignored: true
    }
    Timer {
        interval: 6000; running: true; repeat: true
        onTriggered: {
            screen.infoIndex = (screen.infoIndex + 1) % Math.max(1, screen.infos.length)
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
            border.color: Theme.fieldBorder
            border.width: 2
            KioskLabel {
                id: infoText
                objectName: "infoText"
                anchors.centerIn: parent
                width: parent.width - 64
                size: "large"
                horizontalAlignment: Text.AlignHCenter
                color: Theme.text
                text: screen.infos[Math.min(screen.infoIndex, screen.infos.length - 1)]
            }
        }
        KioskButton {
            objectName: "startButton"
            iconName: "next"
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
    Column {  // the hub's phone page: pre-fill an application, then only verify here
        objectName: "mobileQrPanel"
        visible: screen.shell.mobileQr !== ""
        anchors { left: parent.left; bottom: parent.bottom; margins: 24 }
        spacing: 8
        Image {
            objectName: "mobileQr"
            source: screen.shell.mobileQr
            width: 180
            height: 180
            smooth: false
            fillMode: Image.PreserveAspectFit
            Accessible.name: qsTr("QR code of the page to prepare an application on your phone")
        }
        KioskLabel {
            width: 260
            size: "small"
            color: Theme.textMuted
            text: qsTr("Prepare on your phone: scan, fill in, then show your code here.")
        }
    }
}
