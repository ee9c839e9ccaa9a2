"""Recognition templates on the hub (SQLite and PostgreSQL): consent, per-branch fetch,
revocation deleting at once, one-time codes; the hub stores no descriptor or ID number."""

from __future__ import annotations

import numpy as np
import requests
from sqlalchemy import select

from hub.idhash import id_hash
from hub.storage.tables import audit, face_templates, recognition_codes
from kiosk.recognition.hub_client import HubUnavailable, RecognitionClient
from kiosk.recognition.sealing import Person, TemplateSealer, TemplateUnreadable, new_template_id

ID_NUMBER = "11010519491231002X"
MOBILE = "13800138000"
SECRET = bytes(range(32))


def _rows(hub_env, table):
    async def go():
        async with hub_env.handle.hub.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(select(table))).mappings()]
    return hub_env.handle.run(go())


def _client(hub_env, terminal: str) -> RecognitionClient:
    return RecognitionClient(hub_env.url, terminal, hub_env.keys[terminal])


def test_opt_in_fetch_revoke_and_codes(hub_env) -> None:
    face = np.random.default_rng(7).normal(0, 0.1, 128)
    sealer = TemplateSealer(SECRET, "b1")
    tid = new_template_id()
    sealed = sealer.seal(tid, face, Person(ID_NUMBER, MOBILE))
    t1, t2, t9 = _client(hub_env, "t1"), _client(hub_env, "t2"), _client(hub_env, "t9")

    assert t1.enrol(tid, ID_NUMBER, sealed)["branch"] == "b1"
    # Another terminal of the branch loads it and opens it with the branch key...
    fetched = t2.templates()
    assert [t["template_id"] for t in fetched] == [tid]
    assert np.allclose(sealer.open_face(tid, fetched[0]["sealed"]), face, atol=1e-6)
    assert sealer.open_person(tid, fetched[0]["sealed"]).id_number == ID_NUMBER
    # ...another branch's terminal sees nothing, and its key would not open it anyway.
    assert t9.templates() == []
    try:
        TemplateSealer(SECRET, "b9").open_face(tid, sealed)
        raise AssertionError("another branch's key opened the template")
    except TemplateUnreadable:
        pass

    # The hub keeps ciphertext and a keyed hash: no ID number, mobile or descriptor in clear.
    (row,) = _rows(hub_env, face_templates)
    stored = repr(row)
    assert ID_NUMBER not in stored and MOBILE not in stored and f"{face[0]:.6f}" not in stored
    assert len(row["id_hash"]) == 64 and row["terminal_id"] == "t1"
    assert row["id_hash"] != id_hash(b"", ID_NUMBER)  # keyed: not a plain hash

    # One-time code to the phone: shown on the demo phone page to branch staff only.
    sent = t2.send_code(tid, MOBILE)
    assert sent["sent_to"].endswith("8000") and MOBILE not in str(sent)
    messages = requests.get(f"{hub_env.url}/api/recognition/demo-phone", timeout=10,
                            headers=hub_env.bearer("sue")).json()["messages"]
    code = messages[0]["text"].split("code: ")[1][:6]
    assert code.isdigit() and MOBILE not in str(messages)
    assert _rows(hub_env, recognition_codes)[0]["code_hash"] != code
    wrong = "000000" if code != "000000" else "111111"
    assert t2.verify_code(tid, wrong) == {"confirmed": False, "attempts_left": 2,
                                          "reason": "wrong"}
    assert t2.verify_code(tid, code)["confirmed"] is True
    assert t2.verify_code(tid, code)["confirmed"] is False  # used up
    try:
        t9.send_code(tid, MOBILE)  # not its branch's template
        raise AssertionError("a terminal of another branch reached the template")
    except HubUnavailable as exc:
        assert "404" in str(exc)

    # Revocation at a terminal deletes the template at once, everywhere.
    assert t1.revoke(" " + ID_NUMBER.lower() + " ") == 1
    assert t2.templates() == []
    assert _rows(hub_env, face_templates) == [] and _rows(hub_env, recognition_codes) == []
    actions = [r["action"] for r in _rows(hub_env, audit)]
    assert "recognition_consent" in actions and "recognition_revoked" in actions
    assert ID_NUMBER not in repr(_rows(hub_env, audit))


def test_enrolment_needs_consent_and_a_terminal_key(hub_env) -> None:
    url = f"{hub_env.url}/api/recognition/templates"
    body = {"template_id": new_template_id(), "id_number": ID_NUMBER, "sealed": "x"}
    assert requests.post(url, json={**body, "consent": True}, timeout=10).status_code == 401
    assert requests.get(url, timeout=10, headers=hub_env.bearer("sue")).status_code == 403
    r = requests.post(url, json=body, timeout=10, headers=hub_env.device("t1"))
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["consent"]
    r = requests.post(url, json={**body, "consent": True, "template_id": "../x"}, timeout=10,
                      headers=hub_env.device("t1"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "template_id"
    r = requests.post(url, data=b"{", timeout=10, headers=hub_env.device("t1"))
    assert r.status_code == 400
    # Re-enrolling the same person in the branch replaces the old template.
    client = _client(hub_env, "t1")
    client.enrol(new_template_id(), ID_NUMBER, "sealed-1")
    assert client.enrol(new_template_id(), ID_NUMBER, "sealed-2")["replaced"] == 1
    assert [t["sealed"] for t in client.templates()] == ["sealed-2"]
