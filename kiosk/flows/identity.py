"""Identity steps shared by the journeys: the person from an ID document, and the face check.

``person_from_document`` turns what the chip reader or OCR delivered into one ``Person`` and
decides which form fields are locked (they come from the document) and which the customer may
edit.  ``FaceCheckCounter`` counts failed face checks against the configured limit.
``find_client`` looks a person up in the core: first by the externalId the terminal derives
from the ID number (a salted hash, so the ID number itself is never an external key), then by
the identifier search, as Fineract's GET /search offers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.identity.idnumber import is_valid as cn_id_is_valid

# Fields read from the document are locked; these the customer may change.
EDITABLE_FIELDS = ("mobile", "address", "occupation")
LOCKED_FIELDS = ("name", "sex", "birth_date", "id_number", "nationality")


@dataclass
class Person:
    """The customer as the ID document says.

    Attributes:
        source: "chip" (card reader) or "ocr" (scanned card or passport MRZ).
        document_kind: "cn-id" or "mrz".
        id_number: The document number (ID number or passport number).
        surname: Family name (first character(s) of a Chinese name).
        given_names: Given names.
        sex: As printed ("男"/"女" or "M"/"F").
        birth_date: ISO date or "".
        address: Address on the document (editable later).
        nationality: ISO country code or "CHN".
        valid: Check digits hold and the document is not expired.
        photo: Reference face image (numpy array or encoded bytes), memory only.
        problems: Names of the fields that failed a check or contradict another, as the
            read reported them; such a document goes to staff, never "corrected".
    """

    source: str
    document_kind: str
    # Personal data stays out of repr(): a Person in a log line or a traceback shows no more
    # than where it came from and whether it is valid.
    id_number: str = field(repr=False)
    surname: str = field(repr=False)
    given_names: str = field(repr=False)
    sex: str = field(default="", repr=False)
    birth_date: str = field(default="", repr=False)
    address: str = field(default="", repr=False)
    nationality: str = "CHN"
    valid: bool = False
    expired: bool = False
    photo: Any = field(default=None, repr=False)
    problems: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """The name as shown on screen (Chinese names without a space)."""
        if self.document_kind == "cn-id":
            return self.surname + self.given_names
        return f"{self.given_names} {self.surname}".strip()

    def form(self) -> dict[str, Any]:
        """The prefilled form: every field with its value and whether it is editable."""
        values = {
            "name": self.full_name,
            "sex": self.sex,
            "birth_date": self.birth_date,
            "id_number": self.id_number,
            "nationality": self.nationality,
            "address": self.address,
            "mobile": "",
            "occupation": "",
        }
        return {k: {"value": v, "editable": k in EDITABLE_FIELDS} for k, v in values.items()}


def _split_cn_name(name: str) -> tuple[str, str]:
    name = name.strip().replace(" ", "")
    # Two-character surnames exist but are rare; Fineract only needs a split, not genealogy.
    compound = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
    if len(name) > 2 and name[:2] in compound:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _iso_from_yymmdd(value: str, *, future: bool) -> str:
    if len(value) != 6 or not value.isdigit():
        return ""
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:])
    this = dt.date.today().year % 100
    century = 2000 if (yy <= this + (20 if future else 0)) else 1900
    try:
        return dt.date(century + yy, mm, dd).isoformat()
    except ValueError:
        return ""


def _field(source: Any, *names: str) -> Any:
    for name in names:
        value = source.get(name) if isinstance(source, dict) else getattr(source, name, None)
        if value not in (None, ""):
            return value
    return ""


def _expired(valid_to: Any, today: dt.date) -> bool:
    text = str(valid_to or "").replace(".", "-").strip()
    if not text or text in ("长期", "long-term"):
        return False
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date() < today
        except ValueError:
            continue
    return False


def person_from_document(
    kind: str,
    fields: Any,
    *,
    source: str,
    valid: bool | None = None,
    photo: Any = None,
    problems: Sequence[str] = (),
) -> Person | None:
    """Build a ``Person`` from a document read; ``None`` if it holds no usable identity.

    Args:
        kind: "cn-id", "cn-id-front" or "mrz" (chip reads are "cn-id").
        fields: A mapping or an object with the document's fields (DESIGN.md names, or the
            chip reader's typed fields).
        source: "chip" or "ocr".
        valid: The reader's own verdict on check digits, if it gave one.
        photo: The reference face image.
        problems: The read's own list of fields that failed a check (kept, never fixed).
    """
    today = dt.date.today()
    if kind in ("cn-id", "cn-id-front"):
        number = str(_field(fields, "id_number", "number")).strip().upper()
        name = str(_field(fields, "name"))
        if not number or not name:
            return None
        surname, given = _split_cn_name(name)
        birth = _field(fields, "birth_date", "birth")
        if isinstance(birth, dt.date):
            birth = birth.isoformat()
        ok = cn_id_is_valid(number) and (valid is None or valid)
        return Person(
            source=source,
            document_kind="cn-id",
            id_number=number,
            surname=surname,
            given_names=given,
            sex=str(_field(fields, "sex")),
            birth_date=str(birth),
            address=str(_field(fields, "address")),
            nationality="CHN",
            valid=ok,
            expired=_expired(_field(fields, "valid_to", "expiry", "valid_until"), today),
            photo=photo,
            problems=_unique(problems),
        )
    if kind == "mrz":
        number = str(_field(fields, "number")).replace("<", "").strip()
        surname = str(_field(fields, "surname")).replace("<", " ").strip()
        names = str(_field(fields, "names")).replace("<", " ").strip()
        if not number or not surname:
            return None
        expiry = _iso_from_yymmdd(str(_field(fields, "expiration_date")), future=True)
        return Person(
            source=source,
            document_kind="mrz",
            id_number=number,
            surname=surname.title(),
            given_names=names.title(),
            sex=str(_field(fields, "sex")),
            birth_date=_iso_from_yymmdd(str(_field(fields, "date_of_birth")), future=False),
            address="",
            nationality=str(_field(fields, "nationality", "country")),
            valid=bool(valid),
            expired=bool(expiry) and expiry < today.isoformat(),
            photo=photo,
            problems=_unique(problems),
        )
    return None


def _unique(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(n) for n in names if n))


def client_external_id(id_number: str, salt: str) -> str:
    """The externalId the terminal gives a client: a salted hash of the ID number.

    The same person gets the same externalId at every terminal with the same salt, so a
    second account opening finds the first client; the ID number itself is not an external key.
    """
    digest = hmac.new(salt.encode(), id_number.strip().upper().encode(), hashlib.sha256)
    return "C-" + digest.hexdigest()[:32]


@dataclass
class FaceCheckCounter:
    """Counts failed face checks; after ``limit`` failures the customer is sent to staff."""

    limit: int = 3
    failures: int = 0
    last_reason: str = ""

    def record(self, passed: bool, reason: str = "") -> bool:
        """Record one attempt; return True when the customer has attempts left."""
        if passed:
            return True
        self.failures += 1
        self.last_reason = reason
        return self.failures < self.limit

    @property
    def remaining(self) -> int:
        """Attempts left."""
        return max(0, self.limit - self.failures)
