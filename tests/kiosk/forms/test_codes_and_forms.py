"""Pre-application codes and the shared form rules (the hub and the journeys use the same)."""

from __future__ import annotations

import itertools

from kiosk.forms import applications, codes


def test_every_single_typo_and_neighbour_swap_is_caught() -> None:
    for _ in range(200):
        code = codes.new_code()
        assert codes.is_valid(code) and len(code) == 8
        for i, c in itertools.product(range(8), codes.ALPHABET):
            if c != code[i]:
                assert not codes.is_valid(code[:i] + c + code[i + 1:])
        for i in range(7):
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
            if swapped != code:
                assert not codes.is_valid(swapped)


def test_a_code_is_found_in_what_is_typed_or_scanned() -> None:
    code = codes.new_code()
    assert codes.from_text(f" {code[:4].lower()}-{code[4:]} ") == code
    assert codes.from_text(f"https://hub.example/m/p/{code}?x=1") == code
    assert codes.from_text(code[:-1] + ("2" if code[-1] != "2" else "3")) is None
    assert codes.from_text("O0IL1") is None and codes.from_text("") is None


def test_open_account_form_uses_the_terminals_field_rules() -> None:
    form = {"mobile": "+86 139-1234-5678", "address": "上海市  浦东新区", "occupation": "教师"}
    ok = applications.check_form("open_account", form)
    assert ok.ok and ok.clean == {"mobile": "+8613912345678", "address": "上海市 浦东新区",
                                  "occupation": "教师"}
    bad = applications.check_form("open_account", {"mobile": "110", "address": "a" * 201})
    assert bad.errors == {"mobile": "mobile.invalid", "address": "address.too_long",
                          "occupation": "occupation.required"}


def test_card_form_needs_income_and_employer_only_for_credit() -> None:
    assert applications.check_form("card_application", {"card": "debit"}).clean == {"card": "debit"}
    credit = applications.check_form("card_application",
                                     {"card": "credit", "income": "120,000", "employer": " ACME "})
    assert credit.clean == {"card": "credit", "income": 120000, "employer": "ACME"}
    assert applications.check_form("card_application", {"card": "gold"}).errors == {
        "card": "card.kind_required"}
    assert applications.check_form("card_application", {"card": "credit", "income": "0"}).errors \
        == {"income": "card.income_invalid", "employer": "card.employer_required"}


def test_id_numbers_need_their_check_digit() -> None:
    assert applications.id_number(" 11010519491231002x ") == "11010519491231002X"
    assert applications.id_number("E12345678") == "E12345678"  # a passport number
    for bad in ("110105194912310021", "12345", "", None, "1234567890"):
        try:
            applications.id_number(bad)
        except ValueError as exc:
            assert str(exc) == "id_number.invalid"
        else:
            raise AssertionError(f"{bad!r} accepted")
