"""The 1:N match's rules, the template sealing and the suggested service (no models)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kiosk.recognition.arrival import GENERIC, suggested_service
from kiosk.recognition.gallery import Gallery
from kiosk.recognition.sealing import Person, TemplateSealer, TemplateUnreadable, new_template_id


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=128)
    return v / np.linalg.norm(v) * 0.6


def test_gallery_matches_within_threshold_and_refuses_ambiguity() -> None:
    a, b = _unit(1), _unit(2)
    g = Gallery(threshold=0.4, margin=0.05)
    assert g.match(a) is None  # empty
    g.replace({"a": a, "b": b})
    near_a = a + _unit(3) / 0.6 * 0.2  # 0.2 away from a
    found = g.match(near_a)
    assert found is not None and found.template_id == "a" and found.distance <= 0.4
    assert g.match(_unit(4)) is None  # a stranger
    twin = {"a": a, "a2": a + 1e-3}
    g.replace(twin)
    assert g.match(a) is None  # two templates equally near: could be either person
    g.remove("a2")
    assert "a2" not in g and len(g) == 1 and g.match(a).template_id == "a"


def test_sealed_template_is_bound_to_its_branch_and_id() -> None:
    secret = bytes(32)
    sealer = TemplateSealer(secret, "b1")
    tid, other = new_template_id(), new_template_id()
    assert tid.isalpha() and len(tid) == 32 and tid != other
    sealed = sealer.seal(tid, _unit(5), Person("11010519491231002X", "13800138000"))
    assert "11010519491231002X" not in sealed and "13800138000" not in sealed
    assert sealer.open_person(tid, sealed).mobile == "13800138000"
    with pytest.raises(TemplateUnreadable):
        sealer.open_face(other, sealed)  # copied under another id
    with pytest.raises(TemplateUnreadable):
        TemplateSealer(secret, "b2").open_face(tid, sealed)
    parts = json.loads(sealed)
    body = parts["face"]
    parts["face"] = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    with pytest.raises(TemplateUnreadable):
        sealer.open_face(tid, json.dumps(parts))  # tampered with
    with pytest.raises(ValueError):
        sealer.seal(tid, np.zeros(64), Person("x"))


def test_suggested_service_from_pending_items() -> None:
    assert suggested_service(None) == GENERIC
    assert suggested_service([{"kind": "unknown"}]) == GENERIC
    assert suggested_service([{"kind": "appointment"}, {"kind": "open_account"}]) == \
        "appointment_checkin"
    assert suggested_service([{"service": "card_application"}]) == "card_application"
