"""OutboxSender: a background thread that sends queued actions to the core, oldest first.

A definite refusal (typed 4xx) parks the action with its error code; an unavailable core or
a malformed answer puts it back in the queue with exponential backoff, to be resent with the
same idempotency keys.  Actions are sent one at a time so their order is kept.

Two refusals are not definite.  A 400 saying the body could not be read (the terminal built
that body, so it was cut on the way) proves no command ran; the core may have stored that
400 under the key, so the action is resent under fresh keys, at most ``max_rekeys`` times.
And when the outcome of an action cannot be recorded (the disk is full), the action is not
left "in flight": it goes back to the queue as soon as the outbox can be written again,
while the sender keeps running.
"""

from __future__ import annotations

import fcntl
import logging
import random
import threading
import time

from kiosk.corebank import errors as E
from kiosk.corebank.client import FineractClient
from kiosk.journal import Journal, PersonalDataError
from kiosk.logs import log_event
from kiosk.outbox.handlers import HANDLERS, Steps, retried_refusal
from kiosk.outbox.store import ActionRecord, Outbox

log = logging.getLogger(__name__)


class OutboxSender:
    """Sends an outbox's actions through a ``FineractClient`` in its own thread."""

    def __init__(
        self,
        outbox: Outbox,
        client: FineractClient,
        journal: Journal | None = None,
        *,
        backoff: float = 0.5,
        backoff_max: float = 30.0,
        idle_poll: float = 0.5,
        max_rekeys: int = 3,
        retention: float | None = None,
    ) -> None:
        self.outbox, self.client, self.journal = outbox, client, journal
        self.backoff, self.backoff_max, self.idle_poll = backoff, backoff_max, idle_poll
        self.max_rekeys = max_rekeys
        #: Seconds finished actions are kept (None: for ever); purged about hourly.
        self.retention = retention
        self._purged_at = float("-inf")
        # Claimed actions whose outcome could not be recorded: put back once writes work.
        self._stranded: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Only the outbox's one owner may put "in flight" actions back in the queue: another
        # live sender (a second process, say) may be sending them right now.
        self._owner_file = None
        lock_path = self.outbox.path.with_name(self.outbox.path.name + ".sender.lock")
        owner = open(lock_path, "a")  # noqa: SIM115 - held for the sender's lifetime
        try:
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            owner.close()
            log.warning("another sender owns this outbox; in-flight actions left to it")
        else:
            self._owner_file = owner
            self.outbox.recover()

    @property
    def owner(self) -> bool:
        """True when this sender holds the outbox (and so recovered its in-flight actions)."""
        return self._owner_file is not None

    def start(self) -> None:
        """Start the sending thread (idempotent)."""
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="outbox-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to stop after the current action and wait for it."""
        self._stop.set()
        self.outbox.wakeup.set()
        if self._thread:
            self._thread.join(timeout)
        self.release()

    def release(self) -> None:
        """Give up ownership of the outbox (the process's exit does the same)."""
        if self._owner_file is not None:
            fcntl.flock(self._owner_file, fcntl.LOCK_UN)
            self._owner_file.close()
            self._owner_file = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._requeue_stranded()
                self._purge_old()
                busy = self.drain_once()
            except Exception:  # e.g. the disk is full: keep the thread, try again later
                log.exception("outbox sender: cannot read the outbox")
                busy = 0
                self._stop.wait(self.backoff_max / 10)
            if not busy:
                self.outbox.wakeup.wait(self.idle_poll)
                self.outbox.wakeup.clear()

    def drain_once(self) -> int:
        """Send every action that is due now; return how many were attempted."""
        n = 0
        while not self._stop.is_set():
            rec = self.outbox.claim_next()
            if rec is None:
                break
            try:
                self.process(rec)
            except Exception:  # its outcome could not be written (disk full, I/O error)
                self._stranded.add(rec.action_id)
                raise
            n += 1
        return n

    def _purge_old(self) -> None:
        now = time.monotonic()
        if self.retention is not None and self.owner and now - self._purged_at > 3600:
            self._purged_at = now
            self.outbox.purge(self.retention)

    def _requeue_stranded(self) -> None:
        """Put actions whose outcome could not be recorded back in the queue (same keys).

        The core may have run them: resent with the same keys, it replays its stored answer.
        """
        for action_id in sorted(self._stranded):
            self.outbox.recover_one(action_id)  # raises while the disk is still full
            self._stranded.discard(action_id)

    def process(self, rec: ActionRecord) -> None:
        """Run one claimed action to done, parked or back to the queue."""
        handler = HANDLERS.get(rec.kind)
        try:
            if handler is None:
                raise KeyError(f"no handler for kind {rec.kind!r}")
            result = handler(Steps(self.outbox, self.client, rec))
        except E.CorebankError as err:
            if isinstance(err, E.ValidationFailed) and err.code in E.BODY_UNREAD_CODES:
                again = self.outbox.rekey(rec.action_id, err.code,
                                          "the core could not read the request body (cut on "
                                          "the way); resent under fresh keys",
                                          self.max_rekeys)  # fmt: skip
                self._journal("outbox.rekeyed" if again else "outbox.parked", rec, code=err.code)
                return
            if retried_refusal(err):  # a date refused (a body never read is handled above)
                # The core refused a date the terminal took from it (its date moved since):
                # ask again and resume the remaining steps later, never half done and parked.
                self.client.forget_business_date()
                # The refusal is stored under the key: the next try needs fresh keys.
                self.outbox.retry_later(rec.action_id, err.code,
                                        f"the core refused the date: {err}", self.backoff_max,
                                        fresh_keys=True)  # fmt: skip
                self._journal("outbox.date_fault", rec, code=err.code)
                log_event(log, "outbox.date_fault", kind=rec.kind, code=err.code)
                return
            if err.transient:
                delay = min(self.backoff * 2 ** (rec.attempts - 1), self.backoff_max)
                delay *= 0.75 + random.random() / 2
                self.outbox.retry_later(rec.action_id, err.code, str(err), delay)
                self._journal("outbox.retry", rec, code=err.code)
            else:
                self.outbox.park(rec.action_id, err.code, err.message)
                self._journal("outbox.parked", rec, code=err.code)
                log_event(log, "outbox.parked", kind=rec.kind, code=err.code)
            return
        except (KeyError, TypeError, ValueError) as exc:  # a malformed payload: no retry helps
            self.outbox.park(rec.action_id, "outbox.invalid.payload", f"invalid action: {exc}")
            self._journal("outbox.parked", rec, code="outbox.invalid.payload")
            return
        except Exception as exc:  # a bug or a local fault: keep the action, retry later
            log.exception("outbox sender: %s failed unexpectedly", rec.kind)
            self.outbox.retry_later(rec.action_id, "outbox.internal.error",
                                    f"{type(exc).__name__}: {exc}", self.backoff_max)  # fmt: skip
            return
        # Journal first: once the customer can see "done", the journal already holds it.
        try:
            self._journal("outbox.done", rec)
        except Exception as exc:  # e.g. disk full: not done yet, but never stuck "in flight"
            log.exception("outbox sender: journal append failed for %s", rec.kind)
            # Sent again later with the same keys, the core replays its stored answers.
            self.outbox.retry_later(rec.action_id, "outbox.journal.error",
                                    f"journal: {type(exc).__name__}", self.backoff_max)  # fmt: skip
            return
        self.outbox.finish(rec.action_id, result)

    def _journal(self, kind: str, rec: ActionRecord, **fields: object) -> None:
        if self.journal is None:
            return
        try:
            self.journal.append(kind, action=rec.action_id, action_kind=rec.kind,
                                attempts=rec.attempts, **fields)  # fmt: skip
        except PersonalDataError:
            self.journal.append(kind, action="<withheld>", action_kind=rec.kind, **fields)
