"""``kiosk hub``'s queue options: parsed into HubSettings, bad values refused with a message."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from hub.queue.options import add_arguments, settings_from
from hub.settings import HubSettings


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_options_become_settings(tmp_path) -> None:
    pages = tmp_path / "pages.json"
    pages.write_text(json.dumps([{"zh": "欢迎", "en": "Welcome"}]), encoding="utf-8")
    got = settings_from(_parse("--opening", "08:30-16:00", "--timezone", "Asia/Hong_Kong",
                               "--checkin-early-min", "15", "--checkin-late-min", "5",
                               "--max-recalls", "3", "--display-pages", str(pages)))
    settings = HubSettings(**got)
    assert (settings.queue_opening, settings.queue_timezone) == ("08:30-16:00", "Asia/Hong_Kong")
    assert (settings.checkin_early_s, settings.checkin_late_s) == (900.0, 300.0)
    assert settings.max_recalls == 3 and settings.display_pages == [{"zh": "欢迎", "en": "Welcome"}]
    assert settings_from(_parse()) == {}


@pytest.mark.parametrize("argv, says", [
    (("--opening", "17:00-09:00"), "--opening must be"),
    (("--timezone", "Mars/Olympus"), "unknown time zone"),
    (("--max-recalls", "-1"), "--max-recalls"),
    (("--display-pages", "/no/such.json"), "cannot read"),
])
def test_bad_options_are_refused_clearly(argv, says) -> None:
    with pytest.raises(ValueError, match=says):
        settings_from(_parse(*argv))


def test_kiosk_hub_exits_2_on_a_bad_queue_option() -> None:
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "hub", "--opening", "9-5"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--opening must be HH:MM-HH:MM" in out.stderr
