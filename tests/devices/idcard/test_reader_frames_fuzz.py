"""Frames from outside (a broken or hostile reader): only typed errors, and the status says so.

A loopback TCP "reader" answers every command with the frame under test; the real
``SamReader`` talks to it through ``serial_for_url("socket://...")``.
"""

from __future__ import annotations

import socket
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.idcard import FrameError, IdCardError, SamReader
from devices.idcard import protocol as p
from devices.idcard.textblock import parse_text_block
from devices.status import DeviceState


class ScriptedReader:
    """Answers each command frame it receives with ``self.answer``."""

    def __init__(self) -> None:
        self.answer = b""
        self._srv = socket.create_server(("127.0.0.1", 0))
        self.port = self._srv.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self._srv.accept()
        with conn:
            while True:
                try:
                    if not conn.recv(4096):
                        return
                    conn.sendall(self.answer)
                except OSError:
                    return

    def close(self) -> None:
        self._srv.close()


@pytest.fixture(scope="module")
def scripted():
    fake = ScriptedReader()
    reader = SamReader.open(f"socket://127.0.0.1:{fake.port}", timeout=0.04)
    yield fake, reader
    reader.close()
    fake.close()


def _frame(length: int, payload: bytes) -> bytes:
    body = length.to_bytes(2, "big") + payload
    return p.PREAMBLE + body + bytes([p.checksum(body)])


@pytest.mark.parametrize("length", [0, 1, 2, 3])
def test_a_length_field_of_0_to_3_is_a_typed_protocol_error(scripted, length):
    fake, reader = scripted
    fake.answer = _frame(length, b"\x00" * max(0, length - 1))
    with pytest.raises(FrameError, match="length field"):
        reader.sam_status()
    assert reader.status.device is DeviceState.HARDWARE_ERROR
    assert "protocol" in reader.status.details["fault"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=40),
    st.builds(lambda n, d: _frame(n, d), st.integers(0, 12), st.binary(max_size=12)),
    st.builds(lambda d: p.PREAMBLE + d, st.binary(max_size=30)),
))  # fmt: skip
def test_random_reader_output_raises_only_typed_errors(scripted, frame):
    fake, reader = scripted
    fake.answer = frame
    try:
        reader.transact(p.Command.SAM_STATUS)
    except IdCardError:
        pass  # typed: timeouts, partial, checksum, protocol


@given(st.binary(max_size=300))
def test_parsers_raise_only_their_typed_errors(data):
    for parse in (p.parse_response, p.parse_host_frame, p.split_read_data):
        try:
            parse(data)
        except FrameError:
            pass
    try:
        parse_text_block(data)
    except ValueError:
        pass
