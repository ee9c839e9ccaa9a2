"""Every error code the sandbox may answer, each with the Fineract source file it comes from.

Read from apache/fineract at ``SNAPSHOT`` (the contract's snapshot, see docs/corebank.md).
The sandbox answers only these codes (a test fails on any other), and the client and the
outbox match only these.  ``LITERAL`` holds codes written out in Fineract's source;
Fineract composes the others, and so does the sandbox, from the parts listed below:

- ``validation.msg.<resource>.<parameter>.<rule>``: ``DataValidatorBuilder`` with the
  resource names of ``RESOURCES`` and the rules of ``PARAMETER_RULES``;
- ``validation.msg.<resource>.<rule>``: its ``failWithCodeNoParameterAddedToErrorCode``,
  rules in ``RESOURCE_RULES``;
- ``error.msg.<resource>.duplicate.<what>``: the write services' data-integrity handlers
  (``COMPOSED``).
"""

from __future__ import annotations

import re

SNAPSHOT = "apache/fineract 4198b0bcf"

_CORE = "fineract-core/src/main/java/org/apache/fineract/"
_PROV = "fineract-provider/src/main/java/org/apache/fineract/"
_SAV = "fineract-savings/src/main/java/org/apache/fineract/portfolio/savings/"
_ERR = _CORE + "infrastructure/core/data/ApiGlobalErrorResponse.java"
_JSON = _CORE + "infrastructure/core/serialization/JsonParserHelper.java"
_SEARCH = _CORE + "portfolio/search/service/SearchUtil.java"
_BUILDER = _CORE + "infrastructure/core/data/DataValidatorBuilder.java"
_ACCOUNT = _SAV + "domain/SavingsAccount.java"
_PRODUCT_WRITE = (
    _PROV + "portfolio/savings/service/SavingsProductWritePlatformServiceJpaRepositoryImpl.java"
)

LITERAL: dict[str, str] = {
    # envelopes (ApiGlobalErrorResponse) and exception mappers
    "validation.msg.validation.errors.exist": _JSON,
    "validation.msg.domain.rule.violation": _ERR,
    "error.msg.not.authenticated": _ERR,
    "error.msg.invalid.tenant.identifier": _ERR,
    "error.msg.resource.not.found": _ERR,
    "error.msg.platform.server.side.error": _ERR,
    "error.msg.platform.service.unavailable": _ERR,
    "error.msg.invalid.request.body":
        _CORE + "infrastructure/core/exceptionmapper/InvalidJsonExceptionMapper.java",
    "error.msg.parameter.unsupported":
        _CORE + "infrastructure/core/exceptionmapper/UnsupportedParameterExceptionMapper.java",
    "error.msg.query.parameter.value.unsupported":
        _CORE + "infrastructure/core/exceptionmapper/UnrecognizedQueryParamExceptionMapper.java",
    # parsing of parameters
    "validation.msg.invalid.dateFormat.format": _JSON,
    "validation.msg.invalid.decimal.format": _JSON,
    "validation.msg.invalid.integer.format": _JSON,
    "validation.msg.invalid.locale.format": _JSON,
    "validation.msg.missing.dateFormat.parameter": _JSON,
    "validation.msg.missing.locale.parameter": _JSON,
    "validation.msg.invalid.boolean.format": _SEARCH,
    # datatable entries
    "error.msg.column.mandatory": _SEARCH,
    "error.msg.invalid.columnValue": _SEARCH,
    "validation.msg.datatable.entry.column.exceeds.maxlength": _SEARCH,
    # not found
    "error.msg.client.id.invalid":
        _CORE + "portfolio/client/exception/ClientNotFoundException.java",
    "error.msg.office.id.invalid":
        _CORE + "organisation/office/exception/OfficeNotFoundException.java",
    "error.msg.codevalue.id.invalid":
        _CORE + "infrastructure/codes/exception/CodeValueNotFoundException.java",
    "error.msg.payment.type.invalid":
        _CORE + "portfolio/paymenttype/exception/PaymentTypeNotFoundException.java",
    "error.msg.saving.account.id.invalid": _SAV + "exception/SavingsAccountNotFoundException.java",
    "error.msg.savingproduct.id.invalid": _SAV + "exception/SavingsProductNotFoundException.java",
    "error.msg.loan.id.invalid": "fineract-loan/src/main/java/org/apache/fineract/portfolio/"
                                 "loanaccount/exception/LoanNotFoundException.java",
    # domain rules and duplicates
    "error.msg.client.not.active.exception":
        _CORE + "portfolio/client/exception/ClientNotActiveException.java",
    "error.msg.client.duplicate.externalId":
        _PROV + "portfolio/client/service/ClientWritePlatformServiceJpaRepositoryImpl.java",
    "error.msg.clientIdentifier.identityKey.duplicate":
        _PROV + "portfolio/client/exception/DuplicateClientIdentifierException.java",
    "error.msg.savingsaccount.transaction.account.is.not.active": _ACCOUNT,
    "error.msg.savingsaccount.transaction.before.activation.date": _ACCOUNT,
    "error.msg.savingsaccount.transaction.in.the.future": _ACCOUNT,
    "error.msg.savingsaccount.transaction.insufficient.account.balance":
        _SAV + "exception/InsufficientAccountBalanceException.java",
    "validation.msg.batch.reference.invalid":
        _CORE + "batch/exception/BatchReferenceInvalidException.java",
}  # fmt: skip

COMPOSED: dict[str, str] = {
    # ApiGlobalErrorResponse.conflict(type) with type "lock" (ConcurrencyFailureExceptionMapper)
    "error.msg.platform.service.lock.conflict": _ERR,
    "error.msg.savingsaccount.duplicate.externalId":
        _PROV + "portfolio/savings/service/"
        "SavingsApplicationProcessWritePlatformServiceJpaRepositoryImpl.java",
    "error.msg.savingsproduct.duplicate.name": _PRODUCT_WRITE,
    "error.msg.savingsproduct.duplicate.short.name": _PRODUCT_WRITE,
    "error.msg.datatable.entry.duplicate":
        _PROV + "infrastructure/dataqueries/service/ReadWriteNonCoreDataServiceImpl.java",
}  # fmt: skip

#: DataValidatorBuilder resources the sandbox validates, with the file naming each.
RESOURCES: dict[str, str] = {
    "client": _CORE + "portfolio/client/api/ClientApiConstants.java",
    "clientIdentifier": _PROV + "portfolio/client/command/ClientIdentifierCommand.java",
    "savingsproduct": _CORE + "portfolio/savings/SavingsApiConstants.java",
    "savingsaccount": _CORE + "portfolio/savings/SavingsApiConstants.java",
    "savingsaccount.transaction": _CORE + "portfolio/savings/SavingsApiConstants.java",
    "savingsaccount.approval": _ACCOUNT,  # SAVINGS_ACCOUNT_RESOURCE_NAME + approvalAction
    "savingsaccount.activate": _ACCOUNT,  # ... + activateAction
    "accounttransfer": _PROV + "portfolio/account/api/AccountTransfersApiConstants.java",
}  # fmt: skip
#: DataValidatorBuilder's rules (``validation.msg.<resource>.<parameter>.<rule>``).
PARAMETER_RULES = frozenset({
    "cannot.be.blank", "exceeds.max.length", "not.greater.than.zero", "is.greater.than.max",
    "scale.is.greater.than.2", "format.is.invalid", "does.not.match.regexp",
    "is.not.within.expected.range", "is.not.one.of.expected.enumerations",
    "cannot.also.be.provided.when.firstname.is.populated",
})  # fmt: skip
#: SavingsAccount's ``failWithCodeNoParameterAddedToErrorCode`` rules.
RESOURCE_RULES = frozenset({
    "not.in.submittedandpendingapproval.state", "not.in.approved.state",
    "cannot.be.before.submittal.date", "cannot.be.before.approval.date",
    "cannot.be.a.future.date",
})  # fmt: skip

_RES = "|".join(re.escape(r) for r in sorted(RESOURCES, key=len, reverse=True))
_PARAM_RE = re.compile(rf"^validation\.msg\.({_RES})\.([A-Za-z_]+)\.(.+)$")
_RES_RE = re.compile(rf"^validation\.msg\.({_RES})\.(.+)$")

# What the client and the outbox act on (all on the list above).
INSUFFICIENT_FUNDS = frozenset(
    {"error.msg.savingsaccount.transaction.insufficient.account.balance"}
)
DUPLICATES = frozenset({
    "error.msg.client.duplicate.externalId", "error.msg.savingsaccount.duplicate.externalId",
    "error.msg.clientIdentifier.identityKey.duplicate", "error.msg.datatable.entry.duplicate",
    "error.msg.savingsproduct.duplicate.name", "error.msg.savingsproduct.duplicate.short.name",
})  # fmt: skip
NOT_AUTHENTICATED = frozenset(
    {"error.msg.not.authenticated", "error.msg.invalid.tenant.identifier"}
)
BODY_UNREAD = frozenset({"error.msg.invalid.request.body"})
#: Refusals of a request's date alone (it depends on whose clock was read).
DATE_REFUSALS = frozenset({
    "error.msg.savingsaccount.transaction.in.the.future",
    "error.msg.savingsaccount.transaction.before.activation.date",
    *(f"validation.msg.savingsaccount.{a}.{r}" for a in ("approval", "activate")
      for r in ("cannot.be.a.future.date", "cannot.be.before.submittal.date",
                "cannot.be.before.approval.date")),
})  # fmt: skip


def source_of(code: str) -> str | None:
    """The Fineract file ``code`` comes from, or None when Fineract has no such code."""
    if code in LITERAL:
        return LITERAL[code]
    if code in COMPOSED:
        return COMPOSED[code]
    m = _PARAM_RE.match(code)
    if m and m[3] in PARAMETER_RULES:
        return _BUILDER
    m = _RES_RE.match(code)
    if m and m[2] in RESOURCE_RULES:
        return RESOURCES[m[1]]
    return None
