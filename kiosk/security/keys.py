"""Where the terminal's two secrets live, and refusing to run without them.

- the data key (32 bytes): AES-256-GCM key of personal data kept on disk until the core
  confirms it (outbox payloads);
- the ID secret (32 bytes): HMAC-SHA-256 key of ID numbers in the journal and the client
  externalIds (the same for every terminal of a bank, so a customer is found again).

Both come from one file, never inside the data folder (whoever copies the folder or the disk
must not get the key with it), looked up in this order:

1. ``$CREDENTIALS_DIRECTORY/branch-kiosk-keys`` (systemd ``LoadCredential=``: readable only
   by the service, in memory, never on the data disk);
2. ``security.key_file`` from the configuration (a root-only file, e.g.
   ``/etc/branch-kiosk/keys``, mode 0600 or 0400);
3. the demo only (no ``corebank.url``: the embedded sandbox): a key file created beside the
   data folder, named ``DEMO-ONLY-branch-kiosk-keys``.

Outside the demo a terminal without its key file refuses to start (``KeysMissing``).
The file holds two lines, ``data-key = <64 hex>`` and ``id-secret = <64 hex>``.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CREDENTIAL_NAME = "branch-kiosk-keys"
DEMO_NAME = "DEMO-ONLY-branch-kiosk-keys"


class KeysMissing(RuntimeError):
    """No usable key file for a terminal that is not the demo."""


@dataclass(frozen=True)
class Keys:
    """The two secrets and where they came from (``source`` for diagnostics, not the key)."""

    data_key: bytes = field(repr=False)
    id_secret: bytes = field(repr=False)
    source: str = ""
    demo: bool = False


def _parse(path: Path) -> Keys:
    values: dict[str, bytes] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        name, sep, value = line.partition("=")
        if sep:
            values[name.strip()] = bytes.fromhex(value.strip())
    data, ident = values.get("data-key", b""), values.get("id-secret", b"")
    if len(data) != 32 or len(ident) != 32:
        raise KeysMissing(f"{path}: needs 'data-key = <64 hex>' and 'id-secret = <64 hex>'")
    return Keys(data, ident, str(path), path.name == DEMO_NAME)


def new_key_file(path: Path) -> None:
    """Write a fresh key file readable by its owner only (``kiosk`` set-up, the demo)."""
    text = (f"# branch-kiosk secrets: keep outside the data folder, mode 0600\n"
            f"data-key = {secrets.token_hex(32)}\nid-secret = {secrets.token_hex(32)}\n")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(text)


def _private(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeysMissing(f"{path} is readable by others (mode {mode:o}): chmod 600 it")


def load_keys(key_file: str, data_dir: Path, demo: bool, *, create: bool = True) -> Keys:
    """The terminal's keys (see the module docstring for the order); ``KeysMissing`` if none.

    ``create=False`` (staff commands reading the stores): the demo's key file is not made
    when absent, since nothing can have been sealed with it.
    """
    creds = os.environ.get("CREDENTIALS_DIRECTORY")
    if creds and (Path(creds) / CREDENTIAL_NAME).is_file():
        return _parse(Path(creds) / CREDENTIAL_NAME)
    if key_file:
        path = Path(key_file).expanduser()
        if not path.is_file():
            raise KeysMissing(f"security.key_file {path} does not exist")
        _private(path)
        if data_dir.resolve() in path.resolve().parents:
            raise KeysMissing(f"security.key_file {path} is inside the data folder {data_dir}")
        return _parse(path)
    if not demo:
        raise KeysMissing(
            "no key file: set security.key_file (a root-only file outside the data folder) "
            f"or pass systemd credential {CREDENTIAL_NAME}; only the demo runs without one"
        )
    path = data_dir.expanduser().resolve().parent / DEMO_NAME
    if not path.exists() and not create:
        raise KeysMissing(f"no demo key file {path}")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        new_key_file(path)
    return _parse(path)


def config_keys(cfg: Any, *, create: bool = True) -> Keys:
    """The keys of the terminal configured by ``cfg`` (a kiosk.config.KioskConfig)."""
    return load_keys(cfg.security.key_file, cfg.data_path(""), demo=not cfg.corebank.url,
                     create=create)  # fmt: skip


def staff_sealer(cfg: Any) -> Any:
    """The Sealer a staff command opens the terminal's stores with, or ``None`` without keys.

    Without keys the plain rows still read; a sealed one then says it needs the key.
    """
    from kiosk.security.sealing import Sealer

    try:
        return Sealer(config_keys(cfg, create=False).data_key)
    except (KeysMissing, OSError, ValueError):
        return None
