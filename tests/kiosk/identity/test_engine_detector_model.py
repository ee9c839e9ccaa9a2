"""Another text detector model file (bench/int8_detector.py's): the engine detects with it."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from devices.idcard import specimen
from kiosk.identity import engines
from kiosk.identity.documents import read_document


def test_a_copy_of_the_detector_given_as_a_file_detects_and_reads_alike(tmp_path):
    model = tmp_path / "det.onnx"
    shutil.copyfile(engines.detector_model(), model)
    card = specimen.generate(6004)  # a tuning seed
    given, own = engines.RapidOcrEngine(det_model=model), engines.RapidOcrEngine()
    boxes, base = given.detect(card.front, 505), own.detect(card.front, 505)
    assert len(boxes) == len(base) > 5
    assert all(np.array_equal(a, b) for a, b in zip(boxes, base, strict=True))
    res = read_document(card.front, kind="cn-id", engine=given)
    assert res.valid and res.fields == card.person.front_fields()


def test_a_detector_file_that_is_no_model_fails_at_load_not_later(tmp_path):
    bad = tmp_path / "det.onnx"
    bad.write_bytes(b"not an onnx model")
    with pytest.raises(Exception, match="(?i)protobuf|onnx|load|invalid"):
        engines.RapidOcrEngine(det_model=bad).load()
