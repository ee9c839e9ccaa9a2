// The journey ended without a result screen (cancelled, refused, failed, staff, existing
// client): titled by what happened, the machine's message says why, what to do next, and
// Done returns to the attract screen.  A customer who is not a client yet is offered to open
// an account on the spot.
import QtQuick
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: step
    required property QtObject vm
    readonly property bool good: vm.outcome === "completed" || vm.outcome === "pending"
    readonly property bool needsPerson: ["failed", "refused", "staff"].indexOf(vm.outcome) >= 0
    readonly property bool notClient: vm.messageKey === "identify.not_a_client"
    // The shell is the JourneyScreen's; a step gets only its view-model.
    function shell() {
        let p = step.parent
        while (p && p.shell === undefined)
            p = p.parent
        return p ? p.shell : null
    }
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: Theme.spacing
        RowLayout {
            spacing: Theme.spacing
            Rectangle {  // the state at a glance: a tick, or a warning mark
                Layout.preferredWidth: Theme.fontTitle * 1.6
                Layout.preferredHeight: Layout.preferredWidth
                radius: width / 2
                color: step.good ? Theme.success : step.needsPerson ? Theme.dangerFill : Theme.surfaceAlt
                Accessible.ignored: true
                Image {
                    anchors.centerIn: parent
                    width: parent.width * 0.6
                    height: width
                    sourceSize.width: width
                    sourceSize.height: height
                    source: "image://icon/" + (step.good ? "check" : step.needsPerson ? "person" : "warning") + "/"
                            + String(step.good ? Theme.onSuccess : step.needsPerson ? Theme.onDanger : Theme.text).replace("#", "")
                }
            }
            KioskLabel {
                objectName: "endedTitle"
                Layout.fillWidth: true
                size: "title"
                text: step.vm.resultTitle
                Accessible.role: Accessible.Heading
            }
        }
        KioskLabel {
            objectName: "endedMessage"
            Layout.fillWidth: true
            size: "large"
            text: step.vm.messageText
        }
        KioskLabel {
            objectName: "endedNextSteps"
            Layout.fillWidth: true
            visible: step.needsPerson && !step.notClient
            text: step.vm.tr["ended.next_steps"]
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            KioskButton {
                objectName: "openAccountButton"
                visible: step.notClient && step.shell() !== null
                variant: "secondary"
                iconName: "open_account"
                text: step.vm.tr["button.open_account"]
                onClicked: step.shell().startJourney("open_account")
            }
            Item { Layout.fillWidth: true }
            KioskButton {
                objectName: "finishButton"
                iconName: "check"
                text: step.vm.tr["button.done"]
                onClicked: step.vm.leave()
            }
        }
    }
}
