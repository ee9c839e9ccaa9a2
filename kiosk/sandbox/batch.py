"""``POST /batches``: requests run in order, with ``reference`` and ``$.field`` substitution.

With ``enclosingTransaction=true`` the first failure rolls every request back and the answer
is that failure alone, as Fineract does; otherwise each request stands alone and a child of
a failed request answers with its parent's status and "Parent request with id N was
erroneous!" (BatchApiServiceImpl); a reference to no earlier request is a 400
``validation.msg.batch.reference.invalid`` (BatchReferenceInvalidException).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from kiosk.sandbox import errors as E

if TYPE_CHECKING:
    from kiosk.sandbox.app import SandboxApp


def run_batch(app: SandboxApp, items: Any, enclosing: bool) -> Any:
    """Run ``POST /batches`` inside the caller's transaction; raise to roll it all back."""
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise E.invalid_body("The JSON syntax provided in the body of the request is invalid: "
                             "a batch is a list of request objects.")  # fmt: skip
    results: dict[int, tuple[int, Any]] = {}
    out: list[dict[str, Any]] = []
    for item in items:
        rid = item.get("requestId")
        ref = item.get("reference")
        url = str(item.get("relativeUrl") or "")
        body_text = item.get("body")
        extra: dict[str, str] = {}
        try:
            if ref is not None:
                if ref not in results:
                    raise E.validation([E.param_error("validation.msg.batch.reference.invalid",
                                                      "Referenced request not found", "reference",
                                                      ref)])  # fmt: skip
                status, parent = results[ref]
                if status != 200:
                    raise _ParentFailed(status, f"Parent request with id {ref} was erroneous!")
                url = _resolve(url, parent)
                if isinstance(body_text, str):
                    body_text = _resolve(body_text, parent)
            path, _, query = url.partition("?")
            if isinstance(body_text, (dict, list)):  # tolerate an object instead of JSON text
                body = body_text
            else:
                body = json.loads(body_text) if body_text else None
            app.db.execute("SAVEPOINT item")
            try:
                status, extra, answer = app.dispatch(
                    str(item.get("method", "GET")).upper(), path, dict(parse_qsl(query)),
                    body, _item_headers(item.get("headers")), in_tx=True)  # fmt: skip
                app.db.execute("RELEASE item")
            except BaseException:
                app.db.execute("ROLLBACK TO item")
                app.db.execute("RELEASE item")
                raise
        except E.ApiError as err:
            status, answer = err.status, err.body
        except json.JSONDecodeError as exc:
            status, answer = 400, E.invalid_body(
                f"The JSON syntax provided in the body of the request is invalid: {exc}").body
        results[rid] = (status, answer)
        headers = [{"name": "Content-Type", "value": "application/json"}]
        headers += [{"name": k, "value": v} for k, v in extra.items()]
        out.append({"requestId": rid, "statusCode": status, "headers": headers,
                    "body": json.dumps(answer)})  # fmt: skip
        if status != 200 and enclosing:
            # One failure rolls the whole batch back; Fineract answers with the failure.
            raise _BatchFailed(out[-1:])
    return out


class _ParentFailed(E.ApiError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message=message)
        self.body = message  # type: ignore[assignment]


class _BatchFailed(E.ApiError):
    def __init__(self, answer: list[dict[str, Any]]) -> None:
        super().__init__(int(answer[0]["statusCode"]))
        # Fineract answers the batch call itself with 200 and the failed request's response.
        self.status = 200
        self.body = answer  # type: ignore[assignment]


def _item_headers(raw: Any) -> dict[str, str]:
    """A batch item's ``headers`` (a list of name/value pairs) as a lower-cased dict."""
    if not isinstance(raw, list):
        return {}
    return {str(h.get("name", "")).lower(): str(h.get("value", ""))
            for h in raw if isinstance(h, dict)}  # fmt: skip


def _resolve(text: str, parent: Any) -> str:
    """Replace ``$.field`` references with values from the referenced request's answer."""
    if not isinstance(parent, dict):
        return text
    return re.sub(r"\$\.(\w+)", lambda m: str(parent.get(m[1], m[0])), text)
