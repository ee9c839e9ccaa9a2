"""Co-browsing as structured state: a journey's view snapshot as the teller console shows it.

``view_state(view)`` turns a ``kiosk.flows.view.JourneyView`` into the ``(screen, fields)``
that ``TellerLink.publish_state`` sends (ID and account numbers are masked there).  Field
names are the journey's own draft/form keys, so a teller's correction of ``amount`` is the
draft the amount screen shows once the customer confirms it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.flows.view import JourneyView


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def view_state(view: JourneyView) -> tuple[str, dict[str, Any]]:
    """The screen id (``journey.step``) and its form state, JSON-ready."""
    screen = f"{view.name}.{'ended' if view.ended else view.step}"
    fields: dict[str, Any] = {}
    for key, entry in view.form.items():  # prefilled form: {"value": ..., "editable": ...}
        fields[key] = _plain(entry.get("value") if isinstance(entry, dict) else entry)
    for key, value in view.inputs.items():  # what was typed per step ("payee_input": {...})
        if isinstance(value, dict):
            fields.update(_plain(value))
        else:
            fields[key.removesuffix("_input")] = _plain(value)
    fields.update(_plain(view.draft))  # what is being typed now wins
    if view.summary:
        fields["summary"] = _plain(view.summary)
    if view.errors:
        fields["errors"] = dict(view.errors)
    if view.message_key:
        fields["message"] = view.message_key
    return screen, fields
