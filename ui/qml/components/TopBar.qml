// The bar on top of every screen: where the customer is, help, language, large text, cancel.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

Rectangle {
    id: bar
    required property QtObject shell
    property string title: ""
    implicitHeight: Theme.touchMin + 20
    color: Theme.topBar
    Accessible.role: Accessible.ToolBar
    Accessible.name: qsTr("Terminal controls")

    Rectangle {  // hairline under the bar (visible in both palettes)
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 2
        color: Theme.border
        Accessible.ignored: true
    }
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 16
        spacing: 12
        Text {
            objectName: "topBarTitle"
            text: bar.title
            Layout.fillWidth: true
            elide: Text.ElideRight
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.onTopBar
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        KioskButton {
            objectName: "helpButton"
            variant: "bar"
            text: qsTr("Help")
            iconName: "help"
            description: qsTr("Explains this screen")
            onClicked: bar.shell.openHelp()
        }
        KioskButton {
            objectName: "topBarCallTeller"
            variant: "bar"
            visible: bar.shell.tellerAvailable
            text: qsTr("Call a teller")
            description: qsTr("Starts a video call with a bank teller")
            onClicked: bar.shell.callTeller()
        }
        KioskButton {
            objectName: "languageButton"
            variant: "bar"
            // Shows the language it switches to, in that language's own name.
            readonly property var target: {
                const langs = bar.shell.languages
                for (let i = 0; i < langs.length; ++i)
                    if (langs[i].code === bar.shell.language)
                        return langs[(i + 1) % langs.length]
                return langs.length ? langs[0] : ({ code: "", name: "" })
            }
            visible: bar.shell.languages.length > 1
            text: target.name
            iconName: "language"
            Accessible.name: qsTr("Switch language to %1").arg(target.name)
            onClicked: bar.shell.nextLanguage()
        }
        KioskButton {
            objectName: "largeTextButton"
            variant: "bar"
            checkable: true
            checked: Theme.largeText
            text: Theme.largeText ? qsTr("Standard text") : qsTr("Large text")
            iconName: "text-size"
            description: qsTr("Larger letters and stronger contrast")
            Accessible.role: Accessible.CheckBox
            Accessible.checkable: true
            Accessible.checked: Theme.largeText
            onClicked: Theme.toggle()
        }
        KioskButton {
            objectName: "cancelButton"
            // On a result screen there is nothing left to cancel: the same place says Done.
            readonly property bool done: bar.shell.screen === "journey" && bar.shell.journey !== null
                                         && bar.shell.journey.atResult === true
            variant: done ? "bar" : "danger"
            edge: Theme.onTopBar  // red on the bar's colour alone is too faint an edge
            visible: bar.shell.sessionActive
            text: done ? qsTr("Done") : qsTr("Cancel")
            iconName: done ? "check" : "cancel"
            description: done ? qsTr("Ends your session") : qsTr("Ends your session and clears what you entered")
            onClicked: bar.shell.askCancel()
        }
    }
}
