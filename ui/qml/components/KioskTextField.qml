// A labelled text field; typing goes through the in-window virtual keyboard (Pinyin in
// Chinese).  Bind `text` to a view-model property and write back in onTextEdited so the value
// lives in the view-model.  The label is the field's accessible name.
//
// Enter moves to the next field of the form, and on the last one calls the form's
// `acceptForm()` (StepFrame presses its Next button).  A field read from a document is
// `locked`: read-only, with a lock mark.  The error goes away as soon as the customer has
// changed the field into a valid value (`validator` and `required` say what valid is).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

ColumnLayout {
    id: root
    property string label: ""
    property string description: ""
    property string errorText: ""
    property bool locked: false
    property bool required: true
    property alias text: field.text
    property alias placeholderText: field.placeholderText
    property alias inputMethodHints: field.inputMethodHints
    property alias validator: field.validator
    property alias echoMode: field.echoMode
    property alias maximumLength: field.maximumLength
    property alias acceptableInput: field.acceptableInput
    property alias readOnly: field.readOnly
    readonly property alias field: field
    readonly property bool valid: field.acceptableInput && (!required || field.text.trim() !== "")
    // Edited since the error was given, and valid now: the error no longer applies.
    property bool _fixed: false
    readonly property string shownError: errorText !== "" && !_fixed ? errorText : ""
    signal textEdited()
    signal accepted()

    spacing: 6
    onErrorTextChanged: _fixed = false

    // Keep the field, its label and its error in view above the virtual keyboard: scroll the
    // nearest Flickable (the step's scroller).
    function ensureVisible() {
        let f = root.parent
        while (f && (f.contentY === undefined || f.contentItem === undefined))
            f = f.parent
        if (!f || !field.activeFocus)
            return
        const top = root.mapToItem(f.contentItem, 0, 0).y - 8
        const bottom = top + root.height + 16
        let y = f.contentY
        if (bottom > y + f.height)
            y = bottom - f.height
        if (top < y)
            y = top
        f.contentY = Math.max(0, Math.min(y, Math.max(0, f.contentHeight - f.height)))
    }
    // The next editable field after this one, or null on the last.
    function nextField() {
        let it = field.nextItemInFocusChain(true)
        for (let i = 0; it && i < 50 && it !== field; ++i) {
            if (it.readOnly === false && it.visible && it.enabled && it.inputMethodHints !== undefined)
                return it
            it = it.nextItemInFocusChain(true)
        }
        return null
    }
    function advance() {
        const next = nextField()
        if (next) {  // the focus chain wraps around: only a field further on the form counts
            const a = field.mapToItem(null, 0, 0), b = next.mapToItem(null, 0, 0)
            if (b.y > a.y + 1 || (Math.abs(b.y - a.y) <= 1 && b.x > a.x)) {
                next.forceActiveFocus()
                return
            }
        }
        let f = root.parent  // the last field: the form's own action (Next)
        while (f && typeof f.acceptForm !== "function")
            f = f.parent
        if (f)
            f.acceptForm()
        root.accepted()
    }
    Timer { id: scrollLater; interval: 120; onTriggered: root.ensureVisible() }
    Connections {
        target: Qt.inputMethod
        function onVisibleChanged() { if (field.activeFocus) scrollLater.restart() }
        function onKeyboardRectangleChanged() { if (field.activeFocus) scrollLater.restart() }
    }
    onHeightChanged: if (field.activeFocus) scrollLater.restart()

    Text {
        objectName: root.objectName !== "" ? root.objectName + "_label" : ""
        text: root.label
        visible: text !== ""
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontSmall
        color: Theme.textMuted
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        lineHeight: Theme.lineHeight
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
        readOnly: root.locked
        leftPadding: 16
        rightPadding: root.locked ? 16 + lockMark.width + 8 : 16
        inputMethodHints: Qt.ImhNoPredictiveText
        Accessible.role: Accessible.EditableText
        Accessible.name: root.label !== "" ? root.label : placeholderText
        Accessible.description: root.shownError !== "" ? root.shownError : root.description
        Accessible.readOnly: readOnly
        background: Rectangle {
            radius: Theme.radius
            color: root.locked ? Theme.surfaceAlt : Theme.surface
            border.width: field.activeFocus ? 3 : 2
            border.color: root.shownError !== "" ? Theme.danger
                        : field.activeFocus ? Theme.focus : Theme.fieldBorder
        }
        Image {
            id: lockMark
            objectName: root.objectName !== "" ? root.objectName + "_lock" : ""
            visible: root.locked
            source: "image://icon/lock/" + String(Theme.textMuted).replace("#", "")
            width: Math.round(field.font.pixelSize * 0.9)
            height: width
            sourceSize.width: width
            sourceSize.height: height
            anchors { right: parent.right; rightMargin: 16; verticalCenter: parent.verticalCenter }
            Accessible.ignored: true
        }
        Keys.onReturnPressed: root.advance()
        Keys.onEnterPressed: root.advance()
        onActiveFocusChanged: if (activeFocus) scrollLater.restart()
        onTextEdited: {
            if (root.errorText !== "" && root.valid)
                root._fixed = true
            root.textEdited()
        }
    }
    Text {
        objectName: root.objectName !== "" ? root.objectName + "_error" : ""
        text: root.shownError
        visible: text !== ""
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontSmall
        color: Theme.danger
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        lineHeight: Theme.lineHeight
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }
}
