// The terminal's one window: top bar, the current screen, help, countdown, virtual keyboard.
import QtQuick
import QtQuick.Window
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import Kiosk
import components
import "screens"
import "../maintenance/qml"

Window {
    id: win
    required property QtObject shell
    property QtObject diagnostics: null  // ui.maintenance.viewmodel (technicians' mode)
    width: 1280
    height: 800
    visible: true
    color: Theme.background
    title: qsTr("Bank self-service terminal")

    readonly property string screenTitle: {
        switch (shell.screen) {
        case "attract": return shell.branchName
        case "language": return shell.branchName  // the screen itself asks, in both languages
        case "home": return qsTr("Services")
        case "journey": return shell.journey ? shell.journey.titleText : ""
        }
        return ""
    }
    readonly property string screenHelp: {
        switch (shell.screen) {
        case "attract": return qsTr("Touch the screen to begin. You can switch the language and turn on large text with the buttons at the top at any time.")
        case "language": return qsTr("Touch the language you would like to use. You can change it later with the language button at the top.")
        case "home": return qsTr("Touch the service you need. Touch Cancel at the top to end your session at any time; what you entered is then cleared.")
        case "journey": return (shell.journey && shell.journey.helpText !== "") ? shell.journey.helpText
                              : qsTr("Follow the instructions on the screen. Touch Cancel at the top to stop; what you entered is then cleared.")
        }
        return ""
    }

    Binding { target: VirtualKeyboardSettings; property: "activeLocales"; value: ["zh_CN", "en_US"] }
    // Our own number keypads (digits, amounts, ID numbers); Qt's letter layouts otherwise.
    Binding { target: VirtualKeyboardSettings; property: "layoutPath"; value: Qt.resolvedUrl("keyboard") }
    // Pinyin learns the phrases a customer picks (a name, an address): keep what it learns
    // in RAM-backed runtime storage and forget it when the session ends.
    Binding { target: VirtualKeyboardSettings; property: "userDataPath"; value: win.shell.keyboardDataPath }
    Connections {
        target: win.shell
        function onSessionChanged() {
            if (!win.shell.sessionActive)
                VirtualKeyboardSettings.userDataReset()
        }
    }
    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: win.shell.language === "zh_CN" ? "zh_CN" : "en_US"
    }

    Item {
        id: content
        anchors.fill: parent

        TopBar {
            id: topBar
            objectName: "topBar"
            shell: win.shell
            title: win.screenTitle
            anchors { left: parent.left; right: parent.right; top: parent.top }
        }

        Loader {
            id: screenLoader
            objectName: "screenLoader"
            anchors {
                left: parent.left; right: parent.right; top: topBar.bottom; bottom: parent.bottom
                // Keep the focused field above the keyboard.
                bottomMargin: inputPanel.active ? inputPanel.height : 0
                rightMargin: tellerPanel.visible ? tellerPanel.width + 48 : 0  // the call panel
            }
            sourceComponent: {
                if (win.shell.outOfService !== "")
                    return outOfServiceScreen
                switch (win.shell.screen) {
                case "language": return languageScreen
                case "home": return homeScreen
                case "journey": return journeyScreen
                }
                return attractScreen
            }
            onLoaded: { item.opacity = 0; fadeIn.restart() }
            NumberAnimation { id: fadeIn; target: screenLoader.item; property: "opacity"; to: 1; duration: 180 }
        }
    }

    Component { id: attractScreen; AttractScreen { shell: win.shell } }
    Component { id: languageScreen; LanguageScreen { shell: win.shell } }
    Component { id: homeScreen; HomeScreen { shell: win.shell } }
    Component { id: journeyScreen; JourneyScreen { shell: win.shell } }
    Component { id: outOfServiceScreen; OutOfServiceScreen { shell: win.shell } }

    HelpPanel { shell: win.shell; helpText: win.screenHelp }
    TellerCallPanel {  // beside the screen (which makes room), under the top bar
        id: tellerPanel
        call: win.shell.tellerCall
        bottomLimit: inputPanel.active ? inputPanel.y : win.height
        anchors { right: parent.right; top: parent.top; margins: 24; topMargin: topBar.height + 24 }
        z: 5
    }
    ArrivalPanel {  // recognition on arrival (issue 12): attract welcome, home consent
        shell: win.shell
        arrival: win.shell.arrival
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 48 }
        z: 4
    }
    CountdownDialog { shell: win.shell }
    CancelDialog { shell: win.shell }

    Loader {
        objectName: "diagnosticsOverlay"
        anchors.fill: parent
        z: 900
        active: win.diagnostics !== null
        sourceComponent: DiagnosticsOverlay { shell: win.shell; vm: win.diagnostics }
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: 1000
        // Not the full width: a lower keyboard leaves room for the field, its error and Next
        // (keys stay ~90 px wide).  The hide key is in the same place on every layout.
        width: Math.min(parent.width, 1040)
        x: (parent.width - width) / 2
        y: active ? parent.height - height : parent.height
        visible: active
    }
}
