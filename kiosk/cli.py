"""The ``kiosk`` command line: a thin dispatcher to one module per command.

Each command module exposes ``add_arguments(parser)`` and ``run(args) -> int``.  Only the
module of the command being run is imported, so ``kiosk ocr`` never loads Qt and
``kiosk run`` never loads dlib before its first frame.  ``run`` is found through the
``kiosk.frontends`` entry point, so the core names no UI module (layering rule).
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command path -> (module, help). Nested commands are written "group sub".
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("entry-point:kiosk.frontends:qt", "start the terminal application"),
    "sandbox": ("kiosk.sandbox.command", "run the Fineract-compatible core-banking sandbox"),
    "ocr": ("kiosk.identity.ocr_command", "read an identity document image"),
    "face verify": ("kiosk.identity.face_command", "compare the faces in two images"),
    "receipt render": ("kiosk.receipts.render_command", "decode an ESC/POS byte stream"),
    "diagnostics": ("kiosk.diagnostics.command", "device, core-banking and outbox status"),
    "outbox status": ("kiosk.outbox.command", "queued, in-flight, parked and done counts"),
    "journal verify": ("kiosk.journal.command", "verify the electronic journal's hash chain"),
    "maintenance": ("kiosk.maintenance.command", "hash a technician PIN; write a support bundle"),
    "hub": ("hub.command", "serve the teller hub (video tellers) for a branch or a fleet"),
    "journal show": ("kiosk.journal.show_command", "what a session did (--session REF), for staff"),
    "receipt reprint": ("kiosk.journal.reprint_command", "print a receipt again, marked duplicate"),
}


def _load(target: str):  # noqa: ANN202 - a module-like object with add_arguments/run
    if target.startswith("entry-point:"):
        from importlib.metadata import entry_points  # ~70 ms: only `kiosk run` needs it

        _, group, name = target.split(":")
        matches = [ep for ep in entry_points(group=group) if ep.name == name]
        if not matches:
            raise SystemExit(f"kiosk: no '{name}' front end installed (entry point {group})")
        return matches[0].load()
    return importlib.import_module(target)


def _usage() -> str:
    width = max(len(c) for c in COMMANDS)
    lines = ["usage: kiosk COMMAND [options]", "", "commands:"]
    lines += [f"  {c.ljust(width)}  {h}" for c, (_, h) in COMMANDS.items()]
    lines += ["", "kiosk COMMAND --help shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run one command; return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage())
        return 0 if argv else 2
    name = " ".join(argv[:2]) if " ".join(argv[:2]) in COMMANDS else argv[0]
    if name not in COMMANDS:
        near = [c for c in COMMANDS if " " in c and c.split()[0] == argv[0]]
        hint = f" (try: {', '.join(near)})" if near else ""
        print(f"kiosk: unknown command '{' '.join(argv[:2])}'{hint}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = _load(COMMANDS[name][0])
    parser = argparse.ArgumentParser(prog=f"kiosk {name}", description=COMMANDS[name][1])
    module.add_arguments(parser)
    args = parser.parse_args(argv[len(name.split()) :])
    from kiosk.config import ConfigError

    try:
        return int(module.run(args) or 0)
    except ConfigError as exc:  # e.g. storage.data_dir not writable: a message, not a trace
        print(f"kiosk {name}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
