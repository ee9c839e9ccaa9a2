"""Aligning recognised MRZ text to its format (kiosk.identity.mrz_align): pure text, fast."""

from __future__ import annotations

from kiosk.identity import mrz
from kiosk.identity.mrz_align import align, mrz_segment

TD3 = [
    "P<KORPARK<<SEOYEON<<<<<<<<<<<<<<<<<<<<<<<<<<",
    "HMA4604065KOR7204210F2212016XW0AW<<<<<<<<<30",
]


def test_the_mrz_run_is_cut_out_of_words_glued_to_it():
    assert mrz_segment("depoSi HMA4604065K0R72042 lit") == "HMA4604065K0R72042"
    assert mrz_segment("mberKP<KoRPARK<<SEoYEoN<<") == "KP<KORPARK<<SEOYEON<<"


def test_background_words_and_a_dropped_filler_are_aligned_by_the_grammar():
    read = ["mberKP<KoRPARK<<SEoYEoN<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "depoSi HMA4604065KOR7204210F2212016XW0AW<<<<<<<<30litdepos1"]  # fmt: skip
    lines = align(read)
    assert lines == TD3
    result = mrz.repair(lines)
    assert result is not None and result.valid
    # Without alignment the dropped filler moves the personal number's check digits.
    padded = mrz.repair([mrz_segment(t) for t in read])
    assert padded is None or padded.lines != TD3


def test_a_short_name_line_and_a_line_with_an_extra_filler():
    lines = align(["P<KORPARK<<SEOYEON<<<", TD3[1][:33] + "<" + TD3[1][33:]])
    assert lines == TD3


def test_too_few_lines_or_too_short_is_no_mrz():
    assert align([TD3[1]]) is None
    assert align(["P<KOR", "HMA46"]) is None
