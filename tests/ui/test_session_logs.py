"""The logs of a whole session never hold the customer's personal data in clear."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Property, Signal, Slot

from kiosk.logs import log_event, setup_logging
from ui.journey_host import JourneyRegistry, JourneySpec, JourneyViewModel
from ui.qtlog import install_qt_message_handler, restore_qt_message_handler

STEP = Path(__file__).parent / "qml" / "LoggingStep.qml"
ID_NUMBER = "44030419900101" + "1238"
NAME = "Qx" + "Logmarker"
PHONE = "13711" + "224466"
log = logging.getLogger("tests.journey")


class ChattyJourney(JourneyViewModel):
    """Logs the way a hurried developer would: fields, free text, exceptions."""

    changed = Signal()

    def __init__(self, ctx):
        super().__init__(ctx)
        ctx.session.personal["id_number"] = ID_NUMBER
        log_event(log, "id card read", id_number=ID_NUMBER, name=NAME, source="reader")
        log.info("reader returned %s for %s", ID_NUMBER, f"name={NAME}")
        self.set_step(STEP)

    def _set(self, key, value):
        self.ctx.session.personal[key] = value
        # Bare names in free text cannot be recognised: values go under keys, or are numbers
        # the patterns catch (phone, ID, account).
        log_event(log, "field changed", level=logging.DEBUG, field=key, **{key: value})
        if key == "phone":
            log.debug("phone now %s", value)

    name = Property(str, lambda self: "", lambda self, v: self._set("name", v), notify=changed)
    phone = Property(str, lambda self: "", lambda self, v: self._set("phone", v), notify=changed)

    @Slot()
    def submit(self):
        try:
            raise RuntimeError(f"core bank refused phone {self.ctx.session.personal['phone']}")
        except RuntimeError:
            log.exception("submit failed")
        log_event(log, "submitted", mobileNo=self.ctx.session.personal["phone"])
        self.finish("done")


@pytest.fixture
def logged(tmp_path):
    path = tmp_path / "session.jsonl"
    handler = setup_logging("DEBUG", path)
    previous = install_qt_message_handler()
    yield path
    restore_qt_message_handler(previous)
    logging.getLogger().removeHandler(handler)
    handler.close()


def test_full_session_logs_are_redacted(logged, make_ui):
    registry = JourneyRegistry()
    registry.register(JourneySpec(id="chatty", title="Chatty", icon="", create=ChattyJourney))
    ui = make_ui(registry)
    ui.to_home("en")
    ui.tap("tile_chatty")
    ui.tap("logName_input")
    ui.type(NAME)
    ui.tap("logPhone_input")
    ui.type(PHONE)
    ui.tap("logDone")
    ui.wait_screen("attract")
    for handler in logging.getLogger().handlers:
        handler.flush()

    text = logged.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    messages = [r["msg"] for r in records]
    # The session really was logged, including QML's console output...
    assert "session started" in messages and "session ended" in messages
    assert any(
        r["msg"] == "journey started" and r["fields"]["journey"] == "chatty" for r in records
    )
    assert any(r["logger"] == "qt" and r["msg"].startswith("typed") for r in records)
    assert any(r["msg"] == "submit failed" and "RuntimeError" in r.get("exc", "") for r in records)
    ended = next(r for r in records if r["msg"] == "session ended")
    assert ended["fields"]["reason"] == "finish"
    # ...and nothing personal is in it.
    for secret in (ID_NUMBER, NAME, PHONE, PHONE[3:]):
        assert secret not in text, f"{secret} leaked into the log"
