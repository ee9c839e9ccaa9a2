// Face check with liveness: before it starts, how to stand; while the camera worker runs,
// the mirrored live picture with a face oval to fit into, the instruction and progress.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

StepFrame {
    id: step
    readonly property string ink: String(Theme.primary).replace("#", "")
    Image {  // how to stand: look at the camera, face inside the oval
        objectName: "faceIllustration"
        visible: !step.vm.faceRunning
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: 300
        Layout.preferredHeight: 250
        sourceSize.width: 300
        sourceSize.height: 250
        source: "image://icon/illus_face/" + step.ink
        Accessible.ignored: true
    }
    Item {
        objectName: "faceLive"
        visible: step.vm.faceRunning
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: 400
        Layout.preferredHeight: 300
        Rectangle { anchors.fill: parent; color: Theme.surfaceAlt; radius: Theme.radius }
        Image {
            objectName: "facePreview"
            anchors.fill: parent
            visible: step.vm.facePreview !== ""
            source: step.vm.facePreview
            // Already mirrored by the camera worker (the customer's left on the left): a
            // second flip here would show the customer as others see them.
            cache: false
            fillMode: Image.PreserveAspectCrop
            Accessible.role: Accessible.Graphic
            Accessible.name: step.vm.facePrompt
        }
        Image {  // the oval the face should fill
            objectName: "faceOval"
            anchors.fill: parent
            sourceSize.width: 400
            sourceSize.height: 300
            source: "image://icon/face_oval/" + String(Theme.focus).replace("#", "")
            Accessible.ignored: true
        }
    }
    KioskLabel {
        objectName: "facePrompt"
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        size: "title"
        visible: step.vm.faceRunning
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
        visible: !step.vm.faceRunning
        Layout.alignment: Qt.AlignHCenter
        text: step.vm.tr["button.start_face"]
        enabled: !step.vm.faceRunning && !step.vm.busy
        onClicked: step.vm.startFaceCheck()
    }
}
