"""The sandbox's validators: dates by dateFormat/locale, unknown fields, lengths (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.sandbox.dates import MONTH_NAMES, PatternError, parse_date

H = {"Fineract-Platform-TenantId": "default"}
AUTH = ("mifos", "password")
# Control characters are refused on their own (test_sandbox_bounds).
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
OK = settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


def _client_body(**over):
    body = {
        "officeId": 1,
        "legalFormId": 1,
        "firstname": "A",
        "lastname": "B",
        "active": True,
        "activationDate": "01 January 2024",
        "dateFormat": "dd MMMM yyyy",
        "locale": "en",
    }
    body.update(over)
    return {k: v for k, v in body.items() if v is not None}


def _post(sandbox, path, body):
    return requests.post(f"{sandbox.url}/{path}", json=body, auth=AUTH, headers=H, timeout=10)


@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
       pattern=st.sampled_from(["dd MMMM yyyy", "yyyy-MM-dd", "dd/MM/yyyy", "d MMM yyyy",
                                "yyyy年M月d日", "dd.MM.yy"]),
       locale=st.sampled_from(["en", "zh_CN", "zh", "fr", "en-GB"]))  # fmt: skip
def test_dates_round_trip_in_every_pattern_and_locale(day, pattern, locale):
    if "yy" in pattern and "yyyy" not in pattern and not 2000 <= day.year <= 2099:
        return
    lang = locale[:2]
    full, short = MONTH_NAMES[lang]
    text = (pattern.replace("yyyy", f"{day.year:04d}").replace("yy", f"{day.year % 100:02d}")
            .replace("MMMM", "\0F").replace("MMM", "\0S").replace("MM", f"{day.month:02d}")
            .replace("M", str(day.month)).replace("dd", f"{day.day:02d}")
            .replace("d", str(day.day)).replace("\0F", full[day.month - 1])
            .replace("\0S", short[day.month - 1]))  # fmt: skip
    assert parse_date(text, pattern, locale) == day


@given(st.text(max_size=12))
def test_garbage_never_parses_into_a_wrong_date(text):
    try:
        got = parse_date(text, "dd MMMM yyyy", "en")
    except ValueError:
        return
    assert f"{got.day:02d} " in text.strip() + " "


@pytest.mark.parametrize("pattern", ["dd QQQ yyyy", "yyyy-MM", "'unterminated", "ddd MM yyyy"])
def test_bad_patterns(pattern):
    with pytest.raises(PatternError):
        parse_date("01 01 2024", pattern, "en")


@OK
@given(value=st.text(min_size=1, max_size=20).filter(lambda s: s.strip()))
def test_invalid_dates_are_rejected_with_fineract_code(sandbox, value):
    try:
        parse_date(value, "dd MMMM yyyy", "en")
        return  # it happens to be a valid date
    except ValueError:
        pass
    r = _post(sandbox, "clients", _client_body(activationDate=value))
    assert r.status_code == 400
    err = r.json()["errors"][0]
    # JsonParserHelper.convertFrom: an unparseable date value, the same code as a bad pattern
    assert err["userMessageGlobalisationCode"] == "validation.msg.invalid.dateFormat.format"
    assert err["parameterName"] == "activationDate"


def test_date_needs_format_and_locale(sandbox):
    r = _post(sandbox, "clients", _client_body(dateFormat=None))
    assert r.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "validation.msg.missing.dateFormat.parameter"
    )
    r = _post(sandbox, "clients", _client_body(locale=None))
    assert r.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "validation.msg.missing.locale.parameter"
    )
    r = _post(
        sandbox, "clients", _client_body(activationDate="2024-02-30", dateFormat="yyyy-MM-dd")
    )
    assert r.status_code == 400  # 30 February is not a date


@OK
@given(names=st.lists(st.from_regex(r"[a-z][A-Za-z]{2,12}", fullmatch=True), min_size=1,
                      max_size=3, unique=True))  # fmt: skip
def test_unknown_fields_are_rejected(sandbox, names):
    from kiosk.sandbox.api_clients import CLIENT_PARAMS

    names = [n for n in names if n not in CLIENT_PARAMS]
    if not names:
        return
    r = _post(sandbox, "clients", _client_body(**{n: "x" for n in names}))
    assert r.status_code == 400
    errs = r.json()["errors"]
    assert {e["parameterName"] for e in errs} == set(names)
    assert {e["userMessageGlobalisationCode"] for e in errs} == {"error.msg.parameter.unsupported"}


@OK
@given(first=st.text(PRINTABLE, min_size=1, max_size=80).filter(lambda s: s.strip()),
       ext=st.text(PRINTABLE, min_size=1, max_size=130).filter(lambda s: s.strip()))  # fmt: skip
def test_lengths(sandbox, first, ext):
    r = _post(sandbox, "clients", _client_body(firstname=first, externalId=ext))
    too_long = {p for p, v, n in (("firstname", first, 50), ("externalId", ext, 100)) if len(v) > n}
    if too_long:
        assert r.status_code == 400
        assert {e["parameterName"] for e in r.json()["errors"]} == too_long
        assert all(e["userMessageGlobalisationCode"].endswith("exceeds.max.length")
                   for e in r.json()["errors"])  # fmt: skip
    else:
        assert r.status_code in (200, 403), r.text  # 403: hypothesis repeated an externalId


@OK
@given(amount=st.one_of(st.integers(-5, 0), st.just("abc"), st.just(""), st.booleans()))
def test_amounts_must_be_positive_numbers(sandbox, amount):
    body = {"transactionDate": "01 January 2025", "transactionAmount": amount, "paymentTypeId": 1,
            "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
    r = _post(sandbox, "savingsaccounts/1/transactions?command=deposit", body)
    assert r.status_code == 400 and r.json()["errors"][0]["parameterName"] == "transactionAmount"


def test_error_shape_and_states(sandbox):
    r = _post(sandbox, "clients", {"officeId": 1})
    body = r.json()
    assert (
        body["httpStatusCode"] == "400" and body["defaultUserMessage"] == "Validation errors exist."
    )
    params = {e["parameterName"] for e in body["errors"]}
    assert {"legalFormId", "firstname", "lastname", "active"} <= params
    # An account that is only submitted cannot be activated nor take deposits.
    cid = _post(sandbox, "clients", _client_body()).json()["clientId"]
    sav = {"clientId": cid, "productId": 1, "submittedOnDate": "01 January 2024",
           "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
    sid = _post(sandbox, "savingsaccounts", sav).json()["savingsId"]
    act = {"activatedOnDate": "02 January 2024", "dateFormat": "dd MMMM yyyy", "locale": "en"}
    r = _post(sandbox, f"savingsaccounts/{sid}?command=activate", act)
    assert r.status_code == 400
    assert r.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "validation.msg.savingsaccount.activate.not.in.approved.state"
    )
    app = {"approvedOnDate": "01 January 2023", "dateFormat": "dd MMMM yyyy", "locale": "en"}
    r = _post(sandbox, f"savingsaccounts/{sid}?command=approve", app)
    assert r.json()["errors"][0]["userMessageGlobalisationCode"] == (
        # SavingsAccount.approveApplication: failWithCodeNoParameterAddedToErrorCode
        "validation.msg.savingsaccount.approval.cannot.be.before.submittal.date"
    )
    r = _post(sandbox, f"savingsaccounts/{sid}?command=activate", {**act, "note": "x"})
    assert (
        r.json()["errors"][0]["userMessageGlobalisationCode"] == "error.msg.parameter.unsupported"
    )
    dep = {"transactionDate": "03 January 2024", "transactionAmount": 5, "paymentTypeId": 1,
           "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
    r = _post(sandbox, f"savingsaccounts/{sid}/transactions?command=deposit", dep)
    assert r.status_code == 400
    assert r.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.savingsaccount.transaction.account.is.not.active"
    )
    r = _post(sandbox, f"savingsaccounts/{sid}?command=bogus", act)
    assert r.status_code == 400
    r = _post(sandbox, "savingsproducts", {"name": "X", "shortName": "TOOLONG"})
    assert r.status_code == 400


def test_savings_product_create(sandbox):
    body = {"name": "USD Savings", "shortName": "USDS", "currencyCode": "USD",
            "digitsAfterDecimal": 2, "inMultiplesOf": 1, "nominalAnnualInterestRate": 1.5,
            "interestCompoundingPeriodType": 1, "interestPostingPeriodType": 4,
            "interestCalculationType": 1, "interestCalculationDaysInYearType": 365,
            "accountingRule": 1, "locale": "en"}  # fmt: skip
    r = _post(sandbox, "savingsproducts", body)
    assert r.status_code == 200 and r.json() == {"resourceId": 2}
    assert _post(sandbox, "savingsproducts", body).status_code == 403
