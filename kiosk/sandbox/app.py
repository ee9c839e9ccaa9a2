"""The sandbox's request handling: auth, tenant, routing, idempotency store and batches.

Transport-free (method, path, query, headers, body -> status, headers, body) so batches can
reuse it; ``server.py`` puts it behind HTTP.  Writes are serialised by one lock; the
idempotency store marks a key ``in_flight`` in its own short transaction first, so a repeat
arriving meanwhile gets 425, and stores the answer (success or failure) in the same
transaction as the command's effects, so a crash never leaves one without the other.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from kiosk.sandbox import api_clients as C
from kiosk.sandbox import api_savings as S
from kiosk.sandbox import errors as E
from kiosk.sandbox.batch import run_batch
from kiosk.sandbox.store import business_date, connect

log = logging.getLogger(__name__)

USERNAME, PASSWORD, TENANT = "mifos", "password", "default"
MAX_KEY = 50
#: Deepest JSON nesting accepted; Fineract's bodies are flat (a batch nests three levels).
MAX_DEPTH = 32
Route = tuple[str, re.Pattern[str], Callable[..., Any], tuple[str, str] | None]


def _routes() -> list[Route]:
    def r(method, pattern, fn, idem=None):
        return (method, re.compile(f"^{pattern}$"), fn, idem)

    n = r"(\d+)"
    return [
        r("GET", "offices", lambda db, m, q, b: [{"id": 1, "name": "Head Office"}]),
        r("GET", "businessdate/(BUSINESS_DATE|COB_DATE)", _business_date),
        r("POST", "clients", lambda db, m, q, b: C.create_client(db, b), ("CREATE", "CLIENT")),
        r("GET", f"clients/{n}", lambda db, m, q, b: C.get_client(db, int(m[1]))),
        r("GET", "clients/external-id/(.+)",
          lambda db, m, q, b: C.get_client_by_external_id(db, m[1])),
        r("GET", f"clients/{n}/accounts", lambda db, m, q, b: S.client_accounts(db, int(m[1]))),
        r("POST", f"clients/{n}/identifiers",
          lambda db, m, q, b: C.add_identifier(db, int(m[1]), b), ("CREATE", "CLIENTIDENTIFIER")),
        r("GET", f"clients/{n}/identifiers", lambda db, m, q, b: C.list_identifiers(db, int(m[1]))),
        r("GET", "search", lambda db, m, q, b: C.search(db, q)),
        r("GET", "savingsproducts", lambda db, m, q, b: S.list_products(db)),
        r("POST", "savingsproducts", lambda db, m, q, b: S.create_product(db, b),
          ("CREATE", "SAVINGSPRODUCT")),
        r("POST", "savingsaccounts", lambda db, m, q, b: S.create_savings(db, b),
          ("CREATE", "SAVINGSACCOUNT")),
        r("POST", f"savingsaccounts/{n}", _savings_command, ("{command}", "SAVINGSACCOUNT")),
        r("GET", f"savingsaccounts/{n}", lambda db, m, q, b: S.savings_json(
            db, S.savings_row(db, int(m[1])), "transactions" in q.get("associations", ""))),
        r("GET", "savingsaccounts/external-id/(.+)", _savings_by_external_id),
        r("POST", f"savingsaccounts/{n}/transactions", _transaction,
          ("{command}", "SAVINGSACCOUNT")),
        r("POST", "accounttransfers", lambda db, m, q, b: S.transfer(db, b),
          ("CREATE", "ACCOUNTTRANSFER")),
        r("GET", "datatables", lambda db, m, q, b: C.list_datatables()),
        r("POST", f"datatables/card_application/{n}",
          lambda db, m, q, b: C.add_card_application(db, int(m[1]), b),
          ("CREATE", "card_application")),
        r("GET", f"datatables/card_application/{n}",
          lambda db, m, q, b: C.get_card_applications(db, int(m[1]))),
    ]  # fmt: skip


def _unrecognised(command: str | None) -> E.ApiError:
    # Fineract's UnrecognizedQueryParamExceptionMapper.
    err = E.param_error("error.msg.query.parameter.value.unsupported",
                        f"The query parameter command has an unsupported value of: {command}",
                        "command", None, "command", command)  # fmt: skip
    return E.validation([err])


def _business_date(db, m, q, b):
    """``GET /businessdate/{type}`` (BusinessDateApiResource): the core's date as an array."""
    day = business_date() - dt.timedelta(days=1 if m[1] == "COB_DATE" else 0)
    label = "Business Date" if m[1] == "BUSINESS_DATE" else "Close of Business Date"
    return {"description": label, "type": m[1], "date": [day.year, day.month, day.day]}


def _savings_command(db, m, q, b):
    if q.get("command") not in ("approve", "activate"):
        raise _unrecognised(q.get("command"))
    return S.savings_command(db, int(m[1]), q["command"], b)


def _transaction(db, m, q, b):
    if q.get("command") not in ("deposit", "withdrawal"):
        raise _unrecognised(q.get("command"))
    return S.transaction(db, int(m[1]), q["command"], b)


def _savings_by_external_id(db, m, q, b):
    row = db.execute("SELECT * FROM savings_accounts WHERE external_id = ?", (m[1],)).fetchone()
    if row is None:
        raise E.not_found(
            "error.msg.saving.account.id.invalid",
            f"Savings account with external identifier {m[1]} does not exist",
            m[1],
        )
    return S.savings_json(db, row)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_problem(value: Any) -> str | None:
    """Why a parsed body cannot be taken (too deep, a lone surrogate), or None."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"nested deeper than {MAX_DEPTH} levels"
        if isinstance(item, str):
            texts = [item]
        elif isinstance(item, dict):
            texts = list(item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            texts = []
            stack.extend((v, depth + 1) for v in item)
        else:
            continue
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return "a string holds a lone UTF-16 surrogate"
    return None


def _servlet_error(status: int, message: str, path: str) -> E.ApiError:
    """An error written by the servlet container (``sendError``), not by Fineract's mappers."""
    err = E.ApiError(status, message=message)
    reason = {400: "Bad Request", 401: "Unauthorized"}.get(status, "Error")
    err.body = {"timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                "status": status, "error": reason, "message": message, "path": path}  # fmt: skip
    return err


class SandboxApp:
    """Fineract's behaviour over one SQLite database."""

    def __init__(self, db_path: str | Path) -> None:
        self.db: sqlite3.Connection = connect(db_path)
        self.lock = threading.RLock()
        self.routes = _routes()
        #: Test hook: seconds every idempotent write waits after its key is marked in flight.
        self.write_delay = 0.0
        #: Test hook: while True every request answers 503 untouched, like a core behind a
        #: gateway whose back end is down (the request certainly did not run).
        self.unavailable = False
        #: Test hook: seconds every request waits before it is answered (a slow core), and
        #: how many requests have started that wait.
        self.request_delay = 0.0
        self.delayed_requests = 0

    def close(self) -> None:
        """Close the database."""
        with self.lock:
            self.db.close()

    # -- HTTP entry ------------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: str, headers: dict[str, str],
               raw: bytes) -> tuple[int, dict[str, str], Any]:  # fmt: skip
        """Answer one request: (status, extra headers, JSON-able body)."""
        params = dict(parse_qsl(query))
        h = {k.lower(): v for k, v in headers.items()}
        if self.request_delay:
            with self.lock:
                self.delayed_requests += 1
            time.sleep(self.request_delay)
        if self.unavailable:
            return 503, {"Retry-After": "1"}, E.ApiError(503, message="Service Unavailable").body
        try:
            rel = self._check_envelope(path, params, h)
            if rel == "authentication" and method == "POST":
                return 200, {}, self._authenticate(self._json(raw))
            self._check_auth(h)
            body = self._json(raw) if method in ("POST", "PUT") else None
            if rel == "batches" and method == "POST":
                enclosing = params.get("enclosingTransaction", "false").lower() == "true"
                return self._idempotent(
                    ("BATCH", "BATCH"), h, lambda: run_batch(self, body, enclosing), body
                )
            return self.dispatch(method, rel, params, body, h)
        except E.ApiError as err:
            return err.status, err.headers, err.body
        except Exception:  # a sandbox bug must answer like Fineract's 500, not hang the client
            log.exception("sandbox request failed")
            return 500, {}, E.ApiError(500).body

    def _check_envelope(self, path: str, params: dict[str, str], h: dict[str, str]) -> str:
        prefix = "/fineract-provider/api/v1/"
        if not path.startswith(prefix):
            raise E.ApiError(404, message=f"No endpoint {path}")
        tenant = h.get("fineract-platform-tenantid") or params.pop("tenantIdentifier", None)
        # Fineract's TenantAwareBasicAuthenticationFilter answers with sendError(400, message):
        # the servlet container's error body, no globalisation code.
        if not tenant:
            raise _servlet_error(
                400,
                "No tenant identifier found: Add request header of 'Fineract-Platform-TenantId' "
                "or add the parameter 'tenantIdentifier' to query string of request URL.",
                path,
            )
        if tenant != TENANT:
            raise _servlet_error(400, f"The tenant identifier: {tenant} is not valid.", path)
        return path[len(prefix) :].strip("/")

    @staticmethod
    def _json(raw: bytes) -> Any:
        """Parse a body as Fineract does before the command runs (so nothing is stored).

        Refused with 400 ``error.msg.invalid.request.body`` and a reason: bytes that are not
        UTF-8 JSON, ``NaN``/``Infinity``, nesting deeper than ``MAX_DEPTH``, a string with
        a lone surrogate (no database can store it), or an integer of thousands of digits.
        """
        if not raw.strip():
            return None
        try:
            value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except RecursionError:
            raise E.invalid_body("The JSON provided is nested too deeply.") from None
        except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
            raise E.invalid_body(
                f"The JSON syntax provided in the body of the request is invalid: {exc}"
            ) from None
        problem = _json_problem(value)
        if problem:
            raise E.invalid_body(f"The JSON provided in the body of the request is invalid: "
                                 f"{problem}")  # fmt: skip
        return value

    @staticmethod
    def _authenticate(body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or (body.get("username"), body.get("password")) != (
            USERNAME,
            PASSWORD,
        ):
            raise E.ApiError(401)
        key = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        return {
            "username": USERNAME,
            "userId": 1,
            "base64EncodedAuthenticationKey": key,
            "authenticated": True,
            "officeId": 1,
            "officeName": "Head Office",
            "roles": [{"id": 1, "name": "Super user"}],
            "permissions": ["ALL_FUNCTIONS"],
        }

    @staticmethod
    def _check_auth(h: dict[str, str]) -> None:
        auth = h.get("authorization", "")
        try:
            scheme, _, token = auth.partition(" ")
            user, _, pw = base64.b64decode(token, validate=True).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            raise E.ApiError(401) from None
        if scheme.lower() != "basic" or (user, pw) != (USERNAME, PASSWORD):
            raise E.ApiError(401)

    # -- routing and idempotency -----------------------------------------------------------------
    def dispatch(
        self,
        method: str,
        rel: str,
        params: dict[str, str],
        body: Any,
        h: dict[str, str],
        *,
        in_tx: bool = False,
    ) -> tuple[int, dict[str, str], Any]:
        """Route one request (also used for each request of a batch, ``in_tx`` there)."""
        rel = rel.split("?")[0]
        for m_, pattern, fn, idem in self.routes:
            match = pattern.match(rel)
            if match and m_ == method:
                if method == "GET":
                    with self.lock:
                        return 200, {}, fn(self.db, match, params, body)
                if in_tx:
                    return self._in_batch(
                        idem, h, lambda fn=fn, m=match: fn(self.db, m, params, body),
                        params.get("command"),
                    )
                return self._idempotent(
                    idem, h, lambda fn=fn, match=match: fn(self.db, match, params, body), body,
                    params.get("command"),
                )
        raise E.ApiError(404, message=f"Unable to find the resource for {method} /{rel}")

    def _idempotent(self, idem, h: dict[str, str], run: Callable[[], Any], body: Any = None,
                    command: str | None = None):  # fmt: skip
        """Run a write once per (action, entity, key), as Fineract's command source does.

        Only a request that reached the command is stored, success or failure alike (a body
        that failed to parse never gets here); a repeat replays the stored status and body
        with ``x-served-from-cache: true`` whatever its own body holds, since Fineract looks
        the key up by action and entity only; a repeat while the first runs gets 425 with
        the request's own JSON as body (``IdempotentCommandExceptionMapper``).
        """
        key = h.get("idempotency-key")
        if key is not None and len(key) > MAX_KEY:
            # Fineract's command source column holds 50 characters and its insert fails at the
            # database; the sandbox refuses before storing anything, with a reason.
            raise E.ApiError(400, message=f"Idempotency key exceeds max length of {MAX_KEY}.")
        action, entity = idem
        action = action.format(command=(command or "").upper())
        with self.lock:
            if key:
                row = self.db.execute(
                    "SELECT state, status, body FROM idempotency WHERE action = ?"
                    " AND entity = ? AND key = ?",
                    (action, entity, key),
                ).fetchone()
                if row and row["state"] == "done":
                    return row["status"], {"x-served-from-cache": "true"}, json.loads(row["body"])
                if row:  # Fineract marks this answer with the cache header too
                    err = E.ApiError(425, headers={"x-served-from-cache": "true"})
                    err.body = body if body is not None else {}
                    raise err
                self.db.execute(
                    "INSERT INTO idempotency VALUES (?, ?, ?, 'in_flight', NULL, NULL, ?)",
                    (action, entity, key, dt.datetime.now().isoformat()),
                )
        if self.write_delay:
            time.sleep(self.write_delay)
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                status, body = 200, run()
            except E.ApiError as err:
                self.db.execute("ROLLBACK")
                self.db.execute("BEGIN IMMEDIATE")
                status, body = err.status, err.body
            except BaseException:
                self.db.execute("ROLLBACK")
                if key:  # an unexpected failure is not stored: the same key may retry
                    self.db.execute(
                        "DELETE FROM idempotency WHERE action = ? AND entity = ? AND key = ?",
                        (action, entity, key),
                    )
                raise
            if key:
                self.db.execute(
                    "UPDATE idempotency SET state = 'done', status = ?, body = ?"
                    " WHERE action = ? AND entity = ? AND key = ?",
                    (status, json.dumps(body), action, entity, key),
                )
            self.db.execute("COMMIT")
        return status, {}, body

    def _in_batch(self, idem, h: dict[str, str], run: Callable[[], Any],
                  command: str | None = None):  # fmt: skip
        """A write inside a batch's transaction; an item's own Idempotency-Key is honoured.

        Its stored answer commits or rolls back with the batch, as everything else in it.
        """
        key = h.get("idempotency-key")
        action, entity = idem
        action = action.format(command=(command or "").upper())
        if key:
            row = self.db.execute(
                "SELECT state, status, body FROM idempotency WHERE action = ? AND entity = ?"
                " AND key = ?", (action, entity, key)).fetchone()  # fmt: skip
            if row and row["state"] == "done":
                return row["status"], {"x-served-from-cache": "true"}, json.loads(row["body"])
        answer = run()
        if key:
            self.db.execute(
                "INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, 'done', 200, ?, ?)",
                (action, entity, key, json.dumps(answer), dt.datetime.now().isoformat()),
            )
        return 200, {}, answer
