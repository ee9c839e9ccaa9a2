"""FineractClient: typed methods for the Fineract endpoints the terminal uses.

Every write takes an optional ``idempotency_key`` (a random one is made when absent) and is
retried with that same key on timeouts, connection errors and 5xx; see ``transport.py``.
Request dates are sent as ``dd MMMM yyyy`` / ``en``; response dates come back as ``date``.
A write without an explicit date uses the core's business date (``GET /businessdate/
BUSINESS_DATE``, cached for ``DATE_TTL`` seconds), never the terminal's clock: a terminal
whose date differs would otherwise have approvals refused as "in the future".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk.corebank import errors as E
from kiosk.corebank import models as M
from kiosk.corebank.transport import Reply, Transport, json_default

T = TypeVar("T", bound=BaseModel)

DATE_FORMAT = "dd MMMM yyyy"
LOCALE = "en"
MONTHS = (
    "January February March April May June July August September October November December"
).split()
SAVINGS = 2  # Fineract account type: 1 loan, 2 savings
#: The embedded sandbox's user (a fresh Fineract's), used only when no core bank is set.
SANDBOX_CREDENTIALS = ("mifos", "password")
#: Seconds the core's business date is trusted before it is asked again.
DATE_TTL = 60.0


def fmt_date(day: dt.date | None = None) -> str:
    """Format ``day`` (default today) as Fineract's ``dd MMMM yyyy`` in locale ``en``."""
    day = day or dt.date.today()
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def _dated(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "dateFormat": DATE_FORMAT, "locale": LOCALE}


def _parse(model: type[T], reply: Reply, what: str) -> T:
    if not isinstance(reply.body, dict):
        raise E.MalformedResponse(
            f"{what}: expected a JSON object, got {type(reply.body).__name__}",
            status=reply.status,
        )
    try:
        return model.model_validate({**reply.body, "served_from_cache": reply.served_from_cache})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise E.MalformedResponse(
            f"{what}: field '{field}' {first['msg'].lower()} ({len(exc.errors())} problem(s))",
            status=reply.status,
        ) from None


def _parse_list(model: type[T], reply: Reply, what: str, key: str | None = None) -> list[T]:
    items = reply.body.get(key, []) if key and isinstance(reply.body, dict) else reply.body
    if not isinstance(items, list):
        raise E.MalformedResponse(f"{what}: expected a JSON list", status=reply.status)
    return [
        _parse(model, Reply(reply.status, item, reply.served_from_cache), what) for item in items
    ]


class FineractClient:
    """A client for Apache Fineract 1.10's REST API (and the project's sandbox)."""

    def __init__(
        self,
        base_url: str,
        username: str = "mifos",
        password: str = "password",
        tenant: str = "default",
        verify: bool | str = True,
        connect_timeout: float = 3.05,
        read_timeout: float = 10.0,
        max_retries: int = 4,
        backoff: float = 0.2,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.t = Transport(
            self.base_url,
            username=username,
            password=password,
            tenant=tenant,
            verify=verify,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_retries=max_retries,
            backoff=backoff,
        )
        self._date: tuple[float, dt.date] | None = None  # (monotonic time read, core's date)
        #: Set when the core has no business-date endpoint and its date is taken on trust.
        self.date_fault: str | None = None

    @classmethod
    def from_config(
        cls, cfg: Any, base_url: str | None = None, max_retries: int | None = None
    ) -> FineractClient:
        """Build from a ``CorebankConfig``; ``base_url`` and ``max_retries`` override it.

        ``base_url`` replaces ``cfg.url`` (the sandbox's address when one runs alongside).
        """
        verify: bool | str = (cfg.ca_file or True) if cfg.verify_tls else False
        # No core bank configured: the embedded sandbox, which has Fineract's demo user.
        user, password = (cfg.username, cfg.password) if cfg.url else SANDBOX_CREDENTIALS
        return cls(
            base_url or cfg.url,
            user,
            password,
            cfg.tenant,
            verify,
            cfg.connect_timeout,
            cfg.read_timeout,
            cfg.max_retries if max_retries is None else max_retries,
        )

    def close(self) -> None:
        """Close the HTTP session."""
        self.t.close()

    def _write(self, path: str, body: Any, key: str | None, params: dict | None = None) -> Reply:
        return self.t.call("POST", path, params=params, body=body, idempotency_key=key)

    def _command(self, path: str, body: Any, key: str | None, params=None) -> M.CommandResult:
        return _parse(M.CommandResult, self._write(path, body, key, params), f"POST {path}")

    # -- the core's date ---------------------------------------------------------------------
    def business_date(self) -> dt.date:
        """The core's business date (cached ``DATE_TTL`` s); raises a typed error if unknown.

        A core without the business-date endpoint (404) is taken to share the terminal's
        date, and ``date_fault`` says so for diagnostics.
        """
        import time

        now = time.monotonic()
        if self._date is not None and now - self._date[0] < DATE_TTL:
            return self._date[1]
        try:
            reply = self.t.call("GET", "businessdate/BUSINESS_DATE")
            day = M.BusinessDate.model_validate(reply.body).date
            self.date_fault = None
        except (E.Unavailable, E.NotAuthenticated):
            raise  # the write itself would fail the same way
        except (E.CorebankError, ValidationError) as exc:  # no such endpoint, odd answer
            day = dt.date.today()
            self.date_fault = (f"the core gave no business date ({type(exc).__name__}): the "
                               "terminal's own date is used")  # fmt: skip
        self._date = (now, day)
        return day

    def forget_business_date(self) -> None:
        """Ask the core for its date again at the next write (after it refused a date)."""
        self._date = None

    # -- authentication --------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> dict[str, Any]:
        """``POST /authentication``; returns the body (``base64EncodedAuthenticationKey``...)."""
        reply = self._write("authentication", {"username": username, "password": password}, None)
        if not isinstance(reply.body, dict):
            raise E.MalformedResponse("authentication: expected a JSON object")
        return reply.body

    def ping(self) -> float:
        """Round trip of an authenticated ``GET /offices`` in ms (raises a typed error)."""
        import time

        t0 = time.perf_counter()
        self.t.call("GET", "offices")
        return (time.perf_counter() - t0) * 1000

    # -- clients ---------------------------------------------------------------------------
    def create_client(
        self,
        firstname: str,
        lastname: str,
        *,
        external_id: str | None = None,
        mobile_no: str | None = None,
        office_id: int = 1,
        legal_form_id: int = 1,
        activation_date: dt.date | None = None,
        idempotency_key: str | None = None,
    ) -> M.CommandResult:
        """Create an active person client; ``resource_id`` is the new client id."""
        body: dict[str, Any] = {
            "officeId": office_id,
            "legalFormId": legal_form_id,
            "firstname": firstname,
            "lastname": lastname,
            "active": True,
            "activationDate": fmt_date(activation_date or self.business_date()),
        }
        if external_id is not None:
            body["externalId"] = external_id
        if mobile_no:
            body["mobileNo"] = mobile_no
        return self._command("clients", _dated(body), idempotency_key)

    def get_client(self, client_id: int) -> M.Client:
        """``GET /clients/{id}``."""
        return _parse(M.Client, self.t.call("GET", f"clients/{int(client_id)}"), "client")

    def get_client_by_external_id(self, external_id: str) -> M.Client:
        """``GET /clients/external-id/{externalId}``."""
        reply = self.t.call("GET", f"clients/external-id/{external_id}")
        return _parse(M.Client, reply, "client")

    def add_identifier(
        self,
        client_id: int,
        document_key: str,
        document_type_id: int = 2,
        *,
        description: str | None = None,
        idempotency_key: str | None = None,
    ) -> M.CommandResult:
        """Add an identity document (type 2 = Id) to a client."""
        body: dict[str, Any] = {
            "documentTypeId": document_type_id,
            "documentKey": document_key,
            "status": "Active",
        }
        if description:
            body["description"] = description
        return self._command(f"clients/{int(client_id)}/identifiers", body, idempotency_key)

    def list_identifiers(self, client_id: int) -> list[M.Identifier]:
        """``GET /clients/{id}/identifiers``."""
        reply = self.t.call("GET", f"clients/{int(client_id)}/identifiers")
        return _parse_list(M.Identifier, reply, "identifiers")

    def search(
        self, query: str, resources: str = "clients,clientIdentifiers,savings", exact_match=True
    ) -> list[M.SearchHit]:
        """``GET /search`` (Fineract's query parameter is ``resource``)."""
        params = {
            "query": query,
            "resource": resources,
            "exactMatch": str(bool(exact_match)).lower(),
        }
        return _parse_list(M.SearchHit, self.t.call("GET", "search", params=params), "search")

    def client_accounts(self, client_id: int) -> list[M.AccountSummary]:
        """``GET /clients/{id}/accounts``: the client's savings accounts."""
        reply = self.t.call("GET", f"clients/{int(client_id)}/accounts")
        if not isinstance(reply.body, dict):
            raise E.MalformedResponse("accounts: expected a JSON object", status=reply.status)
        return _parse_list(M.AccountSummary, reply, "accounts", key="savingsAccounts")

    # -- savings ---------------------------------------------------------------------------
    def list_savings_products(self) -> list[M.SavingsProduct]:
        """``GET /savingsproducts``."""
        return _parse_list(M.SavingsProduct, self.t.call("GET", "savingsproducts"), "products")

    def create_savings_account(
        self,
        client_id: int,
        product_id: int = 1,
        *,
        external_id: str | None = None,
        submitted_on: dt.date | None = None,
        idempotency_key: str | None = None,
    ) -> M.CommandResult:
        """Submit a savings account application; ``savings_id`` is the new account id."""
        body: dict[str, Any] = {
            "clientId": int(client_id),
            "productId": product_id,
            "submittedOnDate": fmt_date(submitted_on or self.business_date()),
        }
        if external_id is not None:
            body["externalId"] = external_id
        return self._command("savingsaccounts", _dated(body), idempotency_key)

    def approve_savings(self, savings_id: int, on: dt.date | None = None, *, idempotency_key=None):
        """``?command=approve``."""
        body = _dated({"approvedOnDate": fmt_date(on or self.business_date())})
        path = f"savingsaccounts/{int(savings_id)}"
        return self._command(path, body, idempotency_key, {"command": "approve"})

    def activate_savings(self, savings_id: int, on: dt.date | None = None, *, idempotency_key=None):
        """``?command=activate``."""
        body = _dated({"activatedOnDate": fmt_date(on or self.business_date())})
        path = f"savingsaccounts/{int(savings_id)}"
        return self._command(path, body, idempotency_key, {"command": "activate"})

    def get_savings(self, savings_id: int) -> M.SavingsAccount:
        """``GET /savingsaccounts/{id}``."""
        reply = self.t.call("GET", f"savingsaccounts/{int(savings_id)}")
        return _parse(M.SavingsAccount, reply, "savings account")

    def get_savings_by_external_id(self, external_id: str) -> M.SavingsAccount:
        """``GET /savingsaccounts/external-id/{externalId}``."""
        reply = self.t.call("GET", f"savingsaccounts/external-id/{external_id}")
        return _parse(M.SavingsAccount, reply, "savings account")

    def _transaction(self, command, savings_id, amount, on, receipt, payment_type_id, key):
        body: dict[str, Any] = {
            "transactionDate": fmt_date(on or self.business_date()),
            "transactionAmount": amount,
            "paymentTypeId": payment_type_id,
        }
        if receipt:
            body["receiptNumber"] = receipt
        path = f"savingsaccounts/{int(savings_id)}/transactions"
        return self._command(path, _dated(body), key, {"command": command})

    def deposit(
        self,
        savings_id: int,
        amount: float,
        *,
        on: dt.date | None = None,
        receipt_number: str | None = None,
        payment_type_id: int = 1,
        idempotency_key: str | None = None,
    ) -> M.CommandResult:
        """Deposit ``amount``; ``resource_id`` is the transaction id."""
        return self._transaction(
            "deposit", savings_id, amount, on, receipt_number, payment_type_id, idempotency_key
        )

    def withdrawal(
        self,
        savings_id: int,
        amount: float,
        *,
        on: dt.date | None = None,
        receipt_number: str | None = None,
        payment_type_id: int = 1,
        idempotency_key: str | None = None,
    ) -> M.CommandResult:
        """Withdraw ``amount``; raises ``InsufficientFunds`` when the balance does not cover it."""
        return self._transaction(
            "withdrawal", savings_id, amount, on, receipt_number, payment_type_id, idempotency_key
        )

    def transfer(
        self,
        from_client_id: int,
        from_account_id: int,
        to_client_id: int,
        to_account_id: int,
        amount: float,
        description: str,
        *,
        office_id: int = 1,
        to_office_id: int | None = None,
        on: dt.date | None = None,
        idempotency_key: str | None = None,
    ) -> M.CommandResult:
        """Savings-to-savings transfer (``POST /accounttransfers``)."""
        body = {
            "fromOfficeId": office_id,
            "fromClientId": int(from_client_id),
            "fromAccountType": SAVINGS,
            "fromAccountId": int(from_account_id),
            "toOfficeId": to_office_id or office_id,
            "toClientId": int(to_client_id),
            "toAccountType": SAVINGS,
            "toAccountId": int(to_account_id),
            "transferAmount": amount,
            "transferDate": fmt_date(on or self.business_date()),
            "transferDescription": description,
        }
        return self._command("accounttransfers", _dated(body), idempotency_key)

    # -- datatables and batches ----------------------------------------------------------------
    def add_datatable_entry(
        self, datatable: str, client_id: int, row: dict[str, Any], *, idempotency_key=None
    ) -> M.CommandResult:
        """``POST /datatables/{datatable}/{clientId}`` with the row's columns."""
        body = _dated(dict(row)) if "locale" not in row else dict(row)
        return self._command(f"datatables/{datatable}/{int(client_id)}", body, idempotency_key)

    def get_datatable_entries(self, datatable: str, client_id: int) -> list[dict[str, Any]]:
        """``GET /datatables/{datatable}/{clientId}``: the rows as dicts (dates as arrays)."""
        reply = self.t.call(
            "GET", f"datatables/{datatable}/{int(client_id)}", params={"genericResultSet": "false"}
        )
        if not isinstance(reply.body, list) or not all(isinstance(r, dict) for r in reply.body):
            raise E.MalformedResponse(
                "datatable: expected a JSON list of rows", status=reply.status
            )
        return reply.body

    def batch(
        self, requests: list[dict[str, Any]], enclosing: bool = True, *, idempotency_key=None
    ) -> list[M.BatchResponse]:
        """``POST /batches``; each request's ``body`` may be a dict (it is sent as JSON text)."""
        items = []
        for req in requests:
            item = dict(req)
            if isinstance(item.get("body"), dict):
                item["body"] = json.dumps(item["body"], ensure_ascii=False, default=json_default)
            items.append(item)
        params = {"enclosingTransaction": str(bool(enclosing)).lower()}
        reply = self._write("batches", items, idempotency_key, params)
        return _parse_list(M.BatchResponse, reply, "batch")
