"""Erlang C: how many servers (tellers, counters) answer a share of customers in time.

With arrivals at ``rate`` per second and a mean handling time ``aht`` seconds, the offered
load is ``A = rate * aht`` erlangs.  With ``n > A`` servers the probability that a customer
waits is Erlang C, and the share answered within ``t`` seconds is
``1 - C(n, A) * exp(-(n - A) * t / aht)``.  Erlang C is computed from Erlang B's stable
recursion (``B(0) = 1``, ``B(k) = A*B(k-1) / (k + A*B(k-1))``), which never overflows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability with ``servers`` and ``load`` erlangs (Erlang B)."""
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(servers: int, load: float) -> float:
    """Probability that a customer waits (1.0 when ``servers <= load``: the queue grows)."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return 1.0
    b = erlang_b(servers, load)
    return servers * b / (servers - load * (1 - b))


def service_level(servers: int, rate: float, aht: float, target_s: float) -> float:
    """Share of customers answered within ``target_s`` seconds."""
    load = rate * aht
    if load <= 0:
        return 1.0
    if servers <= load:
        return 0.0
    return 1.0 - erlang_c(servers, load) * math.exp(-(servers - load) * target_s / aht)


@dataclass(frozen=True)
class Advice:
    """Servers needed for one hour, with the inputs shown to staff."""

    rate_per_hour: float
    aht_s: float
    load_erlangs: float
    servers: int
    service_level: float
    wait_probability: float


def servers_needed(rate_per_hour: float, aht_s: float, target_s: float,
                   goal: float = 0.8, limit: int = 500) -> Advice:
    """The fewest servers answering ``goal`` of customers within ``target_s`` seconds."""
    rate = rate_per_hour / 3600.0
    load = rate * aht_s
    if load <= 0:
        return Advice(rate_per_hour, aht_s, 0.0, 0, 1.0, 0.0)
    n = max(1, math.floor(load) + 1)
    while n < limit and service_level(n, rate, aht_s, target_s) < goal:
        n += 1
    return Advice(rate_per_hour, aht_s, load, n, service_level(n, rate, aht_s, target_s),
                  erlang_c(n, load))
