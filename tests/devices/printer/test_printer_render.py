"""Renderer on the shared sample streams, on our own output, and on broken streams."""

import json

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_data import listed

from devices.printer.document import Cut, Document, Encoder, Line, Qr
from devices.printer.render import render, render_text

# The shared sample streams (the ``testdata`` fixture's folder), listed for parametrize.
ALL_STREAMS = listed("escpos", pattern="*.bin")


def test_receipt_with_logo_text_matches_esc2text(testdata):
    base = testdata / "escpos"
    expected = json.loads((base / "expected.json").read_text())[
        "escpos-tools/receipt-with-logo.bin"
    ]
    got = render_text((base / "escpos-tools/receipt-with-logo.bin").read_bytes())
    want = expected["esc2text_expected_output"].splitlines()
    assert [line.rstrip() for line in got.lines] == [line.rstrip() for line in want]
    assert got.problems == []


def test_receipt_with_logo_picture(testdata):
    r = render((testdata / "escpos/escpos-tools/receipt-with-logo.bin").read_bytes())
    assert r.images == 1 and r.cuts == 1
    img = np.array(r.picture.convert("L"))
    assert img.shape[1] == 576
    # The logo raster is at the top and has ink; the rest of the receipt has text ink too.
    assert (img[:200] == 0).mean() > 0.05
    assert (img[250:] == 0).mean() > 0.01


@pytest.mark.parametrize("name", ALL_STREAMS)
def test_every_sample_stream_renders_without_problems(testdata, name):
    data = (testdata / "escpos" / name).read_bytes()
    r = render(data, annotate=True)
    assert r.problems == []
    assert r.picture is not None and r.picture.width == 576


def test_qr_sample_codes_decode(testdata):
    r = render((testdata / "escpos/escpos-php/qr-code.bin").read_bytes())
    assert ("qr", "Testing 123") in r.codes
    assert len([c for c in r.codes if c[0] == "qr"]) >= 10


def test_python_escpos_raster_vectors(testdata):
    vec = testdata / "escpos/python-escpos/vectors"
    r = render((vec / "image_raster_black_white.bin").read_bytes())
    img = np.array(r.picture.convert("L"))
    # 0xC0 then 0x00: two black dots on the first row, none on the second.
    assert img[0, 0] == 0 and img[0, 1] == 0 and img[0, 2] == 255 and img[1, 0] == 255
    assert render((vec / "qr_native_1234_default.bin").read_bytes()).codes == [("qr", "1234")]
    assert render((vec / "barcode_ean13_4006381333931.bin").read_bytes()).codes == [
        ("barcode:EAN13", "4006381333931")
    ]
    assert render_text((vec / "textln_hello_world.bin").read_bytes()).lines == ["hello, world"]


def test_our_qr_renders_to_a_decodable_code():
    data = b"".join(Encoder(48).encode(Document([Line("x"), Qr("ereceipt:K7-1"), Cut()])))
    r = render(data)
    img = np.array(r.picture.convert("L"))
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(
        cv2.copyMakeBorder(img, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    )
    assert text == "ereceipt:K7-1"


def test_gb18030_chinese_mode_text():
    r = render_text(b"\x1c&" + "转账成功".encode("gb18030") + b"\x1c.\nabc\n")
    assert r.lines == ["转账成功", "abc"]


def test_truncated_stream_keeps_what_was_valid(testdata):
    data = (testdata / "escpos/escpos-tools/receipt-with-logo.bin").read_bytes()
    r = render(data[: len(data) - 200])
    assert r.lines[0] == "ExampleMart Ltd."
    assert r.problems == [] or all("truncated" in str(p) for p in r.problems)
    cut_in_logo = render(data[:5000])
    assert len(cut_in_logo.problems) == 1 and "truncated GS (" in str(cut_in_logo.problems[0])


def test_malformed_stream_reports_and_goes_on():
    r = render(b"Hello\n\x1bZZ more\n\x1d\x76\x30\x00\xff\xff\xff\xff")
    assert r.lines == ["Hello", "Z more"]
    assert [p.offset for p in r.problems] == [6, 15]
    assert "unknown command ESC Z" in str(r.problems[0]) and "truncated GS v" in str(r.problems[1])


def test_random_garbage_never_raises():
    rng = np.random.default_rng(5)
    for _ in range(30):
        data = bytes(rng.integers(0, 256, size=int(rng.integers(1, 800)), dtype=np.uint8))
        render(data)  # must not raise


def test_code_pages_from_the_printer_database(testdata):
    lines = render_text((testdata / "escpos/escpos-php/character-encodings.bin").read_bytes()).lines
    assert "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία" in lines  # CP737 / ISO 8859-7
    assert "В чащах юга жил бы цитрус? Да, но фальшивый экземпляр!" in lines  # CP866
    assert "Pchnąć w tę łódź jeża lub ośm skrzyń fig." in lines  # CP852
    assert "Glāžšķūņa rūķīši dzērumā čiepj Baha koncertflīģeļu vākus." in lines  # CP1257
    assert "ｲﾛﾊﾆﾎﾍﾄ ﾁﾘﾇﾙｦ ﾜｶﾖﾀﾚｿ ﾂﾈﾅﾗﾑ" in lines  # katakana table
    assert any(
        line.startswith("Tiếng Việt, còn gọi tiếng Việt Nam") for line in lines
    )  # TCVN-3 table


def test_absurd_picture_size_is_a_problem_not_a_crash():
    # GS ( L store raster claiming 65535 x 65535 dots with 4 bytes of data, then print.
    body = b"0p" + b"0\x01\x011" + b"\xff\xff\xff\xff" + b"\x00" * 4
    data = b"\x1d(L" + len(body).to_bytes(2, "little") + body + b"\x1d(L\x02\x0002" + b"ok\n"
    r = render(data)
    assert r.lines == ["ok"]
    assert len(r.problems) == 1 and "out of range" in str(r.problems[0])


PREFIXES = [
    b"\x1b!",
    b"\x1b*",
    b"\x1b&",
    b"\x1d(L",
    b"\x1d(k",
    b"\x1d8L",
    b"\x1dv0",
    b"\x1dk",
    b"\x1d!",
    b"\x1c&",
    b"\x1c.",
    b"\x1bt",
    b"\x1bd",
    b"\x1dV",
    b"\x10\x04",
    b"\x1b@",
    b"\n",
    b"Ab",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=12)), max_size=25))
def test_streams_of_real_command_prefixes_never_raise(parts):
    data = b"".join(prefix + tail for prefix, tail in parts)
    r = render(data)
    assert r.picture is not None or r.too_large  # past the page caps: a reason, no picture
    for p in r.problems:
        assert 0 <= p.offset <= len(data)
