"""The sandbox's SQLite database: schema, demo seed, and small row helpers.

Amounts are stored as integer fen (1/100 CNY) so balances never drift with floats.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS offices (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payment_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS document_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clients (
  id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, office_id INTEGER NOT NULL,
  legal_form_id INTEGER NOT NULL, firstname TEXT, lastname TEXT, fullname TEXT,
  display_name TEXT NOT NULL, mobile_no TEXT, status_id INTEGER NOT NULL,
  activation_date TEXT, submitted_date TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS client_identifiers (
  id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id),
  document_type_id INTEGER NOT NULL, document_key TEXT NOT NULL, status TEXT NOT NULL,
  description TEXT, UNIQUE (document_type_id, document_key));
CREATE TABLE IF NOT EXISTS savings_products (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, short_name TEXT NOT NULL UNIQUE,
  currency_code TEXT NOT NULL, digits INTEGER NOT NULL, in_multiples_of INTEGER NOT NULL,
  nominal_rate REAL NOT NULL);
CREATE TABLE IF NOT EXISTS savings_accounts (
  id INTEGER PRIMARY KEY, external_id TEXT UNIQUE,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  product_id INTEGER NOT NULL REFERENCES savings_products(id), status_id INTEGER NOT NULL,
  submitted_date TEXT NOT NULL, approved_date TEXT, activated_date TEXT,
  balance INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS savings_transactions (
  id INTEGER PRIMARY KEY, savings_id INTEGER NOT NULL REFERENCES savings_accounts(id),
  type_id INTEGER NOT NULL, amount INTEGER NOT NULL, date TEXT NOT NULL, receipt_number TEXT,
  payment_type_id INTEGER, transfer_id INTEGER, running_balance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS account_transfers (
  id INTEGER PRIMARY KEY, from_savings INTEGER NOT NULL, to_savings INTEGER NOT NULL,
  amount INTEGER NOT NULL, date TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS card_application (
  id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id),
  card_type TEXT NOT NULL, savings_account_id INTEGER, annual_income INTEGER,
  employer TEXT, reference TEXT NOT NULL UNIQUE, status TEXT NOT NULL, submitted_on TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
  action TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL,
  status INTEGER, body TEXT, created TEXT NOT NULL, PRIMARY KEY (action, entity, key));
"""

PRODUCT = ("CNY Demand Savings", "CNYS", "CNY", 2, 1, 0.35)
OFFICE_NAME = "Head Office"
DOCUMENT_TYPES = {1: "Passport", 2: "Id", 3: "Drivers License", 4: "Any Other Id Type"}

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def cn_id(first17: str) -> str:
    """Complete a fictitious 17-digit ID body with its GB 11643 check character."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


# (firstname, lastname, externalId, mobile, (doc type, doc key), [(account externalId, fen)])
DEMO_CUSTOMERS = [
    (
        "伟",
        "张",
        "DEMO-C-0001",
        "+8613800000001",
        (2, cn_id("11010519800101001")),
        [("DEMO-S-0001", 5_230_000)],
    ),
    (
        "娜",
        "李",
        "DEMO-C-0002",
        "+8613800000002",
        (2, cn_id("31010419920315002")),
        [("DEMO-S-0002", 880_000)],
    ),
    (
        "Ada",
        "Okafor",
        "DEMO-C-0003",
        "+447700900003",
        (1, "P9041207"),
        [("DEMO-S-0003", 350_000), ("DEMO-S-0004", 0)],
    ),
]


#: Test hook: the core's business date is today's date moved by this many days (a core
#: whose clock or business date differs from the terminal's).
DATE_OFFSET_DAYS = 0


def business_date() -> dt.date:
    """The sandbox's business date (Fineract's ``BUSINESS_DATE``): today, or as moved."""
    return dt.date.today() + dt.timedelta(days=DATE_OFFSET_DAYS)


def account_no(ident: int) -> str:
    """Fineract's default account number: the id left-padded with zeros to 9 digits."""
    return f"{ident:09d}"


def display_name(firstname: str | None, lastname: str | None, fullname: str | None) -> str:
    """Fineract's display name: ``fullname`` or firstname and lastname joined by a space."""
    return fullname or " ".join(p for p in (firstname, lastname) if p)


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (and create and seed on first use) the sandbox database."""
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(SCHEMA)
    # A request that was mid-way when the sandbox stopped never finished: forget its key.
    conn.execute("DELETE FROM idempotency WHERE state = 'in_flight'")
    if conn.execute("SELECT COUNT(*) FROM offices").fetchone()[0] == 0:
        _seed(conn)
    return conn


def _seed(conn: sqlite3.Connection) -> None:
    today = business_date().isoformat()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO offices VALUES (1, ?)", (OFFICE_NAME,))
    conn.execute("INSERT INTO payment_types VALUES (1, 'Money Transfer')")
    conn.executemany("INSERT INTO document_types VALUES (?, ?)", DOCUMENT_TYPES.items())
    conn.execute(
        "INSERT INTO savings_products (id, name, short_name, currency_code, digits,"
        " in_multiples_of, nominal_rate) VALUES (1, ?, ?, ?, ?, ?, ?)",
        PRODUCT,
    )
    for first, last, ext, mobile, (doc_type, doc_key), accounts in DEMO_CUSTOMERS:
        cur = conn.execute(
            "INSERT INTO clients (external_id, office_id, legal_form_id, firstname, lastname,"
            " display_name, mobile_no, status_id, activation_date, submitted_date)"
            " VALUES (?, 1, 1, ?, ?, ?, ?, 300, ?, ?)",
            (ext, first, last, display_name(first, last, None), mobile, today, today),
        )
        client_id = cur.lastrowid
        conn.execute(
            "INSERT INTO client_identifiers (client_id, document_type_id, document_key, status)"
            " VALUES (?, ?, ?, 'Active')",
            (client_id, doc_type, doc_key),
        )
        for sav_ext, fen in accounts:
            cur = conn.execute(
                "INSERT INTO savings_accounts (external_id, client_id, product_id, status_id,"
                " submitted_date, approved_date, activated_date, balance)"
                " VALUES (?, ?, 1, 300, ?, ?, ?, ?)",
                (sav_ext, client_id, today, today, today, fen),
            )
            if fen:
                conn.execute(
                    "INSERT INTO savings_transactions (savings_id, type_id, amount, date,"
                    " payment_type_id, running_balance) VALUES (?, 1, ?, ?, 1, ?)",
                    (cur.lastrowid, fen, today, fen),
                )
    conn.execute("COMMIT")


def date_array(iso: str | None) -> list[int] | None:
    """``2024-10-24`` -> ``[2024, 10, 24]`` as Fineract sends dates."""
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    return [d.year, d.month, d.day]


def money(fen: int) -> float:
    """Integer fen -> the decimal amount Fineract sends."""
    return round(fen / 100, 2)
