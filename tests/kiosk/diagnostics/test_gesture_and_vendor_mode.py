"""The hidden corner gesture and the VendorMode handshake, on their own."""

from __future__ import annotations

from kiosk.maintenance.gesture import CornerGesture
from kiosk.maintenance.vendor_mode import ModeState, VendorMode


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def test_two_corners_in_turn_within_the_time_open_the_pad():
    clock = Clock()
    g = CornerGesture(clock=clock)
    assert not g.held("bottom_right")  # wrong order
    assert not g.held("top_left")
    clock.now += 11  # too slow
    assert not g.held("bottom_right")
    assert not g.held("top_left")
    assert not g.held("top_left")  # the same corner twice starts again
    clock.now += 3
    assert g.held("bottom_right")
    assert not g.held("bottom_right")  # done: the next needs the whole gesture


def test_handshake_waits_for_the_customer_and_each_change_is_told():
    busy = {"customer": True}
    seen = []
    vm = VendorMode(lambda: busy["customer"])
    vm.on_change(lambda state, tech: seen.append((str(state), tech)))
    assert vm.request("T01") is ModeState.REQUESTED and vm.blocks_customers
    assert vm.request("T02") is ModeState.REQUESTED  # one request at a time
    assert vm.poll() is ModeState.REQUESTED
    busy["customer"] = False
    assert vm.poll() is ModeState.ACTIVE and vm.technician == "T01"
    assert vm.exit() is ModeState.SERVICE and vm.technician == ""
    assert vm.request("T02") is ModeState.ACTIVE  # nobody waiting: straight in
    vm.exit()
    busy["customer"] = True
    vm.request("T01")
    assert vm.cancel() is ModeState.SERVICE and not vm.blocks_customers
    assert seen == [("requested", "T01"), ("acknowledged", "T01"), ("active", "T01"),
                    ("service", "T01"), ("requested", "T02"), ("acknowledged", "T02"),
                    ("active", "T02"), ("service", "T02"), ("requested", "T01"),
                    ("service", "T01")]  # fmt: skip
