// Recognition on arrival (ui/arrival.py): on the attract screen, a welcome for a customer
// who opted in, with a suggested service and nothing personal until a second factor (ID
// card or a code sent to their phone); on the home screen, their pending items once
// confirmed, and the consent controls (opt in, withdraw).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

Item {
    id: root
    required property QtObject shell
    required property QtObject arrival
    readonly property bool onAttract: shell.screen === "attract"
    readonly property bool onHome: shell.screen === "home"
    readonly property string stage: arrival ? arrival.stage : ""
    visible: arrival !== null && arrival.available && (onAttract ? (stage === "suggested" || stage === "code")
                                                              : onHome)
    implicitHeight: box.implicitHeight

    function serviceText(kind) {
        switch (kind) {
        case "open_account": return qsTr("Your account opening is ready to complete.")
        case "card_application": return qsTr("Your card application is ready to complete.")
        case "appointment_checkin": return qsTr("Check in for your appointment.")
        case "queue_ticket": return qsTr("Go on with the ticket you took.")
        }
        return qsTr("Welcome back. Continue where you left off.")
    }
    function messageText(m) {
        switch (m) {
        case "wrong_code": return qsTr("That code is not right. Please try again.")
        case "refused": return qsTr("We could not confirm it is you. Please start as usual.")
        case "no_phone": return qsTr("No phone number was given: please use your ID card.")
        case "enrolled": return qsTr("Done. This terminal will recognise you next time; you can stop it here at any time.")
        case "face_failed": return qsTr("Your face could not be checked against your ID card. Nothing was kept.")
        case "revoked": return qsTr("Done. Your face template has been deleted.")
        case "nothing_to_revoke": return qsTr("You were not registered for recognition.")
        case "unavailable": return qsTr("This is not available right now.")
        }
        return ""
    }

    Rectangle {
        id: box
        anchors { left: parent.left; right: parent.right }
        implicitHeight: col.implicitHeight + 48
        radius: Theme.radius * 2
        color: Theme.surface
        border.width: 3
        border.color: Theme.primary

        ColumnLayout {
            id: col
            anchors { fill: parent; margins: 24 }
            spacing: 16

            // -- attract: a match, nothing personal --------------------------------------
            KioskLabel {
                objectName: "arrivalSuggestion"
                visible: root.onAttract
                Layout.fillWidth: true
                size: "title"
                text: root.serviceText(arrival ? arrival.suggestedService : "")
            }
            KioskLabel {
                visible: root.onAttract && root.stage === "suggested"
                Layout.fillWidth: true
                text: qsTr("To see your details, confirm it is you.")
            }
            RowLayout {
                visible: root.onAttract && root.stage === "suggested"
                spacing: 16
                KioskButton {
                    objectName: "arrivalCardButton"
                    text: qsTr("Confirm with my ID card")
                    enabled: !arrival.busy
                    onClicked: arrival.confirmWithCard()
                }
                KioskButton {
                    objectName: "arrivalCodeButton"
                    variant: "secondary"
                    text: qsTr("Send a code to my phone")
                    enabled: !arrival.busy
                    onClicked: arrival.sendCode()
                }
                KioskButton {
                    objectName: "arrivalNotMeButton"
                    variant: "secondary"
                    text: qsTr("Not me")
                    onClicked: arrival.notMe()
                }
            }
            KioskLabel {
                visible: root.onAttract && root.stage === "code"
                Layout.fillWidth: true
                text: qsTr("We sent a code to %1.").arg(arrival ? arrival.sentTo : "")
            }
            RowLayout {
                visible: root.onAttract && root.stage === "code"
                spacing: 16
                KioskTextField {
                    id: codeField
                    objectName: "arrivalCode"
                    Layout.preferredWidth: 320
                    label: qsTr("Code")
                    inputMethodHints: Qt.ImhDigitsOnly
                    maximumLength: 6
                }
                KioskButton {
                    objectName: "arrivalCodeOkButton"
                    text: qsTr("Confirm")
                    enabled: !arrival.busy && codeField.text.length === 6
                    onClicked: arrival.enterCode(codeField.text)
                }
            }

            // -- home: pending items once confirmed; consent ------------------------------
            KioskLabel {
                visible: root.onHome && root.stage === "confirmed"
                Layout.fillWidth: true
                size: "large"
                text: arrival && arrival.pendingItems.length > 0 ? qsTr("Waiting for you:")
                                                                 : qsTr("Nothing is waiting for you today.")
            }
            Repeater {
                model: root.onHome && root.stage === "confirmed" ? arrival.pendingItems : []
                delegate: KioskLabel {
                    required property var modelData
                    required property int index
                    objectName: "arrivalPending_" + index
                    Layout.fillWidth: true
                    text: "• " + modelData.title
                }
            }
            KioskLabel {
                visible: root.onHome && root.stage === "optin"
                Layout.fillWidth: true
                text: qsTr("With your consent this branch's terminals recognise your face when you step up and suggest what you came for. Nothing is shown until you confirm with your ID card or a code sent to your phone. Your face template is kept encrypted and is deleted as soon as you stop it, here at any terminal.")
            }
            KioskTextField {
                id: mobileField
                objectName: "arrivalMobile"
                visible: root.onHome && root.stage === "optin"
                Layout.preferredWidth: 420
                label: qsTr("Mobile number for codes (optional)")
                inputMethodHints: Qt.ImhDialableCharactersOnly
                required: false
            }
            KioskLabel {
                objectName: "arrivalMessage"
                visible: text !== ""
                Layout.fillWidth: true
                text: root.messageText(arrival ? arrival.message : "")
            }
            RowLayout {
                visible: root.onHome
                spacing: 16
                KioskButton {
                    objectName: "arrivalOptInButton"
                    visible: root.stage !== "optin"
                    variant: "secondary"
                    text: qsTr("Recognise me next time")
                    enabled: !arrival.busy
                    onClicked: arrival.askOptIn()
                }
                KioskButton {
                    objectName: "arrivalAgreeButton"
                    visible: root.stage === "optin"
                    text: qsTr("I agree: insert ID card")
                    enabled: !arrival.busy
                    onClicked: arrival.optIn(mobileField.text)
                }
                KioskButton {
                    objectName: "arrivalRevokeButton"
                    variant: "secondary"
                    text: qsTr("Stop recognising me")
                    enabled: !arrival.busy
                    onClicked: arrival.revoke()
                }
                KioskButton {
                    objectName: "arrivalCloseButton"
                    visible: root.stage === "optin" || root.stage === "done"
                    variant: "secondary"
                    text: qsTr("Close")
                    onClicked: arrival.close()
                }
            }
        }
    }
}
