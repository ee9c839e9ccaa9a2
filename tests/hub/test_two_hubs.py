"""Two hub processes on one PostgreSQL serve one fleet: a terminal on hub A, a teller on hub B.

Also: two tellers on different hubs race for one call (one wins), and hub A restarts while
the terminal waits in the queue (the terminal reconnects, the call is still there).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from hub.testpeer import TellerBot
from kiosk.teller import events as ev
from kiosk.teller.link import TellerLink

ROOT = Path(__file__).resolve().parents[2]


class HubProcess:
    """``kiosk hub`` in a child process."""

    def __init__(self, db: str, port: int, supervisor: str) -> None:
        self.db, self.port, self.supervisor = db, port, supervisor
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> HubProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "hub", "--port", str(self.port), "--db", self.db,
             "--supervisor", self.supervisor],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("supervisor:"):
                return self
            if not line and self.proc.poll() is not None:
                break
        self.stop()
        pytest.fail(f"kiosk hub did not start on {self.port}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def test_terminal_on_hub_a_teller_on_hub_b(pg_server, pick_port) -> None:
    db = pg_server.create_database()
    hub_a = HubProcess(db, pick_port(), "sue:sue-pw").start()
    hub_b = HubProcess(db, pick_port(), "tom:tom-pw").start()
    link = None
    try:
        sue = requests.post(f"{hub_a.url}/api/auth/login", timeout=10,
                            json={"username": "sue", "password": "sue-pw"}).json()["token"]
        key = requests.post(f"{hub_a.url}/api/devices", timeout=10,
                            headers={"Authorization": f"Bearer {sue}"},
                            json={"id": "t1", "kind": "terminal", "branch": "b1"}).json()["key"]
        link = TellerLink(hub_a.url, "t1", key, video=None).start()
        assert link.connected_to_hub

        async def go():
            tom = TellerBot(hub_b.url, "tom", "tom-pw")  # signed in on hub B
            sue_bot = TellerBot(hub_a.url, "sue", "sue-pw")
            await tom.sign_in()
            try:
                link.call("help", "zh", session_ref="S-2H")
                await asyncio.to_thread(link.wait_for, ev.QUEUED, 15)
                # Hub A restarts while the terminal waits: it reconnects, the call waits on.
                hub_a.stop()
                await asyncio.to_thread(link.wait_for, ev.NETWORK_LOST, 15)
                hub_a.start()
                await asyncio.to_thread(link.wait_for, ev.RECONNECTED, 30)
                requeued = await asyncio.to_thread(link.wait_for, ev.QUEUED, 15)
                assert requeued.data["position"] == 1

                call = await tom.wait_for_call()  # the queue event crossed to hub B
                assert call["terminal_id"] == "t1"
                # Two tellers on two hubs take the next call at once: exactly one gets it.
                await sue_bot.sign_in()
                results = await asyncio.gather(tom.api("POST", "/api/calls/next"),
                                               sue_bot.api("POST", "/api/calls/next"))
                statuses = sorted(s for s, _ in results)
                assert statuses == [200, 204], results
                winner = tom if results[0][0] == 200 else sue_bot
                winner.call_id = call["id"]
                winner._ice = next(b for s, b in results if s == 200)["ice_servers"]
                await winner.offer()  # the offer goes A<->B through NOTIFY
                await asyncio.to_thread(link.wait_for, ev.REMOTE_VIDEO, 20)
                for _ in range(100):
                    if winner.stats.audio_frames > 10:
                        break
                    await asyncio.sleep(0.1)
                assert winner.stats.audio_frames > 10  # the terminal's tone reached hub B's side
                link.publish_state("home", {"step": 1})
                assert (await winner.next_message("state"))["fields"] == {"step": 1}
                await winner.send({"type": "hangup"})
                ended = await asyncio.to_thread(link.wait_for, ev.ENDED, 15)
                assert ended.data["call_id"] == call["id"]
            finally:
                await tom.close()
                await sue_bot.close()

        asyncio.run(go())
    finally:
        if link is not None:
            link.stop()
        hub_a.stop()
        hub_b.stop()


def test_the_bus_survives_losing_its_postgresql_connections(pg_server) -> None:
    from hub import accounts
    from hub.server import start_hub
    from hub.settings import HubSettings

    db = pg_server.create_database()
    handle = start_hub(HubSettings(db_url=db, port=0))

    async def seed():
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "ann", "ann-pw", {"teller": ["b1"]})
            return await accounts.enrol_device(conn, "t1", "terminal", "b1")

    link = None
    try:
        key = handle.run(seed())
        name = db.rsplit("/", 1)[1]
        # Every connection of the hub to its database is cut (a PostgreSQL fail-over).
        cut = pg_server.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                             f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
        assert int(cut) >= 2  # at least the bus's LISTEN and NOTIFY connections
        link = TellerLink(handle.url, "t1", key, video=None, audio=None).start()

        async def go():
            bot = TellerBot(handle.url, "ann", "ann-pw")
            await bot.sign_in()
            try:
                link.call("help", "zh")
                call = await bot.wait_for_call()  # the queue event went through NOTIFY again
                assert (await bot.accept(call["id"]))[0] == 200
                await asyncio.to_thread(link.wait_for, ev.ACCEPTED, 15)
            finally:
                await bot.close()

        asyncio.run(go())
    finally:
        if link is not None:
            link.stop()
        handle.stop()
