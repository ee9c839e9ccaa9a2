"""Drawing helpers for the renderer and the raster fallback: fonts, text runs, codes.

Fonts: Noto Sans Mono CJK SC (Debian ``fonts-noto-cjk``) has half-width Latin and
full-width Han glyphs, the same 12x24 / 24x24 cells as a printer's font A, so a rendered
receipt lines up as it does on paper.  DejaVu Sans Mono is the fallback for Latin.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_MONO_INDEX = 7  # "Noto Sans Mono CJK SC" inside the collection
LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")

# Printer fonts: (cell width, cell height) in dots at 203 dpi.
FONT_CELLS = {0: (12, 24), 1: (9, 17)}


@functools.lru_cache(maxsize=16)
def font(size: int, cjk: bool = True) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A monospace font of ``size`` pixels; CJK-capable when the Noto font is installed."""
    if cjk and CJK_FONT.exists():
        return ImageFont.truetype(
            str(CJK_FONT), size, index=CJK_MONO_INDEX, layout_engine=ImageFont.Layout.BASIC
        )
    if LATIN_FONT.exists():
        return ImageFont.truetype(str(LATIN_FONT), size, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default()


def cjk_available() -> bool:
    """Whether the CJK font is installed (needed for the Chinese raster fallback)."""
    return CJK_FONT.exists()


def cells(ch: str) -> int:
    """Printer cells a character takes: 2 for full-width (Han, full-width forms), else 1."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Width of ``text`` in printer columns."""
    return sum(cells(c) for c in text)


def draw_run(text: str, font_b: bool, bold: bool, underline: bool) -> Image.Image:
    """Draw ``text`` at the printer's base cell size; return a greyscale image (0 = ink)."""
    cw, ch = FONT_CELLS[1 if font_b else 0]
    width = max(1, sum(cells(c) for c in text) * cw)
    img = Image.new("L", (width, ch), 255)
    draw = ImageDraw.Draw(img)
    f = font(ch)
    x = 0
    for c in text:
        try:
            draw.text((x, ch * 4 // 5), c, font=f, fill=0, anchor="ls")
            if bold:
                draw.text((x + 1, ch * 4 // 5), c, font=f, fill=0, anchor="ls")
        except (OSError, RuntimeError, ValueError):  # a glyph the font cannot lay out
            draw.rectangle([x + 1, 2, x + cells(c) * cw - 2, ch - 3], outline=0)
        x += cells(c) * cw
    if underline:
        draw.line([(0, ch - 1), (width, ch - 1)], fill=0, width=2 if underline > 1 else 1)
    return img


def render_text_bitmap(lines: list[tuple[str, bool, int, int]], width_dots: int) -> Image.Image:
    """Render ``(text, bold, align, size)`` lines to a 1-bit image ``width_dots`` wide.

    Used for the raster fallback (Chinese on printers without a GB18030 font): the same
    24-dot cells as the printer's own font (doubled for ``size`` 2), so columns line up.
    """
    rows = []
    for text, bold, align, size in lines:
        run = draw_run(text, False, bold, False) if text else Image.new("L", (1, 24), 255)
        if size > 1:
            run = run.resize((run.width * size, run.height * size), Image.NEAREST)
        row = Image.new("L", (width_dots, 30 * size), 255)
        x = {0: 0, 1: (width_dots - run.width) // 2, 2: width_dots - run.width}.get(align, 0)
        row.paste(run.crop((0, 0, min(run.width, width_dots), run.height)), (max(0, x), 3 * size))
        rows.append(row)
    out = Image.new("L", (width_dots, max(1, sum(r.height for r in rows))), 255)
    y = 0
    for row in rows:
        out.paste(row, (0, y))
        y += row.height
    return out.point(lambda v: 0 if v < 160 else 255).convert("1")


def placeholder(label: str, width: int, height: int) -> Image.Image:
    """A framed box with ``label``: for codes the renderer cannot draw."""
    img = Image.new("L", (max(width, 40), max(height, 30)), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, img.width - 1, img.height - 1], outline=0, width=2)
    draw.text((6, img.height // 2), label[:60], font=font(18), fill=0, anchor="lm")
    return img


def barcode_image(kind: str, data: str, module: int, height: int) -> Image.Image | None:
    """Bars for a 1-D barcode via python-barcode's encoder; None when it cannot encode it."""
    import barcode  # python-barcode, a dependency of python-escpos

    names = {
        "UPC-A": "upca",
        "EAN13": "ean13",
        "EAN8": "ean8",
        "CODE39": "code39",
        "ITF": "itf",
        "CODABAR": "codabar",
        "CODE128": "code128",
    }
    name = names.get(kind)
    if not name:
        return None
    try:
        if kind == "CODE128" and data[:1] == "{" and len(data) > 1:
            data = data[2:]  # drop the ESC/POS code-set selector ({A / {B / {C)
        kwargs = {"add_checksum": False} if kind == "CODE39" else {}
        code = barcode.get_barcode_class(name)(data, writer=None, **kwargs)
        pattern = "".join(code.build())
    except Exception:  # python-barcode raises many types for data it rejects
        return None
    img = Image.new("L", (len(pattern) * module + 20, height), 255)
    draw = ImageDraw.Draw(img)
    for i, bit in enumerate(pattern):
        if bit == "1":
            draw.rectangle([10 + i * module, 0, 10 + (i + 1) * module - 1, height - 1], fill=0)
    return img
