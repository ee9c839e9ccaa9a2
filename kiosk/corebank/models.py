"""Typed views of Fineract's responses (pydantic, extra fields ignored, dates as ``date``).

Fineract sends dates as ``[year, month, day]`` arrays; they are turned into
``datetime.date`` here.  A body that does not fit raises ``MalformedResponse`` in the client.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _date_from_array(value: Any) -> Any:
    if isinstance(value, list):
        if len(value) != 3 or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise ValueError(f"a date must be [year, month, day], got {value!r}")
        return dt.date(*value)
    return value


FDate = Annotated[dt.date, BeforeValidator(_date_from_array)]


class _Model(BaseModel):
    # Names, mobile, account and ID numbers are declared ``repr=False``: a model in a log
    # line or a traceback shows ids and states only.
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)
    #: True when the core replayed a stored answer (header ``x-served-from-cache``).
    served_from_cache: bool = False


class CommandResult(_Model):
    """The answer to a write: ``resourceId`` and the ids the core names with it."""

    resource_id: int | None = Field(None, alias="resourceId")
    office_id: int | None = Field(None, alias="officeId")
    client_id: int | None = Field(None, alias="clientId")
    savings_id: int | None = Field(None, alias="savingsId")
    resource_external_id: str | None = Field(None, alias="resourceExternalId")
    changes: dict[str, Any] = {}


class Status(_Model):
    """An entity status (``id`` 100 submitted ... 300 active ... 600 closed)."""

    id: int
    code: str
    value: str
    active: bool | None = None


class Client(_Model):
    """A client (customer) as ``GET /clients/{id}`` returns it."""

    id: int
    account_no: str = Field(alias="accountNo", repr=False)
    external_id: str | None = Field(None, alias="externalId")
    status: Status
    active: bool
    activation_date: FDate | None = Field(None, alias="activationDate")
    firstname: str | None = Field(None, repr=False)
    lastname: str | None = Field(None, repr=False)
    display_name: str = Field(alias="displayName", repr=False)
    mobile_no: str | None = Field(None, alias="mobileNo", repr=False)
    office_id: int = Field(alias="officeId")


class DocumentType(_Model):
    """An identity document type (1 Passport, 2 Id, 3 Drivers License, 4 Any Other Id Type)."""

    id: int
    name: str


class Identifier(_Model):
    """A client identifier (identity document)."""

    id: int
    client_id: int = Field(alias="clientId")
    document_type: DocumentType = Field(alias="documentType")
    document_key: str = Field(alias="documentKey", repr=False)
    description: str | None = None
    status: str | None = None


class Currency(_Model):
    """A currency with its decimal places."""

    code: str
    decimal_places: int = Field(2, alias="decimalPlaces")


class SavingsProduct(_Model):
    """A savings product."""

    id: int
    name: str
    short_name: str = Field(alias="shortName")
    currency: Currency


class Summary(_Model):
    """Balances of a savings account."""

    account_balance: float = Field(alias="accountBalance")
    available_balance: float | None = Field(None, alias="availableBalance")


class SavingsAccount(_Model):
    """A savings account as ``GET /savingsaccounts/{id}`` returns it."""

    id: int
    account_no: str = Field(alias="accountNo", repr=False)
    external_id: str | None = Field(None, alias="externalId")
    client_id: int = Field(alias="clientId")
    client_name: str | None = Field(None, alias="clientName", repr=False)
    savings_product_id: int = Field(alias="savingsProductId")
    status: Status
    currency: Currency
    summary: Summary


class AccountSummary(_Model):
    """One line of ``GET /clients/{id}/accounts`` ``savingsAccounts``."""

    id: int
    account_no: str = Field(alias="accountNo", repr=False)
    external_id: str | None = Field(None, alias="externalId")
    product_id: int = Field(alias="productId")
    product_name: str | None = Field(None, alias="productName")
    short_product_name: str | None = Field(None, alias="shortProductName")
    status: Status
    currency: Currency
    account_balance: float | None = Field(None, alias="accountBalance")


class SearchHit(_Model):
    """One result of ``GET /search``."""

    entity_id: int = Field(alias="entityId")
    entity_account_no: str | None = Field(None, alias="entityAccountNo", repr=False)
    entity_external_id: str | None = Field(None, alias="entityExternalId")
    entity_name: str | None = Field(None, alias="entityName", repr=False)
    entity_type: str = Field(alias="entityType")
    parent_id: int | None = Field(None, alias="parentId")
    parent_name: str | None = Field(None, alias="parentName", repr=False)
    parent_type: str | None = Field(None, alias="parentType")
    entity_mobile_no: str | None = Field(None, alias="entityMobileNo", repr=False)
    entity_status: Status | None = Field(None, alias="entityStatus")


class BatchResponse(_Model):
    """One response of ``POST /batches``; ``body`` is the JSON text Fineract returns."""

    request_id: int = Field(alias="requestId")
    status_code: int = Field(alias="statusCode")
    headers: list[dict[str, Any]] | dict[str, Any] | None = None
    body: str | None = None


class BusinessDate(_Model):
    """``GET /businessdate/{type}``: the core's business (or close-of-business) date."""

    type: str = ""
    date: FDate
