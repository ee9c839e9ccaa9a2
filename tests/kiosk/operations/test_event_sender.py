"""The operations event queue and its sender against a tiny hub over real HTTP: nothing lost
while the hub is away, nothing doubled when an answer is lost, refusals handled."""

from __future__ import annotations

import time

import pytest
from ops_terminal import free_port
from tiny_hub import TinyHub

from kiosk.operations.events import EventError, EventQueue
from kiosk.operations.sender import EventSender


@pytest.fixture
def hub():
    h = TinyHub()
    yield h
    h.close()


def _fill(queue: EventQueue, n: int) -> list[str]:
    return [queue.add("journey.step", journey="transfer", run="abc", step=f"s{i}",
                      duration_s=i / 10) for i in range(n)]  # fmt: skip


def test_nothing_lost_while_the_hub_is_away_nothing_doubled_on_replay(tmp_path, hub):
    port = free_port()
    queue = EventQueue(tmp_path / "ops.db", "K7")
    ids = _fill(queue, 5)
    sender = EventSender(queue, f"http://127.0.0.1:{port}", hub.key, branch="Demo")
    assert sender.send_once() == 0 and sender.failures == 1  # nobody listens yet
    assert queue.depth() == 5
    queue.close()  # the terminal restarts while the hub is away
    queue = EventQueue(tmp_path / "ops.db", "K7")
    assert [e["id"] for e in queue.pending()] == ids
    sender = EventSender(queue, f"http://127.0.0.1:{port}", hub.key, branch="Demo")

    hub.start(port)
    hub.lose_answers = 1  # the hub stores the batch but the answer never arrives
    assert sender.send_once() == 0 and queue.depth() == 5
    assert sender.send_once() == 5 and queue.depth() == 0
    assert sorted(hub.stored) == sorted(ids) and hub.duplicates == 5
    assert {e["terminal_id"] for e in hub.stored.values()} == {"K7"}
    assert hub.stored[ids[3]]["fields"] == {"journey": "transfer", "run": "abc", "step": "s3",
                                            "duration_s": 0.3}  # fmt: skip
    sender.stop()
    queue.close()


def test_wrong_key_keeps_the_events_and_a_batch_too_large_is_split(tmp_path, hub):
    queue = EventQueue(tmp_path / "ops.db", "K7")
    ids = _fill(queue, 7)
    url = hub.start()
    wrong = EventSender(queue, url, "not-the-key")
    assert wrong.send_once() == 0 and queue.depth() == 7
    assert "refused the terminal key" in wrong.last_error
    hub.max_batch = 3
    right = EventSender(queue, url, hub.key, batch_size=7)
    assert right.send_once() == 7 and queue.depth() == 0
    assert sorted(hub.stored) == sorted(ids)
    wrong.stop()
    right.stop()
    queue.close()


def test_rejected_events_are_kept_aside_the_rest_delivered(tmp_path, hub):
    queue = EventQueue(tmp_path / "ops.db", "K7")
    good = _fill(queue, 2)
    bad = queue.add("device.fault", device="printer", state="offline", previous="online")
    url = hub.start()
    hub.reject_kinds = {"device.fault"}
    sender = EventSender(queue, url, hub.key)
    assert sender.send_once() == 3 and queue.depth() == 0
    assert sorted(hub.stored) == sorted(good)
    kept = {e["id"]: e for e in queue.all()}
    assert kept[bad]["rejected"] == "unknown kind" and kept[good[0]]["rejected"] is None
    sender.stop()
    queue.close()


def test_the_sender_thread_drains_and_wakes_on_new_events(tmp_path, hub):
    queue = EventQueue(tmp_path / "ops.db", "K7")
    url = hub.start()
    sender = EventSender(queue, url, hub.key, interval=30.0)  # only a wake can send soon
    sender.start()
    ids = _fill(queue, 3)
    sender.wake()
    deadline = time.monotonic() + 10
    while queue.depth() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert queue.depth() == 0 and sorted(hub.stored) == sorted(ids)
    sender.stop()
    queue.close()


@pytest.mark.parametrize(
    "kind, fields, message",
    [
        ("journey.step", {"step": "payee", "name": "Li Na"}, "not allowed"),
        ("session.end", {"reason": "张伟"}, "plain names"),
        ("device.fault", {"device": "printer", "state": "6222020200112233"}, "ID or account"),
        ("journey.end", {"outcome": "completed", "duration_s": 110105198001010015},
         "too large"),
        ("customer.seen", {}, "unknown operations event kind"),
    ],
)
def test_the_queue_refuses_personal_data_with_a_clear_message(tmp_path, kind, fields, message):
    queue = EventQueue(tmp_path / "ops.db")
    with pytest.raises(EventError, match=message):
        queue.add(kind, **fields)
    assert queue.depth() == 0
    queue.close()
