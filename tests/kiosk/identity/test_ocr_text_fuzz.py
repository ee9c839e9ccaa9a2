"""OCR text post-processing takes whatever an engine read: it never raises (hypothesis).

Engines return arbitrary text from arbitrary images; the MRZ repair, the Chinese ID card
parsers and the ID-number helpers must answer None / a result with problems, not crash.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.identity import cnid, idnumber, mrz
from kiosk.identity.engines import TextLine

MRZISH = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<K «»|", max_size=48)
ANY = st.text(max_size=60)
LINES = st.lists(st.one_of(MRZISH, ANY), max_size=5)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_mrz_post_processing_never_raises(lines):
    for line in lines:
        mrz.clean_line(line)
        mrz.looks_like_mrz(line)
    result = mrz.repair(lines)
    assert result is None or isinstance(result, mrz.MrzResult)
    mrz.parse_lines([mrz.clean_line(x) for x in lines])


BOX = st.tuples(st.integers(0, 2000), st.integers(0, 2000), st.integers(0, 2000),
                st.integers(0, 2000))  # fmt: skip
TEXT_LINES = st.lists(st.builds(TextLine, st.one_of(ANY, st.sampled_from(
    ["姓名张三", "性别男民族汉", "出生1990年1月1日", "住址北京市", "公民身份号码110105199001011234",
     "签发机关北京市公安局", "有效期限2020.01.01-2040.01.01"])), st.floats(0, 1), BOX),
    max_size=8)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(TEXT_LINES, st.sampled_from([None, "cn-id-front", "cn-id-back"]))
def test_cn_id_parsing_never_raises(lines, kind):
    cnid.classify(lines)
    cnid.parse(lines, kind)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_id_number_helpers_never_raise(text):
    idnumber.normalise(text)
    idnumber.correct_id_number(text)
    idnumber.find_id_numbers(text)
    idnumber.is_valid(text)
    idnumber.birth_date(text)
