"""A device that vanishes (its pseudo-terminal's other end closed, as when a USB adapter is
pulled) is reported as a status by both serial drivers, whatever pyserial raises: on POSIX
its buffer resets raise termios.error, which is neither SerialException nor OSError."""

import os
import termios

import pytest
import serial

from devices.idcard import ReaderUnplugged, SamReader
from devices.printer import open_printer
from devices.status import DeviceState


@pytest.fixture
def vanished_port():
    master, slave = os.openpty()
    path = os.ttyname(slave)
    yield path, master, slave
    os.close(slave)


def test_the_fault_is_real(vanished_port):
    path, master, _ = vanished_port
    port = serial.serial_for_url(path, timeout=0.2)
    os.close(master)
    with pytest.raises((termios.error, serial.SerialException, OSError)):
        port.reset_input_buffer()
        port.write(b"\x00")
        port.read(1)
    port.close()


def test_reader_reports_unplugged(vanished_port):
    path, master, _ = vanished_port
    reader = SamReader.open(path, 115200, 0.3)
    os.close(master)
    with pytest.raises(ReaderUnplugged):
        reader.read()
    assert reader.status.device is DeviceState.NO_DEVICE
    reader.close()


def test_printer_status_is_not_online(vanished_port):
    path, master, _ = vanished_port
    printer = open_printer(path, 9600, 48, status_timeout=0.2)
    os.close(master)
    status = printer.query_status()
    assert status.device is not DeviceState.ONLINE
    printer.close()
