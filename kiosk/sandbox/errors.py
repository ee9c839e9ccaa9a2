"""Fineract's error bodies, built exactly in its shape (``httpStatusCode`` is a string)."""

from __future__ import annotations

from typing import Any

from kiosk.corebank.fineract_codes import source_of

#: Codes built that Fineract does not have (should stay empty: a test checks it).
UNLISTED: set[str] = set()


def _listed(code: str) -> str:
    if source_of(code) is None:
        UNLISTED.add(code)
    return code

_HEADS = {
    400: (
        "The request was invalid. This typically will happen due to validation errors "
        "which are provided.",
        "Validation errors exist.",
        "validation.msg.validation.errors.exist",
    ),
    401: (
        "Invalid authentication details were passed in api request.",
        "Unauthenticated. Please login.",
        "error.msg.not.authenticated",
    ),
    403: (
        "Request was understood but caused a domain rule violation.",
        "Errors contain reason for domain rule violation.",
        "validation.msg.domain.rule.violation",
    ),
    404: (
        "The requested resource is not available.",
        "The requested resource is not available.",
        "error.msg.resource.not.found",
    ),
    409: (
        "The server is currently unable to handle the request due to concurrent "
        "modification , please try again",
        "The server is currently unable to handle the request due to concurrent "
        "modification , please try again",
        "error.msg.platform.service.lock.conflict",
    ),
    500: (
        "An unexpected error occured on the platform server.",
        "An unexpected error occured on the platform server.",
        "error.msg.platform.server.side.error",
    ),
    503: (
        "The server is currently unable to handle the request , please try after some time.",
        "The server is currently unable to handle the request , please try after some time.",
        "error.msg.platform.service.unavailable",
    ),
}
#: Fineract's code for a body that is missing or not JSON (InvalidJsonExceptionMapper,
#: JsonSyntaxExceptionMapper): a 400 whose body is one ApiParameterError, not the envelope.
INVALID_BODY = "error.msg.invalid.request.body"


def param_error(
    code: str, message: str, parameter: str | None = None, value: Any = None, *args: Any
) -> dict[str, Any]:
    """One entry of ``errors`` (Fineract's ``ApiParameterError``)."""
    return {
        "developerMessage": message,
        "defaultUserMessage": message,
        "userMessageGlobalisationCode": _listed(code),
        "parameterName": parameter if parameter is not None else "id",
        "value": value,
        "args": [{"value": a} for a in (args or (value,))],
    }


class ApiError(Exception):
    """An HTTP error answer with Fineract's body."""

    def __init__(
        self,
        status: int,
        errors: list[dict[str, Any]] | None = None,
        *,
        code: str | None = None,
        message: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        dev, user, head_code = _HEADS.get(status, _HEADS[500])
        self.status = status
        self.headers = headers or {}
        self.body: dict[str, Any] = {
            "developerMessage": message or dev,
            "httpStatusCode": str(status),
            "defaultUserMessage": message or user,
            "userMessageGlobalisationCode": _listed(code or head_code),
            "errors": errors or [],
        }
        super().__init__(f"HTTP {status}: {self.body['userMessageGlobalisationCode']}")


def invalid_body(message: str = "The JSON provided in the body of the request is invalid or "
                 "missing.") -> ApiError:
    """400 for a body that is missing or not JSON, in Fineract's shape (a general error)."""
    err = ApiError(400, code=INVALID_BODY, message=message)
    err.body = {"developerMessage": message, "defaultUserMessage": message,
                "userMessageGlobalisationCode": INVALID_BODY, "parameterName": "id",
                "value": None, "args": []}  # fmt: skip
    return err


def validation(errors: list[dict[str, Any]]) -> ApiError:
    """400 with a list of parameter errors."""
    return ApiError(400, errors)


def domain(code: str, message: str, parameter: str = "id", *args: Any) -> ApiError:
    """403 domain rule violation (also used for data-integrity duplicates, as Fineract does)."""
    return ApiError(403, [param_error(code, message, parameter, None, *args)])


def duplicate(code: str, message: str, parameter: str) -> ApiError:
    """403 data integrity: the top-level code and message name the duplicate, as Fineract's."""
    return ApiError(403, [param_error(code, message, parameter)], code=code, message=message)


def not_found(code: str, message: str, ident: Any) -> ApiError:
    """404 for a missing entity."""
    return ApiError(404, [param_error(code, message, "id", None, ident)])
