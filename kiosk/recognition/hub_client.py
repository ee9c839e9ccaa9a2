"""The terminal's calls to the hub's recognition API (blocking: call from a worker thread)."""

from __future__ import annotations

from typing import Any

import requests


class HubUnavailable(RuntimeError):
    """The hub did not answer, or refused the request; the message says which."""


class RecognitionClient:
    """``/api/recognition/*`` with this terminal's key."""

    def __init__(self, url: str, terminal_id: str, key: str, timeout: float = 5.0) -> None:
        self.url = url.rstrip("/")
        self._headers = {"Authorization": f"Device {terminal_id}:{key}"}
        self.timeout = timeout
        self._http = requests.Session()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None,
              ok: tuple[int, ...] = (200,)) -> dict[str, Any]:
        try:
            r = self._http.request(method, self.url + path, json=body, headers=self._headers,
                                   timeout=self.timeout)
        except requests.RequestException as exc:
            raise HubUnavailable(f"hub unreachable: {type(exc).__name__}") from None
        if r.status_code not in ok:
            try:
                message = r.json().get("error", "")
            except ValueError:
                message = r.text[:200]
            raise HubUnavailable(f"hub answered {r.status_code}: {message}")
        return dict(r.json())

    def enrol(self, template_id: str, id_number: str, sealed: str) -> dict[str, Any]:
        """Store a sealed template: the customer consented at this terminal."""
        return self._call("POST", "/api/recognition/templates",
                          {"template_id": template_id, "id_number": id_number,
                           "sealed": sealed, "consent": True}, ok=(201,))

    def revoke(self, id_number: str) -> int:
        """Withdraw consent: the hub deletes the person's templates; return how many."""
        return int(self._call("POST", "/api/recognition/revoke",
                              {"id_number": id_number})["deleted"])

    def templates(self) -> list[dict[str, str]]:
        """The sealed templates of this terminal's branch."""
        return list(self._call("GET", "/api/recognition/templates")["templates"])

    def branch(self) -> str:
        """The branch the hub files this terminal under (the template key's branch)."""
        return str(self._call("GET", "/api/recognition/templates")["branch"])

    def send_code(self, template_id: str, mobile: str) -> dict[str, Any]:
        """Ask the hub to text a one-time code to the customer's phone."""
        return self._call("POST", f"/api/recognition/templates/{template_id}/code",
                          {"mobile": mobile}, ok=(202,))

    def verify_code(self, template_id: str, code: str) -> dict[str, Any]:
        """Check a code the customer typed; ``{"confirmed", "attempts_left", "reason"}``."""
        return self._call("POST", f"/api/recognition/templates/{template_id}/verify",
                          {"code": code})

    def pending(self, id_number: str) -> list[dict[str, Any]] | None:
        """The customer's pending items (``POST /api/pending``), None when the hub lacks it."""
        try:
            r = self._http.post(self.url + "/api/pending", json={"id_number": id_number},
                                headers=self._headers, timeout=self.timeout)
        except requests.RequestException:
            return None
        if r.status_code != 200:
            return None
        body = r.json()
        items = body.get("items") if isinstance(body, dict) else body
        return list(items) if isinstance(items, list) else None

    def close(self) -> None:
        """Close the HTTP session."""
        self._http.close()
