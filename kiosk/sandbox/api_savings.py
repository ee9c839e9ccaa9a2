"""Sandbox endpoints for savings products, savings accounts, transactions and transfers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from kiosk.sandbox import errors as E
from kiosk.sandbox.api_clients import client_row
from kiosk.sandbox.store import account_no, business_date, date_array, money
from kiosk.sandbox.validate import Checker, check_supported

DATED = {"dateFormat", "locale"}
PRODUCT_PARAMS = {
    "name", "shortName", "description", "currencyCode", "digitsAfterDecimal", "inMultiplesOf",
    "nominalAnnualInterestRate", "interestCompoundingPeriodType", "interestPostingPeriodType",
    "interestCalculationType", "interestCalculationDaysInYearType", "accountingRule", "locale",
}  # fmt: skip
SAVINGS_PARAMS = {
    "clientId",
    "productId",
    "submittedOnDate",
    "externalId",
    "fieldOfficerId",
} | DATED
TXN_PARAMS = {"transactionDate", "transactionAmount", "paymentTypeId", "receiptNumber", "note",
              "accountNumber", "checkNumber", "routingCode", "bankNumber"} | DATED  # fmt: skip
TRANSFER_PARAMS = {
    "fromOfficeId", "fromClientId", "fromAccountType", "fromAccountId", "toOfficeId", "toClientId",
    "toAccountType", "toAccountId", "transferAmount", "transferDate", "transferDescription",
} | DATED  # fmt: skip
STATUS = {
    100: ("submitted.and.pending.approval", "Submitted and pending approval"),
    200: ("approved", "Approved"),
    300: ("active", "Active"),
}
CURRENCY = {"code": "CNY", "name": "Chinese Yuan Renminbi", "decimalPlaces": 2, "inMultiplesOf": 1,
            "displaySymbol": "¥", "nameCode": "currency.CNY",
            "displayLabel": "Chinese Yuan Renminbi (¥)"}  # fmt: skip


def to_fen(amount: Decimal) -> int:
    """Round a decimal amount to the currency's 2 places (half-even, as Fineract's Money)."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _status(status_id: int) -> dict[str, Any]:
    code, value = STATUS[status_id]
    return {"id": status_id, "code": f"savingsAccountStatusType.{code}", "value": value,
            "submittedAndPendingApproval": status_id == 100, "approved": status_id == 200,
            "rejected": False, "withdrawnByApplicant": False, "active": status_id == 300,
            "closed": False, "prematureClosed": False, "transferInProgress": False,
            "transferOnHold": False, "matured": False}  # fmt: skip


def _currency(db, product_id: int) -> dict[str, Any]:
    row = db.execute("SELECT currency_code, digits FROM savings_products WHERE id = ?",
                     (product_id,)).fetchone()  # fmt: skip
    return {**CURRENCY, "code": row[0], "decimalPlaces": row[1]}


def list_products(db) -> list[dict[str, Any]]:
    """``GET /savingsproducts``."""
    rows = db.execute("SELECT * FROM savings_products ORDER BY id")
    return [{"id": r["id"], "name": r["name"], "shortName": r["short_name"],
             "currency": {**CURRENCY, "code": r["currency_code"], "decimalPlaces": r["digits"]},
             "nominalAnnualInterestRate": r["nominal_rate"]} for r in rows]  # fmt: skip


def create_product(db, body: Any) -> dict[str, Any]:
    """``POST /savingsproducts``."""
    body = check_supported(body, PRODUCT_PARAMS)
    c = Checker("savingsproduct", body)
    name = c.text("name", required=True, max_len=100)
    short = c.text("shortName", required=True, max_len=4)
    currency = c.text("currencyCode", required=True, max_len=3)
    digits = c.integer("digitsAfterDecimal", required=True, positive=False)
    multiples = c.integer("inMultiplesOf", positive=False)
    rate = c.body.get("nominalAnnualInterestRate")
    if rate is None:
        c._fail(
            "nominalAnnualInterestRate",
            "cannot.be.blank",
            "The parameter `nominalAnnualInterestRate` is mandatory.",
        )
    for p in (
        "interestCompoundingPeriodType",
        "interestPostingPeriodType",
        "interestCalculationType",
        "interestCalculationDaysInYearType",
        "accountingRule",
    ):
        c.integer(p, required=True)
    c.raise_if_any()
    for col, value, what in (("name", name, "name"), ("short_name", short, "short.name")):
        if db.execute(f"SELECT 1 FROM savings_products WHERE {col} = ?", (value,)).fetchone():  # noqa: S608
            raise E.duplicate(
                f"error.msg.savingsproduct.duplicate.{what}",
                f"Savings product with {what.replace('.', ' ')} `{value}` already exists",
                "shortName" if col == "short_name" else "name",
            )
    cur = db.execute(
        "INSERT INTO savings_products (name, short_name, currency_code, digits, in_multiples_of,"
        " nominal_rate) VALUES (?, ?, ?, ?, ?, ?)",
        (name, short, currency, digits, multiples or 1, float(rate)),
    )
    return {"resourceId": cur.lastrowid}


def savings_row(db, savings_id: int) -> sqlite3.Row:
    """The account row or a Fineract 404."""
    row = db.execute("SELECT * FROM savings_accounts WHERE id = ?", (savings_id,)).fetchone()
    if row is None:
        raise E.not_found("error.msg.saving.account.id.invalid",
                          f"Savings account with identifier {savings_id} does not exist",
                          savings_id)  # fmt: skip
    return row


def savings_json(db, row: sqlite3.Row, with_transactions: bool = False) -> dict[str, Any]:
    """A savings account as ``GET /savingsaccounts/{id}`` shows it."""
    client = client_row(db, row["client_id"])
    product = db.execute("SELECT name FROM savings_products WHERE id = ?",
                         (row["product_id"],)).fetchone()[0]  # fmt: skip
    totals = dict(db.execute(
        "SELECT type_id, SUM(amount) FROM savings_transactions WHERE savings_id = ?"
        " GROUP BY type_id",
        (row["id"],)).fetchall())  # fmt: skip
    currency = _currency(db, row["product_id"])
    out: dict[str, Any] = {
        "id": row["id"], "accountNo": account_no(row["id"]), "externalId": row["external_id"],
        "clientId": row["client_id"], "clientName": client["display_name"],
        "savingsProductId": row["product_id"], "savingsProductName": product,
        "fieldOfficerId": 0, "status": _status(row["status_id"]),
        "timeline": {k: v for k, v in (("submittedOnDate", date_array(row["submitted_date"])),
                                       ("approvedOnDate", date_array(row["approved_date"])),
                                       ("activatedOnDate", date_array(row["activated_date"])))
                     if v},
        "currency": currency,
        "summary": {"currency": currency, "totalDeposits": money(totals.get(1, 0)),
                    "totalWithdrawals": money(totals.get(2, 0)),
                    "accountBalance": money(row["balance"]),
                    "availableBalance": money(row["balance"])},
    }  # fmt: skip
    if with_transactions:
        out["transactions"] = [
            {"id": t["id"], "transactionType": {"id": t["type_id"], "deposit": t["type_id"] == 1,
                                                "withdrawal": t["type_id"] == 2},
             "date": date_array(t["date"]), "amount": money(t["amount"]),
             "runningBalance": money(t["running_balance"]), "receiptNumber": t["receipt_number"]}
            for t in db.execute("SELECT * FROM savings_transactions WHERE savings_id = ?"
                                " ORDER BY id DESC", (row["id"],))
        ]  # fmt: skip
    return {k: v for k, v in out.items() if v is not None}


def client_accounts(db, client_id: int) -> dict[str, Any]:
    """``GET /clients/{id}/accounts``: the ``savingsAccounts`` list."""
    client_row(db, client_id)
    out = []
    for r in db.execute("SELECT s.*, p.name AS pname, p.short_name FROM savings_accounts s JOIN"
                        " savings_products p ON p.id = s.product_id WHERE client_id = ?"
                        " ORDER BY s.id", (client_id,)):  # fmt: skip
        item = {"id": r["id"], "accountNo": account_no(r["id"]), "externalId": r["external_id"],
                "productId": r["product_id"], "productName": r["pname"],
                "shortProductName": r["short_name"], "status": _status(r["status_id"]),
                "currency": _currency(db, r["product_id"]),
                "accountType": {"id": 1, "code": "accountType.individual", "value": "Individual"},
                "timeline": {"submittedOnDate": date_array(r["submitted_date"])}}  # fmt: skip
        if r["status_id"] == 300:
            item["accountBalance"] = money(r["balance"])
        out.append({k: v for k, v in item.items() if v is not None})
    return {"savingsAccounts": out} if out else {}


def create_savings(db, body: Any) -> dict[str, Any]:
    """``POST /savingsaccounts``: a submitted application."""
    body = check_supported(body, SAVINGS_PARAMS)
    c = Checker("savingsaccount", body)
    client_id = c.integer("clientId", required=True)
    product_id = c.integer("productId", required=True)
    submitted = c.date("submittedOnDate", required=True)
    ext = c.text("externalId", max_len=100)
    c.raise_if_any()
    client = client_row(db, client_id)
    if client["status_id"] != 300:
        raise E.domain(
            "error.msg.client.not.active.exception",
            f"Client with identifier {client_id} is not active",
            "clientId",
            client_id,
        )
    if db.execute("SELECT 1 FROM savings_products WHERE id = ?", (product_id,)).fetchone() is None:
        raise E.not_found("error.msg.savingproduct.id.invalid",
                          f"Saving product with identifier {product_id} does not exist",
                          product_id)  # fmt: skip
    if (
        ext
        and db.execute("SELECT 1 FROM savings_accounts WHERE external_id = ?", (ext,)).fetchone()
    ):
        raise E.duplicate(
            "error.msg.savingsaccount.duplicate.externalId",
            f"Savings account with externalId `{ext}` already exists",
            "externalId",
        )
    cur = db.execute("INSERT INTO savings_accounts (external_id, client_id, product_id, status_id,"
                     " submitted_date) VALUES (?, ?, ?, 100, ?)",
                     (ext, client_id, product_id, submitted.isoformat()))  # fmt: skip
    sid = cur.lastrowid
    out = {"officeId": 1, "clientId": client_id, "savingsId": sid, "resourceId": sid}
    if ext:
        out["resourceExternalId"] = ext
    return out


def _failed(resource: str, rule: str, param: str | None = None, value: Any = None) -> E.ApiError:
    """Fineract's ``failWithCodeNoParameterAddedToErrorCode``: ``validation.msg.<resource>.<rule>``.

    The parameter is named in ``parameterName`` only (SavingsAccount.approveApplication).
    """
    code = f"validation.msg.{resource}.{rule}"
    return E.validation([E.param_error(code, f"Failed data validation due to: {rule}.", param,
                                       value)])  # fmt: skip


def savings_command(db, savings_id: int, command: str, body: Any) -> dict[str, Any]:
    """``POST /savingsaccounts/{id}?command=approve|activate``."""
    field, need, new, col, resource, state, before = {
        "approve": ("approvedOnDate", 100, 200, "approved_date", "savingsaccount.approval",
                    "submittedandpendingapproval", "submittal"),
        "activate": ("activatedOnDate", 200, 300, "activated_date", "savingsaccount.activate",
                     "approved", "approval"),
    }[command]  # fmt: skip
    # Fineract's approve takes a note; activate does not.
    body = check_supported(body, {field} | DATED | ({"note"} if command == "approve" else set()))
    c = Checker(resource, body)
    on = c.date(field, required=True)
    c.raise_if_any()
    row = savings_row(db, savings_id)
    if row["status_id"] != need:
        raise _failed(resource, f"not.in.{state}.state")
    previous = dt.date.fromisoformat(row["approved_date"] or row["submitted_date"])
    if on < previous:
        raise _failed(resource, f"cannot.be.before.{before}.date", field, body[field])
    if on > business_date():
        raise _failed(resource, "cannot.be.a.future.date", field, body[field])
    db.execute(f"UPDATE savings_accounts SET status_id = ?, {col} = ? WHERE id = ?",  # noqa: S608
               (new, on.isoformat(), savings_id))  # fmt: skip
    return {"officeId": 1, "clientId": row["client_id"], "savingsId": savings_id,
            "resourceId": savings_id,
            "changes": {"status": _status(new), field: body[field], "locale": body["locale"],
                        "dateFormat": body["dateFormat"]}}  # fmt: skip


def _post(db, row, type_id: int, fen: int, on: dt.date, receipt=None, ptype=None, transfer=None):
    if row["status_id"] != 300:
        # Fineract reports this one as a 400 validation error on ``transactionDate``.
        raise E.validation([E.param_error(
            "error.msg.savingsaccount.transaction.account.is.not.active",
            "Transaction is not allowed. Account is not active.", "transactionDate",
            on.isoformat())])  # fmt: skip
    if on > business_date():
        raise E.domain(
            "error.msg.savingsaccount.transaction.in.the.future",
            "The transaction date cannot be in the future.",
            "transactionDate",
        )
    if row["activated_date"] and on < dt.date.fromisoformat(row["activated_date"]):
        raise E.domain("error.msg.savingsaccount.transaction.before.activation.date",
                       "Transaction date cannot be before the account activation date.",
                       "transactionDate")  # fmt: skip
    balance = row["balance"] + (fen if type_id == 1 else -fen)
    if balance < 0:
        raise E.domain(
            "error.msg.savingsaccount.transaction.insufficient.account.balance",
            "Insufficient account balance.",
            "transactionAmount",
            money(fen),
        )
    db.execute("UPDATE savings_accounts SET balance = ? WHERE id = ?", (balance, row["id"]))
    cur = db.execute(
        "INSERT INTO savings_transactions (savings_id, type_id, amount, date,"
        " receipt_number, payment_type_id, transfer_id, running_balance)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (row["id"], type_id, fen, on.isoformat(), receipt, ptype, transfer, balance),
    )
    return cur.lastrowid


def transaction(db, savings_id: int, command: str, body: Any) -> dict[str, Any]:
    """``POST /savingsaccounts/{id}/transactions?command=deposit|withdrawal``."""
    body = check_supported(body, TXN_PARAMS)
    c = Checker("savingsaccount.transaction", body)
    on = c.date("transactionDate", required=True)
    amount = c.scale("transactionAmount", c.decimal("transactionAmount", required=True), 2)
    ptype = c.integer("paymentTypeId", required=True)
    receipt = c.text("receiptNumber", max_len=50)
    c.raise_if_any()
    row = savings_row(db, savings_id)
    if db.execute("SELECT 1 FROM payment_types WHERE id = ?", (ptype,)).fetchone() is None:
        raise E.not_found(
            "error.msg.payment.type.invalid",
            f"PaymentType with {ptype} does not exist",
            ptype,
        )
    tid = _post(db, row, 1 if command == "deposit" else 2, to_fen(amount), on, receipt, ptype)
    return {"officeId": 1, "clientId": row["client_id"], "savingsId": savings_id,
            "resourceId": tid, "changes": {}}  # fmt: skip


def transfer(db, body: Any) -> dict[str, Any]:
    """``POST /accounttransfers`` between two savings accounts."""
    body = check_supported(body, TRANSFER_PARAMS)
    c = Checker("accounttransfer", body)
    ids = {p: c.integer(p, required=True) for p in sorted(TRANSFER_PARAMS - DATED)
           if p.endswith(("Id", "Type"))}  # fmt: skip
    amount = c.scale("transferAmount", c.decimal("transferAmount", required=True), 2)
    on = c.date("transferDate", required=True)
    c.text("transferDescription", required=True, max_len=200)
    for side in ("from", "to"):
        kind = ids.get(f"{side}AccountType")
        if kind is not None and kind not in (1, 2):
            c._fail(
                f"{side}AccountType",
                "is.not.one.of.expected.enumerations",
                f"The parameter `{side}AccountType` must be one of [1, 2] .",
                kind,
            )
    c.raise_if_any()
    rows = {}
    for side in ("from", "to"):
        if ids[f"{side}OfficeId"] != 1:
            raise E.not_found("error.msg.office.id.invalid",
                              f"Office with identifier {ids[side + 'OfficeId']} does not exist",
                              ids[f"{side}OfficeId"])  # fmt: skip
        if ids[f"{side}AccountType"] == 1:
            raise E.not_found("error.msg.loan.id.invalid",
                              f"Loan with identifier {ids[side + 'AccountId']} does not exist",
                              ids[f"{side}AccountId"])  # fmt: skip
        client_row(db, ids[f"{side}ClientId"])
        # Fineract's assembler loads each account by id alone: it never compares the
        # account's client with from/toClientId, so neither does the sandbox.
        rows[side] = savings_row(db, ids[f"{side}AccountId"])
    fen = to_fen(amount)
    cur = db.execute("INSERT INTO account_transfers (from_savings, to_savings, amount, date,"
                     " description) VALUES (?, ?, ?, ?, ?)",
                     (rows["from"]["id"], rows["to"]["id"], fen, on.isoformat(),
                      body["transferDescription"]))  # fmt: skip
    _post(db, rows["from"], 2, fen, on, transfer=cur.lastrowid)
    _post(db, savings_row(db, rows["to"]["id"]), 1, fen, on, transfer=cur.lastrowid)
    return {"savingsId": rows["from"]["id"], "resourceId": cur.lastrowid}
