"""EventSender: posts the queued operations events to the hub in batches, on its own thread.

The contract (docs/operations.md, "Hub contract: POST /api/events")::

    POST {hub_url}/api/events
    Authorization: Bearer {terminal_key}
    {"terminal_id": "K7", "branch": "...", "events": [{"id", "ts", "kind", "fields"}, ...]}

    200 {"accepted": N, "duplicates": M}      every event of the batch is stored (new or seen)
    422 {"rejected": [{"id": ..., "error": ...}]}  the others are stored; these never will be
    401 / 403                                 wrong key: nothing stored, retried later
    413                                       batch too large: resent in halves
    anything else, or no answer               nothing assumed stored, retried with backoff

An event leaves the queue only on the hub's answer, and the hub de-duplicates by event id,
so a lost answer or a crash between POST and acknowledgement resends without doubling.
"""

from __future__ import annotations

import logging
import random
import threading
from typing import Any

import requests

from kiosk.logs import log_event
from kiosk.operations.events import EventQueue

log = logging.getLogger(__name__)


class EventSender:
    """Drains an :class:`EventQueue` to the hub.

    Args:
        queue: the durable queue.
        hub_url: the hub's base URL (``http://host:port``).
        terminal_key: the bearer token the hub issued this terminal.
        branch: sent with each batch so the hub files the events under the branch.
        batch_size: events per POST at most.
        interval: seconds between polls of an empty queue.
        backoff_max: the longest wait after failures.
    """

    def __init__(
        self,
        queue: EventQueue,
        hub_url: str,
        terminal_key: str,
        *,
        branch: str = "",
        batch_size: int = 200,
        interval: float = 5.0,
        backoff_max: float = 60.0,
        timeout: float = 10.0,
    ) -> None:
        self.queue, self.url = queue, hub_url.rstrip("/") + "/api/events"
        self.key, self.branch = terminal_key, branch
        self.batch_size, self.interval, self.backoff_max = batch_size, interval, backoff_max
        self.timeout = timeout
        self.failures = 0
        self.last_error = ""
        self._http = requests.Session()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the sending thread (idempotent)."""
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="ops-event-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the current batch."""
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)
        self._http.close()

    def wake(self) -> None:
        """Send now rather than at the next poll (new events, hub back)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.send_once()
            except Exception:  # a bug or a full disk: keep the thread, retry later
                log.exception("operations event sender failed")
                sent, self.failures = 0, self.failures + 1
            if sent and not self.failures:
                continue  # more may wait: drain before sleeping
            wait = self.interval
            if self.failures:
                wait = min(self.interval * 2 ** min(self.failures, 10), self.backoff_max)
                wait *= 0.75 + random.random() / 2
            self._wake.wait(wait)
            self._wake.clear()

    def send_once(self) -> int:
        """Post one batch; return how many events the hub took (0 on failure or nothing)."""
        batch = self.queue.pending(self.batch_size)
        return self._post(batch) if batch else 0

    def _post(self, batch: list[dict[str, Any]]) -> int:
        body = {"terminal_id": self.queue.terminal_id, "branch": self.branch, "events": batch}
        headers = {"Authorization": f"Bearer {self.key}"}
        try:
            resp = self._http.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            return self._failed(f"hub unreachable: {type(exc).__name__}")
        ids = [e["id"] for e in batch]
        if resp.status_code in (200, 201, 202):
            self.failures, self.last_error = 0, ""
            return self.queue.mark_sent(ids) or len(ids)
        if resp.status_code == 422:
            rejected = self._rejected(resp)
            if not rejected:  # nothing named: assume nothing stored
                return self._failed("hub answered 422 without naming the rejected events")
            for event_id, error in rejected.items():
                self.queue.reject(event_id, error)
                log_event(log, "operations event rejected by the hub", level=logging.ERROR,
                          event=event_id, error=error)  # fmt: skip
            self.queue.mark_sent([i for i in ids if i not in rejected])
            self.failures = 0
            return len(ids)
        if resp.status_code == 413 and len(batch) > 1:
            half = len(batch) // 2
            return self._post(batch[:half]) + self._post(batch[half:])
        if resp.status_code in (401, 403):
            return self._failed(f"hub refused the terminal key ({resp.status_code})")
        return self._failed(f"hub answered {resp.status_code}")

    @staticmethod
    def _rejected(resp: requests.Response) -> dict[str, str]:
        try:
            items = resp.json().get("rejected", [])
            return {str(i["id"]): str(i.get("error", "rejected")) for i in items}
        except (ValueError, AttributeError, KeyError, TypeError):
            return {}

    def _failed(self, reason: str) -> int:
        self.failures += 1
        if reason != self.last_error:
            log.warning("operations events kept for later: %s", reason)
        self.last_error = reason
        return 0
