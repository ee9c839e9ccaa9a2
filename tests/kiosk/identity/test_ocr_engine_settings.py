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


def test_load_builds_each_model_session_once(monkeypatch):
    import onnxruntime

    built = []
    real_init = onnxruntime.InferenceSession.__init__

    def counting_init(self, path, *args, **kwargs):
        built.append(str(path))
        real_init(self, path, *args, **kwargs)

    monkeypatch.setattr(onnxruntime.InferenceSession, "__init__", counting_init)
    engine = RapidOcrEngine()
    engine.load()
    # Detection, direction classifier, recognition: each built once, already tuned.
    assert len(built) == len(set(built)) == 3
    opts = engine._ocr.text_det.infer.session.get_session_options()
    assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_crops_read_one_by_one_as_rapidocr_batches_them():
    from kiosk.identity.mrz_reader import _crop_box, _line_boxes
    from kiosk.identity.synthetic import mrz_documents

    engine = get_engine("rapidocr")
    engine.load()
    image = mrz_documents.generate(527).image  # a tuning seed with text around the page
    crops = [_crop_box(image, b) for b in _line_boxes(image)]
    assert len(crops) >= 7  # more than one of RapidOCR's batches of six, widths differ
    ours, theirs = engine._rec_as_batches(crops), engine._ocr.text_rec(crops)[0]
    assert [t for t, _ in ours] == [t for t, _ in theirs]
    assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(ours, theirs, strict=True))


def test_detection_on_a_free_core_runs_two_threads_and_finds_the_same_boxes():
    import numpy as np

    from kiosk.identity.synthetic import mrz_documents

    image = mrz_documents.generate(527).image  # a tuning seed with text around the page
    one, two = RapidOcrEngine(), RapidOcrEngine(detect_threads_free=2)
    two.load()
    assert two._det_free.get_session_options().intra_op_num_threads == 2

    class Counting:  # the free-core session, its runs counted
        def __init__(self, session):
            self.session, self.runs = session, 0

        def run(self, *args, **kwargs):
            self.runs += 1
            return self.session.run(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.session, name)

    two._det_free = counting = Counting(two._det_free)
    two.spare = lambda: True  # a quiet terminal
    base, free = one.detect(image, 736), two.detect(image, 736)
    assert counting.runs == 1
    assert two._ocr.text_det.infer.session is not counting  # put back after the call
    assert len(base) == len(free) > 5
    assert all(np.array_equal(a, b) for a, b in zip(base, free, strict=True))
    two.spare = lambda: False  # a busy one: the one-thread session, the same boxes
    busy = two.detect(image, 736)
    assert counting.runs == 1
    assert all(np.array_equal(a, b) for a, b in zip(base, busy, strict=True))
