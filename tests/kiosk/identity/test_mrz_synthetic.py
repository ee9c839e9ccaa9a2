"""The synthetic MRZ corpus (kiosk.identity.synthetic.mrz_documents) and one real read of it."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.identity import mrz
from kiosk.identity.documents import read_document
from kiosk.identity.synthetic import mrz_documents as corpus


@pytest.mark.parametrize("fmt", corpus.FORMATS)
def test_every_format_has_exact_mrz_lines_with_passing_check_digits(fmt):
    doc = corpus.generate(7, fmt)
    parsed = mrz.parse_lines(doc.lines)
    assert parsed is not None and parsed.valid and parsed.mrz_type == fmt
    assert parsed.fields["surname"] == doc.holder.surname
    assert doc.expected_fields()["number"] == doc.holder.number.replace("<", "")


def test_same_seed_same_pixels_and_the_splits_never_meet():
    a, b = corpus.generate(3), corpus.generate(3)
    assert np.array_equal(a.image, b.image) and a.lines == b.lines
    assert not np.array_equal(a.image, corpus.generate(4).image)
    assert not set(corpus.TUNE_SEEDS) & set(corpus.HELD_OUT_SEEDS)


def test_a_photographed_synthetic_visa_is_read_and_a_valid_read_is_right():
    doc = corpus.generate(1)  # a tuning-split seed (MRV-A with glare)
    result = read_document(doc.image, kind="mrz")
    assert result.kind == "mrz"
    assert result.valid, result.problems
    assert result.fields["lines"] == doc.lines
    assert 0.5 < result.confidence <= 1


def test_the_visual_zone_is_read_and_a_name_missing_letters_is_not_trusted():
    doc = corpus.generate(7)  # a tuning-split seed (MRV-A); the MRZ reads JONES as JNES
    result = read_document(doc.image, kind="mrz")
    assert result.kind == "mrz" and result.fields["number"] == doc.holder.number
    assert "JONES" in result.fields["visual_zone"]
    if result.fields["surname"] != doc.holder.surname:
        assert not result.valid
        assert any(p.startswith("surname: ") for p in result.problems), result.problems
