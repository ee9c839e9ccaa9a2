"""RapidOCR's ONNX Runtime sessions as the engine sets them up, and what they read."""

from __future__ import annotations

from devices.idcard import specimen
from kiosk.identity.documents import read_document
from kiosk.identity.engines import ORT_THREADS, RapidOcrEngine, get_engine


def test_sessions_use_one_sleeping_thread_per_model():
    engine = get_engine("rapidocr")
    assert isinstance(engine, RapidOcrEngine)
    engine.load()
    ocr = engine._ocr
    for session in (ocr.text_det.infer.session, ocr.text_rec.session.session):
        opts = session.get_session_options()
        assert opts.intra_op_num_threads == ORT_THREADS
        assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_tuned_and_library_settings_read_a_card_alike():
    card = specimen.generate(6003)  # a tuning seed, not the benchmark's held-out cards
    library = RapidOcrEngine(tuned=False)
    tuned = read_document(card.front, kind="cn-id")
    plain = read_document(card.front, kind="cn-id", engine=library)
    assert tuned.fields == card.person.front_fields()
    assert plain.fields == tuned.fields and plain.valid and tuned.valid
    # RapidOCR's own session: ONNX Runtime chooses the threads (0) and they spin.
    assert library._ocr.text_rec.session.session.get_session_options().intra_op_num_threads == 0
