"""The Chinese ID card field parser on OCR lines as the engines return them."""

from __future__ import annotations

from kiosk.identity import cnid
from kiosk.identity.engines import TextLine


def _line(text: str, x: int, y: int, w: int = 300, h: int = 40) -> TextLine:
    return TextLine(text, 0.99, (x, y, x + w, y + h))


FRONT = [
    _line("姓名", 60, 80, 66), _line("潘苑艳", 170, 80, 120),
    _line("性别", 60, 165, 70), _line("女", 170, 165, 40), _line("民族回", 276, 161, 140),
    _line("出生", 60, 244, 66), _line("1987年9月25日", 169, 244, 360),
    _line("住址", 59, 323, 66), _line("湖北省武汉市武昌区胜利", 173, 326, 410),
    _line("街245号明珠苑19栋", 174, 374, 330), _line("405室", 169, 419, 110),
    _line("公民身份号码 420106198709253389", 55, 507, 620, 58),
]  # fmt: skip


def test_front_labels_values_and_multiline_address():
    read = cnid.parse(FRONT)
    assert read.kind == "cn-id-front" and read.valid
    assert read.fields == {
        "name": "潘苑艳", "sex": "女", "ethnicity": "回", "birth_date": "1987-09-25",
        "address": "湖北省武汉市武昌区胜利街245号明珠苑19栋405室",
        "id_number": "420106198709253389",
    }  # fmt: skip


def test_id_number_repaired_and_printed_date_read_through_lookalikes():
    lines = [*FRONT[:-1], _line("公民身份号码 42O1O6198709253389", 55, 507, 620, 58)]
    lines[6] = _line("1987年9月2S日", 169, 244, 360)  # S for 5 in the printed date
    read = cnid.parse(lines)
    assert read.fields["id_number"] == "420106198709253389"
    assert read.fields["birth_date"] == "1987-09-25"


def test_printed_date_and_sex_are_kept_as_printed_not_taken_from_the_number():
    lines = list(FRONT)
    lines[3] = _line("男", 170, 165, 40)
    lines[6] = _line("1987年9月26日", 169, 244, 360)
    read = cnid.parse(lines)
    assert read.fields["birth_date"] == "1987-09-26" and read.fields["sex"] == "男"
    assert read.fields["id_number"] == "420106198709253389"


def test_wrong_check_digit_is_not_valid():
    lines = [*FRONT[:-1], _line("公民身份号码 420106198709253388", 55, 507, 620, 58)]
    read = cnid.parse(lines)
    assert read.kind == "cn-id-front" and not read.valid


def test_back_with_long_term_validity_and_watermark():
    lines = [
        _line("中华人民共和国", 305, 85), _line("居民身份证", 304, 191),
        _line("样本", 700, 300, 120), _line("签发机关武汉市公安局武昌分局", 191, 436, 510),
        _line("有效期限2011.02.14-长期", 193, 518, 520),
    ]  # fmt: skip
    read = cnid.parse(lines)
    assert read.kind == "cn-id-back" and read.valid
    assert read.fields == {
        "issuing_authority": "武汉市公安局武昌分局", "valid_from": "2011-02-14", "valid_to": "长期",
    }  # fmt: skip


def test_other_text_is_no_card():
    assert cnid.parse([_line("Hello", 0, 0), _line("World 2024", 0, 50)]) is None
    assert cnid.classify([_line("中华人民共和国", 0, 0)]) is None
