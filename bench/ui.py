"""Screen audit over every screen, mode and language: contrast, targets, fonts, clipping.

Renders every screen of the terminal (attract, language, home and its starting state, help,
countdown, the cancel question, the component gallery and every journey step sample) in
both languages and all three modes (normal, large text with high contrast, high contrast),
each with the keyboard closed and open on each field, and measures every state with
``ui.audit`` (text contrast against the pixels behind it, control edges, touch sizes, font
sizes in large text, painted text that does not fit its box, the focused field and Next
hidden by the keyboard).  Writes bench/results/ui.json with the figures issue 10 names:
``min_contrast_normal``, ``min_contrast_high``, ``min_target_px``, ``min_font_px_large``,
``clipped_items``, ``fields_hidden_by_keyboard`` (aims 4.5 / 7.0 / 64 (72 large) / 24 / 0 / 0).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "ui.json"


def main() -> int:
    """Run the full matrix and write the figures."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = tempfile.mkdtemp(prefix="bench-ui-")
    os.environ.setdefault("XDG_CONFIG_HOME", tmp)
    os.environ.setdefault("XDG_CACHE_HOME", tmp)
    from ui.audit import audit_all

    started = time.monotonic()
    summary = audit_all(settle_ms=250)
    result = {
        **summary.figures(),
        "aims": {
            "min_contrast_normal": 4.5,
            "min_contrast_high": 7.0,
            "min_target_px": 64,
            "min_target_px_large": 72,
            "min_font_px_large": 24,
            "clipped_items": 0,
            "fields_hidden_by_keyboard": 0,
        },
        "failures": summary.failures[:200],
        "seconds": round(time.monotonic() - started, 1),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "failures"}, indent=2))
    print(f"{len(summary.failures)} failures; written {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
