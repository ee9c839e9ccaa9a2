"""Every error code the sandbox emits is one of Fineract's, listed with its source file.

The list is kiosk/corebank/fineract_codes.py (read from apache/fineract at its SNAPSHOT;
``verify_fineract_codes.py`` beside this file re-checks it against a Fineract checkout).
Two checks: every code literal in the sandbox's source is on the list, and every code in
the answers to a battery of bad requests (plus a fuzz run) is on it.
"""

from __future__ import annotations

import ast
import json
import pathlib

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.corebank import fineract_codes as F
from kiosk.corebank.client import fmt_date
from kiosk.sandbox import errors as SE

ROOT = pathlib.Path(__file__).resolve().parents[3]
H = {"Fineract-Platform-TenantId": "default", "Content-Type": "application/json"}
AUTH = ("mifos", "password")


def _code_literals(path: pathlib.Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            v = node.value
            # (f-string pieces end in "." and are checked at run time below)
            if v.startswith(("error.msg.", "validation.msg.")) and " " not in v \
                    and not v.endswith("."):
                out.add(v)
    return out


def test_every_code_literal_in_the_sandbox_is_a_fineract_code():
    found = set()
    for path in (ROOT / "kiosk" / "sandbox").glob("*.py"):
        found |= _code_literals(path)
    assert len(found) > 25
    missing = sorted(c for c in found if F.source_of(c) is None)
    assert missing == [], f"codes without a Fineract source: {missing}"


def test_the_codes_the_client_acts_on_are_all_listed():
    for group in (F.INSUFFICIENT_FUNDS, F.DUPLICATES, F.NOT_AUTHENTICATED, F.BODY_UNREAD,
                  F.DATE_REFUSALS):  # fmt: skip
        for code in group:
            assert F.source_of(code), code
    assert F.source_of("validation.msg.savingsproduct.id.invalid") is None  # the old mistakes
    assert F.source_of("validation.msg.invalid.json") is None
    assert F.source_of("error.msg.client.external.id.invalid") is None


def _codes(body) -> set[str]:
    if not isinstance(body, dict):
        return set()
    out = {body.get("userMessageGlobalisationCode")} - {None}
    for e in body.get("errors") or []:
        out.add(e.get("userMessageGlobalisationCode"))
    return out


BAD = [
    ("POST", "clients", {}), ("POST", "clients", {"bogus": 1}), ("POST", "clients", []),
    ("POST", "clients", {"officeId": 9, "legalFormId": 1, "firstname": "A", "lastname": "B",
                         "active": True, "activationDate": "x", "dateFormat": "dd MMMM yyyy",
                         "locale": "en"}),
    ("POST", "clients", {"officeId": 9, "legalFormId": 3, "fullname": "A", "firstname": "B",
                         "active": "maybe", "activationDate": "01 Foo 2024", "dateFormat": "QQ",
                         "locale": "??"}),
    ("POST", "clients", {"officeId": 9, "legalFormId": 1, "firstname": "A", "lastname": "B",
                         "active": True, "activationDate": fmt_date(), "dateFormat": "dd MMMM yyyy",
                         "locale": "en"}),
    ("POST", "clients", {"officeId": 1, "legalFormId": 1, "firstname": "A", "lastname": "B",
                         "active": True, "activationDate": fmt_date(), "externalId": "DEMO-C-0001",
                         "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "clients/1/identifiers", {"documentTypeId": 9, "documentKey": "k"}),
    ("POST", "clients/1/identifiers", {"documentTypeId": 2, "documentKey": "k", "status": "x"}),
    ("POST", "clients/99/identifiers", {"documentTypeId": 2, "documentKey": "k"}),
    ("GET", "clients/99", None), ("GET", "clients/external-id/nobody", None),
    ("GET", "savingsaccounts/99", None), ("GET", "savingsaccounts/external-id/nobody", None),
    ("POST", "savingsaccounts", {"clientId": 1, "productId": 9, "submittedOnDate": fmt_date(),
                                 "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "savingsaccounts", {"clientId": 1, "productId": 1, "submittedOnDate": fmt_date(),
                                 "externalId": "DEMO-S-0001", "dateFormat": "dd MMMM yyyy",
                                 "locale": "en"}),
    ("POST", "savingsaccounts/1?command=approve", {"approvedOnDate": fmt_date(),
                                                   "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "savingsaccounts/1?command=activate", {"activatedOnDate": fmt_date(),
                                                    "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "savingsaccounts/1?command=close", {}),
    ("POST", "savingsaccounts/1/transactions?command=withdrawal",
     {"transactionDate": fmt_date(), "transactionAmount": 10**9, "paymentTypeId": 1,
      "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "savingsaccounts/1/transactions?command=deposit",
     {"transactionDate": "01 January 2099", "transactionAmount": 1, "paymentTypeId": 1,
      "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "savingsaccounts/1/transactions?command=deposit",
     {"transactionDate": "01 January 2001", "transactionAmount": "0.001", "paymentTypeId": 7,
      "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "savingsaccounts/1/transactions?command=deposit",
     {"transactionDate": fmt_date(), "transactionAmount": 1, "paymentTypeId": 7,
      "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "accounttransfers", {"fromOfficeId": 2, "transferAmount": -1}),
    ("POST", "accounttransfers", {k: 1 for k in ("fromOfficeId", "fromClientId", "fromAccountId",
                                                 "toOfficeId", "toClientId", "toAccountId")}
     | {"fromAccountType": 1, "toAccountType": 2, "transferAmount": 1, "transferDate": fmt_date(),
        "transferDescription": "x", "dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "savingsproducts", {"name": "CNY Demand Savings", "shortName": "CNYS",
                                 "currencyCode": "CNY", "digitsAfterDecimal": 2,
                                 "nominalAnnualInterestRate": 1, "locale": "en",
                                 **{p: 1 for p in ("interestCompoundingPeriodType",
                                                   "interestPostingPeriodType",
                                                   "interestCalculationType",
                                                   "interestCalculationDaysInYearType",
                                                   "accountingRule")}}),
    ("POST", "datatables/card_application/1", {"card_type": "gold", "employer": "x" * 200}),
    ("POST", "datatables/card_application/1", {"dateFormat": "dd MMMM yyyy", "locale": "en"}),
    ("POST", "batches", {"not": "a list"}),
    ("POST", "batches", [{"requestId": 1, "relativeUrl": "clients", "method": "POST",
                          "body": "{bad json"},
                         {"requestId": 2, "reference": 1, "relativeUrl": "clients/$.clientId",
                          "method": "GET"},
                         {"requestId": 3, "reference": 9, "relativeUrl": "x", "method": "GET"}]),
]  # fmt: skip


def test_every_code_in_the_answers_to_bad_requests_is_listed(sandbox):
    SE.UNLISTED.clear()
    seen: set[str] = set()
    for method, path, body in BAD:
        r = requests.request(method, f"{sandbox.url}/{path}", auth=AUTH, headers=H, timeout=10,
                             data=None if body is None else json.dumps(body))  # fmt: skip
        assert r.status_code < 500, (path, r.text)
        answer = r.json()
        seen |= _codes(answer)
        if path == "batches" and isinstance(answer, list):
            for item in answer:
                seen |= _codes(json.loads(item["body"]))
    bad_auth = requests.get(f"{sandbox.url}/clients/1", auth=("mifos", "x"), headers=H, timeout=5)
    seen |= _codes(bad_auth.json())
    assert len(seen) > 25, seen
    assert sorted(c for c in seen if F.source_of(c) is None) == []
    assert SE.UNLISTED == set()


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(body=st.dictionaries(st.sampled_from(["clientId", "productId", "submittedOnDate",
                                             "externalId", "dateFormat", "locale", "x"]),
                            st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=6),
                                      st.just(fmt_date()), st.just("dd MMMM yyyy"),
                                      st.just("en"))))  # fmt: skip
def test_fuzzed_requests_answer_only_listed_codes(sandbox, body):
    r = requests.post(f"{sandbox.url}/savingsaccounts", auth=AUTH, headers=H, timeout=10,
                      data=json.dumps(body))  # fmt: skip
    assert r.status_code < 500
    assert all(F.source_of(c) for c in _codes(r.json())), r.text
