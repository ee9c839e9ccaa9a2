"""The sandbox's HTTP bounds and input checks: abuse gets a 4xx with a reason, never a 500,
a dropped connection or a stuck worker; a replayed key answers as Fineract does."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.corebank.client import fmt_date
from kiosk.sandbox.server import MAX_BODY, MAX_WORKERS, start_sandbox

H = {"Fineract-Platform-TenantId": "default", "Content-Type": "application/json"}
AUTH = ("mifos", "password")


def _raw(sandbox, path, data: bytes, key=None):
    headers = {**H, **({"Idempotency-Key": key} if key else {})}
    return requests.post(f"{sandbox.url}/{path}", data=data, auth=AUTH, headers=headers,
                         timeout=10)  # fmt: skip


def _client(**over):
    body = {"officeId": 1, "legalFormId": 1, "firstname": "A", "lastname": "B", "active": True,
            "activationDate": fmt_date(), "dateFormat": "dd MMMM yyyy", "locale": "en"}
    body.update(over)
    return body


def _deposit(amount, receipt="B-1"):
    return {"transactionDate": fmt_date(), "transactionAmount": amount, "paymentTypeId": 1,
            "receiptNumber": receipt, "dateFormat": "dd MMMM yyyy", "locale": "en"}


DEP = "savingsaccounts/3/transactions?command=deposit"


@pytest.mark.parametrize("data, reason", [
    (b'{"firstname": "\\ud800", "lastname": "B"}', "surrogate"),
    (b"[" * 5000 + b"]" * 5000, "nested"),
    (b"[" * 40 + b"]" * 40, "nested"),
    (b'{"officeId": NaN}', "NaN"),
    (b'{"officeId": 1' + b"9" * 5000 + b"}", "invalid"),
    (b"\xff\xfe not utf-8", "invalid"),
    (b'{"a": 1,}', "invalid"),
])  # fmt: skip
def test_unreadable_bodies_get_fineracts_400_with_a_reason(sandbox, data, reason):
    r = _raw(sandbox, "clients", data, key="k-body")
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.invalid.request.body"
    assert reason in body["defaultUserMessage"]
    # Refused before the command: nothing stored under the key.
    with sandbox.app.lock:
        n = sandbox.app.db.execute("SELECT COUNT(*) FROM idempotency WHERE key = 'k-body'")
        assert n.fetchone()[0] == 0


@pytest.mark.parametrize("amount, code", [
    (1e30, "transactionAmount.is.greater.than.max"),
    ("1e999999", "invalid.decimal.format"),
    (1e999, "invalid.decimal.format"),  # json.dumps writes Infinity: refused at parse
    ("1_000", "invalid.decimal.format"),
    ("١٢", "invalid.decimal.format"),
    ("0.001", "transactionAmount.scale.is.greater.than.2"),
    (0.005, "transactionAmount.scale.is.greater.than.2"),
    ([5], "invalid.decimal.format"),
    ({"v": 5}, "invalid.decimal.format"),
])  # fmt: skip
def test_amounts_out_of_range_or_form_are_refused(sandbox, amount, code):
    r = _raw(sandbox, DEP, json.dumps(_deposit(amount)).encode())
    assert r.status_code == 400, r.text
    codes = [e["userMessageGlobalisationCode"] for e in r.json().get("errors", [])]
    codes.append(r.json()["userMessageGlobalisationCode"])
    assert any(c.endswith(code) or c == "error.msg.invalid.request.body" for c in codes), codes


@pytest.mark.parametrize("value, rule", [
    (5, "format.is.invalid"), (["A"], "format.is.invalid"), ({"n": "A"}, "format.is.invalid"),
    ("A\x00B", "does.not.match.regexp"), ("A\x1bB", "does.not.match.regexp"),
])  # fmt: skip
def test_names_must_be_text_without_control_characters(sandbox, value, rule):
    r = _raw(sandbox, "clients", json.dumps(_client(firstname=value)).encode())
    assert r.status_code == 400, r.text
    err = r.json()["errors"][0]
    assert err["parameterName"] == "firstname"
    assert err["userMessageGlobalisationCode"] == f"validation.msg.client.firstname.{rule}"


def test_ids_must_be_plain_integers(sandbox):
    for value in ("1_000", "١", 2**70, "2e3"):
        r = _raw(sandbox, "clients", json.dumps(_client(officeId=value)).encode())
        assert r.status_code == 400, (value, r.text)
        assert r.json()["errors"][0]["userMessageGlobalisationCode"] == \
            "validation.msg.invalid.integer.format"


def test_a_body_above_the_cap_gets_413_without_being_read(sandbox):
    with socket.create_connection(("127.0.0.1", sandbox.port)) as s:
        s.sendall(b"POST /fineract-provider/api/v1/clients HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Length: " + str(MAX_BODY + 1).encode() + b"\r\n\r\n")
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413") and b"exceeds" in answer


def test_silent_clients_time_out_and_never_exhaust_the_workers(tmp_path):
    handle = start_sandbox(tmp_path / "s.db", read_timeout=0.5)
    try:
        before = threading.active_count()
        hung = []
        for _ in range(MAX_WORKERS + 8):  # more half-sent requests than there are workers
            s = socket.create_connection(("127.0.0.1", handle.port))
            s.sendall(b"POST /fineract-provider/api/v1/clients HTTP/1.1\r\nContent-Le")
            hung.append(s)
        time.sleep(0.2)
        assert threading.active_count() <= before + MAX_WORKERS  # a bounded pool
        t0 = time.monotonic()
        r = requests.get(f"{handle.url}/offices", auth=AUTH, headers=H, timeout=10)
        assert r.status_code == 200  # served once the silent ones timed out
        assert time.monotonic() - t0 < 5
        for s in hung:
            assert s.recv(100) in (b"",) or s.recv(100) == b""  # closed by the server
            s.close()
    finally:
        handle.stop()


def test_a_replayed_key_answers_its_stored_result_whatever_the_new_body(sandbox):
    """Fineract looks a key up by action and entity only (CommandSourceRepository.
    findByActionNameAndEntityNameAndIdempotencyKey): the body is not compared, the stored
    status and body come back with ``x-served-from-cache: true`` and nothing runs again."""
    first = _raw(sandbox, DEP, json.dumps(_deposit("5", "SAME-1")).encode(), key="same-key")
    other = _raw(sandbox, DEP, json.dumps(_deposit("999", "SAME-2")).encode(), key="same-key")
    assert first.status_code == other.status_code == 200
    assert other.headers["x-served-from-cache"] == "true"
    assert "x-served-from-cache" not in first.headers
    assert other.json() == first.json()
    with sandbox.app.lock:
        rows = sandbox.app.db.execute("SELECT receipt_number, amount FROM savings_transactions"
                                      " WHERE receipt_number LIKE 'SAME-%'").fetchall()
    assert [tuple(r) for r in rows] == [("SAME-1", 500)]
    # A stored refusal replays too, even for a body that would now succeed.
    bad = _raw(sandbox, DEP, json.dumps(_deposit("0", "SAME-3")).encode(), key="same-bad")
    good = _raw(sandbox, DEP, json.dumps(_deposit("1", "SAME-3")).encode(), key="same-bad")
    assert bad.status_code == good.status_code == 400 and good.json() == bad.json()
    assert good.headers["x-served-from-cache"] == "true"
    # The same key on another action (a withdrawal) is another command.
    w = _raw(sandbox, "savingsaccounts/3/transactions?command=withdrawal",
             json.dumps(_deposit("1", "SAME-4")).encode(), key="same-key")
    assert w.status_code == 200 and "x-served-from-cache" not in w.headers


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                  max_size=6),
    max_leaves=20,
)  # fmt: skip
FIELDS = st.fixed_dictionaries({}, optional={
    k: JSONISH for k in ("officeId", "legalFormId", "firstname", "lastname", "active",
                         "activationDate", "dateFormat", "locale", "externalId", "mobileNo")})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(body=FIELDS, path=st.sampled_from(["clients", DEP, "accounttransfers", "savingsaccounts",
                                          "clients/1/identifiers", "batches"]))  # fmt: skip
def test_fuzzed_bodies_never_get_a_500_or_a_dropped_connection(sandbox, body, path):
    r = _raw(sandbox, path, json.dumps(body).encode())
    assert r.status_code < 500, r.text
    json.loads(r.text)  # always a JSON answer
    assert dt.date.today()  # noqa: PT018 - keep hypothesis from shrinking on time
