"""Refusals over real HTTP: no token, expired token, another teller's call, another terminal's
key, a revoked key; display credentials read only their branch's feed."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import jwt
import requests

API_ROUTES = [
    ("GET", "/api/me"), ("PUT", "/api/presence"), ("GET", "/api/calls"),
    ("POST", "/api/calls/next"), ("GET", "/api/calls/x"), ("POST", "/api/calls/x/accept"),
    ("POST", "/api/calls/x/transfer"), ("POST", "/api/calls/x/hangup"),
    ("GET", "/api/calls/x/audit"), ("GET", "/api/ice"), ("POST", "/api/devices"),
    ("POST", "/api/devices/t1/rotate"), ("POST", "/api/devices/t1/revoke"),
    ("GET", "/api/display/feed"), ("POST", "/api/people"),
    ("POST", "/api/calls/x/recording"), ("GET", "/api/calls/x/recording"),
]


def _call_from(env, terminal: str, skill: str = "help") -> tuple[str, aiohttp.ClientSession]:
    """Open a terminal socket, place a call, return its id (the socket is closed after)."""

    async def go():
        async with aiohttp.ClientSession() as s, s.ws_connect(
            f"{env.url}/ws", headers=env.device(terminal)
        ) as ws:
            assert (await ws.receive_json(timeout=10))["type"] == "hello"
            await ws.send_json({"type": "call", "skill": skill, "language": "zh",
                                "session_ref": "S-1"})
            while True:
                msg = await ws.receive_json(timeout=10)
                if msg["type"] == "call_created":
                    return msg["call_id"]

    return asyncio.run(go())


def test_every_api_route_answers_401_without_credentials(hub_env) -> None:
    for method, path in API_ROUTES:
        r = requests.request(method, hub_env.url + path, timeout=10)
        assert r.status_code == 401, (method, path, r.status_code)
        assert "error" in r.json()
        bad = requests.request(method, hub_env.url + path, timeout=10,
                               headers={"Authorization": "Bearer not-a-token"})
        assert bad.status_code == 401, (method, path)


def test_an_expired_token_is_refused(hub_env) -> None:
    secret = hub_env.handle.hub.secret
    token = hub_env.token("ann")
    claims = jwt.decode(token, secret, algorithms=["HS256"])
    claims["exp"] = time.time() - 5
    expired = jwt.encode(claims, secret, algorithm="HS256")
    r = requests.get(f"{hub_env.url}/api/calls", timeout=10,
                     headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 401 and "expired" in r.json()["error"]
    other_secret = "another-secret-that-is-long-enough-for-hs256"
    forged = jwt.encode({**claims, "exp": time.time() + 60}, other_secret, algorithm="HS256")
    r = requests.get(f"{hub_env.url}/api/calls", timeout=10,
                     headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401


def test_wrong_password_is_refused_and_guessing_is_throttled(hub_env) -> None:
    for _ in range(5):
        r = requests.post(f"{hub_env.url}/api/auth/login", timeout=10,
                          json={"username": "bob", "password": "nope"})
        assert r.status_code == 401
    r = requests.post(f"{hub_env.url}/api/auth/login", timeout=10,
                      json={"username": "bob", "password": hub_env.passwords["bob"]})
    assert r.status_code == 429 and "Retry-After" in r.headers  # even the right password
    assert hub_env.token("ann")  # other people are not affected
    trail = requests.get(f"{hub_env.url}/api/calls/x/audit", headers=hub_env.bearer("sue"),
                         timeout=10)
    assert trail.status_code == 404
    r = requests.post(f"{hub_env.url}/api/auth/login", timeout=10, data=b"{not json",
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]


def test_a_teller_cannot_read_another_tellers_call(hub_env) -> None:
    call_id = _call_from(hub_env, "t1")
    ann, bob = hub_env.bearer("ann"), hub_env.bearer("bob")
    listed = requests.get(f"{hub_env.url}/api/calls", headers=bob, timeout=10).json()["calls"]
    assert [c["id"] for c in listed] == [call_id]  # waiting: every teller of b1 sees it
    r = requests.post(f"{hub_env.url}/api/calls/{call_id}/accept", headers=ann, timeout=10)
    assert r.status_code == 200 and r.json()["call"]["state"] == "active"
    r = requests.post(f"{hub_env.url}/api/calls/{call_id}/accept", headers=bob, timeout=10)
    assert r.status_code == 409
    r = requests.get(f"{hub_env.url}/api/calls/{call_id}", headers=bob, timeout=10)
    assert r.status_code == 403
    assert requests.get(f"{hub_env.url}/api/calls", headers=bob, timeout=10).json()["calls"] == []
    r = requests.post(f"{hub_env.url}/api/calls/{call_id}/hangup", headers=bob, timeout=10)
    assert r.status_code == 403
    r = requests.get(f"{hub_env.url}/api/calls/{call_id}", headers=ann, timeout=10)
    assert r.status_code == 200 and r.json()["teller_id"] is not None
    # The supervisor of the branch sees it and its audit trail.
    sue = hub_env.bearer("sue")
    trail = requests.get(f"{hub_env.url}/api/calls/{call_id}/audit", headers=sue, timeout=10)
    assert [e["action"] for e in trail.json()["audit"]] == ["call", "accept"]
    assert requests.get(f"{hub_env.url}/api/calls/{call_id}/audit", headers=ann,
                        timeout=10).status_code == 403


def test_a_terminal_key_works_only_for_its_own_terminal(hub_env) -> None:
    call_id = _call_from(hub_env, "t1")
    wrong = hub_env.device("t2", key=hub_env.keys["t1"])
    r = requests.get(f"{hub_env.url}/api/calls", headers=wrong, timeout=10)
    assert r.status_code == 401
    r = requests.get(f"{hub_env.url}/api/calls/{call_id}", headers=hub_env.device("t2"),
                     timeout=10)
    assert r.status_code == 403  # t2 authenticates, but the session is t1's
    r = requests.get(f"{hub_env.url}/api/calls/{call_id}", headers=hub_env.device("t1"),
                     timeout=10)
    assert r.status_code == 200 and r.json()["terminal_id"] == "t1"

    async def ws_with_wrong_key():
        async with aiohttp.ClientSession() as s, s.ws_connect(
            f"{hub_env.url}/ws", headers=wrong
        ) as ws:
            first = await ws.receive_json(timeout=10)
            closing = await ws.receive(timeout=10)
            return first, ws.close_code, closing

    first, code, _ = asyncio.run(ws_with_wrong_key())
    assert first["type"] == "error" and code == 4401


def test_a_revoked_key_is_shut_out_at_once(hub_env) -> None:
    sue = hub_env.bearer("sue")

    async def go():
        async with aiohttp.ClientSession() as s, s.ws_connect(
            f"{hub_env.url}/ws", headers=hub_env.device("t1")
        ) as ws:
            assert (await ws.receive_json(timeout=10))["type"] == "hello"
            r = await s.post(f"{hub_env.url}/api/devices/t1/revoke", headers=sue)
            assert r.status == 200
            # The live socket is closed by the hub (a queue update may still come first).
            msg = await ws.receive(timeout=10)
            while msg.type == aiohttp.WSMsgType.TEXT:
                msg = await ws.receive(timeout=10)
            # The code the hub's close frame carried: aiohttp's own close reply may fail
            # once the hub has dropped the connection, and then ws.close_code reads 1006.
            return msg.type, msg.data if msg.type == aiohttp.WSMsgType.CLOSE else ws.close_code

    kind, code = asyncio.run(go())
    assert kind in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED) and code == 4401
    r = requests.get(f"{hub_env.url}/api/calls", headers=hub_env.device("t1"), timeout=10)
    assert r.status_code == 401
    # A teller cannot revoke; rotation gives a new key and retires the old one.
    assert requests.post(f"{hub_env.url}/api/devices/t2/revoke", headers=hub_env.bearer("ann"),
                         timeout=10).status_code == 403
    new = requests.post(f"{hub_env.url}/api/devices/t2/rotate", headers=sue, timeout=10).json()
    assert requests.get(f"{hub_env.url}/api/calls", headers=hub_env.device("t2"),
                        timeout=10).status_code == 401
    assert requests.get(f"{hub_env.url}/api/calls", headers=hub_env.device("t2", new["key"]),
                        timeout=10).status_code == 200


def test_enrolment_is_scoped_to_the_supervisors_branches(hub_env) -> None:
    sue = hub_env.bearer("sue")
    r = requests.post(f"{hub_env.url}/api/devices", headers=sue, timeout=10,
                      json={"id": "t5", "kind": "terminal", "branch": "b1"})
    assert r.status_code == 201 and len(r.json()["key"]) >= 40
    r = requests.post(f"{hub_env.url}/api/devices", headers=sue, timeout=10,
                      json={"id": "t6", "kind": "terminal", "branch": "b9"})
    assert r.status_code == 403
    r = requests.post(f"{hub_env.url}/api/devices", headers=sue, timeout=10,
                      json={"id": "t7", "kind": "toaster", "branch": "b1"})
    assert r.status_code == 422 and "kind" in r.json()["error"]


def test_a_display_reads_only_its_branch_feed(hub_env) -> None:
    _call_from(hub_env, "t1", skill="card_issue")
    _call_from(hub_env, "t9", skill="help")  # branch b9: not on b1's display
    r = requests.get(f"{hub_env.url}/api/display/feed", headers=hub_env.device("d1"), timeout=10)
    assert r.status_code == 200
    assert r.json() == {"branch": "b1", "waiting": {"card_issue": 1}}
    assert requests.get(f"{hub_env.url}/api/calls", headers=hub_env.device("d1"),
                        timeout=10).status_code == 403
    assert requests.get(f"{hub_env.url}/api/display/feed", headers=hub_env.bearer("ann"),
                        timeout=10).status_code == 403


def test_supervisors_create_people_only_in_their_branches(hub_env) -> None:
    sue = hub_env.bearer("sue")
    body = {"username": "cara", "password": "cara-pw-123", "roles": {"teller": ["b1"]},
            "languages": ["en"], "skills": ["help"]}
    r = requests.post(f"{hub_env.url}/api/people", headers=sue, json=body, timeout=10)
    assert r.status_code == 201
    login = requests.post(f"{hub_env.url}/api/auth/login", timeout=10,
                          json={"username": "cara", "password": "cara-pw-123"}).json()
    assert login["person"]["roles"] == {"teller": ["b1"]}
    assert login["person"]["languages"] == ["en"]
    r = requests.post(f"{hub_env.url}/api/people", headers=sue, json=body, timeout=10)
    assert r.status_code == 422 and "taken" in r.json()["error"]
    other = {**body, "username": "dan", "roles": {"supervisor": ["b9"]}}
    assert requests.post(f"{hub_env.url}/api/people", headers=sue, json=other,
                         timeout=10).status_code == 403
    assert requests.post(f"{hub_env.url}/api/people", headers=hub_env.bearer("ann"),
                         json={**body, "username": "eve"}, timeout=10).status_code == 403
    bad = requests.post(f"{hub_env.url}/api/people", headers=sue, timeout=10,
                        json={**body, "username": "fay", "roles": {"wizard": ["b1"]}})
    assert bad.status_code == 422 and "unknown role" in bad.json()["error"]
