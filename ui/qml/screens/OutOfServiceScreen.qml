// Out of service (kiosk.out_of_service): the terminal cannot keep a customer's action, so it
// serves nobody; it says so in both languages and points to staff.  The technicians' hidden
// corners stay above it (the diagnostics overlay), so the mode is still reachable.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import components

Item {
    id: screen
    objectName: "outOfServiceScreen"
    required property QtObject shell

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 160, 1000)
        spacing: 36
        KioskLabel {
            objectName: "outOfServiceTitle"
            Layout.fillWidth: true
            size: "hero"
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            // Both languages at once: nobody has chosen one, and nobody can.
            text: "暂停服务\nOut of service"
            Accessible.name: text
        }
        KioskLabel {
            objectName: "outOfServiceMessage"
            Layout.fillWidth: true
            size: "title"
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            text: "本机暂时无法办理业务，请到柜台办理或联系工作人员。\n"
                  + "This terminal cannot serve customers at the moment. "
                  + "Please ask a member of staff."
            Accessible.name: text
        }
        KioskLabel {
            objectName: "outOfServiceCode"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            // For the technician and the bank's help desk: which fault, and which terminal.
            text: screen.shell.terminalId + " · " + screen.shell.outOfService
        }
    }
}
