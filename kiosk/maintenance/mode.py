"""The diagnostics mode put together: entry, VendorMode handshake and console.

They are wired to the session (a customer's end lets a waiting request through), the
metrics' state set and the operations events.  The UI's view-model is built over one
:class:`DiagnosticsMode`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from kiosk.maintenance.console import ConsoleParts, MaintenanceConsole, probe_hub
from kiosk.maintenance.entry import EntryResult, TechnicianEntry
from kiosk.maintenance.vendor_mode import ModeState, VendorMode


@dataclass
class DiagnosticsMode:
    """Everything the technician's screens use."""

    entry: TechnicianEntry
    vendor: VendorMode
    console: MaintenanceConsole

    @classmethod
    def build(cls, parts: ConsoleParts, session: Any = None,
              poll_in_thread: bool = False) -> DiagnosticsMode:  # fmt: skip
        """Wire the mode over the terminal's ``parts`` and customer ``session``.

        ``parts.vendor`` may be None: one is made, a customer counting as busy while
        ``session`` is active.  ``poll_in_thread``: the session's end (on the GUI thread)
        checks a waiting request on a thread of its own, since that journals to disk.
        """
        cfg = parts.config
        if parts.vendor is None:
            parts.vendor = VendorMode(lambda: bool(session is not None and session.active),
                                      parts.journal)  # fmt: skip
        vendor = parts.vendor
        hub_url = cfg.operations.hub_url or cfg.hub.url
        entry = TechnicianEntry(
            cfg.maintenance, cfg.branch.terminal_id, cfg.data_path("maintenance_entry.json"),
            parts.journal, hub_reachable=lambda: bool(hub_url) and probe_hub(hub_url)["reachable"],
        )  # fmt: skip
        if session is not None:
            def on_end(s: Any, reason: str) -> None:
                if poll_in_thread:
                    threading.Thread(target=vendor.poll, name="vendor-mode", daemon=True).start()
                else:
                    vendor.poll()

            session.on_end(on_end)
        ops = parts.operations
        if ops is not None:
            def on_mode(state: ModeState, technician: str) -> None:
                ops.metrics.maintenance.state(str(state))
                ops.recorder.emit("maintenance.state", state=str(state),
                                  technician=technician or None)  # fmt: skip

            def on_entry(result: EntryResult) -> None:
                if not result.ok and result.reason != "pin_needs_code":
                    ops.metrics.entry_failures.inc()
                ops.recorder.emit("maintenance.entry", technician=result.technician or None,
                                  method=result.method, result=result.reason)  # fmt: skip

            vendor.on_change(on_mode)
            entry.observers.append(on_entry)
        return cls(entry, vendor, MaintenanceConsole(parts))

    def enter(self, technician: str, secret: str) -> tuple[EntryResult, ModeState]:
        """Check the credential; when it is good, request the mode (blocks: worker thread)."""
        result = self.entry.attempt(technician, secret)
        if not result.ok:
            return result, self.vendor.state
        return result, self.vendor.request(result.technician)

    def leave(self) -> ModeState:
        """Back to service."""
        return self.vendor.exit()
