"""The client against a tiny scripted HTTP server returning bad bodies: typed errors, no crash."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.corebank import errors as E
from kiosk.corebank.client import FineractClient

# Writes here name their date: the scripted server answers only what each test scripts, so
# the client must not ask it for its business date first.
TODAY = dt.date.today()


class Scripted:
    """Serves a list of (status, body bytes, declared length or None) answers in order."""

    def __init__(self):
        self.answers: list[tuple[int, bytes, int | None]] = []
        self.seen: list[tuple[str, str | None]] = []
        outer = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                self._answer()

            do_GET = do_POST  # noqa: N815

            def _answer(self):
                n = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(n)
                outer.seen.append((self.command, self.headers.get("Idempotency-Key")))
                status, body, declared = (
                    outer.answers.pop(0) if outer.answers else (200, b"{}", None)
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(declared if declared else len(body)))
                self.end_headers()
                self.wfile.write(body)
                if declared:
                    self.close_connection = True

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/fineract-provider/api/v1"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def scripted():
    s = Scripted()
    yield s
    s.close()


@pytest.fixture
def bad(scripted):
    scripted.answers.clear()
    scripted.seen.clear()
    return scripted


def _client(s, retries=2):
    return FineractClient(s.url, max_retries=retries, backoff=0.001)


def test_not_json(bad):
    bad.answers[:] = [(200, b"<html>oops</html>", None)]
    with pytest.raises(E.MalformedResponse, match="not valid JSON"):
        _client(bad).get_client(1)


def test_wrong_types(bad):
    bad.answers[:] = [(200, json.dumps({"id": "seven", "accountNo": 1}).encode(), None)]
    with pytest.raises(E.MalformedResponse, match="client: field"):
        _client(bad).get_client(1)


def test_list_instead_of_object_and_bad_date(bad):
    bad.answers[:] = [(200, b"[1, 2]", None)]
    with pytest.raises(E.MalformedResponse, match="expected a JSON object"):
        _client(bad).deposit(1, 5, on=TODAY)
    client = {
        "id": 1,
        "accountNo": "000000001",
        "status": {"id": 300, "code": "c", "value": "v"},
        "active": True,
        "displayName": "X",
        "officeId": 1,
        "activationDate": [2024, 13],
    }
    bad.answers[:] = [(200, json.dumps(client).encode(), None)]
    with pytest.raises(E.MalformedResponse, match="activationDate"):
        _client(bad).get_client(1)


def test_cut_short_is_retried_then_reported(bad):
    bad.answers[:] = [(200, b'{"resourceId": 1', 200)] * 3
    with pytest.raises(E.MalformedResponse, match="cut short"):
        _client(bad).deposit(1, 5, idempotency_key="cut-1", on=TODAY)
    assert [k for _, k in bad.seen] == ["cut-1"] * 3


def test_500_then_ok_keeps_the_same_key(bad):
    ok = {"officeId": 1, "clientId": 2, "savingsId": 3, "resourceId": 44}
    bad.answers[:] = [
        (500, b"{}", None),
        (503, b"not json", None),
        (200, json.dumps(ok).encode(), None),
    ]
    res = _client(bad, retries=3).deposit(3, 5, on=TODAY)
    assert res.resource_id == 44
    keys = [k for _, k in bad.seen]
    assert len(keys) == 3 and len(set(keys)) == 1 and keys[0]


def test_5xx_after_retries_is_unavailable(bad):
    bad.answers[:] = [(502, b"bad gateway", None)] * 3
    with pytest.raises(E.Unavailable) as info:
        _client(bad).deposit(1, 5, on=TODAY)
    assert info.value.maybe_delivered and info.value.status == 502


def test_425_waits_then_gets_the_answer(bad):
    ok = {"resourceId": 9}
    bad.answers[:] = [(425, b"{}", None), (425, b"{}", None), (200, json.dumps(ok).encode(), None)]
    assert _client(bad, retries=0).deposit(1, 5, idempotency_key="k425", on=TODAY).resource_id == 9
    assert [k for _, k in bad.seen] == ["k425"] * 3


def test_4xx_with_non_json_body_is_typed(bad):
    bad.answers[:] = [(404, b"nothing here", None)]
    with pytest.raises(E.NotFound):
        _client(bad).get_client(1)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=12), kids, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    "id",
    "accountNo",
    "status",
    "active",
    "displayName",
    "officeId",
    "activationDate",
    "clientId",
    "savingsProductId",
    "currency",
    "summary",
    "resourceId",
    "errors",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    status=st.sampled_from([200, 400, 403, 404, 409, 500]),
    body=st.one_of(
        st.binary(max_size=40),
        JSONISH.map(lambda v: json.dumps(v).encode()),
        st.dictionaries(st.sampled_from(FIELDS), JSONISH, max_size=8).map(
            lambda d: json.dumps(d).encode()),
    ),
    call=st.sampled_from(["get_client", "get_savings", "deposit", "client_accounts", "search",
                          "list_identifiers", "list_savings_products", "batch"]),
)  # fmt: skip
def test_any_bad_body_ends_in_a_typed_error_or_a_typed_result(bad, status, body, call):
    bad.answers[:] = [(status, body, None)] * 3
    c = _client(bad, retries=0)
    args = {"deposit": (1, 5), "search": ("x",), "list_savings_products": (), "batch": ([],)}
    try:
        result = getattr(c, call)(*args.get(call, (1,)))
    except E.CorebankError as err:
        assert str(err)
    else:
        assert status == 200 and result is not None


def _fineract_error(status, code):
    return json.dumps({"httpStatusCode": str(status), "defaultUserMessage": "x",
                       "userMessageGlobalisationCode": "head",
                       "errors": [{"defaultUserMessage": "why", "parameterName": "p",
                                   "userMessageGlobalisationCode": code}]}).encode()  # fmt: skip


@pytest.mark.parametrize(
    "status, code, error",
    [
        (400, "validation.msg.client.firstname.cannot.be.blank", E.ValidationFailed),
        (401, "error.msg.not.authenticated", E.NotAuthenticated),
        (403, "error.msg.savingsaccount.transaction.insufficient.account.balance",
         E.InsufficientFunds),
        (403, "error.msg.client.duplicate.externalId", E.Duplicate),
        (403, "error.msg.client.not.active.exception", E.DomainRuleViolation),
        (404, "error.msg.client.id.invalid", E.NotFound),
        (409, "error.msg.platform.service.lock.conflict", E.Conflict),
        (425, "error.msg.idempotent.request.in.flight", E.Unavailable),
        (418, "error.msg.teapot", E.CorebankError),
    ],
)  # fmt: skip
def test_status_and_code_map_to_typed_errors(bad, status, code, error):
    bad.answers[:] = [(status, _fineract_error(status, code), None)] * 50
    c = FineractClient(bad.url, max_retries=0, backoff=0.0001)
    c.t.max_early_waits = 2
    with pytest.raises(error) as info:
        c.deposit(1, 5, on=TODAY)
    assert info.value.status == status and info.value.code == code
    assert "why" in str(info.value) and info.value.transient == (error is E.Unavailable)
    if error is E.ValidationFailed:
        assert info.value.errors == [("p", "why", code)] and info.value.parameters == ["p"]
