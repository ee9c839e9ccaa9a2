"""The Fineract client against the sandbox over real HTTP: every endpoint and error type."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import requests

from kiosk.corebank import errors as E
from kiosk.corebank.client import FineractClient, fmt_date


def _new_account(client, ext="T-C-1", sext="T-S-1", idn="11010519491231002X"):
    cid = client.create_client("Ada", "Test", external_id=ext).resource_id
    client.add_identifier(cid, idn)
    sid = client.create_savings_account(cid, 1, external_id=sext).savings_id
    client.approve_savings(sid)
    client.activate_savings(sid)
    return cid, sid


def test_seed_products_and_demo_customers(client):
    products = client.list_savings_products()
    assert [(p.id, p.short_name, p.currency.code) for p in products] == [(1, "CNYS", "CNY")]
    zhang = client.get_client_by_external_id("DEMO-C-0001")
    accounts = client.client_accounts(zhang.id)
    assert accounts[0].account_balance == 52300.0
    assert accounts[0].short_product_name == "CNYS"
    assert client.get_savings_by_external_id("DEMO-S-0003").summary.account_balance == 3500.0


def test_client_lifecycle_and_reads(client):
    res = client.create_client("Ada", "Okafor", external_id="K7-C-9", mobile_no="+8613800000009")
    assert res.resource_id == res.client_id and res.resource_external_id == "K7-C-9"
    got = client.get_client(res.resource_id)
    assert got.display_name == "Ada Okafor" and got.active and got.status.id == 300
    assert got.activation_date == dt.date.today()
    assert client.get_client_by_external_id("K7-C-9").id == res.resource_id
    ident = client.add_identifier(res.resource_id, "11010519491231002X", 2)
    ids = client.list_identifiers(res.resource_id)
    assert [(i.id, i.document_type.name, i.document_key) for i in ids] == [
        (ident.resource_id, "Id", "11010519491231002X")
    ]


def test_savings_deposit_withdrawal_and_transfer(client):
    cid, sid = _new_account(client)
    acc = client.get_savings(sid)
    assert acc.status.id == 300 and acc.account_no == f"{sid:09d}" and acc.client_id == cid
    with pytest.raises(E.ValidationFailed) as info:  # finer than the fen: refused, not rounded
        client.deposit(sid, 1000.255, receipt_number="R-0")
    assert info.value.code.endswith("transactionAmount.scale.is.greater.than.2")
    dep = client.deposit(sid, 1000.25, receipt_number="R-1")
    assert dep.savings_id == sid and dep.resource_id
    client.withdrawal(sid, 200)
    assert client.get_savings(sid).summary.account_balance == pytest.approx(800.25)
    t = client.transfer(cid, sid, 1, 1, 300.5, "kiosk K7-T-1")
    assert t.savings_id == sid and t.resource_id
    assert client.get_savings(sid).summary.account_balance == pytest.approx(499.75)
    assert client.get_savings(1).summary.account_balance == pytest.approx(52600.5)


def test_search_and_accounts(client):
    cid, sid = _new_account(client, ext="FIND-ME")
    hits = client.search("FIND-ME")
    assert [(h.entity_type, h.entity_id) for h in hits] == [("CLIENT", cid)]
    by_id = client.search("11010519491231002X", resources="clientIdentifiers")
    assert by_id[0].entity_type == "CLIENTIDENTIFIER" and by_id[0].parent_id == cid
    by_acc = client.search(f"{sid:09d}", resources="savings")
    assert by_acc[0].entity_account_no == f"{sid:09d}" and by_acc[0].parent_id == cid
    assert client.search("FIND", exact_match=True) == []
    assert len(client.search("FIND", exact_match=False)) == 1
    assert [a.id for a in client.client_accounts(cid)] == [sid]


def test_datatable_card_application(client):
    res = client.add_datatable_entry(
        "card_application", 1,
        {"card_type": "credit", "reference": "CA-1", "annual_income": 120000,
         "employer": "Demo Ltd", "submitted_on": fmt_date()},
    )  # fmt: skip
    assert res.resource_id == 1
    rows = client.get_datatable_entries("card_application", 1)
    assert rows[0]["reference"] == "CA-1" and rows[0]["submitted_on"] == list(
        dt.date.today().timetuple()[:3]
    )


def test_batch_enclosing_transaction_commits_and_rolls_back(client, sandbox):
    body = {"officeId": 1, "legalFormId": 1, "firstname": "B", "lastname": "Batch",
            "active": True, "activationDate": fmt_date(), "externalId": "B-1",
            "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
    sav = {"clientId": "$.clientId", "productId": 1, "submittedOnDate": fmt_date(),
           "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
    ok = client.batch([
        {"requestId": 1, "relativeUrl": "clients", "method": "POST", "body": body},
        {"requestId": 2, "reference": 1, "relativeUrl": "savingsaccounts", "method": "POST",
         "body": sav},
        {"requestId": 3, "reference": 2,
         "relativeUrl": "savingsaccounts/$.savingsId?command=approve",
         "method": "POST", "body": {"approvedOnDate": fmt_date(), "dateFormat": "dd MMMM yyyy",
                                    "locale": "en"}},
    ])  # fmt: skip
    assert [r.status_code for r in ok] == [200, 200, 200]
    sid = json.loads(ok[1].body)["savingsId"]
    assert client.get_savings(sid).status.id == 200
    bad = client.batch([
        {"requestId": 1, "relativeUrl": "clients", "method": "POST",
         "body": {**body, "externalId": "B-2"}},
        {"requestId": 2, "reference": 1, "relativeUrl": "savingsaccounts", "method": "POST",
         "body": {**sav, "productId": 99}},
    ])  # fmt: skip
    assert [(r.request_id, r.status_code) for r in bad] == [(2, 404)]
    with pytest.raises(E.NotFound):  # the client of the failed batch was rolled back
        client.get_client_by_external_id("B-2")


def test_authentication(client):
    body = client.authenticate("mifos", "password")
    assert body["authenticated"] and body["base64EncodedAuthenticationKey"]
    with pytest.raises(E.NotAuthenticated):
        client.authenticate("mifos", "nope")


@pytest.mark.parametrize(
    "call, error, code",
    [
        (lambda c: c.create_client("", "X"), E.ValidationFailed,
         "validation.msg.client.firstname.cannot.be.blank"),
        (lambda c: c.get_client(999), E.NotFound, "error.msg.client.id.invalid"),
        (lambda c: c.get_savings_by_external_id("nope"), E.NotFound,
         "error.msg.saving.account.id.invalid"),
        (lambda c: c.create_client("A", "B", external_id="DEMO-C-0001"), E.Duplicate,
         "error.msg.client.duplicate.externalId"),
        (lambda c: c.withdrawal(3, 999999), E.InsufficientFunds,
         "error.msg.savingsaccount.transaction.insufficient.account.balance"),
        (lambda c: c.transfer(3, 3, 1, 1, 10**7, "too much"), E.InsufficientFunds,
         "error.msg.savingsaccount.transaction.insufficient.account.balance"),
        (lambda c: c.deposit(1, -5), E.ValidationFailed, None),
        (lambda c: c.approve_savings(1), E.ValidationFailed, None),
    ],
)  # fmt: skip
def test_error_types(client, call, error, code):
    with pytest.raises(error) as info:
        call(client)
    if code:
        assert info.value.code == code or code in {
            c for _, _, c in getattr(info.value, "errors", [])
        }
    assert str(info.value)  # a clear message, never empty


def test_duplicate_identifier_and_validation_details(client):
    cid = client.create_client("X", "Y").resource_id
    with pytest.raises(E.Duplicate) as info:
        client.add_identifier(cid, client.list_identifiers(1)[0].document_key)
    assert info.value.code == "error.msg.clientIdentifier.identityKey.duplicate"
    with pytest.raises(E.ValidationFailed) as info:
        client.create_client("A" * 51, "B")
    assert info.value.errors == [
        ("firstname", "The parameter `firstname` exceeds max length of 50.",
         "validation.msg.client.firstname.exceeds.max.length")
    ]  # fmt: skip


def test_not_authenticated_and_bad_tenant(sandbox):
    with pytest.raises(E.NotAuthenticated):
        FineractClient(sandbox.url, password="wrong").get_client(1)
    with pytest.raises(E.NotAuthenticated) as info:
        FineractClient(sandbox.url, tenant="other").get_client(1)
    assert info.value.status == 400
    r = requests.get(f"{sandbox.url}/clients/1", auth=("mifos", "password"), timeout=5)
    # TenantAwareBasicAuthenticationFilter: sendError(400), the servlet's body, no Fineract code.
    assert r.status_code == 400 and r.json()["status"] == 400 and "tenant" in r.json()["message"]


def test_unavailable_when_nothing_listens():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = FineractClient(f"http://127.0.0.1:{port}/fineract-provider/api/v1", max_retries=1,
                       backoff=0.01, connect_timeout=0.5)  # fmt: skip
    with pytest.raises(E.Unavailable) as info:
        c.deposit(1, 10)
    assert info.value.maybe_delivered is False and info.value.code == "unavailable.connection"


def test_tls_verification_is_on_by_default():
    c = FineractClient("https://core.example/fineract-provider/api/v1")
    assert c.t.session.verify is True
    assert FineractClient("https://x/api", verify="/etc/ca.pem").t.session.verify == "/etc/ca.pem"


def test_batch_items_honour_their_own_idempotency_keys(client):
    def item(rid, ext):
        body = {"officeId": 1, "legalFormId": 1, "firstname": "I", "lastname": "Tem",
                "active": True, "activationDate": fmt_date(), "externalId": ext,
                "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
        return {"requestId": rid, "relativeUrl": "clients", "method": "POST", "body": body,
                "headers": [{"name": "Idempotency-Key", "value": f"item-{ext}"}]}  # fmt: skip

    first = client.batch([item(1, "BI-1"), item(2, "BI-2")])
    again = client.batch([item(1, "BI-1"), item(2, "BI-2")])  # a new batch key, same item keys
    assert [json.loads(r.body) for r in again] == [json.loads(r.body) for r in first]
    assert {"name": "x-served-from-cache", "value": "true"} in again[0].headers
    assert len(client.search("BI-", exact_match=False)) == 2


def test_tenant_as_query_parameter(sandbox):
    r = requests.get(f"{sandbox.url}/clients/1", params={"tenantIdentifier": "default"},
                     auth=("mifos", "password"), timeout=5)  # fmt: skip
    assert r.status_code == 200 and r.json()["externalId"] == "DEMO-C-0001"


def test_one_client_shared_by_threads(client):
    import threading

    before = client.get_savings(2).summary.account_balance
    errors = []

    def work(k):
        try:
            for i in range(10):
                client.deposit(2, 1, idempotency_key=f"thr-{k}-{i}")
                client.get_savings(2)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert client.get_savings(2).summary.account_balance == before + 60
    client.close()
    assert client.get_savings(2).id == 2  # a closed client opens a fresh session on next use


def test_from_config(sandbox):
    from kiosk.config import CorebankConfig

    cfg = CorebankConfig(url=sandbox.url, password="password", read_timeout=2)
    c = FineractClient.from_config(cfg)
    assert c.get_client(1).id == 1 and c.t.timeout == (3.05, 2)
    assert (
        FineractClient.from_config(CorebankConfig(ca_file="/x/ca.pem"), "https://h/a").t.verify
        == "/x/ca.pem"
    )
    assert (
        FineractClient.from_config(CorebankConfig(verify_tls=False), "https://h/a").t.verify
        is False
    )


def test_tls_failure_is_unavailable_and_never_delivered(sandbox):
    url = sandbox.url.replace("http://", "https://")  # the sandbox speaks plain HTTP
    with pytest.raises(E.Unavailable) as info:
        FineractClient(url, max_retries=3).deposit(1, 1)
    assert info.value.code == "unavailable.tls" and info.value.maybe_delivered is False


def test_models_keep_personal_data_out_of_repr():
    from kiosk.corebank.models import Client, Identifier

    c = Client.model_validate({
        "id": 9, "accountNo": "000000009", "status": {"id": 300, "code": "c", "value": "Active"},
        "active": True, "firstname": "Lei", "lastname": "Li", "displayName": "Li Lei",
        "mobileNo": "13800138000", "officeId": 1,
    })  # fmt: skip
    i = Identifier.model_validate({
        "id": 1, "clientId": 9, "documentType": {"id": 2, "name": "Id"},
        "documentKey": "11010519491231002X",
    })  # fmt: skip
    for secret in ("000000009", "Lei", "13800138000", "11010519491231002X"):
        assert secret not in repr(c) + repr(i)
    assert c.display_name == "Li Lei" and "id=9" in repr(c)


def test_bank_link_to_a_configured_core_uses_its_tls_settings(tmp_path):
    from kiosk.config import CorebankConfig, KioskConfig
    from kiosk.terminal import local_bank

    cfg = KioskConfig(corebank=CorebankConfig(ca_file="/x/ca.pem"))
    link = local_bank(tmp_path, cfg, sandbox_url="https://h/a", start_sender=False)
    try:
        assert link.core.t.verify == "/x/ca.pem"
    finally:
        link.close()
