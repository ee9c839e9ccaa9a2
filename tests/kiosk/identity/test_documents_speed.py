"""How ``read_document`` spends its work: what runs once, what runs at all, on which threads."""

from __future__ import annotations

from threadpoolctl import threadpool_info

from kiosk.identity import documents
from kiosk.identity.synthetic import mrz_documents


def _blas_threads() -> set[int]:
    return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}


def test_a_read_caps_numpys_blas_threads_to_one(monkeypatch):
    seen: list[set[int]] = []
    probe = documents.mrz_line_boxes

    def watching_probe(image):  # noqa: ANN001, ANN202
        seen.append(_blas_threads())
        return probe(image)

    monkeypatch.setattr(documents, "mrz_line_boxes", watching_probe)
    result = documents.read_document(mrz_documents.generate(503).image)  # a tuning seed
    assert result.kind == "mrz"
    assert seen == [{documents._BLAS_THREADS}]


def _detections(monkeypatch) -> list[tuple[int, ...]]:
    """The shapes of the pictures the text detector runs on, from now on."""
    from kiosk.identity.engines import RapidOcrEngine

    shapes: list[tuple[int, ...]] = []
    detect = RapidOcrEngine._detect

    def counting(self, image, min_side):  # noqa: ANN001, ANN202
        shapes.append(image.shape)
        return detect(self, image, min_side)

    monkeypatch.setattr(RapidOcrEngine, "_detect", counting)
    return shapes


def test_no_picture_is_detected_twice_on_the_automatic_path(monkeypatch):
    # Tuning seed 510: a passport page whose MRZ the probe does not find plainly, so the
    # automatic path tries the flattened card, the MRZ probe, the card labels and the
    # MRZ reader; the card's and the probe's detections are each reused, not repeated.
    from kiosk.identity.engines import get_engine

    get_engine("rapidocr").load()
    shapes = _detections(monkeypatch)
    result = documents.read_document(mrz_documents.generate(510).image)
    assert len(shapes) == len(set(shapes)) == 2, shapes
    assert result.kind is None or result.kind == "mrz"


def test_a_settled_visual_zone_stops_at_the_line_that_confirms_the_mrz():
    from functools import partial

    from kiosk.identity.consistency import visual_zone_confirms
    from kiosk.identity.mrz_reader import read_mrz_full
    from kiosk.identity.mrz_visual import visual_zone_boxes, visual_zone_texts

    read = read_mrz_full(mrz_documents.generate(502).image)  # a tuning seed, read settled
    assert read.result is not None and not documents.mrz_doubts(read)
    enough = partial(visual_zone_confirms, read.result.as_fields())
    texts = visual_zone_texts(read, enough)
    assert enough(texts) and not enough(texts[:-1])  # not one line more than needed
    assert len(texts) < len(visual_zone_boxes(read))


def _lines_recognised(monkeypatch, method: str) -> list[int]:  # noqa: ANN001
    """The number of lines each call of ``RapidOcrEngine.<method>`` recognises, from now."""
    from kiosk.identity.engines import RapidOcrEngine

    recognise = getattr(RapidOcrEngine, method)
    counts: list[int] = []

    def counting(self, img, quads):  # noqa: ANN001, ANN202
        counts.append(len(quads))
        return recognise(self, img, quads)

    monkeypatch.setattr(RapidOcrEngine, method, counting)
    return counts


def test_a_flat_page_without_chinese_is_given_up_after_its_top_card_lines(monkeypatch):
    from kiosk.identity.engines import get_engine
    from kiosk.identity.preprocess import find_document_quad

    engine = get_engine("rapidocr")
    engine.load()
    # A tuning seed: a passport page seen as a card, whose card detection (256 px) is not
    # plainly MRZ (502's is, and is then given up before any line is read).
    image = mrz_documents.generate(510).image
    assert find_document_quad(image) is not None
    read = _lines_recognised(monkeypatch, "_recognise")
    result, _ = documents._card_first(image, engine)
    assert result is None
    assert sum(read) == documents._CARD_PEEK


def _card_checks(monkeypatch) -> list[int]:
    """How many times the automatic path runs the flat page's card check, from now on."""
    calls: list[int] = []
    card_first = documents._card_first

    def counting(img, general):  # noqa: ANN001, ANN202
        calls.append(1)
        return card_first(img, general)

    monkeypatch.setattr(documents, "_card_first", counting)
    return calls


def test_a_passport_page_outline_skips_the_card_check(monkeypatch):
    from devices.idcard import specimen
    from kiosk.identity.engines import get_engine

    get_engine("rapidocr").load()
    # Tuning seed 502: a TD3 page whose outline is found (1.42:1) and whose MRZ the probe
    # finds plainly; the card's detection at 256 px is not needed to tell it from a card.
    calls = _card_checks(monkeypatch)
    shapes = _detections(monkeypatch)
    result = documents.read_document(mrz_documents.generate(502).image)
    assert result.kind == "mrz"
    assert calls == [] and len(shapes) == 1, shapes
    # ID-1 outlines still get it: a TD1 card (tuning seed 543) and a Chinese ID card.
    assert documents.read_document(mrz_documents.generate(543).image).kind == "mrz"
    assert documents.read_document(specimen.generate(6000).front).kind == "cn-id-front"
    assert calls == [1, 1]


def test_a_picture_without_outline_or_chinese_is_not_detected_again_as_a_card(monkeypatch):
    from devices.idcard import specimen
    from kiosk.identity.engines import get_engine

    get_engine("rapidocr").load()
    # Tuning seed 506: a visa page with no outline found whose MRZ the probe does not find
    # plainly; the card check used to detect the whole 1600 x 1200 picture again.
    shapes = _detections(monkeypatch)
    result = documents.read_document(mrz_documents.generate(506).image)
    assert result.kind == "mrz"
    assert len(shapes) == 1, shapes
    # A Chinese ID card whose outline is not found is still read as a card.
    monkeypatch.setattr(documents, "find_document_quad", lambda img: None)
    card = specimen.generate(6001)
    assert documents.read_document(card.front).kind == "cn-id-front"
    assert documents.read_document(card.back).kind == "cn-id-back"


def test_a_settled_zone_is_asked_for_its_tall_lines_first(monkeypatch):
    from functools import partial

    from kiosk.identity import mrz_visual
    from kiosk.identity.consistency import visual_zone_confirms
    from kiosk.identity.mrz_reader import read_mrz_full

    read = read_mrz_full(mrz_documents.generate(502).image)  # a tuning seed, read settled
    assert read.result is not None and not documents.mrz_doubts(read)
    enough = partial(visual_zone_confirms, read.result.as_fields())
    lines = _lines_recognised(monkeypatch, "recognise")
    assert enough(mrz_visual.visual_zone_texts(read, enough))
    tall_first = sum(lines)
    lines.clear()
    monkeypatch.setattr(mrz_visual, "TALL", 0, raising=False)  # top first, as before
    assert enough(mrz_visual.visual_zone_texts(read, enough))
    assert tall_first < sum(lines)
