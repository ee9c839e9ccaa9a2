// Hosts the current step of the running journey: loads vm.stepSource with the view-model
// as its `required property QtObject vm`.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: screen
    objectName: "journeyScreen"
    required property QtObject shell
    readonly property QtObject vm: shell.journey

    StepDots {
        id: dots
        objectName: "stepDots"
        anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; topMargin: 16 }
        visible: !Qt.inputMethod.visible && count > 1  // room for the form above the keyboard
        count: screen.vm ? screen.vm.stepCount : 0
        current: screen.vm ? screen.vm.stepIndex : 0
    }
    Loader {
        id: stepLoader
        objectName: "stepLoader"
        anchors {
            left: parent.left; right: parent.right; bottom: parent.bottom
            top: dots.visible ? dots.bottom : parent.top
            topMargin: dots.visible ? 8 : 0
        }
        function reload() {
            if (screen.vm && screen.vm.stepSource !== "")
                setSource(screen.vm.stepSource, { "vm": screen.vm })
            else
                source = ""
        }
        Connections {
            target: screen.vm
            function onStepChanged() { stepLoader.reload() }
        }
        Component.onCompleted: reload()
        onStatusChanged: if (status === Loader.Error) console.warn("journey step failed to load: " + source)
    }
    KioskLabel {
        objectName: "stepError"
        visible: stepLoader.status === Loader.Error
        anchors.centerIn: parent
        width: parent.width - 160
        size: "large"
        horizontalAlignment: Text.AlignHCenter
        text: qsTr("Sorry, this service is not available right now. Please touch Cancel, or ask a member of staff.")
    }
    Connections {
        target: screen.shell
        function onJourneyChanged() { stepLoader.reload() }
    }
}
