"""The pending-reprints file: receipts cut short, kept until their duplicate prints.

A receipt names the customer, their accounts and amounts, so the file is personal data at
rest (docs/security.md): with the terminal's keys it holds one AES-GCM sealed value
(kiosk.security.sealing, bound to the context ``receipts:pending``), else plain JSON (the
demo without keys, tests).  A plain file left by older software is read and written back
sealed.  Written atomically: a power cut leaves the old list or the new one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONTEXT = "receipts:pending"


class SealedWithoutKey(ValueError):
    """The file is sealed and no key was given to open it."""


def read_pending(path: Path, sealer: Any = None) -> tuple[list[dict[str, Any]], bool]:
    """(receipt dicts, was it sealed); ``[]`` for a missing file.

    Raises ``ValueError`` (a ``SealedWithoutKey``, bad JSON), ``InvalidTag`` (another key or
    a tampered file) or ``OSError``.
    """
    if not path.exists():
        return [], False
    text = path.read_text(encoding="utf-8")
    sealed = text.startswith("gcm1:")
    if sealed:
        if sealer is None:
            raise SealedWithoutKey(f"{path} is sealed: the terminal's key is needed to read it")
        text = sealer.open(text, CONTEXT)
    items = json.loads(text)
    if not isinstance(items, list) or not all(isinstance(d, dict) for d in items):
        raise ValueError(f"{path}: not a list of receipts")
    return items, sealed


def write_pending(path: Path, items: list[dict[str, Any]], sealer: Any = None) -> None:
    """Replace the file with ``items`` (sealed when ``sealer`` is given), atomically."""
    text = json.dumps(items, ensure_ascii=False)
    if sealer is not None:
        text = sealer.seal(text, CONTEXT)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)
