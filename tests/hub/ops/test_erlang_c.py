"""Erlang C against values computed independently here (the textbook sum with exact
fractions), and an exact hand-worked case."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from hub.ops.erlang import erlang_c, servers_needed, service_level


def _textbook_c(n: int, a: Fraction) -> Fraction:
    """P(wait) = (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A))."""
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


def test_two_erlangs_on_three_servers_is_four_ninths() -> None:
    # By hand: top = 8/6 * 3 = 4, sum = 1 + 2 + 2 = 5, so 4 / 9.
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9, rel=1e-12)


@pytest.mark.parametrize(("n", "a"), [(1, "0.5"), (5, "4.2"), (13, "10"), (30, "24"),
                                      (80, "71.5")])
def test_matches_the_textbook_sum(n: int, a: str) -> None:
    assert erlang_c(n, float(a)) == pytest.approx(float(_textbook_c(n, Fraction(a))), rel=1e-9)


def test_overloaded_and_idle() -> None:
    assert erlang_c(4, 4.0) == 1.0 and erlang_c(3, 0.0) == 0.0
    assert service_level(4, 1 / 60, 240, 20) == 0.0  # 4 erlangs on 4 servers: the queue grows


def test_servers_needed_is_the_fewest_meeting_the_goal() -> None:
    # 100 customers an hour, 3 minutes each: 5 erlangs; 80% answered within 60 s.
    advice = servers_needed(100, 180, 60, 0.8)
    assert advice.load_erlangs == pytest.approx(5.0)

    def level(n: int) -> float:
        c = float(_textbook_c(n, Fraction(5)))
        return 1 - c * math.exp(-(n - 5) * 60 / 180)

    assert level(advice.servers) >= 0.8 > level(advice.servers - 1)
    assert advice.service_level == pytest.approx(level(advice.servers), rel=1e-9)
    assert servers_needed(0, 180, 60).servers == 0
