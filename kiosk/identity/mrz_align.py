"""MRZ text found inside recognised lines and aligned to its format by the MRZ grammar.

A photographed document lies on a desk or on a printed sheet: the text detector often
boxes an MRZ line together with the words beside it ("depoSi HMA4604065K0R72...<<30lit"),
and the recogniser drops or adds a filler in a long run of '<'.  Both move every later
character out of its field.  Instead of cutting or padding at the end, this module:

1. keeps the MRZ-looking run of a recognised line (:func:`mrz_segment`): MRZ text has no
   spaces and no lower-case words, the text beside it has both;
2. tries the plausible windows and filler corrections of each line (:func:`align`) and
   keeps the one the format's grammar likes best: digits where dates are, a sex code, a
   document-type letter, letters where the state codes are, and above all check digits
   that pass.

Nothing here guesses a character: alignment only chooses where the read characters sit.
"""

from __future__ import annotations

import itertools
import re

from kiosk.identity import mrz

_BREAK = re.compile(r"\s+|[a-z]{2,}")
_DOC_TYPES = set("PIACV")
_MAX_SHIFT = 3  # characters a line may be off its width (dropped/added fillers, noise)


def mrz_segment(text: str) -> str:
    """The longest run of a recognised line that can be MRZ text, cleaned (upper case).

    Runs are split at spaces and at two or more lower-case letters (ordinary words); other
    characters are dropped by :func:`kiosk.identity.mrz.clean_line`.  A single lower-case
    letter inside a run stays (the recogniser writes 'o' for 'O' in "SEoYEoN").
    """
    parts = _BREAK.split(text)
    best = max(parts, key=lambda p: len(mrz.clean_line(p)), default="")
    return mrz.clean_line(best)


def _digitish(c: str) -> float:
    if c.isdigit():
        return 1.0
    return 0.5 if c in mrz.TO_DIGIT and c != "<" else 0.0


def _alphaish(c: str) -> float:
    if c.isalpha() or c == "<":
        return 1.0
    return 0.5 if c in mrz.TO_ALPHA else 0.0


def _check(text: str, digit: str) -> bool:
    fixed = "".join(mrz.TO_DIGIT.get(c, c) for c in digit)
    try:
        return mrz.check_digit(text) == fixed
    except ValueError:
        return False


def _digits(line: str, start: int, end: int) -> float:
    return sum(_digitish(c) for c in line[start:end])


def _score_line(fmt: str, index: int, line: str) -> float:
    """How well one line of a known format fits its grammar (higher is better)."""
    to_digit = "".join(mrz.TO_DIGIT.get(c, c) for c in line)
    if fmt == "TD1":
        if index == 0:
            return (2.0 * (line[0] in "IAC") + sum(_alphaish(c) for c in line[2:5])
                    + 5.0 * _check(line[5:14], line[14]))  # fmt: skip
        if index == 1:
            return (_digits(line, 0, 7) + _digits(line, 8, 15) + (line[7] in "MF<")
                    + sum(_alphaish(c) for c in line[15:18])
                    + 5.0 * _check(to_digit[0:6], to_digit[6])
                    + 5.0 * _check(to_digit[8:14], to_digit[14]))  # fmt: skip
        return sum(0.3 * (not c.isdigit()) for c in line) + 2.0 * line.endswith("<")
    if index == 0:
        return (
            2.0 * (line[0] in _DOC_TYPES)
            + sum(_alphaish(c) for c in line[1:5])
            + sum(0.3 * (not c.isdigit()) for c in line[5:])
            + 2.0 * line.endswith("<")
        )
    width = len(line)
    score = (_digits(line, 13, 20) + _digits(line, 21, 28) + (line[20] in "MF<")
             + sum(_alphaish(c) for c in line[10:13])
             + 5.0 * _check(line[0:9], line[9])
             + 5.0 * _check(to_digit[13:19], to_digit[19])
             + 5.0 * _check(to_digit[21:27], to_digit[27]))  # fmt: skip
    if fmt in ("TD3", "TD2"):
        end = 43 if width == 44 else 35
        score += 5.0 * _check(line[0:10] + line[13:20] + line[21:end], line[end])
    if fmt == "TD3":
        score += 3.0 * (_check(line[28:42], line[42]) or set(line[28:43]) <= {"<", "0"})
    return score


def _fillers_changed(line: str, delta: int) -> list[str]:
    """``line`` with ``delta`` fillers added to (or removed from) one of its filler runs."""
    out = []
    for m in re.finditer(r"<{2,}", line):
        if delta > 0:
            out.append(line[: m.end()] + "<" * delta + line[m.end() :])
        elif m.end() - m.start() > -delta:
            out.append(line[: m.start()] + line[m.start() - delta :])
    return out


def _candidates(line: str, width: int) -> list[str]:
    """Windows of exactly ``width`` characters that ``line`` may have meant."""
    n = len(line)
    out = []
    if n >= width:
        out += [line[i : i + width] for i in range(n - width + 1)]
    else:
        out += [(("<" * k) + line + "<" * width)[:width] for k in range(width - n + 1)]
    if 0 < abs(n - width) <= _MAX_SHIFT:
        out += [c for c in _fillers_changed(line, width - n) if len(c) == width]
    # A line a little short or long may also have lost or gained a filler and be noisy at
    # one end: one filler step, then a window.
    for delta in (1, -1):
        for c in _fillers_changed(line, delta):
            if abs(len(c) - width) <= _MAX_SHIFT and len(c) != n:
                out += _candidates_plain(c, width)
    return list(dict.fromkeys(out))


def _candidates_plain(line: str, width: int) -> list[str]:
    if len(line) >= width:
        return [line[i : i + width] for i in range(len(line) - width + 1)]
    return [(line + "<" * width)[:width]]


def _format(lines: list[str]) -> tuple[str, int] | None:
    if len(lines) == 3:
        return "TD1", 30
    if len(lines) != 2:
        return None
    longest = max(len(x) for x in lines)
    if longest < 33:
        return None  # two lines of a TD1 (one missed): no two-line format is this short
    visa = lines[0][:1] == "V" or lines[0][1:2] == "V"
    width = 44 if longest >= 40 else 36
    if visa:
        return ("MRVA" if width == 44 else "MRVB"), width
    return ("TD3" if width == 44 else "TD2"), width


def score_lines(lines: list[str]) -> float:
    """The grammar score of aligned lines (see :func:`align`), summed over the lines."""
    found = _format(lines)
    if found is None:
        return 0.0
    return sum(_score_line(found[0], i, x) for i, x in enumerate(lines))


def align(texts: list[str]) -> list[str] | None:
    """The MRZ lines of recognised ``texts`` (2 or 3 lines), each exactly its format's width.

    None when the lines cannot be an MRZ (wrong count, far too short or long).
    """
    lines = [mrz_segment(t) for t in texts]
    found = _format(lines)
    if found is None:
        return None
    fmt, width = found
    name_line = 2 if fmt == "TD1" else 0
    for i, x in enumerate(lines):
        # The detector often leaves a name line's trailing fillers out of its box.
        shortest = 10 if i == name_line else width - 8
        if len(x) < shortest or len(x) > width + 30:
            return None
    if fmt.startswith("MRV") or fmt in ("TD2", "TD3"):
        # The document-type letter may be glued to one character of text in front of it.
        first = lines[0]
        for k in range(min(3, len(first))):
            if first[k] in _DOC_TYPES and (k == 0 or first[0] not in _DOC_TYPES):
                lines[0] = first[k:]
                break
    out = []
    for i, line in enumerate(lines):
        cands = _candidates(line, width)
        # Ties go to the first candidate: the reading as it came, then the least shift.
        out.append(max(cands, key=lambda c: _score_line(fmt, i, c)))
    if fmt == "TD1":
        out = _td1_composite(out, lines, width)
    return out


def _td1_composite(best: list[str], lines: list[str], width: int) -> list[str]:
    """For TD1, choose the windows of lines 1 and 2 together: the composite spans both."""
    tops = []
    for i in (0, 1):
        cands = sorted(_candidates(lines[i], width), key=lambda c: -_score_line("TD1", i, c))
        tops.append(cands[:3])

    def total(pair: tuple[str, str]) -> float:
        a, b = pair
        digit = mrz.TO_DIGIT.get(b[29], b[29])
        composite = "".join(mrz.TO_DIGIT.get(c, c) for c in b[0:7] + b[8:15])
        text = a[5:30] + composite + b[18:29]
        return _score_line("TD1", 0, a) + _score_line("TD1", 1, b) + 5.0 * _check(text, digit)

    a, b = max(itertools.product(*tops), key=total)
    return [a, b, best[2]]
