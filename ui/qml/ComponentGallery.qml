// The shared components on one journey-like step: used by `make screenshots` and the tests
// (it is not a customer journey).  Engineer-facing example of a step screen: fields scroll,
// the buttons stay in a footer above the keyboard, the title shrinks while typing.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: step
    required property QtObject vm
    readonly property bool typing: Qt.inputMethod.visible
    function acceptForm() { Qt.inputMethod.hide(); next.clicked() }

    KioskLabel {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top
                  leftMargin: 60; rightMargin: 60; topMargin: step.typing ? Theme.grid : 40 }
        size: step.typing ? "small" : "title"
        text: qsTr("Please enter your details")
    }
    Flickable {
        id: scroller
        anchors { left: parent.left; right: parent.right; top: heading.bottom; bottom: buttons.top
                  leftMargin: 60; rightMargin: 60; topMargin: Theme.grid; bottomMargin: Theme.grid }
        contentHeight: column.implicitHeight + 8
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ColumnLayout {
            id: column
            y: 4
            width: scroller.width
            spacing: 24
            KioskTextField {
                objectName: "galleryName"
                Layout.fillWidth: true
                label: qsTr("Full name")
                text: step.vm.name
                onTextEdited: step.vm.name = text
            }
            NumberField {
                objectName: "galleryPhone"
                Layout.fillWidth: true
                label: qsTr("Mobile phone number")
                text: step.vm.phone
                onTextEdited: step.vm.phone = text
            }
        }
    }
    RowLayout {
        id: buttons
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  leftMargin: 60; rightMargin: 60; bottomMargin: step.typing ? Theme.grid : 40 }
        spacing: 24
        KioskButton { objectName: "galleryBack"; variant: "secondary"; iconName: "back"; text: qsTr("Back") }
        Item { Layout.fillWidth: true }
        KioskButton { id: next; objectName: "galleryNext"; iconName: "next"; text: qsTr("Continue"); onClicked: step.vm.finish("done") }
    }
}
