"""Hub test fixtures: a real PostgreSQL 15 server (session scope) and a database per test.

``db_url`` is parametrized: every hub storage test runs on a SQLite file and on PostgreSQL.
Other issues' hub tests reuse ``pg_server`` / ``db_url`` (import them from here).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pick_port():
    """``free_port`` as a fixture (test modules cannot import this conftest by name when the
    whole suite, with its other conftest files, is collected)."""
    return free_port


@dataclass
class PgServer:
    """A running PostgreSQL server on loopback (user ``kiosk``, trust auth)."""

    port: int
    datadir: Path

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy async URL for ``database``."""
        return f"postgresql+asyncpg://kiosk@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one SQL statement with psql; return its output."""
        out = subprocess.run(
            [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "kiosk",
             "-d", database, "-tAc", sql],
            check=True, capture_output=True, text=True, timeout=60,
        )
        return out.stdout

    def create_database(self) -> str:
        """A fresh, empty database; return its SQLAlchemy URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)


def _as_postgres(*cmd: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Start a throw-away PostgreSQL 15 in a temporary folder; stop it after the session."""
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL 15 is not installed ({PG_BIN}); make setup installs it")
        pytest.skip(f"PostgreSQL 15 not installed ({PG_BIN}): Debian package postgresql")
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    datadir = tmp / "data"
    datadir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(datadir, "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(datadir), "-A", "trust", "-U", "kiosk"),
        check=True, capture_output=True, timeout=120,
    )
    opts = (f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c max_connections=200")
    subprocess.run(
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(datadir), "-o", opts, "-l",
                     str(datadir / "server.log"), "-w", "start"),
        check=True, capture_output=True, timeout=120,
    )
    try:
        yield PgServer(port, datadir)
    finally:
        subprocess.run(
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(datadir), "-m", "fast", "-w", "stop"),
            capture_output=True, timeout=120,
        )
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh hub database URL: a SQLite file, then a database on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database()


@dataclass
class HubEnv:
    """A hub on a background thread with seeded people and devices (branch ``b1``)."""

    handle: object
    url: str
    keys: dict[str, str]
    passwords: dict[str, str]

    def token(self, username: str) -> str:
        """Sign ``username`` in over HTTP; return the bearer token."""
        import requests

        r = requests.post(f"{self.url}/api/auth/login", timeout=10,
                          json={"username": username, "password": self.passwords[username]})
        r.raise_for_status()
        return r.json()["token"]

    def bearer(self, username: str) -> dict[str, str]:
        """Authorization header of a signed-in person."""
        return {"Authorization": f"Bearer {self.token(username)}"}

    def device(self, device_id: str, key: str | None = None) -> dict[str, str]:
        """Authorization header of a device (its own key unless ``key`` is given)."""
        return {"Authorization": f"Device {device_id}:{key or self.keys[device_id]}"}


@pytest.fixture
def hub_env(db_url: str) -> Iterator[HubEnv]:
    """A hub on ``db_url`` with tellers ann and bob, supervisor sue, terminals t1, t2, t9 (other
    branch) and display d1."""
    from hub import accounts
    from hub.server import start_hub
    from hub.settings import HubSettings

    handle = start_hub(HubSettings(db_url=db_url, port=0, reconnect_grace_s=2.0))
    passwords = {"ann": "ann-pw-1", "bob": "bob-pw-2", "sue": "sue-pw-3"}

    async def seed() -> dict[str, str]:
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "ann", passwords["ann"], {"teller": ["b1"]},
                                         display_name="Ann")
            await accounts.create_person(conn, "bob", passwords["bob"], {"teller": ["b1"]})
            await accounts.create_person(conn, "sue", passwords["sue"],
                                         {"supervisor": ["b1"], "teller": ["b1"]})
            keys = {}
            for dev, kind, branch in (("t1", "terminal", "b1"), ("t2", "terminal", "b1"),
                                      ("t9", "terminal", "b9"), ("d1", "display", "b1")):
                keys[dev] = await accounts.enrol_device(conn, dev, kind, branch)
            return keys

    try:
        keys = handle.run(seed())
        yield HubEnv(handle, handle.url, keys, passwords)
    finally:
        handle.stop()
