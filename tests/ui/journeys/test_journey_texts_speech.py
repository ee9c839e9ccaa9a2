"""Journey strings in every language, spoken guidance with the mock engine, signatures."""

import re
from pathlib import Path

from kiosk.flows.card_application import CardApplicationJourney
from kiosk.flows.open_account import OpenAccountJourney
from kiosk.flows.transfer import TransferJourney
from ui.journeys import texts
from ui.journeys.signature import strokes_to_svg
from ui.journeys.speech import Guidance

FLOWS = Path(__file__).resolve().parents[3] / "kiosk" / "flows"
PREFIXES = (
    "journey.",
    "device.",
    "document.",
    "face.",
    "core.",
    "open.",
    "identify.",
    "transfer.",
    "payee.",
    "amount.",
    "limit.",
    "mobile.",
    "address.",
    "occupation.",
    "form.",
    "terms.",
    "card.",
)


def test_every_key_has_every_language():
    for key, words in texts.T.items():
        assert len(words) == len(texts.LANGUAGES), key
        assert all(w.strip() for w in words), key


def test_every_message_the_machines_use_has_words():
    used = set()
    for path in FLOWS.glob("*.py"):
        text = path.read_text()
        patterns = (
            r'Message\(\s*"([a-z_.]+)"',
            r'FieldInvalid\("([a-z_.]+)"',
            r'return "([a-z_]+\.[a-z_]+)"',
            r':\s*"([a-z_]+\.[a-z_]+)"',
            r', "([a-z_]+\.[a-z_]+)"\)',
            r'error = \("[a-z_]+", "([a-z_.]+)"\)',
        )
        for pattern in patterns:
            used.update(k for k in re.findall(pattern, text) if k.startswith(PREFIXES))
    for journey in (OpenAccountJourney, TransferJourney, CardApplicationJourney):
        used.update(spec.speech_key for spec in journey.STEPS)
    used.update(
        f"face.{reason}"
        for reason in ("no_match", "liveness_failed", "blink", "turn_left", "turn_right", "no_face")
    )
    used.update(f"document.{r}" for r in ("no_card", "timeout", "reader_fault", "unreadable"))
    missing = sorted(k for k in used if k not in texts.T)
    assert not missing


def test_text_parameters_and_fallbacks():
    assert (
        texts.text("face.retry", "en", {"remaining": 2})
        == "The face check did not pass. 2 attempt(s) left."
    )
    assert "2" in texts.text("face.retry", "zh_CN", {"remaining": 2})
    assert texts.text("no.such.key", "en") == "no.such.key"
    assert texts.text("button.next", "fr") == "Next"


def test_guidance_speaks_repeats_and_clamps_volume(qapp, qtbot):
    g = Guidance("mock")
    g.say("请将身份证放在读卡区")
    qtbot.waitUntil(lambda: g._tts.state().name in ("Speaking", "Ready"))
    g.repeat()
    assert g.history == ["请将身份证放在读卡区"] * 2
    g.set_volume(3)
    assert g.volume == 1.0 and abs(g._tts.volume() - 1.0) < 1e-6
    g.set_volume(-1)
    assert g.volume == 0.0
    g.stop()
    assert g.history == [] and g.last == ""


def test_signature_svg():
    assert strokes_to_svg([]) == b""
    assert strokes_to_svg([[[1, 1]]]) == b""  # a tap is no signature
    svg = strokes_to_svg([[[0, 0], [10, 5], [20, 0]], [[5, 5], [6, 6]]]).decode()
    assert svg.startswith("<svg") and svg.count("<path") == 2 and "M0.0,0.0 L10.0,5.0" in svg
