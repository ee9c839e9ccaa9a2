"""ESC/POS bytes to text lines and to a PNG picture of the paper.

Text output follows escpos-tools' ``esc2text`` conventions (one line break per LF or
print-and-feed command, double-size text written as plain characters, pictures and
codes left out unless ``annotate``), so it can be compared with that tool's output.
The picture is drawn at 203 dpi on a 576-dot (80 mm) or 384-dot (58 mm) roll.

A malformed or truncated stream never raises: what is valid is rendered and the rest is
listed in :attr:`Rendering.problems`.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
from PIL import Image, ImageOps

from devices.printer import glyphs
from devices.printer.stream import StreamProblem, Token, tokenize


@functools.cache
def _code_tables() -> dict[int, str]:
    """ESC t n -> a Python codec name or a 256-character table.

    From python-escpos's printer database (its ``default`` profile numbering, which
    escpos-php uses too).  Read on the first ``ESC t``: loading that database takes
    ~0.3 s, which a status-only exchange (``kiosk diagnostics``) should not pay.
    """
    from escpos.capabilities import get_profile
    from escpos.codepages import CodePages

    tables: dict[int, str] = {}
    for number, name in get_profile("default").profile_data["codePages"].items():
        try:
            enc = CodePages.get_encoding(name)
        except KeyError:
            continue
        if "python_encode" in enc:
            tables[int(number)] = enc["python_encode"]
        elif "data" in enc:
            tables[int(number)] = "".join(chr(i) for i in range(128)) + "".join(enc["data"])
    return tables


BARCODES = {
    0: "UPC-A",
    1: "UPC-E",
    2: "EAN13",
    3: "EAN8",
    4: "CODE39",
    5: "ITF",
    6: "CODABAR",
    65: "UPC-A",
    66: "UPC-E",
    67: "EAN13",
    68: "EAN8",
    69: "CODE39",
    70: "ITF",
    71: "CODABAR",
    72: "CODE93",
    73: "CODE128",
}
PAPER_DOTS = {58: 384, 80: 576}
DEFAULT_SPACING = 30


@dataclass
class _Style:
    font_b: bool = False
    bold: bool = False
    underline: int = 0
    width: int = 1
    height: int = 1
    reverse: bool = False


#: Longest page drawn, in dots (2.5 m of paper at 203 dpi; a long receipt is ~0.4 m).
MAX_PAGE_DOTS = 20_000
#: Most pixels a drawn page may hold (576 dots wide x MAX_PAGE_DOTS: ~12 MB in memory).
MAX_PAGE_PIXELS = 576 * MAX_PAGE_DOTS


class PictureTooLarge(ValueError):
    """The stream would draw a page beyond ``MAX_PAGE_DOTS`` / ``MAX_PAGE_PIXELS``."""


@dataclass
class Rendering:
    """What a stream printed: text lines, codes found, pictures, problems."""

    lines: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # ("qr", payload)...
    images: int = 0
    cuts: int = 0
    problems: list[StreamProblem] = field(default_factory=list)
    picture: Image.Image | None = None
    #: Why no picture was drawn although one was asked for (the page was too long).
    too_large: str | None = None

    @property
    def text(self) -> str:
        """The lines joined with newlines (one trailing newline)."""
        return "".join(line + "\n" for line in self.lines)

    def png_bytes(self) -> bytes:
        """The picture encoded as PNG; ``PictureTooLarge`` when the page was too long."""
        if self.too_large:
            raise PictureTooLarge(self.too_large)
        buf = io.BytesIO()
        (self.picture or Image.new("1", (1, 1), 1)).save(buf, "PNG")
        return buf.getvalue()


class _Interpreter:
    def __init__(self, paper_dots: int, draw: bool, annotate: bool) -> None:
        self.paper = paper_dots
        self.draw = draw
        self.annotate = annotate
        self.out = Rendering()
        self.rows: list[Image.Image] = []
        self.height = 0  # dots drawn so far
        self.reset()
        self.text_line = ""
        self.items: list[tuple[str, _Style] | Image.Image] = []
        self.x = 0

    def reset(self) -> None:
        self.style = _Style()
        self.align = 0
        self.codec = "cp437"
        self.chinese = False
        self.spacing = DEFAULT_SPACING
        self.margin = 0
        self.area = self.paper
        self.upside_down = False
        self.user_chars: dict[int, Image.Image] = {}
        self.user_on = False
        self.bc_height, self.bc_width, self.hri = 162, 3, 0
        self.qr = {"model": 50, "size": 3, "ec": 48, "data": b""}
        self.pdf417 = b""
        self.graphic: Image.Image | None = None

    # ---- output helpers -------------------------------------------------------------
    def note(self, text: str) -> None:
        if self.annotate:
            self.flush_text()
            self.out.lines.append(text)

    def flush_text(self) -> None:
        if self.text_line:
            self.out.lines.append(self.text_line)
            self.text_line = ""

    def line_break(self) -> None:
        self.out.lines.append(self.text_line)
        self.text_line = ""

    def _room(self, dots: int) -> bool:
        """Reserve ``dots`` of page; past the caps stop drawing (text goes on) and say why."""
        if self.height + dots <= MAX_PAGE_DOTS and self.paper * (self.height + dots) <= (
            MAX_PAGE_PIXELS
        ):
            self.height += dots
            return True
        self.draw = False
        self.rows = []
        self.out.too_large = (
            f"the page would be more than {MAX_PAGE_DOTS} dots long "
            f"({MAX_PAGE_DOTS * 254 // 2030} mm at 203 dpi): no picture drawn"
        )
        return False

    def feed(self, dots: int) -> None:
        if self.draw and dots > 0 and self._room(dots):
            self.rows.append(Image.new("L", (self.paper, dots), 255))

    def end_row(self, min_height: int | None = None) -> None:
        """Print the pending row (printer's line buffer) and advance by line spacing."""
        if not self.draw:
            return
        parts: list[Image.Image] = []
        run, run_style = "", None
        for item in self.items + [None]:  # type: ignore[list-item]
            if isinstance(item, tuple) and item[1] == run_style:
                run += item[0]
                continue
            if run and run_style is not None:
                parts.append(self.draw_run(run, run_style))
            run, run_style = ("", None)
            if isinstance(item, tuple):
                run, run_style = item
            elif isinstance(item, Image.Image):
                parts.append(item)
        height = max(
            [p.height for p in parts] + [min_height if min_height is not None else self.spacing]
        )
        if not self._room(height):
            self.items, self.x = [], 0
            return
        row = Image.new("L", (self.paper, height), 255)
        width = sum(p.width for p in parts)
        x = self.margin + {1: (self.area - width) // 2, 2: self.area - width}.get(self.align, 0)
        x = max(self.margin, x)
        for p in parts:
            row.paste(p, (x, height - p.height))
            x += p.width
        self.rows.append(row.rotate(180) if self.upside_down else row)
        self.items, self.x = [], 0

    def draw_run(self, text: str, st: _Style) -> Image.Image:
        if self.user_on and any(ord(c) in self.user_chars for c in text):
            img = Image.new("L", (1, 24), 255)
            for c in text:
                g = self.user_chars.get(ord(c)) or glyphs.draw_run(c, st.font_b, st.bold, False)
                joined = Image.new("L", (img.width + g.width, max(img.height, g.height)), 255)
                joined.paste(img, (0, 0))
                joined.paste(g, (img.width, 0))
                img = joined
        else:
            img = glyphs.draw_run(text, st.font_b, st.bold, bool(st.underline))
        if st.width > 1 or st.height > 1:
            img = img.resize((img.width * st.width, img.height * st.height), Image.NEAREST)
        return ImageOps.invert(img) if st.reverse else img

    def add_text(self, text: str) -> None:
        self.text_line += text
        if not self.draw:
            return
        cw = glyphs.FONT_CELLS[1 if self.style.font_b else 0][0] * self.style.width
        st = _Style(**vars(self.style))
        for c in text:
            w = glyphs.cells(c) * cw
            if self.x + w > self.area and self.items:
                self.end_row()  # automatic wrap at the end of the print area
            self.items.append((c, st))
            self.x += w

    def add_picture(self, img: Image.Image, label: str) -> None:
        """A picture printed on its own rows (raster/graphics/codes)."""
        self.out.images += label == "image"
        if self.draw:
            if self.items:
                self.end_row()
            if not self.draw or not self._room(img.height):
                return
            row = Image.new("L", (self.paper, img.height), 255)
            img = img.crop((0, 0, min(img.width, self.paper), img.height))
            x = self.margin + {1: (self.area - img.width) // 2, 2: self.area - img.width}.get(
                self.align, 0
            )
            row.paste(img, (max(0, x), 0))
            self.rows.append(row)

    # ---- commands ----------------------------------------------------------------------
    def decode(self, raw: bytes) -> str:
        if self.chinese:
            text = raw.decode("gb18030", errors="replace")
        elif len(self.codec) == 256:  # a character table (no Python codec exists)
            text = "".join(self.codec[b] for b in raw)
        else:
            text = raw.decode(self.codec, errors="replace")
        return "".join(c for c in text if c >= " ")

    def run(self, data: bytes) -> Rendering:
        for tok in tokenize(data, self.out.problems):
            try:
                self.token(tok)
            except Exception as exc:  # noqa: BLE001 - a bad argument must not stop the page
                self.out.problems.append(StreamProblem(tok.offset, f"{tok.name}: {exc}"))
        if self.text_line:
            self.line_break()
        try:
            if self.items:
                self.end_row()
        except Exception as exc:  # noqa: BLE001 - keep what was drawn so far
            self.out.problems.append(StreamProblem(len(data), f"last line: {exc}"))
        if self.draw and self.out.too_large is None:
            height = sum(r.height for r in self.rows) or 1
            page = Image.new("L", (self.paper, height), 255)
            y = 0
            for r in self.rows:
                page.paste(r, (0, y))
                y += r.height
            self.out.picture = page.point(lambda v: 0 if v < 160 else 255).convert("1")
        return self.out

    def token(self, tok: Token) -> None:
        if tok.kind == "text":
            self.add_text(self.decode(tok.raw))
        elif tok.kind == "ctl":
            if tok.name == "LF":
                self.line_break()
                self.end_row()
            elif tok.name == "HT":
                self.add_text(" " * (8 - len(self.text_line) % 8))
            elif tok.name == "FF":
                self.line_break()
                self.end_row()
        else:
            method = _METHODS.get(tok.name)
            if method is not None:
                getattr(self, method)(
                    tok.raw if tok.name.startswith(("GS (", "GS 8")) else tok.args
                )
            elif tok.name in _SIMPLE:
                _SIMPLE[tok.name](self, tok.args)
            # else: a known command with no visible effect (buzzer, drawer, sensors...)

    def cmd_ESC_d(self, a: bytes) -> None:
        self.line_break()
        self.end_row()
        self.feed(self.spacing * (a[0] - 1))

    def cmd_ESC_J(self, a: bytes) -> None:
        self.line_break()
        self.end_row(min_height=a[0])

    def cmd_ESC_e(self, a: bytes) -> None:
        self.line_break()
        self.end_row()

    def cmd_GS_V(self, a: bytes) -> None:
        self.flush_text()
        if self.items:
            self.end_row()
        if len(a) > 1 and a[0] in (65, 66):
            self.feed(a[1])
        self.out.cuts += 1
        self.note("[CUT]")
        if self.draw:
            row = Image.new("L", (self.paper, 12), 255)
            for x in range(0, self.paper, 16):
                row.paste(0, (x, 6, x + 8, 7))
            self.rows.append(row)

    def cmd_GS_v(self, a: bytes) -> None:  # GS v 0 m xL xH yL yH d...
        m, x, y = a[1], a[2] | a[3] << 8, a[4] | a[5] << 8
        img = _raster(a[6:], x * 8, y)
        self.add_picture(_scale(img, 2 if m & 1 else 1, 2 if m & 2 else 1), "image")
        self.note(f"[IMAGE {x * 8}x{y}]")

    def cmd_ESC_star(self, a: bytes) -> None:  # ESC * m nL nH d...
        m, n = a[0], a[1] | a[2] << 8
        rows = 3 if m in (32, 33) else 1
        img = Image.new("L", (n, 8 * rows), 255)
        px = img.load()
        for col in range(n):
            for r in range(rows):
                byte = a[3 + col * rows + r]
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        px[col, r * 8 + bit] = 0
        self.out.images += 1
        if self.draw:
            self.items.append(_scale(img, 1 if m & 1 else 2, 1 if rows == 3 else 3))

    def graphics(self, raw: bytes, header: int) -> None:  # GS ( L / GS 8 L
        body = raw[header:]
        fn = body[1]
        if fn in (112, 113):  # store raster / column data: a bx by c xL xH yL yH d...
            bx, by = body[3], body[4]
            w, h = body[6] | body[7] << 8, body[8] | body[9] << 8
            data = body[10:]
            img = _raster(data, w, h) if fn == 112 else _columns(data, w, h)
            self.graphic = _scale(img, bx, by)
        elif fn == 50 and self.graphic is not None:  # print stored graphics
            self.add_picture(self.graphic, "image")
            self.note(f"[IMAGE {self.graphic.width}x{self.graphic.height}]")

    def cmd_GS_P_L(self, raw: bytes) -> None:
        self.graphics(raw, 5)

    def cmd_GS_8_L(self, raw: bytes) -> None:
        self.graphics(raw, 7)

    def cmd_GS_P_k(self, raw: bytes) -> None:  # GS ( k pL pH cn fn [params]
        cn, fn, params = raw[5], raw[6], raw[7:]
        if cn == 49:  # QR code
            if fn == 65:
                self.qr["model"] = params[0]
            elif fn == 67:
                self.qr["size"] = params[0]
            elif fn == 69:
                self.qr["ec"] = params[0]
            elif fn == 80:
                self.qr["data"] = params[1:]
            elif fn == 81:
                self.print_qr()
        elif cn == 48:  # PDF417
            if fn == 80:
                self.pdf417 = params[1:]
            elif fn == 81:
                text = self.pdf417.decode("latin-1")
                self.out.codes.append(("pdf417", text))
                self.note(f"[PDF417: {text}]")
                self.add_picture(glyphs.placeholder(f"PDF417 {text}", 300, 80), "code")

    def print_qr(self) -> None:
        payload = self.qr["data"].decode("utf-8", errors="replace")
        self.out.codes.append(("qr", payload))
        self.note(f"[QR: {payload}]")
        if not payload or not self.draw:
            return
        ec = {
            48: qrcode.constants.ERROR_CORRECT_L,
            49: qrcode.constants.ERROR_CORRECT_M,
            50: qrcode.constants.ERROR_CORRECT_Q,
            51: qrcode.constants.ERROR_CORRECT_H,
        }
        code = qrcode.QRCode(
            box_size=max(1, min(16, self.qr["size"])),
            border=2,
            error_correction=ec.get(self.qr["ec"], ec[48]),
        )
        code.add_data(payload)
        code.make(fit=True)
        img = code.make_image().get_image().convert("L")
        self.add_picture(img, "code")

    def cmd_GS_k(self, a: bytes) -> None:
        m = a[0]
        data = a[1:-1] if m <= 6 else a[2 : 2 + a[1]]
        kind = BARCODES.get(m, f"type {m}")
        text = data.decode("latin-1")
        self.out.codes.append((f"barcode:{kind}", text))
        self.note(f"[BARCODE {kind}: {text}]")
        if not self.draw:
            return
        bars = glyphs.barcode_image(kind, text, self.bc_width, self.bc_height)
        if bars is None:
            bars = glyphs.placeholder(f"{kind} {text}", 260, self.bc_height)
        hri = glyphs.draw_run(text, False, False, False)
        parts = (
            ([hri] if self.hri in (1, 3) else []) + [bars] + ([hri] if self.hri in (2, 3) else [])
        )
        img = Image.new("L", (max(p.width for p in parts), sum(p.height for p in parts)), 255)
        y = 0
        for p in parts:
            img.paste(p, ((img.width - p.width) // 2, y))
            y += p.height
        self.add_picture(img, "code")

    def cmd_ESC_amp(self, a: bytes) -> None:  # ESC & y c1 c2 [x d...]...
        y, c1, c2 = a[0], a[1], a[2]
        pos = 3
        for code in range(c1, c2 + 1):
            x = a[pos]
            cols = a[pos + 1 : pos + 1 + x * y]
            pos += 1 + x * y
            img = Image.new("L", (12, 8 * y), 255)
            px = img.load()
            for col in range(min(x, 12)):
                for r in range(y):
                    for bit in range(8):
                        if cols[col * y + r] & (0x80 >> bit):
                            px[col, r * 8 + bit] = 0
            self.user_chars[code] = img


def _set_mode(it: _Interpreter, a: bytes) -> None:  # ESC ! n
    n = a[0]
    it.style.font_b, it.style.bold = bool(n & 1), bool(n & 8)
    it.style.height, it.style.width = (2 if n & 16 else 1), (2 if n & 32 else 1)
    it.style.underline = 1 if n & 128 else 0


def _set_size(it: _Interpreter, a: bytes) -> None:  # GS ! n
    it.style.width, it.style.height = min(8, (a[0] >> 4) + 1), min(8, (a[0] & 15) + 1)


def _init(it: _Interpreter, a: bytes) -> None:  # ESC @ clears the line buffer and modes
    it.text_line, it.items, it.x = "", [], 0
    it.reset()


def _setattr(name: str, conv=lambda v: v):  # noqa: ANN001, ANN202 - tiny table helper
    def apply(it: _Interpreter, a: bytes) -> None:
        target, attr = (it.style, name[1:]) if name.startswith(".") else (it, name)
        setattr(target, attr, conv(a[0]))

    return apply


_SIMPLE = {
    "ESC !": _set_mode,
    "GS !": _set_size,
    "ESC @": _init,
    "ESC E": _setattr(".bold", lambda v: bool(v & 1)),
    "ESC G": _setattr(".bold", lambda v: bool(v & 1)),
    "ESC -": _setattr(".underline", lambda v: v % 48 if v >= 48 else v),
    "ESC M": _setattr(".font_b", lambda v: v in (1, 49)),
    "GS B": _setattr(".reverse", lambda v: bool(v & 1)),
    "ESC a": _setattr("align", lambda v: v % 48 if v >= 48 else v),
    "ESC {": _setattr("upside_down", lambda v: bool(v & 1)),
    "ESC %": _setattr("user_on", lambda v: bool(v & 1)),
    "ESC 3": _setattr("spacing"),
    "ESC 2": lambda it, a: setattr(it, "spacing", DEFAULT_SPACING),
    "ESC t": _setattr("codec", lambda v: _code_tables().get(v, "cp437")),
    "FS &": lambda it, a: setattr(it, "chinese", True),
    "FS .": lambda it, a: setattr(it, "chinese", False),
    "GS h": _setattr("bc_height", lambda v: max(1, v)),
    "GS w": _setattr("bc_width", lambda v: max(1, min(6, v))),
    "GS H": _setattr("hri", lambda v: v % 48 if v >= 48 else v),
    "GS L": lambda it, a: setattr(it, "margin", min(it.paper - 8, a[0] | a[1] << 8)),
    "GS W": lambda it, a: setattr(it, "area", max(8, min(it.paper - it.margin, a[0] | a[1] << 8))),
}
_METHODS = {
    "ESC d": "cmd_ESC_d",
    "ESC J": "cmd_ESC_J",
    "ESC e": "cmd_ESC_e",
    "GS V": "cmd_GS_V",
    "GS v": "cmd_GS_v",
    "ESC *": "cmd_ESC_star",
    "GS ( L": "cmd_GS_P_L",
    "GS 8 L": "cmd_GS_8_L",
    "GS ( k": "cmd_GS_P_k",
    "GS k": "cmd_GS_k",
    "ESC &": "cmd_ESC_amp",
}


MAX_PICTURE_DOTS = 8_000_000  # a 576-dot-wide picture 13 m long: beyond any real receipt


def _check_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0 or width > 8192 or width * height > MAX_PICTURE_DOTS:
        raise ValueError(f"picture {width}x{height} dots is out of range")


def _raster(data: bytes, width: int, height: int) -> Image.Image:
    _check_size(width, height)
    row_bytes = (width + 7) // 8
    need = row_bytes * height
    data = bytes(data[:need]).ljust(need, b"\x00")
    img = Image.frombytes("1", (row_bytes * 8, height), data)  # 1 = set bit
    return ImageOps.invert(img.convert("L")).crop((0, 0, width, height))


def _columns(data: bytes, width: int, height: int) -> Image.Image:
    _check_size(width, height)
    per_col = (height + 7) // 8
    img = Image.new("L", (width, height), 255)
    px = img.load()
    for col in range(width):
        for r in range(per_col):
            byte = data[col * per_col + r] if col * per_col + r < len(data) else 0
            for bit in range(8):
                if byte & (0x80 >> bit) and r * 8 + bit < height:
                    px[col, r * 8 + bit] = 0
    return img


def _scale(img: Image.Image, sx: int, sy: int) -> Image.Image:
    sx, sy = max(1, min(sx, 2)), max(1, min(sy, 3))
    return img if sx == sy == 1 else img.resize((img.width * sx, img.height * sy), Image.NEAREST)


def render(
    data: bytes, *, paper_width_mm: int = 80, picture: bool = True, annotate: bool = False
) -> Rendering:
    """Interpret ``data``; with ``picture`` also draw the paper as a 1-bit image."""
    return _Interpreter(PAPER_DOTS.get(paper_width_mm, 576), picture, annotate).run(data)


def render_text(data: bytes, *, annotate: bool = False) -> Rendering:
    """Text only (fast): lines, codes and problems, no picture."""
    return render(data, picture=False, annotate=annotate)


def render_file(path: str | Path, **kwargs: object) -> Rendering:
    """Render the stream in ``path`` (raises OSError when it cannot be read)."""
    return render(Path(path).read_bytes(), **kwargs)  # type: ignore[arg-type]
