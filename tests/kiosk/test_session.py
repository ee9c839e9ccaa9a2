"""The Qt-free session machine, driven by a fake clock."""

from __future__ import annotations

import pytest

from kiosk.session import Session, SessionState


class Clock:
    def __init__(self):
        self.now = 50.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def session(clock):
    return Session(idle_seconds=60, countdown_seconds=20, clock=clock)


def test_idle_until_started(session, clock):
    assert session.state is SessionState.IDLE and not session.active
    clock.now += 1000
    assert session.tick() is SessionState.IDLE
    session.touch()  # a touch without a session starts nothing
    assert not session.active
    assert session.idle_for() == 0


def test_warning_then_timeout_wipes(session, clock):
    ended, states = [], []
    session.on_end(lambda s, reason: ended.append((reason, dict(s.personal))))
    session.on_state_change(lambda s, state: states.append(state))
    sid = session.start()
    assert len(sid) == 12 and session.active
    session.personal["id_number"] = "11010519491231002X"
    clock.now += 59.9
    assert session.tick() is SessionState.ACTIVE
    clock.now += 0.1
    assert session.tick() is SessionState.WARNING
    assert session.countdown_remaining() == pytest.approx(20)
    clock.now += 19.9
    assert session.tick() is SessionState.WARNING
    assert session.countdown_remaining() == pytest.approx(0.1)
    clock.now += 0.1
    assert session.tick() is SessionState.IDLE
    assert ended == [("timeout", {})]  # listeners see the data already wiped
    assert session.personal == {} and session.id == ""
    assert states == ["active", "warning", "idle"]


def test_touch_restarts_idle_time_but_does_not_answer_the_warning(session, clock):
    session.start()
    clock.now += 50
    session.touch()
    clock.now += 50
    assert session.tick() is SessionState.ACTIVE
    clock.now += 10
    assert session.tick() is SessionState.WARNING
    session.touch()  # the press on "No, end session" must not dismiss the question
    assert session.tick() is SessionState.WARNING
    session.extend()  # "Yes, I need more time"
    assert session.tick() is SessionState.ACTIVE
    clock.now += 59
    assert session.tick() is SessionState.ACTIVE


def test_late_tick_still_times_out(session, clock):
    """A stalled timer that fires late must not give the customer extra time."""
    session.start()
    clock.now += 60 + 20 + 5
    assert session.tick() is SessionState.IDLE


def test_end_reasons_and_idempotence(session):
    reasons = []
    session.on_end(lambda s, reason: reasons.append(reason))
    session.start()
    session.personal["name"] = "张伟"
    held = session.personal
    session.end("cancel")
    session.end("cancel")  # already ended: nothing happens
    assert reasons == ["cancel"]
    assert held == {}  # the old dict is emptied in place, not just replaced
    session.start()
    session.end("finish")
    assert reasons == ["cancel", "finish"]


def test_new_session_new_id(session):
    a = session.start()
    assert session.start() == a  # starting again while active keeps the session
    session.end("finish")
    assert session.start() != a


@pytest.mark.parametrize(("idle", "countdown"), [(0, 10), (10, 0), (-1, 5)])
def test_rejects_non_positive_times(idle, countdown):
    with pytest.raises(ValueError):
        Session(idle, countdown)
