"""The real SamReader driver against the simulator over a pseudo-terminal and a socket."""

from __future__ import annotations

import pytest

from devices.idcard import (
    ChecksumError,
    NoCard,
    PartialFrame,
    ReaderTimeout,
    ReaderUnplugged,
    SamReader,
    open_reader,
)
from devices.idcard import protocol as p
from devices.idcard.simulator import Fault, SimulatedSamReader, demo_card
from devices.status import DeviceState


@pytest.fixture(params=["pty", "socket"])
def rig(request):
    sim = SimulatedSamReader(transport=request.param)
    reader = SamReader.open(sim.start(), timeout=0.4)
    yield sim, reader
    reader.close()
    sim.stop()


def test_reset_status_and_read(rig):
    sim, reader = rig
    reader.reset()
    assert reader.sam_status() is True
    assert len(reader.sam_id()) == 32
    record = reader.read()
    assert record.text == demo_card()
    assert len(record.photo_wlt) == 1024
    assert reader.status.device is DeviceState.ONLINE
    assert reader.status.details["media"] == "present"
    assert sim.commands_seen[-3:] == [
        p.Command.FIND_CARD,
        p.Command.SELECT_CARD,
        p.Command.READ_TEXT_PHOTO,
    ]


def test_no_card(rig):
    sim, reader = rig
    sim.card_present = False
    with pytest.raises(NoCard) as err:
        reader.read()
    assert err.value.sw3 == 0x80
    assert reader.card_present() is False
    assert reader.status.details["media"] == "notPresent"
    sim.card_present = True
    assert reader.card_present() is True


def test_no_card_fault_then_recovers(rig):
    sim, reader = rig
    sim.inject(Fault.NO_CARD, once=True)
    with pytest.raises(NoCard):
        reader.find_card()
    assert reader.read().text.id_number == demo_card().id_number


@pytest.mark.parametrize(
    ("fault", "error", "state"),
    [
        (Fault.CHECKSUM, ChecksumError, DeviceState.HARDWARE_ERROR),
        (Fault.TIMEOUT, ReaderTimeout, DeviceState.OFFLINE),
        (Fault.PARTIAL, PartialFrame, DeviceState.HARDWARE_ERROR),
    ],
)
def test_transient_faults_on_the_big_read_then_recover(rig, fault, error, state):
    sim, reader = rig
    reader.find_card()
    reader.select_card()
    sim.inject(fault, once=True)
    with pytest.raises(error):
        reader.read_card()
    assert reader.status.device is state
    # The next transaction flushes leftovers and works again.
    assert reader.read().text == demo_card()
    assert reader.status.device is DeviceState.ONLINE


def test_unplugged(rig):
    sim, reader = rig
    reader.reset()
    sim.inject(Fault.UNPLUGGED)
    with pytest.raises(ReaderUnplugged):
        reader.read()
    assert reader.status.device is DeviceState.NO_DEVICE


def test_reader_reports_our_bad_checksum():
    sim = SimulatedSamReader()
    url = sim.start()
    import serial

    port = serial.serial_for_url(url, timeout=0.5)
    frame = bytearray(p.build_command(p.Command.FIND_CARD))
    frame[-1] ^= 0xFF
    port.write(bytes(frame))
    answer = port.read(11)
    response, ok = p.parse_response(answer)
    assert ok and response.sw3 == p.Sw3.HOST_CHECKSUM
    port.close()
    sim.stop()


def test_status_events_and_factory():
    reader = open_reader("simulator", timeout=0.5)
    events = []
    reader.status_publisher.subscribe(lambda old, new: events.append(new.device))
    reader.read()
    assert DeviceState.ONLINE in events
    reader.close()
    reader.simulator.stop()
    assert open_reader("none") is None
    with pytest.raises(ReaderUnplugged):
        open_reader("sam", "/dev/does-not-exist-idcard")
    with pytest.raises(ValueError):
        open_reader("bogus")


def test_unknown_command_gets_bad_command_status():
    import serial

    sim = SimulatedSamReader()
    port = serial.serial_for_url(sim.start(), timeout=0.5)
    port.write(p.PREAMBLE + bytes([0, 3, 0x77, 0x01, 3 ^ 0x77 ^ 0x01]))
    response, ok = p.parse_response(port.read(11))
    assert ok and response.sw3 == p.Sw3.BAD_COMMAND
    port.close()
    sim.stop()
