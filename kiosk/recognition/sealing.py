"""Face templates sealed by the terminal, so the hub stores what it cannot open.

Key: ``template_key(id_secret, branch)`` = HKDF-SHA-256 of the terminal's ID secret (the
``id-secret`` line of the key file, kiosk/security/keys.py: outside the data folder, the same
for every terminal of the bank) with the info ``face-templates/v1/<branch>``.  So the
terminals hold the key (never written anywhere by this module), the hub holds only
ciphertext, and a branch's templates do not open with another branch's key.

A sealed template is JSON text with two AES-256-GCM parts (``kiosk.security.sealing``), each
bound to the branch and template id by its associated data:

- ``face``: the 128-d dlib descriptor, opened when the terminal loads its branch's gallery;
- ``person``: the ID number and the mobile number, opened only when the customer confirms
  with a second factor (and, in memory, to ask the hub which service to suggest).
"""

from __future__ import annotations

import json
import secrets
import string
from dataclasses import dataclass, field

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.security.sealing import Sealer

DESCRIPTOR_SIZE = 128


class TemplateUnreadable(ValueError):
    """A sealed template that does not open with this branch's key (or is malformed)."""


def template_key(id_secret: bytes, branch: str) -> bytes:
    """The branch's template key, derived from the terminals' ID secret."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"face-templates/v1/{branch}".encode()).derive(id_secret)


def new_template_id() -> str:
    """A fresh template id: 32 lower-case letters, about 150 random bits.

    The sealing binds the template to it; letters only, so the journal never mistakes it
    for an account number.
    """
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(32))


@dataclass(frozen=True)
class Person:
    """The personal part of a template (opened only after a second factor)."""

    id_number: str = field(repr=False)
    mobile: str = field(repr=False, default="")


class TemplateSealer:
    """Seals and opens one branch's templates."""

    def __init__(self, id_secret: bytes, branch: str) -> None:
        self.branch = branch
        self._sealer = Sealer(template_key(id_secret, branch))

    def _context(self, part: str, template_id: str) -> str:
        return f"face-template/{part}:{self.branch}:{template_id}"

    def seal(self, template_id: str, descriptor: np.ndarray, person: Person) -> str:
        """The sealed template, as the hub stores it."""
        vec = np.asarray(descriptor, dtype=np.float64).ravel()
        if vec.size != DESCRIPTOR_SIZE or not np.all(np.isfinite(vec)):
            raise ValueError(f"a face descriptor has {DESCRIPTOR_SIZE} finite values")
        face = json.dumps([round(float(v), 7) for v in vec])
        who = json.dumps({"id_number": person.id_number, "mobile": person.mobile})
        return json.dumps({"v": 1,
                           "face": self._sealer.seal(face, self._context("face", template_id)),
                           "person": self._sealer.seal(who, self._context("person", template_id))})

    def _open(self, sealed: str, part: str, template_id: str) -> str:
        try:
            value = json.loads(sealed)[part]
            return self._sealer.open(value, self._context(part, template_id))
        except (InvalidTag, KeyError, TypeError, ValueError) as exc:
            raise TemplateUnreadable(f"template {template_id}: {type(exc).__name__}") from None

    def open_face(self, template_id: str, sealed: str) -> np.ndarray:
        """The descriptor of a sealed template."""
        vec = np.asarray(json.loads(self._open(sealed, "face", template_id)), dtype=np.float64)
        if vec.shape != (DESCRIPTOR_SIZE,):
            raise TemplateUnreadable(f"template {template_id}: not a {DESCRIPTOR_SIZE}-d face")
        return vec

    def open_person(self, template_id: str, sealed: str) -> Person:
        """The ID number and mobile of a sealed template."""
        data = json.loads(self._open(sealed, "person", template_id))
        return Person(str(data["id_number"]), str(data.get("mobile", "")))
