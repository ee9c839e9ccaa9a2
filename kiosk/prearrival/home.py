"""The personal home: what is pending for a customer once the ID document identifies them.

``pending_for_document`` judges the document read exactly as the journeys do
(``person_from_document``: check digits, expiry, contradictions) and only then asks the
hub (blocking: call it on a worker).  What comes back is what the home screen shows: the
item kinds and their codes, never the customer's name or ID number.  Nothing is kept here:
the screen's model holds the items for the session and drops them when it ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.flows.identity import person_from_document
from kiosk.prearrival.model import PendingItem, PreappRefused


@dataclass(frozen=True)
class PersonalHome:
    """The outcome: ``items`` for the identified customer, or ``error`` (a message key)."""

    items: tuple[PendingItem, ...] = field(default=(), repr=False)
    error: str = ""


def pending_for_document(read: Any, client: Any, journal: Any = None) -> PersonalHome:
    """The identified customer's pending items (``read``: a DocumentRead)."""
    person = person_from_document(read.kind, read.fields, source=read.source, valid=read.valid,
                                  problems=read.problems)  # fmt: skip
    if person is None:
        return PersonalHome(error="document.unreadable")
    if person.problems:
        return PersonalHome(error="document.see_staff")
    if not person.valid:
        return PersonalHome(error="document.invalid")
    if person.expired:
        return PersonalHome(error="document.expired")
    try:
        items = tuple(client.pending(person.id_number))
    except PreappRefused:
        return PersonalHome(error="prefilled.unavailable")
    if journal is not None:
        journal.append("home.pending", id_hash=journal.hash_id(person.id_number),
                       kinds=sorted({i.kind for i in items}))  # fmt: skip
    return PersonalHome(items)
