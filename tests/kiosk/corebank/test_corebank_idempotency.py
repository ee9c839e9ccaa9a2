"""Idempotency as Fineract defines it, over real HTTP against the sandbox."""

from __future__ import annotations

import threading

import pytest
import requests

from kiosk.corebank import errors as E
from kiosk.corebank.client import fmt_date


def _post(sandbox, path, body, key):
    return requests.post(
        f"{sandbox.url}/{path}", json=body, auth=("mifos", "password"), timeout=10,
        headers={"Fineract-Platform-TenantId": "default", "Idempotency-Key": key},
    )  # fmt: skip


DEP = {"transactionDate": fmt_date(), "transactionAmount": 10, "paymentTypeId": 1,
       "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip


def test_replay_returns_cached_body_and_header_without_running_again(sandbox, client):
    before = client.get_savings(1).summary.account_balance
    first = _post(sandbox, "savingsaccounts/1/transactions?command=deposit", DEP, "same-key")
    again = _post(sandbox, "savingsaccounts/1/transactions?command=deposit", DEP, "same-key")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["x-served-from-cache"] == "true"
    assert "x-served-from-cache" not in first.headers
    assert client.get_savings(1).summary.account_balance == before + 10
    res = client.deposit(1, 10, idempotency_key="same-key")
    assert res.served_from_cache and res.resource_id == first.json()["resourceId"]


def test_stored_failure_replays_and_a_new_key_runs(sandbox, client):
    big = {**DEP, "transactionAmount": 10**9}
    a = _post(sandbox, "savingsaccounts/3/transactions?command=withdrawal", big, "fail-key")
    b = _post(sandbox, "savingsaccounts/3/transactions?command=withdrawal", big, "fail-key")
    assert a.status_code == b.status_code == 403 and b.headers["x-served-from-cache"] == "true"
    assert client.withdrawal(3, 1, idempotency_key="fresh").resource_id


def test_425_while_the_first_is_in_flight(sandbox, client):
    sandbox.app.write_delay = 0.6
    answers = {}

    def first():
        answers["first"] = _post(sandbox, "savingsaccounts/1/transactions?command=deposit", DEP,
                                 "slow-key")  # fmt: skip

    t = threading.Thread(target=first)
    t.start()
    import time

    time.sleep(0.2)
    second = _post(sandbox, "savingsaccounts/1/transactions?command=deposit", DEP, "slow-key")
    assert second.status_code == 425 and second.headers["x-served-from-cache"] == "true"
    # IdempotentCommandExceptionMapper: the body of a 425 is the request's own JSON.
    assert second.json() == DEP
    # The client waits on 425 and ends with the first request's answer, from the cache.
    res = client.deposit(1, 10, idempotency_key="slow-key")
    t.join()
    sandbox.app.write_delay = 0
    assert res.served_from_cache and res.resource_id == answers["first"].json()["resourceId"]


def test_key_per_action_and_entity_and_length_limit(sandbox, client):
    cid = client.create_client("K", "Ey", idempotency_key="shared").resource_id
    dep = client.deposit(1, 1, idempotency_key="shared")  # another action: not a replay
    assert not dep.served_from_cache and cid
    with pytest.raises(ValueError, match="50"):
        client.deposit(1, 1, idempotency_key="x" * 51)
    r = _post(sandbox, "savingsaccounts/1/transactions?command=deposit", DEP, "y" * 51)
    assert r.status_code == 400


def test_no_header_means_no_deduplication(sandbox, client):
    before = client.get_savings(1).summary.account_balance
    for _ in range(2):
        requests.post(f"{sandbox.url}/savingsaccounts/1/transactions?command=deposit", json=DEP,
                      auth=("mifos", "password"), timeout=5,
                      headers={"Fineract-Platform-TenantId": "default"})  # fmt: skip
    assert client.get_savings(1).summary.account_balance == before + 20


def test_client_duplicate_is_typed(client):
    client.create_client("D", "Up", external_id="DUP-1")
    try:
        client.create_client("D", "Up", external_id="DUP-1")
    except E.Duplicate as err:
        assert "DUP-1" in err.message
    else:
        raise AssertionError("duplicate externalId accepted")
