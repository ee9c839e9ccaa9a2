"""The support bundle after a known fictitious customer's session: every part a technician
needs is in it, and nothing of that customer (nor a secret of the configuration)."""

from __future__ import annotations

import json
import logging
import zipfile

import pytest
from ops_terminal import CUSTOMER, SECRETS_OF_CUSTOMER, Terminal

from kiosk.config import MaintenanceConfig, OperationsConfig, TechnicianConfig
from kiosk.logs import log_event, setup_logging
from kiosk.maintenance.console import ConsoleParts, NotInMode
from kiosk.maintenance.mode import DiagnosticsMode

OTP_SECRET = "a1" * 32
TERMINAL_KEY = "tk-7f3e9c1d-terminal"


@pytest.fixture
def logged_terminal(tmp_path):
    log_file = tmp_path / "logs" / "terminal.log"
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    handler = setup_logging("INFO", log_file)
    t = Terminal(tmp_path / "terminal",
                 operations=OperationsConfig(terminal_key=TERMINAL_KEY),
                 maintenance=MaintenanceConfig(otp_secret=OTP_SECRET))  # fmt: skip
    t.cfg.log.file = str(log_file)
    yield t
    t.close()
    root.removeHandler(handler)
    handler.close()
    root.handlers[:], root.level = saved[0], saved[1]


def _text(secret: str | bytes) -> str:
    """A secret as it could appear in a text file (the ID secret is bytes: its hex)."""
    return secret if isinstance(secret, str) else secret.hex()


def test_bundle_has_what_a_technician_needs_and_nothing_of_the_customer(logged_terminal,
                                                                        tmp_path):
    from kiosk.maintenance import otp

    t = logged_terminal
    t.transfer()
    t.transfer(cancel_at="payee")
    # What a careless module might log: the filter on the handler must catch it.
    log_event(logging.getLogger("kiosk.test"), "customer identified", **CUSTOMER)
    logging.getLogger("kiosk.test").warning("lookup failed for %s", CUSTOMER["id_number"])
    t.wait_polled()
    usb = tmp_path / "usb"
    mode = DiagnosticsMode.build(ConsoleParts(t.cfg, None, t.bank.journal, t.bank.outbox,
                                              t.ops), t.session)  # fmt: skip
    with pytest.raises(NotInMode):
        mode.console.export_bundle(usb)
    code = otp.issue(OTP_SECRET, t.cfg.branch.terminal_id, "T01")
    t.cfg.maintenance.technicians = []
    assert not mode.enter("T01", code)[0].ok  # not a configured technician
    t.cfg.maintenance.technicians = [TechnicianConfig(id="T01")]
    assert mode.enter("T01", code)[1] == "active"
    with pytest.raises(OSError, match="not mounted"):
        mode.console.export_bundle(usb)
    usb.mkdir()
    t.cfg.corebank.password = "s3cret-core-password"  # a terminal's file sets one
    path = mode.console.export_bundle(usb)

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        texts = {n: zf.read(n).decode("utf-8") for n in names}
    assert {"configuration.json", "versions.json", "journal_verify.json", "outbox.json",
            "logs/terminal.log", "status_history.json", "counters.json",
            "manifest.json"} <= names  # fmt: skip
    verdict = json.loads(texts["journal_verify.json"])
    assert verdict["checked"] and verdict["ok"] and verdict["count"] > 10
    assert "session ended" in texts["logs/terminal.log"]  # the log is there, redacted
    history = json.loads(texts["status_history.json"])
    assert history and history[0]["name"] == "printer"
    cfg = json.loads(texts["configuration.json"])
    assert all("s3cret-core-password" not in text for text in texts.values())
    assert cfg["corebank"]["password"] == "<removed>" and cfg["branch"]["terminal_id"] == "K7"
    assert json.loads(texts["versions.json"])["python"]
    viewer = mode.console.logs(500)  # the log viewer: the same redacted lines
    assert any("session ended" in line for line in viewer)
    everything = "\n".join([*texts.values(), *viewer])
    for secret in (*SECRETS_OF_CUSTOMER, TERMINAL_KEY, OTP_SECRET,
                   t.cfg.limits.id_salt, _text(t.bank.journal.salt)):
        assert secret not in everything, secret
    assert not path.with_suffix(".part").exists()
