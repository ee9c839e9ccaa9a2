"""Sample states of the pre-filled journey for ``make screenshots`` (``JourneySpec.samples``).

Real journeys against a real hub: applications are posted to the samples' embedded hub
(:func:`ui.journeys.queue_samples.linked_services`) as the phone form would, then loaded by
code; identity is given as the devices would have delivered it (ui.journeys.samples).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def _post(services: Any, kind: str, id_number: str, form: dict[str, str]) -> str:
    """A new application on the hub, as the phone form makes it; its code."""
    import requests

    r = requests.post(f"{services.terminal.preapps.hub_url}/api/preapplications", timeout=10,
                      json={"kind": kind, "id_number": id_number, "form": form})  # fmt: skip
    r.raise_for_status()
    return str(r.json()["code"])


def _plans(services: Any, language: str) -> Iterator[tuple[str, Callable[[], Any]]]:
    from kiosk.flows.prefilled import PrefilledJourney
    from kiosk.forms import codes
    from ui.journeys.samples import CLIENT, _identified, _new_person

    def new() -> Any:
        return PrefilledJourney(services.terminal.deps(language))

    def opening(person: dict[str, str]) -> str:
        return _post(services, "open_account", person["id_number"],
                     {"mobile": "13800138000", "address": "北京市东城区示例路1号",
                      "occupation": "教师"})  # fmt: skip

    def loaded(code: str) -> Any:
        x = new()
        x.enter_code(code)
        return x

    def unknown() -> Any:
        x = new()
        typed = codes.new_code()  # well formed, but no application has it
        x.data["draft"] = {"code": typed}
        x.enter_code(typed)
        return x

    def card_consent() -> Any:
        x = loaded(_post(services, "card_application", CLIENT["id_number"], {"card": "debit"}))
        x.confirm_application()
        return _identified(x, CLIENT)

    def terms() -> Any:
        person = _new_person()
        x = loaded(opening(person))
        x.confirm_application()
        return _identified(x, person)

    def someone_else() -> Any:
        x = loaded(opening(_new_person()))
        x.confirm_application()
        x.document_read("cn-id", dict(_new_person()), source="chip")
        return x

    yield "1-code", new
    yield "2-code-unknown", unknown
    yield "3-confirm-opening", lambda: loaded(opening(_new_person()))
    yield "4-confirm-card", lambda: loaded(_post(
        services, "card_application", CLIENT["id_number"],
        {"card": "credit", "income": "120000", "employer": "示例科技有限公司"}))
    yield "5-terms", terms
    yield "6-card-consent", card_consent
    yield "7-someone-else", someone_else


def samples(ctx: Any) -> Iterator[tuple[str, Any]]:
    """The pre-filled journey's sample states, each in a real ``FlowViewModel``."""
    from ui.journeys.queue_samples import linked_services
    from ui.journeys.viewmodel import FlowViewModel

    services = linked_services()
    for name, build in _plans(services, ctx.language()):
        yield name, FlowViewModel(ctx, build(), services)
