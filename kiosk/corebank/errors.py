"""Typed core-banking errors the journeys and the outbox can act on.

Every failure of a call to the core ends as one of these classes, never as a raw
``requests`` exception or a traceback from a bad body.  ``code`` is Fineract's
``userMessageGlobalisationCode`` (or a local code such as ``unavailable.timeout``).
"""

from __future__ import annotations

from kiosk.corebank import fineract_codes as _F


class CorebankError(Exception):
    """Base class: a call to the core did not give the expected result."""

    code = "corebank.error"
    #: True when retrying the same request later may succeed.
    transient = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        body: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        if code:
            self.code = code
        self.body = body

    def __str__(self) -> str:
        where = f" (HTTP {self.status})" if self.status else ""
        return f"{self.message}{where} [{self.code}]"


class ValidationFailed(CorebankError):
    """400: the request was invalid; ``errors`` lists (parameterName, message, code)."""

    code = "validation.msg.validation.errors.exist"

    def __init__(self, message: str, errors: list[tuple[str, str, str]], **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.errors = errors

    @property
    def parameters(self) -> list[str]:
        """The names of the parameters that were rejected."""
        return [p for p, _, _ in self.errors]


class InsufficientFunds(CorebankError):
    """403: the account balance does not cover the withdrawal or transfer."""

    code = "error.msg.savingsaccount.transaction.insufficient.account.balance"


class NotFound(CorebankError):
    """404: the client, account or resource does not exist."""

    code = "error.msg.resource.not.found"


class Duplicate(CorebankError):
    """403: an external id or identity document key already exists."""

    code = "corebank.duplicate"  # local: Fineract names each duplicate (fineract_codes)


class DomainRuleViolation(CorebankError):
    """403: the core refused by a business rule (e.g. account not active)."""

    code = "validation.msg.domain.rule.violation"


class NotAuthenticated(CorebankError):
    """401 (or a rejected tenant): credentials or tenant are wrong."""

    code = "error.msg.not.authenticated"


class Conflict(CorebankError):
    """409: concurrent modification in the core."""

    code = "error.msg.concurrent.modification"


class Unavailable(CorebankError):
    """The core could not be reached or failed (connection, timeout, 5xx) after retries.

    ``maybe_delivered`` is False only when the request certainly never reached the core
    (the connection itself failed), which lets the outbox cancel an unsent transfer honestly.
    """

    code = "unavailable"
    transient = True

    def __init__(self, message: str, *, maybe_delivered: bool = True, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.maybe_delivered = maybe_delivered


class MalformedResponse(CorebankError):
    """The core answered with a body that is not what the contract says (not JSON, wrong types)."""

    code = "malformed.response"
    transient = True


#: Fineract's code for a body it could not read as JSON (``InvalidJsonExceptionMapper``,
#: ``JsonSyntaxExceptionMapper``).  For a body the terminal built itself this can only mean
#: the body was cut or mangled on the way: no command ran, the request may be resent.
BODY_UNREAD_CODES = _F.BODY_UNREAD
