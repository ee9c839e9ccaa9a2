// A signature pad: strokes drawn with a finger, kept as lists of [x, y] points.
import QtQuick
import Kiosk
import components

Rectangle {
    id: pad
    property string label: ""
    property string errorText: ""
    property var strokes: []
    property var current: []
    color: Theme.surface
    radius: Theme.radius
    border.width: 2
    border.color: errorText !== "" ? Theme.danger : Theme.border
    Accessible.role: Accessible.Canvas
    Accessible.name: label
    Accessible.description: errorText

    function clear() { strokes = []; current = []; canvas.requestPaint() }

    KioskLabel {
        anchors { left: parent.left; top: parent.top; margins: 8 }
        size: "small"
        color: Theme.textMuted
        text: pad.errorText !== "" ? pad.errorText : pad.label
        Accessible.ignored: true
    }
    Canvas {
        id: canvas
        anchors.fill: parent
        onPaint: {
            var ctx = getContext("2d")
            ctx.reset()
            ctx.lineWidth = 3
            ctx.strokeStyle = Theme.text
            var all = pad.strokes.concat([pad.current])
            for (var i = 0; i < all.length; i++) {
                var s = all[i]
                if (s.length < 2) continue
                ctx.beginPath()
                ctx.moveTo(s[0][0], s[0][1])
                for (var k = 1; k < s.length; k++) ctx.lineTo(s[k][0], s[k][1])
                ctx.stroke()
            }
        }
    }
    MouseArea {
        anchors.fill: parent
        onPressed: (mouse) => { pad.current = [[mouse.x, mouse.y]] }
        onPositionChanged: (mouse) => {
            var c = pad.current; c.push([mouse.x, mouse.y]); pad.current = c; canvas.requestPaint()
        }
        onReleased: (mouse) => {
            var c = pad.current; c.push([mouse.x, mouse.y])
            var s = pad.strokes; s.push(c); pad.strokes = s
            pad.current = []; canvas.requestPaint()
        }
    }
}
