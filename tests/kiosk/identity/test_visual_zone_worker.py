"""The visual zone recognised on a worker thread while the glyph cells read the MRZ.

Tuning seeds only (never the benchmark's held-out ones).
"""

from __future__ import annotations

import threading
from functools import partial

import pytest

from kiosk.identity import documents, mrz_reader
from kiosk.identity.consistency import visual_zone_confirms
from kiosk.identity.engines import RapidOcrEngine, get_engine
from kiosk.identity.mrz_visual import (
    ZoneReader,
    _key,
    predicted_zone,
    visual_zone_boxes,
    visual_zone_texts,
)
from kiosk.identity.synthetic import mrz_documents


@pytest.fixture(scope="module")
def settled():  # noqa: ANN201
    """A passport page (tuning seed 502) whose MRZ is read without doubt, and its boxes."""
    get_engine("rapidocr").load()
    image = mrz_documents.generate(502).image
    boxes = mrz_reader.mrz_line_boxes(image)
    read = mrz_reader.read_mrz_full(image, boxes=boxes)
    assert read.result is not None and not documents.mrz_doubts(read)
    return image, boxes, read


def _zone_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "visual-zone"]


def test_the_zone_is_recognised_while_the_cells_read_the_mrz(monkeypatch, settled):
    image, _, _ = settled
    worker_read = threading.Event()
    recognise = RapidOcrEngine.recognise

    def watching(self, img, quads):  # noqa: ANN001, ANN202
        lines = recognise(self, img, quads)
        if threading.current_thread().name == "visual-zone":
            worker_read.set()
        return lines

    cells = mrz_reader.read_cells
    overlapped: list[bool] = []

    def slow_cells(img, boxes):  # noqa: ANN001, ANN202
        # The cells wait here until the worker has recognised a zone line: read one
        # after the other, the zone would only start once they return.
        overlapped.append(worker_read.wait(60))
        return cells(img, boxes)

    monkeypatch.setattr(documents, "_spare_core", lambda: True)  # a quiet terminal
    monkeypatch.setattr(RapidOcrEngine, "recognise", watching)
    monkeypatch.setattr(mrz_reader, "read_cells", slow_cells)
    result = documents.read_document(image)
    assert overlapped == [True]
    assert result.kind == "mrz" and result.valid, result.problems
    assert visual_zone_confirms(result.fields, result.fields["visual_zone"])
    assert _zone_threads() == []  # joined before the read returned: none left in ONNX


def test_the_worker_gives_the_texts_reading_in_turn_gives(settled):
    image, boxes, read = settled
    predicted = predicted_zone(mrz_reader.working_copy(image), boxes)
    # The detection's prediction is the zone the read then finds.
    assert {_key(b) for b in predicted} == {_key(b) for b in visual_zone_boxes(read)}
    fields = read.result.as_fields()
    enough = partial(visual_zone_confirms, fields)
    looked_for = [fields["number"], fields["surname"], fields["names"]]
    for until in (enough, None):  # a settled read's zone, and the whole zone
        in_turn = visual_zone_texts(read, until, looking_for=looked_for)
        reader = ZoneReader(read.image, predicted)
        reader.wait(60)  # everything it was given is read before the zone asks
        assert reader.read_by_worker == len(predicted)
        assert visual_zone_texts(read, until, reader, looked_for) == in_turn
    # A box the worker was not given is recognised by the caller.
    reader = ZoneReader(read.image, [])
    assert visual_zone_texts(read, None, reader) == visual_zone_texts(read, None)
    reader.close()
    assert reader.read_by_worker == 0


def test_the_worker_reads_no_more_than_its_lead_and_stops_when_asked(settled):
    image, boxes, read = settled
    predicted = predicted_zone(mrz_reader.working_copy(image), boxes)
    assert len(predicted) > 3
    reader = ZoneReader(read.image, predicted, lead=3)
    reader.wait(60)
    assert reader.read_by_worker == 3
    stopped = ZoneReader(read.image, predicted)
    stopped.stop()
    stopped.close()
    assert stopped.read_by_worker <= 1  # at most the line it had started


def test_a_busy_machine_reads_the_zone_after_the_mrz(monkeypatch, settled):
    image, _, _ = settled
    monkeypatch.setattr(documents, "_spare_core", lambda: False)
    started: list[ZoneReader] = []
    monkeypatch.setattr(documents, "ZoneReader", lambda *a: started.append(a))
    result = documents.read_document(image)
    assert result.kind == "mrz" and result.valid and started == []


def test_a_doubted_mrz_stops_the_worker_before_the_recogniser_reads_it(monkeypatch):
    get_engine("rapidocr").load()
    # Tuning seed 517: the glyph cells leave doubt, so the recogniser reads the MRZ; its
    # zone is predicted with more lines than the worker's lead.
    image = mrz_documents.generate(517).image
    neural = threading.Event()  # the recogniser's first pass has begun
    late: list[int] = []  # worker lines begun after that
    recognise = RapidOcrEngine.recognise

    def held(self, img, quads):  # noqa: ANN001, ANN202
        if threading.current_thread().name == "visual-zone":
            if neural.is_set():
                late.append(len(quads))
            # Held until the recogniser starts: the worst case of a busy machine, where
            # the cells end before the worker has read its lead.
            neural.wait(60)
        return recognise(self, img, quads)

    first_pass = RapidOcrEngine.read_crops_of

    def starting(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        neural.set()
        return first_pass(self, *args, **kwargs)

    monkeypatch.setattr(documents, "_spare_core", lambda: True)
    monkeypatch.setattr(RapidOcrEngine, "recognise", held)
    monkeypatch.setattr(RapidOcrEngine, "read_crops_of", starting)
    result = documents.read_document(image)
    assert neural.is_set() and result.kind == "mrz"
    assert late == []  # only the line it had begun; none while the MRZ was read
    assert _zone_threads() == []
