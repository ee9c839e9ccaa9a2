// Home: one tile per available journey (the registry hides what is not built or not ready).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: screen
    objectName: "homeScreen"
    required property QtObject shell
    readonly property int columns: shell.tiles.length <= 4 ? Math.max(1, Math.min(2, shell.tiles.length)) : 3

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 40
        spacing: 28
        KioskLabel {
            objectName: "homeTitle"
            Layout.fillWidth: true
            size: "title"
            text: qsTr("What would you like to do today?")
        }
        GridLayout {
            objectName: "tileGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: screen.columns
            rowSpacing: 24
            columnSpacing: 24
            visible: screen.shell.tiles.length > 0
            Repeater {
                model: screen.shell.tiles
                Tile {
                    required property var modelData
                    objectName: "tile_" + modelData.id
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.maximumHeight: 300
                    text: qsTranslate("Journeys", modelData.title)
                    description: modelData.description ? qsTranslate("Journeys", modelData.description) : ""
                    iconSource: modelData.icon
                    onClicked: screen.shell.startJourney(modelData.id)
                }
            }
        }
        ColumnLayout {  // the back end is still coming up: say so, the tiles appear by themselves
            objectName: "startingServices"
            visible: screen.shell.tiles.length === 0 && screen.shell.starting
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing
            Item { Layout.fillHeight: true }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: Theme.touchMin * 1.5
                Layout.preferredHeight: Theme.touchMin * 1.5
                running: parent.visible
                Accessible.name: qsTr("Starting…")
            }
            KioskLabel {
                objectName: "startingText"
                Layout.fillWidth: true
                size: "large"
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Starting… The services appear here in a moment.")
            }
            Item { Layout.fillHeight: true }
        }
        KioskLabel {
            objectName: "noServices"
            visible: screen.shell.tiles.length === 0 && !screen.shell.starting
            Layout.fillWidth: true
            Layout.fillHeight: true
            size: "large"
            color: Theme.textMuted
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            text: qsTr("No services are available at this terminal right now. Please ask a member of staff.")
        }
    }
}
