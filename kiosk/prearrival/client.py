"""The terminal's calls to the hub for pre-filled applications and pending items (blocking).

Every call is made on a journey's worker thread with the journey's lock released; the
terminal authenticates with its key (``Authorization: Device <id>:<key>``).  Hub answers map
to ``PreappRefused`` reasons: 404 unknown, 410 expired, 409 completed, 403 id_mismatch,
423 locked; no answer at all is ``unavailable``.
"""

from __future__ import annotations

import threading
from typing import Any

import requests

from kiosk.forms import codes
from kiosk.prearrival.model import LoadedPreapp, PendingItem, PreappRefused

_STATUS_REASON = {404: "unknown", 410: "expired", 409: "completed", 403: "id_mismatch",
                  423: "locked"}  # fmt: skip


class PreappClient:
    """``fetch``, ``claim``, ``complete`` and ``pending`` against one hub."""

    def __init__(self, hub_url: str, terminal_id: str, key: str, timeout_s: float = 5.0,
                 verify: Any = True) -> None:
        self.hub_url = hub_url.rstrip("/")
        self._auth = {"Authorization": f"Device {terminal_id}:{key}"}
        self.timeout_s = timeout_s
        self.verify = verify
        self._local = threading.local()  # one requests.Session per thread

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            r = self._session().request(method, self.hub_url + path, json=body,
                                        headers=self._auth, timeout=self.timeout_s,
                                        verify=self.verify)  # fmt: skip
        except requests.RequestException as exc:
            raise PreappRefused("unavailable", f"the hub does not answer: {exc}") from None
        if r.status_code in _STATUS_REASON:
            raise PreappRefused(_STATUS_REASON[r.status_code], _error_text(r))
        if r.status_code >= 400:
            raise PreappRefused("unavailable", f"hub answered {r.status_code}: {_error_text(r)}")
        return r.json()

    def fetch(self, code_or_url: str) -> LoadedPreapp:
        """The application a typed code or a scanned ``/m/p/CODE`` URL names."""
        code = codes.from_text(code_or_url)
        if code is None:
            raise PreappRefused("bad_code", "not a pre-application code")
        body = self._call("GET", f"/api/preapplications/{code}")
        return LoadedPreapp(body["code"], body["kind"], dict(body.get("form") or {}),
                            body.get("status", "open"), float(body.get("expires_at") or 0))

    def claim(self, code: str, id_number: str, session_ref: str = "") -> None:
        """Use the application for this identity; PreappRefused("id_mismatch") otherwise."""
        self._call("POST", f"/api/preapplications/{code}/claim",
                   {"id_number": id_number, "session_ref": session_ref})

    def complete(self, code: str, reference: str) -> None:
        """Tell the hub the application was submitted under ``reference``."""
        self._call("POST", f"/api/preapplications/{code}/complete", {"reference": reference})

    def pending(self, id_number: str) -> list[PendingItem]:
        """What is pending for the identified customer (every provider's items)."""
        body = self._call("POST", "/api/pending", {"id_number": id_number})
        return [PendingItem(str(i.get("kind", "")), dict(i)) for i in body.get("items", [])]


def _error_text(r: requests.Response) -> str:
    try:
        return str(r.json().get("error") or r.reason)
    except ValueError:
        return r.reason or str(r.status_code)
