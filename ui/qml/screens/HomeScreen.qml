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
        ColumnLayout {  // personal part: only once the ID card identified the customer
            objectName: "personalHome"
            readonly property QtObject model: screen.shell.personalHome
            visible: model.available
            Layout.fillWidth: true
            spacing: 12
            KioskButton {
                objectName: "identifyHomeButton"
                visible: !parent.model.identified
                iconName: "id_card"
                variant: "secondary"
                Layout.fillWidth: true
                text: parent.model.identifyText
                enabled: !parent.model.busy
                onClicked: parent.model.identify()
            }
            KioskLabel {
                objectName: "personalHomeError"
                visible: text !== ""
                Layout.fillWidth: true
                color: Theme.danger
                text: parent.model.errorText
            }
            KioskLabel {
                objectName: "personalHomeNothing"
                visible: parent.model.identified && parent.model.items.length === 0
                Layout.fillWidth: true
                text: parent.model.nothingText
            }
            Repeater {
                model: parent.model.items
                KioskButton {
                    required property var modelData
                    required property int index
                    objectName: "pending_" + index
                    iconName: "next"
                    Layout.fillWidth: true
                    text: modelData.title + (modelData.detail ? " · " + modelData.detail : "")
                    description: screen.shell.personalHome.continueText
                    onClicked: screen.shell.personalHome.open(index)
                }
            }
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
            KioskBusyIndicator {
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
