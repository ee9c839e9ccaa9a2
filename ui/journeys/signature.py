"""The signature drawn on the terms screen, kept as a small SVG document.

QML's signature pad hands over strokes (lists of [x, y] points in pad coordinates); SVG keeps
them as vectors, small and lossless, readable by any browser or archive tool.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def strokes_to_svg(strokes: Iterable[Any], width: int = 600, height: int = 200) -> bytes:
    """Render strokes to SVG bytes; empty strokes give b"" (no signature)."""
    paths = []
    for stroke in strokes:
        points = [(float(p[0]), float(p[1])) for p in (stroke or []) if len(p) >= 2]
        if len(points) < 2:
            continue
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
        paths.append(f'<path d="{d}"/>')
    if not paths:
        return b""
    body = "".join(paths)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><g fill="none" stroke="black" stroke-width="3" '
        f'stroke-linecap="round" stroke-linejoin="round">{body}</g></svg>'
    ).encode()
