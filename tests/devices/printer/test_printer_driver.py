"""The driver's bytes on the wire (loop://, spy://) and its protocol against the simulator."""

import threading
import time

import pytest
import serial

from devices.printer import Columns, Cut, Document, Line, PrinterSimulator, Qr, Rule, open_printer
from devices.printer.document import Encoder, fit_columns
from devices.printer.driver import CLEAR_BUFFER
from devices.printer.render import render
from devices.status import DeviceState

QR_K7 = (
    b"\x1d(k\x04\x001A2\x00"  # model 2
    b"\x1d(k\x03\x001C\x06"  # module size 6
    b"\x1d(k\x03\x001E0"  # EC level L
    b"\x1d(k\x10\x001P0ereceipt:K7-1"  # store data: pL = 13 + 3
    b"\x1d(k\x03\x001Q0"  # print
)


def loop_bytes(doc, columns=48, chinese=True):
    p = open_printer("loop://", 9600, columns, chinese, status_timeout=0.05)
    try:
        result = p.print_document(doc, "t-1", check_status=False)
        assert result.printed
        p.port.timeout = 0.2
        return p.port.read(100000)
    finally:
        p.close()


def test_loop_bytes_exact_ascii_qr_cut():
    doc = Document(
        [
            Line("Hello"),
            Line("Big", "center", bold=True, size=2),
            Rule(),
            Qr("ereceipt:K7-1"),
            Cut(),
        ]
    )
    out = loop_bytes(doc)
    assert out == (
        b"\x1b@"  # ESC @ initialise
        + b"Hello\n"  # default style: nothing to send
        + b"\x1ba\x01\x1bE\x01\x1d!\x11"
        + b"Big\n"  # centre, bold, double width+height
        + b"\x1ba\x00\x1bE\x00\x1d!\x00"
        + b"-" * 48
        + b"\n"  # back to left, plain
        + b"\x1ba\x01"
        + QR_K7
        + b"\n"  # centred native QR
        + b"\x1bd\x06\x1dV\x01"  # feed 6 lines, partial cut (python-escpos cut("PART"))
    )


def test_chinese_mode_sends_gb18030_between_fs_and_fs_dot():
    out = loop_bytes(Document([Line("转账成功", "center", bold=True, size=2)]))
    assert out.startswith(b"\x1b@\x1ba\x01\x1bE\x01\x1d!\x11")  # centre, bold, double size
    assert b"\x1c&\xd7\xaa\xd5\xcb\xb3\xc9\xb9\xa6\x1c.\n" in out  # 转账成功 in GB18030
    assert render(out).lines == ["转账成功"]


def test_gb18030_four_byte_characters():
    enc = Encoder(48, chinese_mode=True)
    assert enc.text_bytes("𠀀") == b"\x1c&\x95\x32\x82\x36\x1c."  # U+20000, 4-byte GB18030
    assert enc.text_bytes("abc") == b"abc"


def test_raster_fallback_without_chinese_font():
    out = loop_bytes(Document([Line("账号 ****1234")]), columns=32, chinese=False)
    assert b"\x1c&" not in out
    start = out.index(b"\x1dv0")
    assert (
        out[start + 3 : start + 8] == b"\x00\x30\x00\x1e\x00"
    )  # m=0, 48 bytes (384 dots) wide, 30 rows
    r = render(out, paper_width_mm=58)
    assert r.images == 1 and r.problems == []
    ink = sum(1 for v in r.picture.getdata() if v == 0)
    assert ink > 200  # the Han characters were drawn


def test_columns_fit_both_widths():
    assert fit_columns("Amount", "CNY 12.00", 32) == "Amount" + " " * 17 + "CNY 12.00"
    assert len(fit_columns("账号", "****1234", 48).encode("gb18030")) == 48
    long = fit_columns("A very long label that does not fit at all", "****1234", 32)
    assert long.endswith(" ****1234") and len(long) == 32


def test_loop_has_no_printer_so_status_is_offline_and_nothing_printed():
    p = open_printer("loop://", 9600, status_timeout=0.05)
    try:
        result = p.print_document(Document([Line("x")]), "t-2")
        assert (
            result.state == "not_started"
            and result.reason == "noResponse"
            and result.bytes_sent == 0
        )
        assert p.status.device == DeviceState.OFFLINE and p.status.details["paper"] == "unknown"
    finally:
        p.close()


def test_spy_url_logs_the_traffic_to_the_simulator(tmp_path):
    log = tmp_path / "spy.txt"
    with PrinterSimulator("pty") as sim:
        p = open_printer(f"spy://{sim.url}?file={log}", 9600, status_timeout=1.0)
        try:
            assert p.print_document(Document([Cut()]), "t-3").printed
        finally:
            p.close()
    traffic = log.read_text()
    assert "10 04 01" in traffic and "1D 56 01" in traffic.upper()


@pytest.fixture(params=["pty", "tcp"])
def sim(request):
    s = PrinterSimulator(request.param)
    s.start()
    yield s
    s.stop()


@pytest.fixture
def printer(sim):
    p = open_printer(sim.url, 115200, 48, True, status_timeout=1.0)
    yield p
    p.close()


def wait_for(cond, timeout=8.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.01)
    return False


RECEIPT = Document(
    [
        Line("Receipt", "center", bold=True, size=2),
        Columns("账号", "****1234"),
        Rule(),
        Qr("ereceipt:K7-9"),
        Cut(),
    ]
)


def test_simulator_receives_exactly_the_encoded_bytes(sim, printer):
    assert printer.print_document(RECEIPT, "j1").printed
    assert wait_for(lambda: len(sim.pages) == 1)
    sent = b"".join(Encoder(48, True).encode(RECEIPT))
    received = bytes(sim.received).replace(b"\x10\x04\x01", b"").replace(b"\x10\x04\x02", b"")
    received = received.replace(b"\x10\x04\x03", b"").replace(b"\x10\x04\x04", b"")
    assert received == sent
    page = sim.pages[0]
    assert page.lines[:2] == ["Receipt", "账号" + " " * 36 + "****1234"]
    assert ("qr", "ereceipt:K7-9") in page.codes


@pytest.mark.parametrize(
    ("fault", "device", "paper", "cover", "reason"),
    [
        ({"paper": "low"}, "online", "low", "closed", ""),
        ({"paper": "out"}, "offline", "out", "closed", "paperOut"),
        ({"cover_open": True}, "offline", "full", "open", "coverOpen"),
        ({"cutter_jam": True}, "hardwareError", "jammed", "closed", "paperJammed"),
        ({"unrecoverable": True}, "hardwareError", "full", "closed", "hardwareError"),
        ({"silent": True}, "offline", "unknown", "unknown", "noResponse"),
    ],
)
def test_faults_map_to_status_and_block_printing(sim, printer, fault, device, paper, cover, reason):
    for key, value in fault.items():
        setattr(sim.faults, key, value)
    s = printer.query_status()
    assert (str(s.device), s.details["paper"], s.details["cover"]) == (device, paper, cover)
    result = printer.print_document(RECEIPT, "j2")
    if reason:
        assert result.state == "not_started" and result.reason == reason and result.bytes_sent == 0
        time.sleep(0.1)
        assert sim.pages == [] and sim.printed == b""
    else:
        assert result.printed


def test_status_unknown_until_answered(sim, printer):
    assert printer.status.device == DeviceState.UNKNOWN
    printer.query_status()
    assert printer.status.device == DeviceState.ONLINE


def test_slow_printer_within_and_beyond_timeout(sim, printer):
    sim.faults.answer_delay = 0.05
    assert printer.query_status().device == DeviceState.ONLINE
    sim.faults.answer_delay = 1.5  # longer than the 1 s status timeout
    assert printer.query_status().device == DeviceState.OFFLINE


def test_paper_out_mid_job_interrupts_and_clears_buffer(sim, printer):
    sim.faults.paper_out_after = 120
    result = printer.print_document(RECEIPT, "j3")
    assert result.state == "interrupted" and result.reason == "paperOut"
    assert 0 < result.bytes_sent < sum(map(len, Encoder(48).encode(RECEIPT)))
    assert wait_for(lambda: CLEAR_BUFFER in bytes(sim.received))
    assert wait_for(lambda: not sim.held)  # the printer dropped the rest of the job
    sim.load_paper()
    time.sleep(0.1)
    assert sim.pages == [] and len(sim.torn) == 1  # nothing finished behind our back


def test_jam_mid_job(sim, printer):
    sim.faults.jam_after = 100
    result = printer.print_document(RECEIPT, "j4")
    assert result.state == "interrupted" and result.reason == "paperJammed"
    assert printer.status.device == DeviceState.HARDWARE_ERROR


def test_status_changes_are_published_as_events(sim, printer):
    events = []
    printer.subscribe(
        lambda old, new: events.append((old.details.get("paper"), new.details.get("paper")))
    )
    printer.start_monitor(interval=0.05)
    try:
        assert wait_for(lambda: events[-1:] == [(None, "full")])
        sim.faults.paper = "low"
        assert wait_for(lambda: events[-1:] == [("full", "low")])
        sim.faults.paper = "out"
        assert wait_for(lambda: events[-1:] == [("low", "out")])
    finally:
        printer.stop_monitor()


def test_driver_is_thread_safe(sim, printer):
    errors = []

    def job(n):
        r = printer.print_document(Document([Line(f"job {n}"), Cut()]), f"t{n}")
        if not r.printed:
            errors.append(r)

    threads = [threading.Thread(target=job, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert wait_for(lambda: len(sim.pages) == 4)
    assert sorted(p.lines[0] for p in sim.pages) == [f"job {n}" for n in range(4)]


def test_unopenable_port_raises_serial_exception():
    with pytest.raises(serial.SerialException):
        open_printer("/dev/does-not-exist-printer")


def test_logo_bytes_match_python_escpos_vector(testdata):
    from PIL import Image

    from devices.printer import Logo

    res = testdata / "escpos/python-escpos"
    logo = Image.open(res / "resources/black_white.png")
    out = loop_bytes(Document([Logo(logo)]))
    vector = (res / "vectors/image_raster_black_white.bin").read_bytes()
    assert out == b"\x1b@" + b"\x1ba\x01" + vector


@pytest.mark.parametrize("transport", ["pty", "tcp"])
def test_process_id_confirms_the_job_is_on_paper(transport):
    with PrinterSimulator(transport) as sim:
        p = open_printer(sim.url, 115200, status_timeout=1.0, confirm_timeout=2.0)
        try:
            result = p.print_document(RECEIPT, "c1")
            assert result.printed and result.reason == ""
            assert b"\x1d(H\x06\x0000" in bytes(sim.received)
            # Fault part-way: the printer holds the rest, so the confirmation never comes.
            sim.faults.paper_out_after = 150
            result = p.print_document(RECEIPT, "c2")
            assert result.state == "interrupted" and result.reason == "paperOut"
            # A printer without GS ( H: printed if the status is still good, flagged unconfirmed.
            sim.load_paper()
            sim.supports_process_id = False
            result = p.print_document(RECEIPT, "c3")
            assert result.printed and result.reason == "unconfirmed"
        finally:
            p.close()


def test_fault_after_the_host_sent_everything_is_caught_by_the_confirmation():
    """A real printer answers DLE EOT at once while its buffer still prints: a paper-out
    after the last byte was sent is seen only by the process-ID confirmation."""
    with PrinterSimulator("pty") as sim:
        sim.print_speed = 4000  # bytes/s: the job sits in the printer's buffer for a while
        total = sum(map(len, Encoder(48).encode(RECEIPT)))
        sim.faults.paper_out_after = total - 100
        p = open_printer(sim.url, 115200, status_timeout=1.0, confirm_timeout=2.5)
        try:
            result = p.print_document(RECEIPT, "late")
            assert result.bytes_sent == total  # every block went out with good status
            assert result.state == "interrupted" and result.reason == "paperOut"
            assert wait_for(lambda: not sim.held and not sim.queue)  # buffer cleared
        finally:
            p.close()
        assert sim.pages == [] and len(sim.torn) == 1


def test_printer_without_paper_sensor_answer_is_not_assumed_to_have_paper(sim, printer):
    sim.faults.unanswered = frozenset({4})
    s = printer.query_status()
    assert s.details["paper"] == "unknown" and s.details["cover"] == "closed"
    result = printer.print_document(RECEIPT, "u1")
    assert result.state == "not_started" and result.reason == "paperUnknown"
    sim.faults.unanswered = frozenset({2})  # paper known, cover unknown: may print
    assert printer.query_status().details["paper"] == "full"
    assert printer.print_document(RECEIPT, "u2").printed
