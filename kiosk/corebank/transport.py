"""HTTP transport for the Fineract client: auth headers, retries with the same key, error mapping.

Written on ``requests`` (already a dependency, well kept, with connection pooling) rather
than on urllib3's ``Retry``: Fineract's idempotency rules (same key on timeout/5xx, wait on
425, a new key only after a definite 4xx) need decisions that ``Retry`` cannot express.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import threading
import time
import uuid
import weakref
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests

from kiosk.corebank import errors as E
from kiosk.corebank import fineract_codes as F

log = logging.getLogger(__name__)

MAX_KEY_LENGTH = 50


@dataclass(frozen=True)
class Reply:
    """A successful answer: parsed JSON body and whether it was replayed from the cache."""

    status: int
    body: Any
    served_from_cache: bool


def json_default(value: Any) -> Any:
    """Encode ``Decimal`` amounts as exact strings and dates as ISO text.

    Fineract parses numeric strings with the body's ``locale``, so nothing is rounded here.
    """
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot send a {type(value).__name__} to the core")


def new_key() -> str:
    """Return a fresh random idempotency key (32 hex chars, within Fineract's 50)."""
    return uuid.uuid4().hex


def _errors_of(body: Any) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    items = body.get("errors") if isinstance(body, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            out.append(
                (
                    str(item.get("parameterName") or ""),
                    str(item.get("defaultUserMessage") or item.get("developerMessage") or ""),
                    str(item.get("userMessageGlobalisationCode") or ""),
                )
            )
    return out


def error_from(status: int, body: Any) -> E.CorebankError:
    """Map a Fineract error status and body to a typed error (never raises itself)."""
    if not isinstance(body, dict):
        body = {}
    details = _errors_of(body)
    codes = [c for _, _, c in details] + [str(body.get("userMessageGlobalisationCode") or "")]
    first = details[0][1] if details and details[0][1] else ""
    # A servlet container's error (Fineract's tenant filter) has only ``message``.
    message = first or str(body.get("defaultUserMessage") or body.get("message")
                           or "the core refused the request")  # fmt: skip
    code = next((c for c in codes if c), None)
    kw: dict[str, Any] = {"status": status, "code": code, "body": body}
    found = set(codes)
    # Only codes on Fineract's list (fineract_codes) are matched; a servlet error (the
    # tenant filter's sendError) has no code, only a message.
    if status == 401 or found & F.NOT_AUTHENTICATED or (not code and "tenant" in message):
        return E.NotAuthenticated(message, **kw)
    if status == 400:
        summary = "; ".join(f"{p}: {m}" for p, m, _ in details) or message
        return E.ValidationFailed(summary, details, **kw)
    if status == 403:
        if found & F.INSUFFICIENT_FUNDS:
            return E.InsufficientFunds(message, **kw)
        if found & F.DUPLICATES:
            return E.Duplicate(message, **kw)
        return E.DomainRuleViolation(message, **kw)
    if status == 404:
        return E.NotFound(message, **kw)
    if status == 409:
        return E.Conflict(message, **kw)
    if status >= 500 or status in (408, 425, 429):
        # 425 here means the first request with this key still runs after every wait.
        return E.Unavailable(f"the core did not finish the request: {message}", **kw)
    return E.CorebankError(message, **kw)


class Transport:
    """Sends one logical call, retrying as Fineract's idempotency allows."""

    def __init__(
        self,
        base_url: str,
        *,
        username: str,
        password: str,
        tenant: str,
        verify: bool | str,
        connect_timeout: float,
        read_timeout: float,
        max_retries: int,
        backoff: float = 0.2,
        backoff_max: float = 3.0,
        max_early_waits: int = 40,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth = (username, password)
        self.verify = verify
        self.headers = {
            "Fineract-Platform-TenantId": tenant,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.max_early_waits = max_early_waits
        # One requests.Session per thread: the outbox sender and a journey's worker thread
        # share a client, and a Session is not documented as thread-safe.
        self._local = threading.local()
        self._sessions: weakref.WeakSet[requests.Session] = weakref.WeakSet()
        self._sessions_lock = threading.Lock()

    @property
    def session(self) -> requests.Session:
        """The calling thread's HTTP session (keep-alive pool, auth, tenant header, TLS)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.auth = self.auth
            session.verify = self.verify
            session.headers.update(self.headers)
            self._local.session = session
            with self._sessions_lock:
                self._sessions.add(session)
        return session

    def close(self) -> None:
        """Release every thread's pooled connections."""
        with self._sessions_lock:
            for session in list(self._sessions):
                session.close()
            self._sessions.clear()
        self._local = threading.local()

    def _sleep(self, attempt: int, hint: str | None = None) -> None:
        try:
            delay = float(hint) if hint else 0.0
        except ValueError:
            delay = 0.0
        delay = delay or min(self.backoff * (2**attempt), self.backoff_max)
        time.sleep(delay * (0.75 + random.random() / 2))

    def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        idempotency_key: str | None = None,
    ) -> Reply:
        """Send ``method path``; writes carry ``Idempotency-Key`` (the same one on every retry)."""
        headers: dict[str, str] = {}
        write = method != "GET"
        if write:
            key = idempotency_key or new_key()
            if len(key) > MAX_KEY_LENGTH:
                raise ValueError(f"idempotency key longer than {MAX_KEY_LENGTH} characters")
            headers["Idempotency-Key"] = key
        data = (
            None
            if body is None
            else json.dumps(body, ensure_ascii=False, default=json_default).encode("utf-8")
        )
        url = f"{self.base_url}/{path.lstrip('/')}"
        retries = early_waits = 0
        maybe_delivered = False
        while True:
            try:
                resp = self.session.request(
                    method, url, params=params, data=data, headers=headers, timeout=self.timeout
                )
            except requests.exceptions.SSLError as exc:
                # The TLS handshake failed, so nothing was sent; retrying now will not help, but
                # the outbox keeps the action queued until the certificate problem is fixed.
                raise E.Unavailable(
                    f"TLS verification of the core failed: {exc.__class__.__name__}",
                    code="unavailable.tls",
                    maybe_delivered=maybe_delivered,
                ) from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                # Only a failed connect proves the request never reached the core.
                connect_only = isinstance(exc, requests.ConnectTimeout) or (
                    isinstance(exc, requests.ConnectionError)
                    and not isinstance(exc, requests.ReadTimeout)
                    and "NewConnectionError" in repr(exc)
                )
                maybe_delivered = maybe_delivered or not connect_only
                if retries >= self.max_retries:
                    kind = "timeout" if isinstance(exc, requests.Timeout) else "connection"
                    raise E.Unavailable(
                        f"the core is unreachable ({kind}) after {retries + 1} attempts",
                        code=f"unavailable.{kind}",
                        maybe_delivered=maybe_delivered,
                    ) from None
                retries += 1
                self._sleep(retries)
                continue
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ):
                # The answer was cut short: the request may have run, so retry with the same key.
                maybe_delivered = True
                if retries >= self.max_retries:
                    raise E.MalformedResponse(
                        f"the core's answer was cut short or undecodable after {retries + 1} "
                        "attempts",
                        code="malformed.truncated",
                    ) from None
                retries += 1
                self._sleep(retries)
                continue
            except requests.RequestException as exc:
                raise E.CorebankError(f"cannot send the request: {exc}") from None
            if resp.status_code == 425 and early_waits < self.max_early_waits:
                # The first request with this key is still running in the core: wait for it.
                maybe_delivered = True
                early_waits += 1
                self._sleep(min(early_waits, 3), resp.headers.get("Retry-After"))
                continue
            if resp.status_code >= 500:
                maybe_delivered = True
                if retries < self.max_retries:
                    retries += 1
                    self._sleep(retries)
                    continue
            return self._finish(resp, maybe_delivered)

    def _finish(self, resp: requests.Response, maybe_delivered: bool) -> Reply:
        cached = resp.headers.get("x-served-from-cache", "").lower() == "true"
        try:
            body = resp.json() if resp.content else None
        except (ValueError, UnicodeDecodeError):
            body = None
            if resp.ok:
                snippet = resp.text[:80].replace("\n", " ") if resp.encoding else "<binary>"
                raise E.MalformedResponse(
                    f"the core answered HTTP {resp.status_code} with a body that is not "
                    f"valid JSON (cut short or wrong content): {snippet!r}",
                    status=resp.status_code,
                ) from None
        if resp.ok:
            return Reply(resp.status_code, body, cached)
        err = error_from(resp.status_code, body)
        raise err
