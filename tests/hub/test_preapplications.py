"""Pre-filled applications over real HTTP, on a SQLite file and on a real PostgreSQL.

A phone creates one (open route), the QR image holds ``/m/p/CODE``, a terminal loads it with
its key and may use it only for the identity whose keyed hash matches; expiry deletes the
personal fields and leaves a 410 marker; ``/api/pending`` lists it for that identity only.
"""

from __future__ import annotations

import hashlib
import hmac
import time

import cv2
import numpy as np
import requests
import zxingcpp
from sqlalchemy import select

from hub.prearrival import store
from hub.prearrival.keys import ID_HASH_SECRET
from hub.prearrival.tables import preapplications
from kiosk.forms import codes

ID = "11010519491231002X"  # a valid GB 11643 number (public sample)
OTHER_ID = "440524188001010014"
FORM = {"mobile": "138 0013 8000", "address": " 北京市 朝阳区 建国路 1 号 ", "occupation": "工程师"}


def _create(env, **body):
    payload = {"kind": "open_account", "id_number": ID, "form": FORM} | body
    return requests.post(f"{env.url}/api/preapplications", json=payload, timeout=10)


def _rows(env) -> list[dict]:
    async def read():
        async with env.handle.hub.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(select(preapplications))).mappings()]

    return env.handle.run(read())


def test_created_with_a_checked_code_and_a_qr_code_holding_its_url(hub_env) -> None:
    r = _create(hub_env)
    assert r.status_code == 201, r.text
    body = r.json()
    code = body["code"]
    assert len(code) == 8 and codes.is_valid(code)
    assert not set(code) & set("01OIL")
    assert body["expires_at"] > time.time() + 6 * 86400  # seven days by default
    png = requests.get(body["qr"], timeout=10)
    assert png.headers["Content-Type"] == "image/png"
    image = cv2.imdecode(np.frombuffer(png.content, np.uint8), cv2.IMREAD_GRAYSCALE)
    decoded = [res.text for res in zxingcpp.read_barcodes(image)]
    assert decoded == [f"{hub_env.url}/m/p/{code}"]
    svg = requests.get(body["qr"], params={"format": "svg"}, timeout=10)
    assert svg.headers["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    status = requests.get(f"{hub_env.url}/api/preapplications/{code}/status", timeout=10).json()
    assert status["status"] == "open" and status["kind"] == "open_account"
    assert status["form"] == {"mobile": "+8613800138000", "address": "北京市 朝阳区 建国路 1 号",
                              "occupation": "工程师"}  # cleaned by the terminal's own rules
    assert ID not in str(status)
    # Stored: the keyed hash of the ID number, never the number itself.
    (row,) = _rows(hub_env)
    assert ID not in str(row) and ID[:-1] not in str(row)
    key = hub_env.handle.run(hub_env.handle.hub._shared_secret(ID_HASH_SECRET)).encode()
    assert row["id_hash"] == hmac.new(key, ID.encode(), hashlib.sha256).hexdigest()


def test_bad_fields_are_named_and_bad_bodies_refused(hub_env) -> None:
    r = _create(hub_env, id_number="110105194912310021",  # wrong check digit
                form={"mobile": "12345", "address": "", "occupation": "x" * 101})
    assert r.status_code == 422
    fields = {e["field"]: e for e in r.json()["errors"]}
    assert set(fields) == {"id_number", "form.mobile", "form.address", "form.occupation"}
    assert all(e["message"] for e in fields.values())
    r = _create(hub_env, kind="card_application", form={"card": "credit", "income": "-5"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"form.income", "form.employer"}
    assert _create(hub_env, kind="mortgage").json()["errors"][0]["field"] == "kind"
    not_json = requests.post(f"{hub_env.url}/api/preapplications", data=b"{nope", timeout=10)
    assert not_json.status_code == 400 and "JSON" in not_json.json()["error"]
    assert _rows(hub_env) == []  # nothing stored from a refused body
    assert _create(hub_env, kind="card_application", form={"card": "debit"}).status_code == 201


def test_terminal_uses_it_only_for_the_matching_identity(hub_env) -> None:
    code = _create(hub_env).json()["code"]
    base = f"{hub_env.url}/api/preapplications/{code}"
    assert requests.get(base, timeout=10).status_code == 401  # the form needs a terminal key
    assert requests.post(f"{base}/claim", json={"id_number": ID}, timeout=10).status_code == 401
    t1 = hub_env.device("t1")
    loaded = requests.get(base, headers=t1, timeout=10)
    assert loaded.status_code == 200 and loaded.json()["form"]["occupation"] == "工程师"
    wrong = requests.post(f"{base}/claim", json={"id_number": OTHER_ID}, headers=t1, timeout=10)
    assert wrong.status_code == 403 and wrong.json()["reason"] == "id_mismatch"
    assert _rows(hub_env)[0]["status"] == "open"  # a refused identity changes nothing else
    ok = requests.post(f"{base}/claim", json={"id_number": ID.lower()}, headers=t1, timeout=10)
    assert ok.status_code == 200 and ok.json()["status"] == "claimed"
    # The same person may claim again (say, after a failed face check at another terminal).
    again = requests.post(f"{base}/claim", json={"id_number": ID}, headers=hub_env.device("t2"),
                          timeout=10)
    assert again.status_code == 200
    done = requests.post(f"{base}/complete", json={"reference": "K7-A-1"}, headers=t1, timeout=10)
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert requests.get(base, headers=t1, timeout=10).status_code == 409
    assert requests.post(f"{base}/claim", json={"id_number": ID}, headers=t1,
                         timeout=10).status_code == 409
    unknown = codes.new_code()
    assert requests.get(f"{hub_env.url}/api/preapplications/{unknown}", headers=t1,
                        timeout=10).status_code == 404


def test_repeated_wrong_identities_lock_the_code(hub_env) -> None:
    code = _create(hub_env).json()["code"]
    url = f"{hub_env.url}/api/preapplications/{code}/claim"
    t1 = hub_env.device("t1")
    for _ in range(store.MAX_MISMATCHES):
        assert requests.post(url, json={"id_number": OTHER_ID}, headers=t1,
                             timeout=10).status_code == 403
    locked = requests.post(url, json={"id_number": ID}, headers=t1, timeout=10)
    assert locked.status_code == 423 and locked.json()["reason"] == "locked"


def test_expiry_deletes_the_personal_fields_and_answers_410(hub_env) -> None:
    first, second = _create(hub_env).json()["code"], _create(hub_env).json()["code"]

    async def expire_all():
        async with hub_env.handle.hub.engine.begin() as conn:
            return await store.expire_due(conn, time.time() + 8 * 86400)

    assert hub_env.handle.run(expire_all()) == 2
    for row in _rows(hub_env):
        assert row["status"] == "expired" and row["id_hash"] is None and row["form"] is None
    t1 = hub_env.device("t1")
    for url, headers in ((f"/api/preapplications/{first}", t1),
                         (f"/api/preapplications/{second}/status", {}),
                         (f"/api/preapplications/{second}/qr", {})):
        r = requests.get(hub_env.url + url, headers=headers, timeout=10)
        assert r.status_code == 410, url
    r = requests.post(f"{hub_env.url}/api/preapplications/{first}/claim",
                      json={"id_number": ID}, headers=t1, timeout=10)
    assert r.status_code == 410 and "expired" in r.json()["error"]
    assert "form" not in requests.get(f"{hub_env.url}/api/preapplications/{first}/status",
                                      timeout=10).text


def test_the_first_read_past_expiry_deletes_the_personal_fields(hub_env) -> None:
    code = _create(hub_env).json()["code"]

    async def past_due():
        async with hub_env.handle.hub.engine.begin() as conn:
            await conn.execute(preapplications.update().values(expires_at=time.time() - 1))

    hub_env.handle.run(past_due())
    (row,) = _rows(hub_env)
    assert row["form"] is not None  # not purged yet: the next read finds it due
    r = requests.get(f"{hub_env.url}/api/preapplications/{code}", headers=hub_env.device("t1"),
                     timeout=10)
    assert r.status_code == 410
    (row,) = _rows(hub_env)
    assert (row["status"], row["id_hash"], row["form"]) == ("expired", None, None)


def test_pending_lists_only_the_identified_customers_open_items(hub_env) -> None:
    code = _create(hub_env).json()["code"]
    url = f"{hub_env.url}/api/pending"
    assert requests.post(url, json={"id_number": ID}, timeout=10).status_code == 401
    t1 = hub_env.device("t1")
    items = requests.post(url, json={"id_number": ID}, headers=t1, timeout=10).json()["items"]
    assert [(i["kind"], i["code"], i["application"]) for i in items] == [
        ("preapplication", code, "open_account")]
    assert requests.post(url, json={"id_number": OTHER_ID}, headers=t1,
                         timeout=10).json()["items"] == []
    requests.post(f"{hub_env.url}/api/preapplications/{code}/claim", json={"id_number": ID},
                  headers=t1, timeout=10)
    requests.post(f"{hub_env.url}/api/preapplications/{code}/complete",
                  json={"reference": "K7-A-2"}, headers=t1, timeout=10)
    assert requests.post(url, json={"id_number": ID}, headers=t1, timeout=10).json()["items"] == []


def test_the_phone_pages_are_served_without_outside_assets(hub_env) -> None:
    page = requests.get(f"{hub_env.url}/m/", timeout=10)
    assert page.status_code == 200 and 'href="/m/book/"' in page.text
    for asset in ("form.js", "status.js", "i18n.js", "mobile.css"):
        text = requests.get(f"{hub_env.url}/m/pre/{asset}", timeout=10).text
        assert "http://" not in text and "https://" not in text, asset
    assert "http" not in page.text.replace('href="/m/', "")
    status = requests.get(f"{hub_env.url}/m/p/{codes.new_code()}", timeout=10)
    assert status.status_code == 200 and "status.js" in status.text


def test_the_migration_matches_the_table(tmp_path) -> None:
    import asyncio

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from hub.storage.base import METADATA
    from hub.storage.engine import create_engine, migrate

    async def diff():
        engine = create_engine(str(tmp_path / "hub.db"))
        await migrate(engine)
        async with engine.connect() as conn:
            found = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), METADATA))
        await engine.dispose()
        return found

    ours = [d for d in asyncio.run(diff()) if "preapplications" in repr(d)]
    assert ours == []


def test_the_open_routes_are_rate_limited(hub_env) -> None:
    url = f"{hub_env.url}/api/preapplications/{codes.new_code()}/status"
    answers = [requests.get(url, timeout=10).status_code for _ in range(32)]
    assert answers[0] == 404 and answers[-1] == 429
    assert answers.index(429) == 30  # 30 a minute per address, then refused


def test_kiosk_hub_refuses_a_non_positive_expiry(capsys) -> None:
    import argparse

    from hub import command

    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    assert command.run(parser.parse_args(["--preapp-expiry-days", "0", "--port", "0"])) == 2
    assert "--preapp-expiry-days must be above 0" in capsys.readouterr().err
