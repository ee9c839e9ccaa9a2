"""ESC/POS byte-stream tokenizer: splits a stream into text runs and whole commands.

The renderer and the simulator share it, so both agree on where a command ends (raster
and 2-D code payloads can contain bytes that look like ``DLE EOT``; a printer's parser
skips them by length, and so do we).  Unknown or truncated commands are reported as
:class:`StreamProblem` records instead of raising, so a damaged stream still renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
LF, CR, HT, FF, CAN = 0x0A, 0x0D, 0x09, 0x0C, 0x18

# Fixed argument counts after the two-byte prefix.
_ESC_FIXED = {
    "@": 0,
    "!": 1,
    "E": 1,
    "G": 1,
    "-": 1,
    "M": 1,
    "a": 1,
    "d": 1,
    "e": 1,
    "J": 1,
    "K": 1,
    "t": 1,
    "R": 1,
    "2": 0,
    "3": 1,
    " ": 1,
    "V": 1,
    "{": 1,
    "p": 3,
    "$": 2,
    "\\": 2,
    "%": 1,
    "?": 1,
    "r": 1,
    "i": 0,
    "m": 0,
    "=": 1,
    "B": 2,
    "T": 1,
    "L": 0,
    "S": 0,
    "W": 8,
    "\x0c": 0,
    "u": 1,
    "v": 1,
    "U": 1,
    "c": 2,
    "<": 0,
}
_GS_FIXED = {
    "!": 1,
    "B": 1,
    "H": 1,
    "f": 1,
    "h": 1,
    "w": 1,
    "L": 2,
    "W": 2,
    "/": 1,
    "b": 1,
    "a": 1,
    "r": 1,
    "I": 1,
    "P": 2,
    "$": 2,
    "\\": 2,
    "^": 3,
    ":": 0,
    "E": 1,
    "T": 1,
    "j": 1,
    "C": 3,
}
_FS_FIXED = {"&": 0, ".": 0, "!": 1, "-": 1, "C": 1, "S": 2, "W": 1, "p": 2}


class Incomplete(Exception):
    """The buffer ends inside a command (more bytes may still arrive)."""


@dataclass(frozen=True)
class Token:
    """One element of the stream: ``kind`` is ``text``, ``ctl`` or ``cmd``.

    ``name`` is a readable command name such as ``"ESC !"`` or ``"GS ( k"``; ``raw`` holds
    every byte of the element; ``args`` the bytes after the command name.
    """

    kind: str
    offset: int
    raw: bytes
    name: str = ""
    args: bytes = b""


@dataclass(frozen=True)
class StreamProblem:
    """Something in the stream that could not be interpreted."""

    offset: int
    message: str

    def __str__(self) -> str:
        """Return ``offset N: message``."""
        return f"offset {self.offset}: {self.message}"


def _need(data: bytes, end: int) -> None:
    if end > len(data):
        raise Incomplete


def _le(data: bytes, start: int, count: int) -> int:
    _need(data, start + count)
    return int.from_bytes(data[start : start + count], "little")


def _name(prefix: int, second: int) -> str:
    head = {ESC: "ESC", GS: "GS", FS: "FS", DLE: "DLE"}[prefix]
    ch = chr(second)
    return f"{head} {ch if 32 < second < 127 else f'0x{second:02x}'}" if ch else head


def _esc_length(data: bytes, i: int) -> int:
    c = chr(data[i + 1])
    if c in _ESC_FIXED:
        return 2 + _ESC_FIXED[c]
    if c == "*":  # ESC * m nL nH d1..dk: 8-dot modes 1 byte per column, 24-dot 3
        m = _le(data, i + 2, 1)
        n = _le(data, i + 3, 2)
        return 5 + n * (3 if m in (32, 33) else 1)
    if c == "&":  # ESC & y c1 c2 [x d1..d(y*x)] for each character c1..c2
        _need(data, i + 5)
        y, c1, c2 = data[i + 2], data[i + 3], data[i + 4]
        pos = i + 5
        for _ in range(max(0, c2 - c1 + 1)):
            x = _le(data, pos, 1)
            pos += 1 + y * x
        _need(data, pos)
        return pos - i
    if c == "D":  # tab positions, NUL terminated
        end = data.find(b"\x00", i + 2)
        if end < 0:
            raise Incomplete
        return end + 1 - i
    raise KeyError(c)


def _gs_length(data: bytes, i: int) -> int:
    c = chr(data[i + 1])
    if c in _GS_FIXED:
        return 2 + _GS_FIXED[c]
    if c == "V":  # GS V m [n]
        m = _le(data, i + 2, 1)
        return 4 if m in (65, 66, 97, 98, 103, 104) else 3
    if c == "v":  # GS v 0 m xL xH yL yH data
        x, y = _le(data, i + 4, 2), _le(data, i + 6, 2)
        return 8 + x * y
    if c == "(":  # GS ( X pL pH data
        return 5 + _le(data, i + 3, 2)
    if c == "8":  # GS 8 L p1..p4 data
        return 7 + _le(data, i + 3, 4)
    if c == "k":  # GS k m: m 0..6 NUL-terminated, 65..79 length-prefixed
        m = _le(data, i + 2, 1)
        if m <= 6:
            end = data.find(b"\x00", i + 3)
            if end < 0:
                raise Incomplete
            return end + 1 - i
        return 4 + _le(data, i + 3, 1)
    if c == "*":  # GS * x y d1..d(x*y*8): define downloaded bit image
        return 4 + _le(data, i + 2, 1) * _le(data, i + 3, 1) * 8
    if c == "g":  # GS g 0 m nL nH / GS g 2 m nL nH: maintenance counters
        return 6
    raise KeyError(c)


def _fs_length(data: bytes, i: int) -> int:
    c = chr(data[i + 1])
    if c in _FS_FIXED:
        return 2 + _FS_FIXED[c]
    if c == "(":
        return 5 + _le(data, i + 3, 2)
    if c == "2":  # FS 2 c1 c2 d1..d72: define user Kanji character
        return 76
    raise KeyError(c)


def _dle_length(data: bytes, i: int) -> int:
    c = data[i + 1]
    if c in (0x04, 0x05):  # DLE EOT n / DLE ENQ n
        return 3
    if c == 0x14:  # DLE DC4 fn ...
        fn = _le(data, i + 2, 1)
        return {1: 5, 2: 5, 7: 4, 8: 10}.get(fn, 5)
    raise KeyError(c)


_LENGTHS = {ESC: _esc_length, GS: _gs_length, FS: _fs_length, DLE: _dle_length}
PREFIXES = frozenset(_LENGTHS)
CONTROLS = frozenset({LF, CR, HT, FF, CAN})


def command_length(data: bytes, i: int) -> int:
    """Length of the command starting at ``data[i]`` (a prefix byte).

    Raises:
        Incomplete: the buffer ends before the command does.
        KeyError: the command is not known.
    """
    _need(data, i + 2)
    length = _LENGTHS[data[i]](data, i)
    _need(data, i + length)
    return length


def tokenize(data: bytes, problems: list[StreamProblem] | None = None) -> Iterator[Token]:
    """Yield the stream's tokens; unknown and truncated commands go to ``problems``.

    An unknown command skips its two prefix bytes (the rest may be text); a truncated
    command ends the stream, since nothing after it can be trusted.
    """
    problems = problems if problems is not None else []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b in PREFIXES:
            try:
                length = command_length(data, i)
            except Incomplete:
                what = _name(b, data[i + 1]) if i + 1 < n else _name(b, 0).strip()
                problems.append(StreamProblem(i, f"truncated {what}: stream ends inside it"))
                return
            except KeyError:
                problems.append(StreamProblem(i, f"unknown command {_name(b, data[i + 1])}"))
                i += 2
                continue
            name = _name(b, data[i + 1])
            if b == GS and data[i + 1] in b"(8" or b == FS and data[i + 1] == ord("("):
                name += f" {chr(data[i + 2])}"
            yield Token("cmd", i, data[i : i + length], name, data[i + 2 : i + length])
            i += length
        elif b in CONTROLS:
            yield Token(
                "ctl", i, data[i : i + 1], {LF: "LF", CR: "CR", HT: "HT", FF: "FF", CAN: "CAN"}[b]
            )
            i += 1
        else:
            j = i
            while j < n and data[j] not in PREFIXES and data[j] not in CONTROLS:
                j += 1
            yield Token("text", i, data[i:j])
            i = j
