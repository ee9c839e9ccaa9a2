// Face check with liveness: the live instruction and progress while the camera worker runs.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    Image {
        objectName: "facePreview"
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: 320
        Layout.preferredHeight: 240
        visible: step.vm.faceRunning && step.vm.facePreview !== ""
        source: step.vm.facePreview
        cache: false
        fillMode: Image.PreserveAspectFit
        Accessible.role: Accessible.Graphic
        Accessible.name: step.vm.facePrompt
    }
    KioskLabel {
        objectName: "facePrompt"
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        size: "hero"
        text: step.vm.faceRunning ? step.vm.facePrompt : ""
    }
    ProgressBar {
        objectName: "faceProgress"
        Layout.fillWidth: true
        from: 0; to: 1
        value: step.vm.faceProgress
        visible: step.vm.faceRunning
        Accessible.name: step.vm.facePrompt
    }
    KioskButton {
        objectName: "startFaceButton"
        iconName: "camera"
        Layout.alignment: Qt.AlignHCenter
        text: step.vm.tr["button.start_face"]
        enabled: !step.vm.faceRunning && !step.vm.busy
        onClicked: step.vm.startFaceCheck()
    }
}
