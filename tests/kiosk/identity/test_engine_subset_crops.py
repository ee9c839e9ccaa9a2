"""Doubted MRZ documents: the neural reader's first pass reads the lines the cells found.

Tuning seeds only (never the benchmark's held-out ones).
"""

from __future__ import annotations

import numpy as np

from kiosk.identity import mrz_reader
from kiosk.identity.engines import RapidOcrEngine, get_engine
from kiosk.identity.synthetic import mrz_documents


def test_a_subset_of_crops_reads_as_among_all_of_them():
    engine = get_engine("rapidocr")
    image = mrz_documents.generate(517).image  # eight long candidate lines of mixed widths
    img = mrz_reader.working_copy(image)
    boxes = mrz_reader.mrz_line_boxes(image)
    crops = [mrz_reader._crop_box(img, b, mrz_reader._FIRST_PAD) for b in boxes]
    assert len({c.shape[1] for c in crops}) > 2
    every = engine.read_crops(crops, mrz_reader.MRZ_CHARSET)
    some = [0, len(crops) - 1]
    alone = engine.read_crops_of(crops, some, mrz_reader.MRZ_CHARSET)
    assert [t.text for t in alone] == [every[i].text for i in some]
    assert np.allclose([t.confidence for t in alone], [every[i].confidence for i in some])


def _counted_passes(monkeypatch) -> list[tuple[int, int]]:  # noqa: ANN001
    """(candidates, of them read) for each call of the engine's subset reading, from now."""
    read_of = RapidOcrEngine.read_crops_of
    passes: list[tuple[int, int]] = []

    def counting(self, crops, indices, charset=None):  # noqa: ANN001, ANN202
        passes.append((len(crops), len(indices)))
        return read_of(self, crops, indices, charset)

    monkeypatch.setattr(RapidOcrEngine, "read_crops_of", counting)
    return passes


def test_the_first_pass_reads_the_cells_rows_before_the_other_candidates(monkeypatch):
    image = mrz_documents.generate(517).image  # cells in doubt; text lines around the page
    passes = _counted_passes(monkeypatch)
    read = mrz_reader.read_mrz_full(image)
    assert not read.by_cells and read.result is not None and read.result.valid
    assert len(passes) == 1 and passes[0][1] < passes[0][0], passes  # fewer than all
    # Every candidate read first (as before) finds the same MRZ.
    monkeypatch.setattr(mrz_reader, "_on_cell_rows", lambda boxes, cells: [])
    passes.clear()
    whole = mrz_reader.read_mrz_full(image)
    assert passes[0][0] == passes[0][1]
    assert whole.result is not None and whole.result.lines == read.result.lines
    assert (whole.confidence, whole.agreeing) == (read.confidence, read.agreeing)


def test_no_valid_group_on_the_cells_rows_reads_only_their_neighbours(monkeypatch):
    # Tuning seed 546: a TD2 page among lines of desk text; the cells locate one of its
    # twelve long candidates, whose group with the next candidate is the valid MRZ.
    image = mrz_documents.generate(546).image
    passes = _counted_passes(monkeypatch)
    read = mrz_reader.read_mrz_full(image)
    assert not read.by_cells and read.result is not None and read.result.valid
    assert len(passes) == 2, passes
    assert sum(n for _, n in passes) < passes[0][0]  # the far candidates left unread
