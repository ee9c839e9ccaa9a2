// Language choice: one big button per offered language, named in that language.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: screen
    objectName: "languageScreen"
    required property QtObject shell

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 160, 900)
        spacing: 40
        KioskLabel {
            Layout.fillWidth: true
            size: "title"
            horizontalAlignment: Text.AlignHCenter
            // Shown in both languages: the customer has not chosen yet.
            text: "请选择语言\nPlease choose your language"
            Accessible.name: qsTr("Choose your language")
        }
        Repeater {
            model: screen.shell.languages
            KioskButton {
                required property var modelData
                objectName: "language_" + modelData.code
                iconName: "language"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touchMin * 1.6
                font.pixelSize: Theme.fontTitle
                variant: modelData.code === screen.shell.language ? "primary" : "secondary"
                text: modelData.name
                onClicked: screen.shell.chooseLanguage(modelData.code)
            }
        }
    }
}
