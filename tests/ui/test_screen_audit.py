"""Every screen, as rendered, meets the bars: contrast, sizes, clipping, keyboard cover.

``ui.audit`` measures the real window's pixels and item tree.  The first tests show it
catches each kind of defect on a small scene made to fail; the last renders every screen
and journey step sample in a representative set of (language, mode) pairs, with the keyboard
closed and open on each field, and fails on anything below the bar.  ``bench/ui.py`` runs
the same over every language and mode.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from ui.audit import audit_all, audit_screen, contrast
from ui.journey_host import JourneyRegistry, JourneySpec, JourneyViewModel
from ui.window import QML_DIR

BAD_STEP = Path(__file__).parent / "qml" / "BadStep.qml"


class BadViewModel(JourneyViewModel):
    """Shows the step made to fail."""

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.set_step(BAD_STEP, 0, 1)

    def title(self) -> str:
        return "Bad"


def test_contrast_ratio_matches_wcag():
    assert contrast(QColor("#ffffff"), QColor("#000000")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#b3261e"), QColor("#ffffff")) > 4.5


def test_the_audit_catches_each_kind_of_defect(make_ui):
    registry = JourneyRegistry()
    registry.register(JourneySpec(id="bad", title="Bad", icon="", create=BadViewModel))
    ui = make_ui(registry)
    ui.to_home("en")
    ui.t.theme.setMode("large")  # black background, 7:1 and 24 px bars
    ui.tap("tile_bad")
    ui.item("greyOnBlack")
    QTest.qWait(250)
    audit = audit_screen(ui.t.window, ui.t.window.grabWindow(), "large", "bad")
    failed = {(f.kind, f.name.split()[0]) for f in audit.failures()}
    assert ("text", "greyOnBlack") in failed  # 2.6:1 on black, below 7:1
    assert ("clipped", "cutShort") in failed  # elided: the customer cannot read it all
    assert ("font", "tiny") in failed  # 14 px in large text
    assert ("target", "smallButton") in failed  # 40 px high
    ok = {f.name.split()[0] for f in audit.findings if f.ok and f.kind == "text"}
    assert "tiny" in ok  # white on black passes contrast
    # The terminal's own top bar on the same screen passes.
    assert not [f for f in audit.failures() if f.name.startswith(("helpButton", "cancelButton"))]


def test_every_screen_meets_the_bars(qapp, tmp_path):
    # Both languages, normal and large text (large is high contrast too); bench/ui.py covers
    # every language x mode, including high contrast at standard size.
    summary = audit_all(combos=[("zh_CN", "large"), ("en", "normal")], settle_ms=200)
    assert summary.failures == [], "\n".join(summary.failures[:40])
    assert summary.states >= 50, summary.states  # every screen was really rendered
    assert summary.keyboard_states >= 10  # and the forms with the keyboard up
    figures = summary.figures()
    assert figures["min_contrast_normal"] >= 4.5
    assert figures["min_contrast_high"] >= 7.0
    assert figures["min_target_px_normal"] >= 64 and figures["min_target_px_large"] >= 72
    assert figures["min_font_px_large"] >= 24
    assert figures["clipped_items"] == 0 and figures["fields_hidden_by_keyboard"] == 0
    assert QML_DIR.exists()
