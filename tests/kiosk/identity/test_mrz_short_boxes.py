"""MRZ lines the detector boxed only in part, and reads no check digit can judge.

Found on tuning seeds 701-1100 (bench/mrz_failures.py): on small or blurred pages the
detector boxes only the first characters of an MRZ line, or none of its filler run, and
the glyph cells never saw the rest; a blurred filler run read as a row of letters was
reported valid (no check digit covers a name); and a crop without contrast (the border
replicated past the picture) matched the glyphs "better than perfectly", so the cells
trusted it.
"""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.identity import consistency, mrz, mrz_glyphs, mrz_reader
from kiosk.identity.mrz_cells import read_cells
from kiosk.identity.synthetic import mrz_documents as corpus

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def test_a_filler_run_read_as_letters_is_not_a_valid_name():
    assert mrz.parse_lines(TD3).valid
    misread = [TD3[0][:25] + "AAAAAAAAA" + TD3[0][34:], TD3[1]]
    assert len(misread[0]) == 44
    res = mrz.parse_lines(misread)
    assert res is not None and not res.valid
    assert all(ok for name, ok in res.checks.items() if name != "names")  # digits pass
    problems = consistency.check_mrz(res.as_fields(), res.checks)
    assert any(p.startswith("names:") for p in problems), problems
    # Repair cannot make it valid either: the name is outside every check digit.
    repaired = mrz.repair(misread)
    assert repaired is not None and not repaired.valid


def test_double_letters_of_real_names_stay_valid():
    lines = ["P<NLDDE<JONG<<DAAN<WILLEM<<<<<<<<<<<<<<<<<<<", TD3[1]]
    lines[1] = lines[1][:10] + "NLD" + lines[1][13:]
    res = mrz.parse_lines(lines)
    assert res is not None and res.valid


def test_a_cell_without_contrast_matches_no_glyph():
    # A strip of even ink (float32 sums lose its tiny variance): it once scored ~300.
    rng = np.random.default_rng(1)
    ink = (0.6 + 1e-4 * rng.standard_normal((40, 600))).astype(np.float32)
    cells = mrz_glyphs._classify(ink, np.arange(10, 580, 13.0), 13.0, 8, 32)
    assert float(cells.scores.max()) <= 1.0
    assert cells.fit < 0.5


@pytest.mark.skipif(not mrz_glyphs.available(), reason="Debian fonts-ocr-b not installed")
@pytest.mark.parametrize("seed", [878])
def test_lines_boxed_only_in_part_are_run_out_to_their_length(seed):
    # Tuning seeds whose MRZ lines the detector boxed as short pieces only.
    doc = corpus.generate(seed)
    img = mrz_reader.working_copy(doc.image)
    boxes = mrz_reader.cell_boxes(mrz_reader._line_boxes(img))
    assert boxes.short, "the detector boxed these lines whole: the case is gone"
    read = read_cells(img, boxes)
    assert read.lines == doc.lines
    # Without the short boxes the cells read nothing right.
    boxes.short = []
    assert read_cells(img, boxes).lines != doc.lines
