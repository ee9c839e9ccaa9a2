"""Co-browsing state: a journey's view as the teller receives it, numbers masked."""

from kiosk.flows.view import JourneyView
from kiosk.teller.cobrowse import view_state
from kiosk.teller.link import mask_numbers


def test_view_state_flattens_the_form_and_masks_id_numbers():
    view = JourneyView(
        name="open_account", step="details", ended=False, outcome="", message_key="",
        message_params={}, errors={"mobile": "mobile.invalid"}, speech_key="", language="en",
        form={"name": {"value": "张伟", "editable": False},
              "id_number": {"value": "110105198001010016", "editable": False}},
        inputs={"details": {"mobile": "1390000"}}, draft={"mobile": "13900001111"},
    )
    screen, fields = view_state(view)
    assert screen == "open_account.details"
    assert fields["name"] == "张伟" and fields["mobile"] == "13900001111"  # the draft wins
    assert fields["errors"] == {"mobile": "mobile.invalid"}
    sent = mask_numbers(fields)
    assert sent["id_number"] == "**************0016"
