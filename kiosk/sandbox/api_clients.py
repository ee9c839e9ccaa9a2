"""Sandbox endpoints for clients, identifiers, search and the ``card_application`` datatable."""

from __future__ import annotations

import sqlite3
from typing import Any

from kiosk.sandbox import errors as E
from kiosk.sandbox.store import (
    OFFICE_NAME,
    account_no,
    business_date,
    date_array,
    display_name,
    money,
)
from kiosk.sandbox.validate import Checker, DatatableChecker, check_supported

CLIENT_PARAMS = {
    "officeId", "legalFormId", "firstname", "middlename", "lastname", "fullname", "externalId",
    "mobileNo", "emailAddress", "active", "activationDate", "submittedOnDate", "dateOfBirth",
    "genderId", "clientTypeId", "clientClassificationId", "staffId", "savingsProductId",
    "isStaff", "dateFormat", "locale",
}  # fmt: skip
IDENTIFIER_PARAMS = {"documentTypeId", "documentKey", "status", "description"}
CARD_COLUMNS = {
    "card_type", "savings_account_id", "annual_income", "employer", "reference", "status",
    "submitted_on",
}  # fmt: skip
CARD_TYPES = ("debit", "credit")
CLIENT_STATUS = {
    100: ("clientStatusType.pending", "Pending"),
    300: ("clientStatusType.active", "Active"),
}


def client_row(db: sqlite3.Connection, client_id: int) -> sqlite3.Row:
    """The client row or a Fineract 404."""
    row = db.execute("SELECT * FROM clients WHERE id = ?", (client_id,)).fetchone()
    if row is None:
        raise E.not_found(
            "error.msg.client.id.invalid",
            f"Client with identifier {client_id} does not exist",
            client_id,
        )
    return row


def client_json(row: sqlite3.Row) -> dict[str, Any]:
    """A client as ``GET /clients/{id}`` shows it."""
    code, value = CLIENT_STATUS[row["status_id"]]
    form = "PERSON" if row["legal_form_id"] == 1 else "ENTITY"
    out: dict[str, Any] = {
        "id": row["id"], "accountNo": account_no(row["id"]), "externalId": row["external_id"],
        "status": {"id": row["status_id"], "code": code, "value": value},
        "active": row["status_id"] == 300, "activationDate": date_array(row["activation_date"]),
        "firstname": row["firstname"], "lastname": row["lastname"],
        "displayName": row["display_name"], "mobileNo": row["mobile_no"],
        "officeId": row["office_id"], "officeName": OFFICE_NAME,
        "legalForm": {"id": row["legal_form_id"], "code": f"legalFormType.{form.lower()}",
                      "value": form},
        "timeline": {"submittedOnDate": date_array(row["submitted_date"]),
                     "activatedOnDate": date_array(row["activation_date"])},
    }  # fmt: skip
    return {k: v for k, v in out.items() if v is not None}


def create_client(db: sqlite3.Connection, body: Any) -> dict[str, Any]:
    """``POST /clients``."""
    body = check_supported(body, CLIENT_PARAMS)
    c = Checker("client", body)
    office = c.integer("officeId", required=True)
    legal = c.integer("legalFormId", required=True)
    if legal is not None and legal not in (1, 2):
        c._fail(
            "legalFormId",
            "is.not.within.expected.range",
            "The parameter `legalFormId` must be between 1 and 2.",
            legal,
        )
    fullname = c.text("fullname", max_len=100)
    first = c.text("firstname", required=fullname is None, max_len=50)
    last = c.text("lastname", required=fullname is None, max_len=50)
    if fullname is not None and (first or last):
        c._fail(
            "fullname",
            "cannot.also.be.provided.when.firstname.is.populated",
            "The parameter `fullname` cannot also be provided when `firstname` is populated.",
        )
    ext = c.text("externalId", max_len=100)
    mobile = c.text("mobileNo", max_len=50)
    active = c.boolean("active", required=True)
    activation = c.date("activationDate", required=bool(active))
    submitted = c.date("submittedOnDate")
    c.raise_if_any()
    if office != 1:
        raise E.not_found(
            "error.msg.office.id.invalid", f"Office with identifier {office} does not exist", office
        )
    if ext and db.execute("SELECT 1 FROM clients WHERE external_id = ?", (ext,)).fetchone():
        raise E.duplicate(
            "error.msg.client.duplicate.externalId",
            f"Client with externalId `{ext}` already exists",
            "externalId",
        )
    first_day = submitted or activation or business_date()
    cur = db.execute(
        "INSERT INTO clients (external_id, office_id, legal_form_id, firstname, lastname, fullname,"
        " display_name, mobile_no, status_id, activation_date, submitted_date)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ext,
            office,
            legal,
            first,
            last,
            fullname,
            display_name(first, last, fullname),
            mobile,
            300 if active else 100,
            activation.isoformat() if activation else None,
            first_day.isoformat(),
        ),
    )
    out = {"officeId": office, "clientId": cur.lastrowid, "resourceId": cur.lastrowid}
    if ext:
        out["resourceExternalId"] = ext
    return out


def get_client(db, client_id: int) -> dict[str, Any]:
    """``GET /clients/{id}``."""
    return client_json(client_row(db, client_id))


def get_client_by_external_id(db, ext: str) -> dict[str, Any]:
    """``GET /clients/external-id/{externalId}``."""
    row = db.execute("SELECT * FROM clients WHERE external_id = ?", (ext,)).fetchone()
    if row is None:
        raise E.not_found(
            "error.msg.client.id.invalid",
            f"Client with identifier {ext} does not exist",
            ext,
        )
    return client_json(row)


def add_identifier(db, client_id: int, body: Any) -> dict[str, Any]:
    """``POST /clients/{id}/identifiers``."""
    body = check_supported(body, IDENTIFIER_PARAMS)
    c = Checker("clientIdentifier", body)
    doc_type = c.integer("documentTypeId", required=True)
    key = c.text("documentKey", required=True, max_len=50)
    status = c.text("status")
    if status is not None and status not in ("Active", "Inactive"):
        c._fail(
            "status",
            "is.not.one.of.expected.enumerations",
            "The parameter `status` must be one of [Active, Inactive] .",
            status,
        )
    desc = c.text("description", max_len=500)
    c.raise_if_any()
    row = client_row(db, client_id)
    if db.execute("SELECT 1 FROM document_types WHERE id = ?", (doc_type,)).fetchone() is None:
        raise E.not_found(
            "error.msg.codevalue.id.invalid",
            f"Code value with identifier {doc_type} does not exist",
            doc_type,
        )
    if db.execute(
        "SELECT 1 FROM client_identifiers WHERE document_type_id = ? AND document_key = ?",
        (doc_type, key),
    ).fetchone():
        raise E.duplicate(
            "error.msg.clientIdentifier.identityKey.duplicate",
            f"Client identifier with type {doc_type} and key {key} is already present.",
            "documentKey",
        )
    cur = db.execute(
        "INSERT INTO client_identifiers (client_id, document_type_id, document_key, status,"
        " description) VALUES (?, ?, ?, ?, ?)",
        (client_id, doc_type, key, status or "Active", desc),
    )
    return {"officeId": row["office_id"], "clientId": client_id, "resourceId": cur.lastrowid}


def list_identifiers(db, client_id: int) -> list[dict[str, Any]]:
    """``GET /clients/{id}/identifiers``."""
    client_row(db, client_id)
    rows = db.execute(
        "SELECT i.*, t.name AS type_name FROM client_identifiers i JOIN document_types t"
        " ON t.id = i.document_type_id WHERE client_id = ? ORDER BY i.id",
        (client_id,),
    )
    return [
        {"id": r["id"], "clientId": r["client_id"],
         "documentType": {"id": r["document_type_id"], "name": r["type_name"]},
         "documentKey": r["document_key"], "description": r["description"],
         "status": "clientIdentifierStatusType." + r["status"].lower()}
        for r in rows
    ]  # fmt: skip


_SEARCH_SQL = {
    "clients": (
        "SELECT 'CLIENT' AS entityType, c.id AS entityId, c.display_name AS entityName,"
        " c.external_id AS entityExternalId, printf('%09d', c.id) AS entityAccountNo,"
        " c.office_id AS parentId, o.name AS parentName, c.mobile_no AS entityMobileNo,"
        " c.status_id AS status, NULL AS parentType FROM clients c JOIN offices o"
        " ON o.id = c.office_id WHERE printf('%09d', c.id) LIKE :q OR c.display_name LIKE :q"
        " OR c.external_id LIKE :q OR c.mobile_no LIKE :q ORDER BY c.id DESC"
    ),
    "savings": (
        "SELECT 'SAVING' AS entityType, s.id AS entityId, p.name AS entityName,"
        " s.external_id AS entityExternalId, printf('%09d', s.id) AS entityAccountNo,"
        " c.id AS parentId, c.display_name AS parentName, NULL AS entityMobileNo,"
        " NULL AS status, 'client' AS parentType FROM savings_accounts s"
        " JOIN clients c ON c.id = s.client_id JOIN savings_products p ON p.id = s.product_id"
        " WHERE printf('%09d', s.id) LIKE :q OR s.external_id LIKE :q ORDER BY s.id DESC"
    ),
    "clientIdentifiers": (
        "SELECT 'CLIENTIDENTIFIER' AS entityType, i.id AS entityId, i.document_key AS entityName,"
        " NULL AS entityExternalId, NULL AS entityAccountNo, c.id AS parentId,"
        " c.display_name AS parentName, NULL AS entityMobileNo, c.status_id AS status,"
        " NULL AS parentType FROM client_identifiers i JOIN clients c ON c.id = i.client_id"
        " WHERE i.document_key LIKE :q ORDER BY i.id DESC"
    ),
}


def search(db, params: dict[str, str]) -> list[dict[str, Any]]:
    """``GET /search?query=&resource=&exactMatch=``, as Fineract's SearchReadPlatformService.

    Clients match on account number, display name, external id or mobile; savings on
    account number or external id; identifiers on the document key.  ``exactMatch=false``
    wraps the query in ``%...%``.  At most 50 hits; savings carry an empty status, as there.
    """
    query = params.get("query", "")
    if not query:  # Fineract has no validation code for it; nothing matches nothing
        return []
    wanted = params.get("resource") or "clients,clientIdentifiers,groups,savings,shares,loans"
    exact = params.get("exactMatch", "false").lower() == "true"
    q = query if exact else f"%{query}%"
    hits: list[dict[str, Any]] = []
    for resource in ("clients", "savings", "clientIdentifiers"):  # Fineract's union order
        if resource not in wanted.split(","):
            continue
        for r in db.execute(_SEARCH_SQL[resource], {"q": q}):
            hit = {k: r[k] for k in r.keys() if k != "status"}
            if r["status"] is not None:
                code, value = CLIENT_STATUS[r["status"]]
                hit["entityStatus"] = {"id": r["status"], "code": code, "value": value}
            else:
                hit["entityStatus"] = {"id": 0, "code": "", "value": ""}
            hit["subEntityType"] = (
                "depositAccountType.savingsDeposit"
                if resource == "savings"
                else "depositAccountType.invalid"
            )
            hits.append({k: v for k, v in hit.items() if v is not None})
    return hits[:50]


def add_card_application(db, client_id: int, body: Any) -> dict[str, Any]:
    """``POST /datatables/card_application/{clientId}``: one row per application."""
    body = check_supported(body, CARD_COLUMNS | {"dateFormat", "locale"})
    c = DatatableChecker("card_application", body)
    card_type = c.text("card_type", required=True, max_len=10)
    if card_type is not None and card_type not in CARD_TYPES:
        c._fail(
            "card_type",
            "is.not.one.of.expected.enumerations",
            "Value not found in Allowed Value list",
            card_type,
        )
    savings_id = c.integer("savings_account_id")
    income = c.integer("annual_income", positive=False)
    employer = c.text("employer", max_len=100)
    reference = c.text("reference", required=True, max_len=50)
    status = c.text("status", max_len=20)
    submitted = c.date("submitted_on", required=True)
    c.raise_if_any()
    row = client_row(db, client_id)
    if db.execute("SELECT 1 FROM card_application WHERE reference = ?", (reference,)).fetchone():
        raise E.duplicate(
            "error.msg.datatable.entry.duplicate",
            f"card_application entry with reference {reference} already exists",
            "reference",
        )
    db.execute(
        "INSERT INTO card_application (client_id, card_type, savings_account_id, annual_income,"
        " employer, reference, status, submitted_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            client_id,
            card_type,
            savings_id,
            income,
            employer,
            reference,
            status or "submitted",
            submitted.isoformat() if submitted else None,
        ),
    )
    return {"officeId": row["office_id"], "clientId": client_id, "resourceId": client_id}


def get_card_applications(db, client_id: int) -> list[dict[str, Any]]:
    """``GET /datatables/card_application/{clientId}?genericResultSet=false``."""
    client_row(db, client_id)
    rows = db.execute(
        "SELECT * FROM card_application WHERE client_id = ? ORDER BY id", (client_id,)
    )
    return [{**dict(r), "submitted_on": date_array(r["submitted_on"])} for r in rows]


def list_datatables() -> list[dict[str, Any]]:
    """``GET /datatables``: the one registered table and its columns."""
    cols = [
        ("id", "BIGINT", False),
        ("client_id", "BIGINT", False),
        ("card_type", "VARCHAR", False),
        ("savings_account_id", "BIGINT", True),
        ("annual_income", "BIGINT", True),
        ("employer", "VARCHAR", True),
        ("reference", "VARCHAR", False),
        ("status", "VARCHAR", True),
        ("submitted_on", "DATE", False),
    ]
    return [
        {
            "applicationTableName": "m_client",
            "registeredTableName": "card_application",
            "entitySubType": "PERSON",
            "columnHeaderData": [
                {"columnName": n, "columnType": t, "isColumnNullable": null} for n, t, null in cols
            ],
        }
    ]


__all__ = ["money"]
