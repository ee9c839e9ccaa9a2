"""A printer-neutral receipt document and its ESC/POS encoding.

The document is a list of small elements (text lines, rule, QR code, logo, feed, cut).
:func:`encode` turns it into ESC/POS *blocks* (one per element) so the driver can check
the printer's status between blocks.  python-escpos's ``Dummy`` printer builds the
command bytes for styles, QR codes, raster images and the cut; Chinese text is written
here, since python-escpos's encoder has no GB18030 / ``FS &`` Chinese mode.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PIL import Image

from devices.printer import glyphs

if TYPE_CHECKING:
    from escpos.printer import Dummy

ALIGN = {"left": 0, "center": 1, "right": 2}
FS_CHINESE_ON, FS_CHINESE_OFF = b"\x1c&", b"\x1c."
INIT = b"\x1b@"
# Paper width in dots for raster output (203 dpi heads: 72 mm / 48 mm printable).
DOTS_FOR_COLUMNS = {48: 576, 32: 384}


@dataclass(frozen=True)
class Line:
    """One line of text. ``size`` 2 prints double width and height."""

    text: str = ""
    align: str = "left"
    bold: bool = False
    size: int = 1


@dataclass(frozen=True)
class Columns:
    """A label on the left and a value on the right of one line."""

    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A line of dashes across the paper."""

    char: str = "-"


@dataclass(frozen=True)
class Qr:
    """A QR code printed by the printer itself (GS ( k), centred."""

    payload: str
    size: int = 6


@dataclass(frozen=True)
class Logo:
    """A picture (PIL image) printed as a GS v 0 raster, centred."""

    image: Image.Image


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed to the cutter and cut (partial cut, as most kiosk printers do)."""


Element = Line | Columns | Rule | Qr | Logo | Feed | Cut


@dataclass
class Document:
    """A job: its elements, in order."""

    elements: list[Element] = field(default_factory=list)


def _is_ascii(text: str) -> bool:
    return all(ord(c) < 128 for c in text)


def fit_columns(left: str, right: str, columns: int) -> str:
    """``left`` and ``right`` on one line of ``columns`` printer columns (CJK = 2)."""
    space = columns - glyphs.text_width(left) - glyphs.text_width(right)
    if space < 1:
        # Too long: cut the label so the value (an amount, a reference) stays whole.
        keep = []
        budget = columns - glyphs.text_width(right) - 1
        for c in left:
            if glyphs.text_width("".join(keep) + c) > budget:
                break
            keep.append(c)
        left = "".join(keep)
        space = columns - glyphs.text_width(left) - glyphs.text_width(right)
    return left + " " * max(1, space) + right


def wrap(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` columns (words kept whole if they fit)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if glyphs.text_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for c in word:  # a word longer than the line (or Han text): break anywhere
            if glyphs.text_width(line + c) > width:
                lines.append(line)
                line = ""
            line += c
    lines.append(line)
    return lines


class Encoder:
    """Turns :class:`Document` elements into ESC/POS byte blocks.

    Styles (``ESC a`` justification, ``ESC E`` emphasis, ``GS !`` size) are sent only when
    they change: python-escpos's ``set()`` repeats every setting on each call, which would
    double a receipt's size on a 9600-baud line.  QR codes, pictures and the cut are built
    with python-escpos's ``Dummy`` printer.

    Args:
        columns: 48 (80 mm) or 32 (58 mm) characters of font A per line.
        chinese_mode: the printer has a GB18030 font selected by ``FS &``; when False,
            non-ASCII lines are drawn with a CJK font and sent as raster images.
    """

    def __init__(self, columns: int = 48, chinese_mode: bool = True) -> None:
        self.columns = columns
        self.chinese_mode = chinese_mode
        self.dots = DOTS_FOR_COLUMNS.get(columns, columns * 12)
        self._style = (0, False, 1)

    @functools.cached_property
    def _d(self) -> Dummy:
        # Made on first use: importing python-escpos takes ~0.3 s, and a status query
        # (``kiosk diagnostics``) or a text-only receipt never needs it.
        from escpos.printer import Dummy

        d = Dummy()
        # Tell python-escpos the paper width, so it centres and rejects too-wide images.
        d.profile.profile_data["media"]["width"]["pixels"] = self.dots
        return d

    @staticmethod
    def load_library() -> None:
        """Import python-escpos now (from a worker thread), so the first receipt does not wait."""
        import escpos.printer  # noqa: F401 - the import is the point

    def _take(self) -> bytes:
        out = self._d.output
        self._d.clear()
        return out

    def style(self, align: str = "left", bold: bool = False, size: int = 1) -> bytes:
        """The commands that move the printer from the current style to this one."""
        want = (ALIGN[align], bold, max(1, min(size, 8)))
        out = b""
        if want[0] != self._style[0]:
            out += b"\x1ba" + bytes([want[0]])
        if want[1] != self._style[1]:
            out += b"\x1bE" + bytes([int(want[1])])
        if want[2] != self._style[2]:
            out += b"\x1d!" + bytes([(want[2] - 1) << 4 | (want[2] - 1)])
        self._style = want
        return out

    def text_bytes(self, text: str) -> bytes:
        """Text (no line feed) in ASCII, or GB18030 wrapped in ``FS &`` ... ``FS .``."""
        if _is_ascii(text):
            return text.encode("ascii")
        return FS_CHINESE_ON + text.encode("gb18030", errors="replace") + FS_CHINESE_OFF

    def line(self, text: str, align: str = "left", bold: bool = False, size: int = 1) -> bytes:
        """One styled line ending with LF (the style stays until something changes it)."""
        if not _is_ascii(text) and not self.chinese_mode:
            size = max(1, min(size, 2))
            if align == "left":  # full width: columns line up with the text lines
                return self.style("left") + self.raster_text([(text, bold, 0, size)])
            # Centred/right lines: a bitmap only as wide as the text, placed by ESC a, so a
            # short title costs a fraction of a full-width raster on the wire.
            width = min(self.dots, (glyphs.text_width(text) * 12 * size + 2 + 7) // 8 * 8)
            bitmap = glyphs.render_text_bitmap([(text, bold, 0, size)], width)
            return self.style(align) + self.raster(bitmap)
        return self.style(align, bold, size) + self.text_bytes(text) + b"\n"

    def raster(self, image: Image.Image) -> bytes:
        """A picture as GS v 0 raster (python-escpos splits tall ones)."""
        self._d.image(image, impl="bitImageRaster")
        return self._take()

    def raster_text(self, lines: list[tuple[str, bool, int, int]]) -> bytes:
        """Lines drawn with the CJK font, sent as one GS v 0 raster (no Chinese font needed)."""
        return self.raster(glyphs.render_text_bitmap(lines, self.dots))

    def element(self, el: Element) -> bytes:
        """The bytes of one element."""
        if isinstance(el, Line):
            parts = wrap(el.text, self.columns // max(1, el.size))
            return b"".join(self.line(part, el.align, el.bold, el.size) for part in parts)
        if isinstance(el, Columns):
            return self.line(fit_columns(el.left, el.right, self.columns), bold=el.bold)
        if isinstance(el, Rule):
            return self.style() + (el.char * self.columns + "\n").encode("ascii")
        if isinstance(el, Qr):
            self._d.qr(el.payload, native=True, size=el.size)
            return self.style("center") + self._take() + b"\n"
        if isinstance(el, Logo):
            return self.style("center") + self.raster(el.image)
        if isinstance(el, Feed):
            return self.style() + b"\n" * el.lines
        if isinstance(el, Cut):
            self._d.cut(mode="PART")
            return self._take()
        raise TypeError(f"not a document element: {el!r}")

    def encode(self, doc: Document) -> list[bytes]:
        """``ESC @`` (all styles back to default) then one block per element."""
        self._style = (0, False, 1)
        return [INIT] + [self.element(el) for el in doc.elements]
