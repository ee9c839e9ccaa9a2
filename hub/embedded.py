"""The hub a terminal starts beside itself by default: SQLite in the data folder, a demo teller.

``start_embedded_hub`` is what the terminal's start-up calls (``hub.start = true``): it serves
the teller console on this machine, creates a demo teller with a fresh password, enrols the
terminal with a fresh key, and returns what to print and what the terminal needs to call.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from hub import accounts
from hub.server import HubHandle, start_hub
from hub.settings import HubSettings

DEMO_TELLER = "teller"
DEMO_MANAGER = "manager"  # the branch manager who sees /ops/
DEMO_BRANCH = "demo-branch"
DEMO_COUNTER = "counter"  # counter staff and lobby manager on /counter/ (issue 12)
DEMO_DISPLAY = "display-1"  # the waiting-area display's read-only credential


@dataclass
class EmbeddedHub:
    """A running embedded hub and the credentials made for the demo."""

    handle: HubHandle
    console_url: str
    teller_username: str
    teller_password: str
    terminal_id: str
    terminal_key: str
    manager_password: str = ""
    counter_password: str = ""
    display_key: str = ""
    branch: str = DEMO_BRANCH

    @property
    def url(self) -> str:
        """The hub's base URL (for the terminal's hub client)."""
        return self.handle.url

    def banner(self) -> str:
        """What the terminal prints at start."""
        text = (f"Teller console: {self.console_url}  sign in as {self.teller_username} / "
                f"{self.teller_password}")
        text += f"\nPhone (pre-fill an application, book an appointment): {self.url}/m/"
        if self.manager_password:
            text += (f"\nOperations: {self.url}/ops/  sign in as {DEMO_MANAGER} / "
                     f"{self.manager_password}")
        if self.counter_password:
            text += (f"\nCounter: {self.url}/counter/  sign in as {DEMO_COUNTER} / "
                     f"{self.counter_password}")
        if self.display_key:
            text += f"\nDisplay: {self.url}/display/#device={DEMO_DISPLAY}&key={self.display_key}"
            text += f"\nBook an appointment: {self.url}/m/book/?branch={quote(self.branch)}"
        return text

    def stop(self) -> None:
        """Stop the hub."""
        self.handle.stop()


def start_embedded_hub(data_dir: str | Path, terminal_id: str = "terminal-1",
                       host: str = "127.0.0.1", port: int = 0,
                       branch: str = DEMO_BRANCH) -> EmbeddedHub:
    """Start a hub with ``data_dir/hub.db``, a demo teller and this terminal enrolled."""
    db = Path(data_dir).expanduser() / "hub.db"
    handle = start_hub(HubSettings(db_url=str(db), host=host, port=port))
    password, manager = secrets.token_urlsafe(9), secrets.token_urlsafe(9)
    counter = secrets.token_urlsafe(9)

    async def seed() -> tuple[str, str]:
        async with handle.hub.engine.begin() as conn:
            await accounts.ensure_person(conn, DEMO_TELLER, password,
                                         {"teller": [branch]}, display_name="Demo teller")
            await accounts.ensure_person(conn, DEMO_MANAGER, manager,
                                         {"branch_manager": [branch]},
                                         display_name="Demo branch manager")
            await accounts.ensure_person(conn, DEMO_COUNTER, counter,
                                         {"counter_staff": [branch], "lobby_manager": [branch]},
                                         display_name="Demo counter staff")
            display = await accounts.ensure_device(conn, DEMO_DISPLAY, "display", branch)
            return await accounts.ensure_device(conn, terminal_id, "terminal", branch), display

    try:
        key, display_key = handle.run(seed())
    except BaseException:
        handle.stop()
        raise
    return EmbeddedHub(handle, f"{handle.url}/console/", DEMO_TELLER, password, terminal_id, key,
                       manager_password=manager, counter_password=counter,
                       display_key=display_key, branch=branch)
