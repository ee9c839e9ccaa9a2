"""The redacting JSON log: personal data never reaches a log line in clear."""

from __future__ import annotations

import json
import logging

import pytest

from kiosk.logs import log_event, redact_text, redact_value, setup_logging

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
CARD = "6222021234567890123"
NAME = "张伟"


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "logs" / "kiosk.jsonl"
    handler = setup_logging("DEBUG", path)
    yield path
    logging.getLogger().removeHandler(handler)
    handler.close()


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        (f"id {ID_NUMBER} read", ID_NUMBER, "11**************2X"),
        (f"id {ID_NUMBER.lower()} read", ID_NUMBER.lower(), None),
        (f"call {PHONE} now", PHONE, None),
        ("call +86 138 1234 5678 now", "138 1234 5678", None),
        (f"card {CARD}", CARD, "0123"),
        ("card 6222 0212 3456 7890", "6222 0212 3456", "7890"),
        ("card 6222-0212-3456-7890", "6222-0212-3456", "7890"),
        ("P<CHNZHANG<<WEI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "ZHANG<<WEI", None),
        (f"姓名：{NAME} 性别：男", NAME, None),
        (f"name={NAME}", NAME, None),
        (f"customer {{'name': '{NAME}', 'age': 30}}", NAME, None),
        ('payload {"name": "Li Lei"}', "Li Lei", None),
    ],
)
def test_redact_text(text, secret, kept):
    out = redact_text(text)
    assert secret not in out, out
    if kept:
        assert kept in out


def test_harmless_text_is_kept():
    text = "printer status paper=low after 12 ms, outbox depth 3, amount 500.00"
    assert redact_text(text) == text


def test_redact_value_keys_any_case_and_nesting():
    data = {
        "Name": NAME,
        "mobileNo": PHONE,
        "ID_NUMBER": ID_NUMBER,
        "nested": {"address": "北京市朝阳区", "items": [{"accountNo": "123"}]},
        "note": f"see {ID_NUMBER}",
        "count": 3,
    }
    out = {k: redact_value(k, v) for k, v in data.items()}
    dumped = json.dumps(out, ensure_ascii=False)
    for secret in (NAME, PHONE, ID_NUMBER, "北京市朝阳区", '"123"'):
        assert secret not in dumped
    assert out["count"] == 3


def test_records_are_json_and_redacted(log_file):
    log = logging.getLogger("tests.logs")
    log_event(log, "id card read", id_number=ID_NUMBER, name=NAME, session="abc")
    log.info("customer called from %s", PHONE)  # bare names: only under keys or labels
    log.warning("free text 姓名: %s", NAME)
    try:
        raise ValueError(f"bad account {CARD}")
    except ValueError:
        log.exception("failed for %s", ID_NUMBER)
    log.info("broken %d format", "x")  # a bad %-format must not lose the record
    text = log_file.read_text(encoding="utf-8")
    for secret in (ID_NUMBER, NAME, PHONE, CARD):
        assert secret not in text
    records = lines(log_file)
    assert len(records) == 5
    assert records[0]["fields"]["session"] == "abc"
    assert records[0]["fields"]["id_number"] == "<redacted>"
    assert "exc" in records[3] and "ValueError" in records[3]["exc"]
    assert records[4]["msg"].startswith("broken")
    assert all(r["ts"].endswith("Z") and r["level"] and r["logger"] for r in records)


def test_setup_logging_replaces_its_own_handler(tmp_path):
    root = logging.getLogger()
    first = setup_logging("INFO", tmp_path / "a.log")
    second = setup_logging("WARNING", tmp_path / "b.log")
    try:
        ours = [h for h in root.handlers if getattr(h, "_kiosk", False)]
        assert ours == [second]
        assert root.level == logging.WARNING
    finally:
        root.removeHandler(second)
        first.close()
        second.close()
