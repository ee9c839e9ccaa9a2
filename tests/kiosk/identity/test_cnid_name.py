"""The Chinese ID card name's second reading (kiosk.identity.cnid_name), real RapidOCR."""

from __future__ import annotations

from devices.idcard import specimen
from kiosk.identity import cnid_name
from kiosk.identity.documents import read_document
from kiosk.identity.engines import get_engine
from kiosk.identity.preprocess import rectify_card


def test_vote_takes_the_majority_per_character_and_says_when_there_is_none():
    assert cnid_name.vote(["张酒", "张涵", "张涵"]) == ("张涵", True)
    assert cnid_name.vote(["张酒", "李涵", "王淼"])[1] is False
    assert cnid_name.vote(["欧阳涵", "欧阳", "欧阳涵"]) == ("欧阳涵", True)
    assert cnid_name.vote([]) == (None, False)


def test_a_look_alike_in_the_first_reading_is_outvoted_by_the_second_pass():
    card = specimen.generate(501)
    truth = card.person.front_fields()["name"]
    flat = rectify_card(card.front, width=800)
    engine = get_engine("rapidocr")
    lines = engine.read_lines(flat, lang="chi_sim", min_side=480)
    wrong = truth[:-1] + ("酒" if truth[-1] != "酒" else "涵")  # one glyph confused
    voted, problems = cnid_name.second_pass(flat, lines, wrong, engine)
    assert voted == truth and problems == []
    result = read_document(card.front, kind="cn-id")
    assert result.fields["name"] == truth and result.valid, result.problems
