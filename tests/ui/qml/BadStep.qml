// Test-only step with one defect of each kind the screen audit must catch.
import QtQuick
import QtQuick.Controls

Item {
    required property QtObject vm
    Text { objectName: "greyOnBlack"; x: 20; y: 20; text: "I have read and accept"
           color: "#555555"; font.pixelSize: 24 }
    Text { objectName: "cutShort"; x: 20; y: 80; width: 120; text: "A sentence far too long"
           elide: Text.ElideRight; color: "#ffffff"; font.pixelSize: 24 }
    Text { objectName: "tiny"; x: 20; y: 140; text: "Small print"; color: "#ffffff"
           font.pixelSize: 14 }
    Button { objectName: "smallButton"; x: 20; y: 200; width: 120; height: 40; text: "OK" }
}
