"""Measures a rendered screen as a customer sees it: contrast, sizes, clipping, keyboard.

``audit_screen(window, image, mode)`` walks the live Qt Quick item tree of the terminal's
window and the picture grabbed from it, and reports per text item the contrast of its colour
against the pixels behind it (the most common colour inside its box: the background it is
painted on), its font size and whether its painted text fits its box; per control its touch
size and the contrast of its edge against what surrounds it; and, with the virtual keyboard
up, whether the focused field (label, field, error) and the step's Next button are fully in
view above the keyboard.  ``make screenshots``, ``tests/ui/test_screen_audit.py`` and
``bench/ui.py`` share it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage

# Bars the project sets (WCAG 2.2: AA text 4.5:1, AAA 7:1, non-text 3:1).
TEXT_MIN = {"normal": 4.5, "large": 7.0, "contrast": 7.0}
EDGE_MIN = 3.0
TARGET_MIN = {"normal": 64, "large": 72, "contrast": 64}
FONT_MIN_LARGE = 24
NEXT_BUTTONS = ("nextButton", "submitButton", "confirmButton", "galleryNext")


def luminance(c: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(fg: QColor, bg: QColor, alpha: float) -> QColor:
    """``fg`` painted at ``alpha`` over ``bg``."""
    a = max(0.0, min(1.0, alpha * fg.alphaF()))
    return QColor.fromRgbF(
        fg.redF() * a + bg.redF() * (1 - a),
        fg.greenF() * a + bg.greenF() * (1 - a),
        fg.blueF() * a + bg.blueF() * (1 - a),
    )


@dataclass
class Finding:
    """One measured item: what, where, the figure and whether it passes."""

    kind: str  # text | edge | target | font | clipped | hidden
    name: str
    value: float
    ok: bool
    rect: tuple[int, int, int, int] = (0, 0, 0, 0)


@dataclass
class ScreenAudit:
    """Everything measured on one rendered state."""

    state: str
    mode: str
    findings: list[Finding] = field(default_factory=list)
    keyboard: bool = False

    def failures(self) -> list[Finding]:
        """The findings below their bar."""
        return [f for f in self.findings if not f.ok]

    def values(self, kind: str) -> list[float]:
        """Every figure of one kind."""
        return [f.value for f in self.findings if f.kind == kind]


def _label(item: Any) -> str:
    name = item.objectName()
    text = item.property("text")
    cls = item.metaObject().className().split("_QML")[0]
    parts = [p for p in (name, cls) if p]
    if isinstance(text, str) and text:
        parts.append(repr(text[:40]))
    return " ".join(parts)


def _scene_rect(item: Any) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _opacity(item: Any) -> float:
    o = 1.0
    while item is not None:
        o *= item.opacity()
        item = item.parentItem()
    return o


def _shown(item: Any) -> bool:
    return item.isVisible() and _opacity(item) > 0.02 and item.width() > 0 and item.height() > 0


def _visible_rect(item: Any, window_rect: QRectF) -> QRectF:
    """The part of the item not cut off by a clipping ancestor or the window."""
    rect = _scene_rect(item).intersected(window_rect)
    p = item.parentItem()
    while p is not None and not rect.isEmpty():
        if p.clip():
            rect = rect.intersected(_scene_rect(p))
        p = p.parentItem()
    return rect


def _inside(item: Any, ancestor: Any) -> bool:
    while item is not None:
        if item is ancestor:
            return True
        item = item.parentItem()
    return False


def _dominant(image: QImage, rect: QRectF) -> QColor:
    """The most common colour in ``rect`` of ``image`` (sampled on a grid)."""
    x0, y0 = max(0, int(rect.left())), max(0, int(rect.top()))
    x1, y1 = min(image.width(), int(rect.right())), min(image.height(), int(rect.bottom()))
    step = max(1, int(((x1 - x0) * (y1 - y0) / 4000) ** 0.5))
    counts: Counter[int] = Counter()
    for y in range(y0, y1, step):
        for x in range(x0, x1, step):
            counts[image.pixel(x, y) & 0xFFFFFF] += 1
    if not counts:
        return QColor("#000000")
    return QColor(counts.most_common(1)[0][0] | 0xFF000000)


def _painted_rect(item: Any) -> QRectF:
    """Where a Text item's glyphs are, from its content size and alignment."""
    w, h = item.width(), item.height()
    cw, ch = item.property("contentWidth") or 0.0, item.property("contentHeight") or 0.0
    ha, va = _enum(item, "effectiveHorizontalAlignment", 1), _enum(item, "verticalAlignment", 32)
    x = (w - cw) / 2 if ha & 4 else (w - cw) if ha & 2 else 0.0  # AlignHCenter=4, AlignRight=2
    y = (h - ch) / 2 if va & 128 else (h - ch) if va & 64 else 0.0  # AlignVCenter, AlignBottom
    return item.mapRectToScene(QRectF(x, y, cw, ch))


def _enum(item: Any, name: str, default: int) -> int:
    """An enum property as a number (PySide has no converter for QQuickText's enums)."""
    from PySide6.QtQml import QQmlExpression, qmlContext

    ctx = qmlContext(item)
    if ctx is None:
        return default
    value, undefined = QQmlExpression(ctx, item, name).evaluate()
    return default if undefined or value is None else int(value)


def _items(window: Any) -> list[Any]:
    out, stack = [], [window.contentItem()]
    while stack:
        it = stack.pop()
        if not it.isVisible():
            continue
        out.append(it)
        stack.extend(it.childItems())
    return out


def _modal_layer(items: list[Any]) -> Any:
    """The popup overlay when a modal popup is open (what is behind it is not for reading)."""
    for it in items:
        if it.metaObject().className() == "QQuickOverlay":
            if any(c.isVisible() and c.width() > 0 for c in it.childItems()):
                return it
    return None


def audit_screen(window: Any, image: QImage, mode: str, state: str = "") -> ScreenAudit:
    """Measure one rendered state of ``window`` (``image`` grabbed from it just now)."""
    result = ScreenAudit(state, mode)
    wrect = QRectF(0, 0, image.width(), image.height())
    items = _items(window)
    panel = next((i for i in items if i.objectName() == "inputPanel"), None)
    keyboard_up = panel is not None and panel.isVisible() and panel.y() < window.height() - 1
    result.keyboard = keyboard_up
    modal = _modal_layer(items)
    texts_seen: list[tuple[Any, QRectF]] = []
    large = mode == "large"
    for it in items:
        if panel is not None and _inside(it, panel):
            continue  # Qt's keyboard is measured by its own style, not by us
        if modal is not None and not _inside(it, modal):
            continue
        if not _shown(it):
            continue
        vis = _visible_rect(it, wrect)
        if keyboard_up and panel is not None:
            vis = vis.intersected(QRectF(0, 0, wrect.width(), panel.y()))
        if vis.isEmpty() or vis.width() < 2 or vis.height() < 2:
            continue
        name = _label(it)
        is_text = it.inherits("QQuickText")
        is_input = it.inherits("QQuickTextInput")
        if is_text or is_input:
            shown_text = it.property("text") or ""
            colour = it.property("color")
            if is_input and not shown_text:
                shown_text = it.property("placeholderText") or ""
                colour = it.property("placeholderTextColor") or colour
            if isinstance(shown_text, str) and shown_text.strip() and colour is not None:
                bg = _dominant(image, vis)
                fg = blend(QColor(colour), bg, _opacity(it))
                ratio = contrast(fg, bg)
                r = (int(vis.x()), int(vis.y()), int(vis.width()), int(vis.height()))
                result.findings.append(Finding("text", name, ratio, ratio >= TEXT_MIN[mode], r))
                px = it.property("font").pixelSize()
                if large:
                    result.findings.append(Finding("font", name, px, px >= FONT_MIN_LARGE, r))
                clipped = _clipped(it, is_text, wrect)
                result.findings.append(Finding("clipped", name, float(clipped), not clipped, r))
                if is_text:
                    texts_seen.append((it, _painted_rect(it).intersected(vis)))
        if it.inherits("QQuickAbstractButton") or (is_input and not it.property("readOnly")):
            size = min(it.width(), it.height())
            r = (int(vis.x()), int(vis.y()), int(vis.width()), int(vis.height()))
            result.findings.append(Finding("target", name, size, size >= TARGET_MIN[mode], r))
            box = it.property("indicator") if it.inherits("QQuickCheckBox") else None
            full = _scene_rect(box if box is not None else it)
            edge = _edge_contrast(image, full) if vis.height() >= full.height() - 1 else None
            if edge is not None:
                result.findings.append(Finding("edge", name, edge, edge >= EDGE_MIN, r))
    result.findings += _overlaps(texts_seen)
    if keyboard_up and panel is not None:
        result.findings += _keyboard_check(window, items, panel, wrect)
    return result


def _clipped(it: Any, is_text: bool, wrect: QRectF) -> bool:
    """Painted text wider or taller than its box, cut by an ellipsis, or off the window."""
    if is_text:
        if it.property("truncated"):
            return True
        if it.property("contentWidth") > it.width() + 1.5:
            return True
        if it.property("contentHeight") > it.height() + 1.5 and it.property("clip"):
            return True
    else:  # a text field: the text must fit between its paddings
        field = it
        inner = (
            field.width()
            - (field.property("leftPadding") or 0)
            - (field.property("rightPadding") or 0)
        )
        if field.property("contentWidth") > inner + 1.5:
            return True
    rect = _scene_rect(it)
    if wrect.contains(rect.adjusted(1, 1, -1, -1)):
        return False
    return not _scrolled_away(it, wrect)


def _scrolled_away(item: Any, wrect: QRectF) -> bool:
    """True when what is off the window lies in a scrolling viewport that is itself in view.

    Content below a scroller's edge is reached by scrolling (a customer sees the edge move),
    not clipped; the viewport itself must fit the window.
    """
    p = item.parentItem()
    while p is not None:
        if p.clip() and p.property("contentHeight") is not None \
                and p.property("contentHeight") > p.height() + 1:
            return wrect.contains(_scene_rect(p).adjusted(1, 1, -1, -1))
        p = p.parentItem()
    return False


def _overlaps(texts: list[tuple[Any, QRectF]]) -> list[Finding]:
    found = []
    for i, (a, ra) in enumerate(texts):
        for b, rb in texts[i + 1 :]:
            if _inside(a, b) or _inside(b, a):
                continue
            inter = ra.intersected(rb)
            if inter.width() > 2 and inter.height() > 2:
                name = f"{_label(a)} overlaps {_label(b)}"
                r = (int(inter.x()), int(inter.y()), int(inter.width()), int(inter.height()))
                found.append(Finding("clipped", name, 1.0, False, r))
    return found


def _edge_contrast(image: QImage, rect: QRectF) -> float | None:
    """Contrast of a control's left (or right) edge against the pixels just outside it."""
    y = int(rect.center().y())
    if not 0 <= y < image.height():
        return None
    sides = ((rect.left() + 1, rect.left() - 3), (rect.right() - 2, rect.right() + 2))
    for inside_x, outside_x in sides:
        xi, xo = int(inside_x), int(outside_x)
        if 0 <= xo < image.width() and 0 <= xi < image.width():
            return contrast(QColor(image.pixel(xi, y)), QColor(image.pixel(xo, y)))
    return None


def _keyboard_check(window: Any, items: list[Any], panel: Any, wrect: QRectF) -> list[Finding]:
    """The focused field with its label and error, and the Next button, above the keyboard."""
    out: list[Finding] = []
    focus = window.activeFocusItem()
    view = QRectF(0, 0, wrect.width(), panel.y())
    if focus is not None and focus.inherits("QQuickTextInput"):
        group = focus.parentItem() if focus.parentItem() is not None else focus
        for part in (group, focus):
            full = _scene_rect(part).intersected(wrect)
            seen = _visible_rect(part, wrect).intersected(view)
            ok = seen.height() >= full.height() - 1.5 and seen.width() >= full.width() - 1.5
            r = (int(full.x()), int(full.y()), int(full.width()), int(full.height()))
            out.append(Finding("hidden", f"focused {_label(part)}", 0.0 if ok else 1.0, ok, r))
    nexts = [i for i in items if i.objectName() in NEXT_BUTTONS and _shown(i)]
    if focus is not None and focus.inherits("QQuickTextInput"):
        for button in nexts[:1]:
            full = _scene_rect(button)
            seen = _visible_rect(button, wrect).intersected(view)
            ok = seen.height() >= full.height() - 1.5
            r = (int(full.x()), int(full.y()), int(full.width()), int(full.height()))
            out.append(Finding("hidden", _label(button), 0.0 if ok else 1.0, ok, r))
    return out


def point(item: Any) -> QPointF:
    """The item's centre in scene coordinates (for taps)."""
    return item.mapToScene(QPointF(item.width() / 2, item.height() / 2))


@dataclass
class AuditSummary:
    """Figures over many states (``bench/results/ui.json``) and every failure found."""

    states: int = 0
    min_contrast_normal: float = 21.0
    min_contrast_high: float = 21.0
    min_edge_contrast: float = 21.0
    min_target_px: float = 10_000.0
    min_target_px_large: float = 10_000.0
    min_font_px_large: float = 10_000.0
    clipped_items: int = 0
    fields_hidden_by_keyboard: int = 0
    keyboard_states: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, audit: ScreenAudit, where: str) -> None:
        """Fold one state's audit in."""
        self.states += 1
        self.keyboard_states += audit.keyboard
        texts = audit.values("text")
        if texts:
            if audit.mode == "normal":
                self.min_contrast_normal = min(self.min_contrast_normal, *texts)
            else:
                self.min_contrast_high = min(self.min_contrast_high, *texts)
        edges = audit.values("edge")
        if edges:
            self.min_edge_contrast = min(self.min_edge_contrast, *edges)
        targets = audit.values("target")
        if targets:
            if audit.mode == "large":
                self.min_target_px_large = min(self.min_target_px_large, *targets)
            else:
                self.min_target_px = min(self.min_target_px, *targets)
        fonts = audit.values("font")
        if fonts:
            self.min_font_px_large = min(self.min_font_px_large, *fonts)
        self.clipped_items += sum(1 for f in audit.findings if f.kind == "clipped" and not f.ok)
        self.fields_hidden_by_keyboard += any(
            f.kind == "hidden" and not f.ok for f in audit.findings
        )
        for f in audit.failures():
            self.failures.append(f"{where}: {f.kind} {f.value:.2f} {f.name} at {f.rect}")

    def figures(self) -> dict[str, Any]:
        """The benchmark's figures (names fixed by issue 10)."""
        return {
            "min_contrast_normal": round(self.min_contrast_normal, 2),
            "min_contrast_high": round(self.min_contrast_high, 2),
            "min_edge_contrast": round(self.min_edge_contrast, 2),
            "min_target_px": round(min(self.min_target_px, self.min_target_px_large)),
            "min_target_px_normal": round(self.min_target_px),
            "min_target_px_large": round(self.min_target_px_large),
            "min_font_px_large": round(self.min_font_px_large),
            "clipped_items": self.clipped_items,
            "fields_hidden_by_keyboard": self.fields_hidden_by_keyboard,
            "states": self.states,
            "keyboard_states": self.keyboard_states,
        }


def audit_all(**render_args: Any) -> AuditSummary:
    """Render every screen (``ui.screenshots.render_all`` arguments) and audit each state."""
    from ui.screenshots import render_all

    summary = AuditSummary()

    def on_shot(name: str, lang: str, mode: str, window: Any, image: QImage) -> None:
        summary.add(audit_screen(window, image, mode, name), f"{name}-{lang}-{mode}")

    render_args.setdefault("out", None)
    render_all(on_shot=on_shot, **render_args)
    return summary
