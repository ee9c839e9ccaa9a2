// A labelled text field; typing goes through the in-window virtual keyboard (Pinyin in
// Chinese).  Bind `text` to a view-model property and write back in onTextEdited so the value
// lives in the view-model.  The label is the field's accessible name.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

ColumnLayout {
    id: root
    property string label: ""
    property string description: ""
    property string errorText: ""
    property alias text: field.text
    property alias placeholderText: field.placeholderText
    property alias inputMethodHints: field.inputMethodHints
    property alias validator: field.validator
    property alias echoMode: field.echoMode
    property alias maximumLength: field.maximumLength
    property alias acceptableInput: field.acceptableInput
    property alias readOnly: field.readOnly
    readonly property alias field: field
    signal textEdited()
    signal accepted()

    spacing: 6

    // Keep the field in view above the virtual keyboard: scroll the nearest Flickable.
    function ensureVisible() {
        let f = root.parent
        while (f && (f.contentY === undefined || f.contentItem === undefined))
            f = f.parent
        if (!f || !field.activeFocus)
            return
        const top = root.mapToItem(f.contentItem, 0, 0).y - 16
        const bottom = top + root.height + 32
        let y = f.contentY
        if (bottom > y + f.height)
            y = bottom - f.height
        if (top < y)
            y = top
        f.contentY = Math.max(0, Math.min(y, Math.max(0, f.contentHeight - f.height)))
    }
    Timer { id: scrollLater; interval: 60; onTriggered: root.ensureVisible() }
    Connections {
        target: Qt.inputMethod
        function onVisibleChanged() { if (field.activeFocus) scrollLater.restart() }
        function onKeyboardRectangleChanged() { if (field.activeFocus) scrollLater.restart() }
    }

    Text {
        text: root.label
        visible: text !== ""
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontSmall
        color: Theme.textMuted
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        Accessible.ignored: true
    }
    TextField {
        id: field
        objectName: root.objectName !== "" ? root.objectName + "_input" : ""
        Layout.fillWidth: true
        implicitHeight: Theme.touchMin
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontLarge
        color: Theme.text
        placeholderTextColor: Theme.textMuted
        leftPadding: 16
        rightPadding: 16
        inputMethodHints: Qt.ImhNoPredictiveText
        Accessible.role: Accessible.EditableText
        Accessible.name: root.label !== "" ? root.label : placeholderText
        Accessible.description: root.errorText !== "" ? root.errorText : root.description
        background: Rectangle {
            radius: Theme.radius
            color: Theme.surface
            border.width: field.activeFocus ? 3 : 2
            border.color: root.errorText !== "" ? Theme.danger
                        : field.activeFocus ? Theme.focus : Theme.border
        }
        onActiveFocusChanged: if (activeFocus) scrollLater.restart()
        onTextEdited: root.textEdited()
        onAccepted: root.accepted()
    }
    Text {
        text: root.errorText
        visible: text !== ""
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontSmall
        color: Theme.danger
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }
}
