"""Hub-side operations figures, used by bench/operations.py (``--hub`` runs only these).

- ``dashboard_query_ms_sqlite`` / ``dashboard_query_ms_postgresql``: the whole ``/ops/``
  summary (every chart, warnings, staffing advice) for one branch over a month, computed on
  a generated month of 50 terminals in 10 branches (200 sessions a terminal a day, ~10
  events a session: ~3 million events, loaded in bulk: COPY on PostgreSQL, executemany in
  one transaction on SQLite); median of 5 after one warm-up.  ``*_fleet`` is the same for
  all 50 terminals at once (a supervisor of every branch).
- ``events_ingest_per_s``: events stored per second through the real ``POST /api/events``
  (4 client threads, batches of 200, a hub on a SQLite file; ``_postgresql`` on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from itertools import islice
from pathlib import Path

import requests

from hub import accounts
from hub.ops import dashboard
from hub.ops.bulk import load_rows
from hub.ops.synthetic import month_rows
from hub.server import start_hub
from hub.settings import HubSettings
from hub.storage.engine import create_engine, migrate

ROOT = Path(__file__).resolve().parents[1]
MONTH_START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp()
TERMINALS, BRANCHES, DAYS, SESSIONS = 50, 10, 30, 200


def _pg_fixture_module():
    spec = importlib.util.spec_from_file_location("hub_test_conftest",
                                                  ROOT / "tests" / "hub" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class Postgres:
    """A throw-away PostgreSQL 15 like the tests' fixture (loopback, temporary folder)."""

    def __init__(self) -> None:
        m = _pg_fixture_module()
        self.m, self.tmp = m, Path(tempfile.mkdtemp(prefix="kiosk-pg-bench-"))
        data = self.tmp / "data"
        data.mkdir()
        if m.os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres")
            shutil.chown(data, "postgres")
        self.port, self.data = m.free_port(), data
        subprocess.run(m._as_postgres(str(m.PG_BIN / "initdb"), "-D", str(data), "-A", "trust",
                                      "-U", "kiosk"), check=True, capture_output=True)
        opts = f"-p {self.port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=100"
        subprocess.run(m._as_postgres(str(m.PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts,
                                      "-l", str(data / "server.log"), "-w", "start"),
                       check=True, capture_output=True)
        self.server = m.PgServer(self.port, data)

    def stop(self) -> None:
        subprocess.run(self.m._as_postgres(str(self.m.PG_BIN / "pg_ctl"), "-D", str(self.data),
                                           "-m", "fast", "-w", "stop"), capture_output=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


async def _dashboard(url: str) -> dict:
    engine = create_engine(url)
    await migrate(engine)
    t0 = time.perf_counter()
    n = await load_rows(engine, month_rows(TERMINALS, DAYS, SESSIONS, start=MONTH_START,
                                           branches=BRANCHES))
    load_s = time.perf_counter() - t0  # load_rows analyses the tables in its transaction
    end = MONTH_START + DAYS * 86400
    out = {"events": n, "load_s": round(load_s, 1)}
    for label, branches in (("branch", ("branch-3",)),
                            ("fleet", tuple(f"branch-{i}" for i in range(BRANCHES)))):
        q = dashboard.Query(branches, MONTH_START, end)
        times = []
        for _ in range(6):
            async with engine.connect() as conn:
                t0 = time.perf_counter()
                s = await dashboard.summary(conn, q, end)
                times.append((time.perf_counter() - t0) * 1000)
        out[label] = {"median_ms": round(statistics.median(times[1:]), 1),
                      "max_ms": round(max(times[1:]), 1),
                      "sessions": sum(h["sessions"] for h in s["sessions_per_hour"])}
    await engine.dispose()
    return out


def _ingest(url: str, events: int = 24_000, threads: int = 4, batch: int = 200) -> float:
    handle = start_hub(HubSettings(db_url=url, port=0))
    try:
        async def seed() -> str:
            async with handle.hub.engine.begin() as conn:
                return await accounts.enrol_device(conn, "T-bench", "terminal", "branch-0")

        key = handle.run(seed())
        rows = [{"id": r["id"], "ts": dt.datetime.fromtimestamp(r["ts"], dt.UTC).isoformat(),
                 "kind": r["kind"], "fields": json.loads(r["fields"])}
                for r in islice(month_rows(1, 30, 400, start=MONTH_START,
                                           seed=uuid.uuid4().int % 1000), events)]
        chunks = [rows[i:i + batch] for i in range(0, len(rows), batch)]
        stored = [0] * threads

        def worker(k: int) -> None:
            with requests.Session() as s:
                for body in chunks[k::threads]:
                    r = s.post(f"{handle.url}/api/events", json={"events": body}, timeout=60,
                               headers={"Authorization": f"Bearer {key}"})
                    r.raise_for_status()
                    stored[k] += r.json()["accepted"]

        t0 = time.perf_counter()
        pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        elapsed = time.perf_counter() - t0
        assert sum(stored) == len(rows), (sum(stored), len(rows))
        return len(rows) / elapsed
    finally:
        handle.stop()


def hub_figures() -> dict:
    """Every hub-side figure (loads ~3M events twice: minutes)."""
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite+aiosqlite:///{Path(tmp) / 'month.db'}"
        d = asyncio.run(_dashboard(sqlite))
        result |= {"dashboard_query_ms_sqlite": d["branch"]["median_ms"],
                   "dashboard_query_ms_sqlite_fleet": d["fleet"]["median_ms"],
                   "dashboard_sqlite_detail": d}
        print("sqlite:", json.dumps(d), flush=True)  # a later failure keeps this much
        result["events_ingest_per_s"] = round(_ingest(
            f"sqlite+aiosqlite:///{Path(tmp) / 'ingest.db'}"))
    pg = Postgres()
    try:
        d = asyncio.run(_dashboard(pg.server.create_database()))
        result |= {"dashboard_query_ms_postgresql": d["branch"]["median_ms"],
                   "dashboard_query_ms_postgresql_fleet": d["fleet"]["median_ms"],
                   "dashboard_postgresql_detail": d}
        print("postgresql:", json.dumps(d), flush=True)
        result["events_ingest_per_s_postgresql"] = round(_ingest(pg.server.create_database()))
    finally:
        pg.stop()
    return result
