"""A document read that reports problems goes to staff, never silently corrected, and the
journal says why by field name only (chip and OCR reads)."""

import dataclasses
import datetime as dt

import pytest
from test_flow_open_account import chip

from devices.idcard import SamReader
from devices.idcard.simulator import SimulatedSamReader, demo_card
from kiosk.devices_io.identity_devices import IdentityDevices
from kiosk.flows.open_account import OpenAccountJourney
from kiosk.flows.steps import Outcome
from kiosk.flows.transfer import TransferJourney


def ended_for_staff_by(j, bank, problems, id_number):
    assert j.ended and j.outcome is Outcome.STAFF
    assert j.message.key == "document.see_staff"
    assert j.person is None and "form" not in j.data  # nothing kept, nothing "fixed"
    records = bank.journal.records()
    [event] = [r for r in records if r["kind"] == "identity.document"]
    assert event["result"] == "problems" and event["problems"] == problems
    assert id_number not in str(records)  # field names only, no personal data
    assert bank.journal.verify().ok


def test_chip_read_that_contradicts_its_id_number_goes_to_staff(bank):
    # A card whose chip says female on an ID number that says male (17th digit odd).
    card = dataclasses.replace(demo_card(), sex_code="2", birth_date=dt.date(1990, 3, 8))
    sim = SimulatedSamReader(card)
    reader = SamReader.open(sim.start(), timeout=0.5)
    try:
        read = IdentityDevices(reader=reader).read_card()
    finally:
        reader.close()
        sim.stop()
    assert read.problems == ("sex", "birth_date")
    j = OpenAccountJourney(bank.deps())
    j.document_read(read.kind, read.fields, source=read.source, valid=read.valid,
                    photo=read.photo, problems=read.problems)  # fmt: skip
    ended_for_staff_by(j, bank, ["sex", "birth_date"], card.id_number)


@pytest.mark.parametrize("journey_cls", [OpenAccountJourney, TransferJourney])
def test_ocr_read_with_problems_goes_to_staff(bank, journey_cls):
    fields = chip()  # what OCR read, with the read's own verdict on it
    j = journey_cls(bank.deps())
    j.document_read("cn-id", fields, source="ocr", valid=True, problems=["birth_date"])
    ended_for_staff_by(j, bank, ["birth_date"], fields["id_number"])


def test_a_consistent_chip_read_has_no_problems():
    sim = SimulatedSamReader(demo_card())
    reader = SamReader.open(sim.start(), timeout=0.5)
    try:
        assert IdentityDevices(reader=reader).read_card().problems == ()
    finally:
        reader.close()
        sim.stop()
