"""The int8 text detector kept for measurement: its absence is safe, its cache is keyed."""

from __future__ import annotations

import logging

from devices.idcard import specimen
from kiosk.identity import engine_models, engines
from kiosk.identity.documents import read_document


def test_without_the_built_detector_the_fp32_one_reads_and_says_so(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("KIOSK_MODEL_CACHE", str(tmp_path))  # an empty cache
    engine = engines.RapidOcrEngine(int8=True)
    with caplog.at_level(logging.WARNING, logger="kiosk.identity.engine_models"):
        engine.load()
    assert not engine.detector_int8
    assert any("using the fp32 one" in r.getMessage() for r in caplog.records)
    card = specimen.generate(6004)  # a tuning seed
    res = read_document(card.front, kind="cn-id", engine=engine)
    assert res.valid and res.fields == card.person.front_fields()


def test_the_product_engine_never_asks_for_the_int8_detector(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("KIOSK_MODEL_CACHE", str(tmp_path))
    engine = engines.RapidOcrEngine()
    with caplog.at_level(logging.WARNING, logger="kiosk.identity.engine_models"):
        engine.load()
    assert not engine.detector_int8 and not caplog.records


def test_the_cache_is_keyed_by_the_source_models_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_MODEL_CACHE", str(tmp_path / "cache"))
    one, two = tmp_path / "det.onnx", tmp_path / "det2.onnx"
    one.write_bytes(b"model one")
    two.write_bytes(b"model two")
    assert engine_models.int8_path(one) != engine_models.int8_path(two)
    assert engine_models.int8_path(one).parent == tmp_path / "cache"
    assert engine_models.RECIPE in engine_models.int8_path(one).name
