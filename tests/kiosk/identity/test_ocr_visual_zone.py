"""How much of an MRZ document's visual zone is read, and what a contradiction with it gives.

The pages are drawn by the synthetic generator; a forged one prints one holder's number in
its visual zone above an MRZ with another number (valid check digits): a forgery only the
visual zone shows.  The seeds are not the benchmark's held-out ones.
"""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.identity import mrz_visual
from kiosk.identity.consistency import check_mrz_against_visual, visual_zone_confirms
from kiosk.identity.documents import mrz_doubts, mrz_result, read_document
from kiosk.identity.engines import get_engine
from kiosk.identity.mrz_reader import read_mrz_full
from kiosk.identity.mrz_visual import CHARS_PER_ASPECT, _reading_order, visual_zone_boxes
from kiosk.identity.synthetic import mrz_documents as md

ROOT = Path(__file__).resolve().parents[3]


def _page(seed: int, forge: bool) -> tuple[md.Holder, md.Holder, np.ndarray]:
    """A flat TD3 page of ``holder``; forged: its MRZ has three digits of the number changed."""
    rng = random.Random(f"forged-{seed}")
    holder = md.make_holder(rng, "TD3")
    number = list(holder.number)
    for i in [i for i, c in enumerate(number) if c.isdigit()][-3:] if forge else []:
        number[i] = str((int(number[i]) + 3) % 10)
    coded = dataclasses.replace(holder, number="".join(number))
    page = md.render_page(holder, md.mrz_lines(coded), rng)
    return holder, coded, cv2.copyMakeBorder(page, 60, 60, 60, 60, cv2.BORDER_CONSTANT,
                                             value=(90, 90, 90))  # fmt: skip


@pytest.fixture(scope="module")
def forged() -> tuple[md.Holder, md.Holder, np.ndarray]:
    return _page(1, forge=True)


def _fields(problems: list[str]) -> list[str]:
    return [p.partition(":")[0] for p in problems]


def test_a_settled_mrz_reads_the_visual_zone_only_until_number_and_names_are_found():
    holder, _, image = _page(1, forge=False)
    plain = read_document(image)
    assert plain.kind == "mrz" and plain.valid is True, plain.problems
    assert visual_zone_confirms(plain.fields, plain.fields["visual_zone"])
    whole = read_document(image, cross_check=True)
    assert whole.valid is True, whole.problems
    assert len(plain.fields["visual_zone"]) < len(whole.fields["visual_zone"])


def test_a_forged_number_is_found_without_being_asked(forged):
    printed, coded, image = forged
    for cross_check in (False, True):
        result = read_document(image, cross_check=cross_check)
        assert result.kind == "mrz" and result.valid is False
        assert "number" in _fields(result.problems), result.problems
        assert result.fields["number"] == coded.number  # reported, never corrected
        assert any(printed.number in t for t in result.fields["visual_zone"])


def test_each_doubt_about_the_mrz_reads_the_whole_visual_zone(forged):
    printed, coded, image = forged
    read = read_mrz_full(image)
    assert read.result is not None and read.result.valid
    assert mrz_doubts(read) == []
    doubtful = {
        "hypotheses disagree": dataclasses.replace(read, agreeing=read.hypotheses - 1),
        "low confidence": dataclasses.replace(read, confidence=0.2),
        "names disagree": dataclasses.replace(
            read, problems=["names: the readings of the name and code fields disagree"]
        ),
    }
    for reason, doubted in doubtful.items():
        assert mrz_doubts(doubted) == [reason]
    result = mrz_result(doubtful["hypotheses disagree"], "rapidocr")
    asked = mrz_result(read, "rapidocr", cross_check=True)
    assert result.fields["visual_zone"] == asked.fields["visual_zone"]
    assert result.valid is False and "number" in _fields(result.problems), result.problems


def test_kiosk_ocr_cross_check_option(tmp_path, forged):
    printed, coded, image = forged
    path = tmp_path / "forged.png"
    cv2.imwrite(str(path), image)
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "ocr", str(path), "--json", "--cross-check"],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["kind"] == "mrz" and out["valid"] is False
    assert "number" in _fields(out["problems"])
    assert any(printed.number in t for t in out["fields"]["visual_zone"])


def test_a_name_printed_without_its_spaces_confirms_the_mrz():
    fields = {"number": "B63677593", "surname": "STORMBERG", "names": "ANNA MARIA"}
    seen = ["Surname/Nom", "B63677593", "STORMBERG"]
    assert visual_zone_confirms(fields, [*seen, "ANNAMARIA"])  # the spaces lost
    assert visual_zone_confirms(fields, [*seen, "ANNA MARIA"])
    assert not visual_zone_confirms(fields, [*seen, "ANAMARIA"])  # a letter differs
    assert not visual_zone_confirms(fields, [*seen, "ANNAMARIAOMAR"])  # more than the name
    # A name that lost a letter in the MRZ (JONES read JNES) still needs the whole zone.
    lost = {"number": "B63677593", "surname": "JNES", "names": "JACK"}
    assert not visual_zone_confirms(lost, ["B63677593", "JONES", "JACK"])
    # ... and what confirms the MRZ is not then reported against it.
    joined = {"number": "B63677593", "surname": "STORMBERG", "names": "MARIA JO"}
    texts = [*seen, "MARIAJO"]
    assert visual_zone_confirms(joined, texts)
    assert not [p for p in check_mrz_against_visual(joined, texts) if p.startswith("names")]
    short = {"number": "B63677593", "surname": "STORMBERG", "names": "MARIA JO"}
    assert check_mrz_against_visual(short, [*seen, "MARIAN JO"])  # MARIA lost a letter


def _box(x: float, y: float, w: float, h: float) -> np.ndarray:
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32)


def test_the_zone_lines_as_long_as_the_number_or_names_are_asked_first():
    mrz = [_box(0, 500, 1000, 30), _box(0, 540, 1000, 30)]
    height = 30
    fits = 9 / CHARS_PER_ASPECT * height  # the width of a 9-character line
    top_first = [
        _box(0, 100, 20 * fits, height),  # a long tall line: 180 characters
        _box(0, 150, fits * 10 / 9, height),  # as long as a 10-letter name
        _box(0, 200, fits, height),  # as long as the 9-character number
        _box(0, 250, fits, 12),  # a small label, however long
        _box(0, 300, fits / 9, height),  # one character
    ]
    order = _reading_order(top_first, mrz, [9, 10])
    assert [int(b[0, 1]) for b in order] == [150, 200, 100, 300, 250]
    # Nothing looked for: the tall lines first, top first, then the small ones.
    assert [int(b[0, 1]) for b in _reading_order(top_first, mrz, [])] == [100, 150, 200, 300, 250]


def test_a_settled_read_asks_for_its_number_and_names_before_longer_or_shorter_lines(
    monkeypatch,
):
    _, _, image = _page(3, forge=False)
    read = read_mrz_full(image)
    assert read.result is not None and mrz_doubts(read) == []
    fields = read.result.as_fields()
    looked_for = [fields["number"], fields["surname"], fields["names"]]
    engine = get_engine("rapidocr")
    order = _reading_order(visual_zone_boxes(read)[::-1], read.mrz_boxes,
                           [len(v) for v in looked_for])  # fmt: skip
    texts = [" ".join(t.text for t in engine.recognise(image, [b])) for b in order]
    holding = [i for i, t in enumerate(texts) if any(v in t for v in looked_for)]
    assert len(holding) >= 2, texts  # the number and at least one name, printed alone
    lengths = [len(v) for v in looked_for]
    unlike = [i for i, t in enumerate(texts)
              if len(t) > 2 * max(lengths) or 0 < len(t) < min(lengths) / 2]  # fmt: skip
    assert unlike, texts
    assert max(holding) < min(unlike), texts
    asked: list[list[int]] = []  # the lengths read_document's zone is ordered by

    def spy(top_first, mrz_boxes, lengths):  # noqa: ANN001, ANN202
        asked.append(list(lengths))
        return _reading_order(top_first, mrz_boxes, lengths)

    monkeypatch.setattr(mrz_visual, "_reading_order", spy)
    plain = read_document(image)
    assert plain.valid is True and visual_zone_confirms(plain.fields, plain.fields["visual_zone"])
    wanted = [len(str(plain.fields[k])) for k in ("number", "surname", "names")]
    assert wanted in asked, (wanted, asked)
