#!/opt/branch-kiosk/bin/python3
"""The data folder's schema migrations, run by the package's ``postinst`` on every configure.

The data folder (``/var/lib/branch-kiosk``) carries a ``FORMAT`` file naming its schema
version.  Each migration below brings it one version up and is idempotent; an upgrade runs
those the folder has not had yet.  The outbox and the journal are opened through their own
classes (which create or upgrade their tables) and are never emptied: undelivered actions are
carried over and sent when the terminal starts again.

``--keep-if-undelivered`` (run by ``prerm`` before a removal) writes a ``KEEP`` file when the
outbox still holds actions the core has not confirmed, so a purge keeps the folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

FORMAT_FILE = "FORMAT"
KEEP_FILE = "KEEP"
DEFAULT_CONFIG = "/etc/branch-kiosk/terminal.toml"


def _paths(data: Path, config: str) -> tuple[Path, Path]:
    """The outbox and journal files the terminal uses (its configuration may move them)."""
    outbox, journal = data / "outbox.db", data / "journal.db"
    if Path(config).is_file():
        try:
            from kiosk.config import load_config

            cfg = load_config(Path(config), environ={})
            outbox = Path(cfg.storage.outbox_db or outbox).expanduser()
            journal = Path(cfg.storage.journal_db or journal).expanduser()
        except Exception as exc:  # noqa: BLE001 - a bad file must not stop the upgrade
            print(f"migrate-data: {config} unreadable ({exc}); using {data}", file=sys.stderr)
    return outbox, journal


def undelivered(outbox_path: Path) -> int:
    """Actions in the outbox the core has not confirmed (queued, in flight or parked)."""
    if not outbox_path.is_file():
        return 0
    from kiosk.outbox import Outbox

    box = Outbox(outbox_path)
    try:
        counts = box.counts()
    finally:
        box.close()
    return counts["queued"] + counts["in_flight"] + counts["parked"]


def to_v1(data: Path, outbox: Path, journal: Path) -> str:
    """Version 1: the outbox and journal open with today's tables; the chain is checked."""
    notes = []
    if outbox.is_file():
        notes.append(f"outbox: {undelivered(outbox)} undelivered action(s) carried over")
    if journal.is_file():
        from kiosk.journal import Journal

        j = Journal(journal)
        try:
            verdict = j.verify()
        finally:
            j.close()
        state = "intact" if verdict.ok else f"BROKEN at {verdict.first_bad_seq}"
        notes.append(f"journal: {verdict.count} records, chain {state}")
    return "; ".join(notes) or "new data folder"


# Index i brings the folder from version i to i + 1.  Append, never edit a shipped one.
MIGRATIONS: list[Callable[[Path, Path, Path], str]] = [to_v1]


def read_version(data: Path) -> int:
    """The folder's schema version (0: never migrated)."""
    path = data / FORMAT_FILE
    if not path.is_file():
        return 0
    return int(path.read_text().split()[-1])


def migrate(data: Path, config: str = DEFAULT_CONFIG) -> list[str]:
    """Run the pending migrations; return one line per migration run."""
    version = read_version(data)
    if version > len(MIGRATIONS):
        raise SystemExit(
            f"migrate-data: {data} has schema {version}, newer than this package's "
            f"{len(MIGRATIONS)}: refusing a downgrade that could lose data"
        )
    outbox, journal = _paths(data, config)
    done = []
    for index in range(version, len(MIGRATIONS)):
        note = MIGRATIONS[index](data, outbox, journal)
        tmp = data / (FORMAT_FILE + ".tmp")
        tmp.write_text(f"branch-kiosk-data {index + 1}\n")
        tmp.replace(data / FORMAT_FILE)
        done.append(f"schema {index} -> {index + 1}: {note}")
    return done


def main(argv: list[str] | None = None) -> int:
    """Migrate DATA, or with ``--keep-if-undelivered`` only mark it to be kept."""
    p = argparse.ArgumentParser(prog="migrate-data", description=__doc__.split("\n", 1)[0])
    p.add_argument("data", type=Path, help="the data folder, e.g. /var/lib/branch-kiosk")
    p.add_argument("--config", default=DEFAULT_CONFIG, help="the terminal's configuration")
    p.add_argument("--keep-if-undelivered", action="store_true", help="prerm's check only")
    args = p.parse_args(argv)
    if args.keep_if_undelivered:
        count = undelivered(_paths(args.data, args.config)[0])
        if count:
            (args.data / KEEP_FILE).write_text(
                f"{count} outbox action(s) not confirmed by the core; the data folder is kept\n"
            )
            print(f"migrate-data: {count} undelivered action(s): {args.data} will be kept")
        return 0
    for line in migrate(args.data, args.config):
        print(f"migrate-data: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
