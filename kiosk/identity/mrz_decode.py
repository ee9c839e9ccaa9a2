"""MRZ lines from per-cell glyph scores, under the format's grammar and check digits.

:mod:`kiosk.identity.mrz_glyphs` scores every character at every position of a line.
This module chooses the lines:

1. each position may only hold what its field allows (digits in dates and check digits,
   letters and fillers in names and state codes, M/F/< for sex...);
2. a field protected by a check digit whose best reading fails is corrected by the
   cheapest one or two look-alike substitutions (among each cell's three best glyphs,
   check digit included) that make it pass, and only when that correction is clearly
   cheaper than the next one that also passes: two equally good ways to satisfy a check
   digit mean the document cannot be told, and the field stays as read (invalid);
3. the doubt that remains is measured: the smallest score margin of a cell no check digit
   protects (names, codes, sex) and the cost of the corrections made.  A read is only
   *confident* when every cell is clear or was fixed by an unambiguous check.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from kiosk.identity import mrz
from kiosk.identity.mrz_glyphs import ALPHABET, LineCells

_DIGITS = set("0123456789")
_LETTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
_TEMPERATURE = 0.02  # correlation -> log-likelihood scale
_TOP = 3  # alternatives per cell tried when a check digit fails
# A correction is trusted when the next correction that also passes costs this much more.
_UNIQUE_MARGIN = 1.5
_MAX_COST = 6.0  # log-likelihood a correction may cost at most
_MAX_TRUSTED_CHANGES = 1  # cells a correction may change and still be trusted
_MAX_OPTIONS_3 = 24
_CLEAR_MARGIN = 0.02  # correlation margin that makes an unprotected cell clear
# Look-alikes need more: on tuning seeds 301-700 a visa's optional 0 read as O at 0.023.
_CLEAR_LOOKALIKE = 0.05
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
# Mean glyph fit below which cells are misplaced (a wrong extent, other text): right reads
# of the tuning documents fit 0.89-0.98, misaligned or non-MRZ lines 0.6-0.8.
TRUST_FIT = 0.86


@dataclass
class Decoded:
    """Lines chosen from cells, with what the choice was sure of."""

    result: mrz.MrzResult | None
    corrections: dict[str, float] = field(default_factory=dict)  # field -> cost
    ambiguous: list[str] = field(default_factory=list)  # checks with rival corrections
    unclear: list[str] = field(default_factory=list)  # unprotected fields with unclear cells
    fit: float = 0.0

    @property
    def confident(self) -> bool:
        """Valid, every correction unambiguous and every unprotected cell clear."""
        return bool(
            self.result is not None and self.result.valid and not self.ambiguous
            and not self.unclear and self.fit >= TRUST_FIT
        )  # fmt: skip

    @property
    def trusted(self) -> bool:
        """Whether the cells fit OCR-B well enough for their reading to count at all."""
        return self.result is not None and self.fit >= TRUST_FIT


def _allowed(kind: str, name: str) -> set[str]:
    if kind == "n":
        if name in ("check_number", "check_personal_number"):
            return _DIGITS | {"<"}  # a long TD1 number or an empty personal number
        return _DIGITS
    if kind in ("a", "name"):
        return _LETTERS
    if kind == "sex":
        return set("MF<")
    return _DIGITS | _LETTERS


def _masks(fmt: str) -> tuple[list[list[str]], list]:
    """Per line, per position: the field name; and the layout."""
    n, width, layout = mrz._LAYOUTS[fmt]
    names = [[""] * width for _ in range(n)]
    for f in layout:
        for p in range(f.start, f.end):
            names[f.line][p] = f.name
    return names, layout


class _Line:
    """Log-likelihoods of one line's cells restricted to each position's field."""

    def __init__(self, cells: LineCells, kinds: list[tuple[str, str]]) -> None:
        scores = cells.scores.astype(np.float64)
        self.raw = scores
        self.logp = np.full(scores.shape, -np.inf)
        for k, (kind, name) in enumerate(kinds):
            idx = [_INDEX[c] for c in _allowed(kind, name)]
            s = scores[k, idx] / _TEMPERATURE
            s = s - s.max()
            s = s - np.log(np.exp(s).sum())
            self.logp[k, idx] = s
        self.chars = [ALPHABET[int(i)] for i in self.logp.argmax(axis=1)]

    def margin(self, k: int) -> float:
        """Correlation margin between the best and second allowed glyph of cell k."""
        allowed = np.isfinite(self.logp[k])
        vals = np.sort(self.raw[k][allowed])
        return float(vals[-1] - vals[-2]) if vals.size > 1 else 1.0

    def clear(self, k: int) -> bool:
        """Whether cell k, which no check digit protects, is read beyond doubt.

        Its best allowed glyph must beat the next by ``_CLEAR_MARGIN``, and an OCR-B
        look-alike of it (0/O, 8/R, O/D, E/F...: blur makes them nearly one glyph) by
        ``_CLEAR_LOOKALIKE``.
        """
        if self.margin(k) < _CLEAR_MARGIN:
            return False
        chosen = self.chars[k]
        mine = self.raw[k, _INDEX[chosen]]
        rivals = [c for c in _LOOKS_LIKE.get(chosen, ()) if np.isfinite(self.logp[k, _INDEX[c]])]
        return all(mine - self.raw[k, _INDEX[c]] >= _CLEAR_LOOKALIKE for c in rivals)

    def twins(self, k: int, chosen: str) -> list[tuple[str, float]]:
        """Allowed glyphs of cell k a check digit cannot tell from ``chosen``, with cost.

        Check digits weigh values 7, 3, 1 modulo 10: a character whose value differs from
        the chosen one's by a multiple of ten (6/G, 8/S, 5/Z, 1/L, 0/U, <, A, K...) leaves
        every check as it was.
        """
        mine = mrz.char_value(chosen) % 10
        cost = self.logp[k, _INDEX[chosen]]
        return [(c, float(cost - self.logp[k, i])) for c, i in _INDEX.items()
                if c != chosen and np.isfinite(self.logp[k, i])
                and mrz.char_value(c) % 10 == mine]  # fmt: skip

    def alternatives(self, k: int) -> list[tuple[str, float]]:
        """The cell's best allowed glyphs but the chosen one, with their cost."""
        order = np.argsort(-self.logp[k])
        best = self.logp[k, order[0]]
        return [(ALPHABET[int(i)], float(best - self.logp[k, i]))
                for i in order[1:_TOP] if np.isfinite(self.logp[k, i])]  # fmt: skip


def _fix(
    lines: list[_Line],
    spots: list[tuple[int, int]],
    ok: callable,  # type: ignore[valid-type]
) -> tuple[str, float | None, bool]:
    """Correct the cells ``spots`` so that ``ok(chars)`` holds.

    Returns ("kept" | "fixed" | "failed", cost, unambiguous).
    """
    chars = {s: lines[s[0]].chars[s[1]] for s in spots}
    if ok(chars):
        rivals = _rivals(lines, spots, chars, ok)
        return "kept", 0.0, not rivals
    options = [(s, c, cost) for s in spots for c, cost in lines[s[0]].alternatives(s[1])
               if cost <= _MAX_COST]  # fmt: skip
    passing: list[tuple[float, dict]] = []
    # Three changes only among few options: enough to see a rival that also passes.
    for n in (1, 2, 3) if len(options) <= _MAX_OPTIONS_3 else (1, 2):
        for combo in itertools.combinations(options, n):
            if len({o[0] for o in combo}) < n:
                continue
            trial = dict(chars)
            for s, c, _ in combo:
                trial[s] = c
            if ok(trial):
                passing.append((sum(o[2] for o in combo), trial))
    if not passing:
        return "failed", None, False
    passing.sort(key=lambda t: t[0])
    cost, best = passing[0]
    unique = len(passing) == 1 or passing[1][0] - cost >= _UNIQUE_MARGIN
    unique = unique and not _rivals(lines, spots, best, lambda t: ok(t) and t != best)
    if cost > _MAX_COST:
        return "failed", cost, False
    # One look-alike cell is what blur does; two or more that happen to pass a check digit
    # (one reading in ten passes by chance) are as likely a misplaced or misread line:
    # the field stays as read (and fails its check).
    if sum(lines[s[0]].chars[s[1]] != c for s, c in best.items()) > _MAX_TRUSTED_CHANGES:
        return "failed", cost, False
    for s, c in best.items():
        lines[s[0]].chars[s[1]] = c
    return "fixed", cost, unique


def _rivals(lines: list[_Line], spots: list[tuple[int, int]], chars: dict, ok: callable) -> bool:  # type: ignore[valid-type]
    """Whether another reading about as likely as ``chars`` also passes the check.

    Cells whose runner-up glyph is close are flipped in every combination; for the
    letter/digit look-alikes of OCR-B (0/O, 1/I, 2/Z, 5/S, 8/B, 6/G, 0/D), which blur
    into each other, "close" is wider.  A check digit passes one random reading in
    ten, so two passing readings mean the field cannot be told.
    """
    close = []
    for s in spots:
        chosen = chars.get(s, lines[s[0]].chars[s[1]])
        # One twin change passes whatever the check digit: the cell must tell it apart.
        if any(cost < _TWIN_MARGIN for _, cost in lines[s[0]].twins(s[1], chosen)):
            return True
        for c, cost in lines[s[0]].alternatives(s[1]):
            limit = _LOOKALIKE_MARGIN if frozenset((chosen, c)) in _LOOKALIKES else _UNIQUE_MARGIN
            if cost < limit:
                close.append((s, c))
    for n in range(1, min(len(close), 4) + 1):
        for combo in itertools.combinations(close, n):
            if len({o[0] for o in combo}) < n:
                continue
            trial = dict(chars)
            for s, c in combo:
                trial[s] = c
            if ok(trial):
                return True
    return False


_LOOKALIKES = {frozenset(p) for p in ("0O", "1I", "2Z", "5S", "8B", "6G", "0D", "0Q")}
# Pairs the glyph cells of blurred tuning documents confused (bench/mrz_failures.py).
_UNPROTECTED_LOOKALIKES = _LOOKALIKES | {
    frozenset(p) for p in ("8R", "OD", "OQ", "DQ", "EF", "GQ", "CG", "MN", "UV", "IT", "PF")
}
_LOOKS_LIKE: dict[str, set[str]] = {}
for _pair in _UNPROTECTED_LOOKALIKES:
    _a, _b = sorted(_pair)
    _LOOKS_LIKE.setdefault(_a, set()).add(_b)
    _LOOKS_LIKE.setdefault(_b, set()).add(_a)
_LOOKALIKE_MARGIN = 4.0  # 0.08 of correlation: a blurred 0 and O differ by less
_TWIN_MARGIN = _LOOKALIKE_MARGIN  # a check digit's blind spot is judged like a look-alike


def _spots(layout: list, name: str) -> list[tuple[int, int]]:
    f = next(f for f in layout if f.name == name)
    return [(f.line, p) for p in range(f.start, f.end)]


_CHECKS = (
    ("number", "check_number"),
    ("date_of_birth", "check_date_of_birth"),
    ("expiration_date", "check_expiration_date"),
    ("personal_number", "check_personal_number"),
)


def _text(lines: list[_Line], spots: list[tuple[int, int]], chars: dict | None = None) -> str:
    return "".join((chars or {}).get(s, lines[s[0]].chars[s[1]]) for s in spots)


def decode(cells: list[LineCells], fmt: str) -> Decoded:
    """The best lines of format ``fmt`` (TD1, TD2, TD3, MRVA, MRVB) for the cells read."""
    names, layout = _masks(fmt)
    kinds_by_name = {f.name: f.kind for f in layout}
    lines = [
        _Line(c, [(kinds_by_name[names[i][k]], names[i][k]) for k in range(len(names[i]))])
        for i, c in enumerate(cells)
    ]
    out = Decoded(None, fit=float(np.mean([c.fit for c in cells])))
    present = {f.name for f in layout}

    def ok_td1(chars: dict) -> bool:  # the TD1 number as parse judges it (9 characters)
        number, digit = _spots(layout, "number"), _spots(layout, "check_number")[0]
        d = chars.get(digit, lines[digit[0]].chars[digit[1]])
        return mrz.check_ok(_text(lines, number, chars), d)

    for name, check in _CHECKS:
        if name not in present:
            continue
        body, digit = _spots(layout, name), _spots(layout, check)[0]
        spots = [*body, digit]
        if fmt == "TD1" and name == "number":
            # A long TD1 number continues in the optional field: judged by parse; one
            # that passes as read must still have no rival reading.
            if lines[digit[0]].chars[digit[1]] != "<" and _rivals(lines, spots, {}, ok_td1):
                out.ambiguous.append(name)
            continue

        def ok(chars: dict, body=body, digit=digit, name=name) -> bool:
            text = _text(lines, body, chars)
            d = chars.get(digit, lines[digit[0]].chars[digit[1]])
            if name == "personal_number" and d == "0" and set(text) == {"<"}:
                return True
            return mrz.check_ok(text, d)

        state, cost, unique = _fix(lines, spots, ok)
        if state == "fixed":
            out.corrections[name] = round(float(cost or 0), 2)
        if state == "failed" or not unique:
            out.ambiguous.append(name)
    if fmt in ("TD1", "TD2", "TD3"):
        _composite(lines, layout, fmt, out)
    text = ["".join(line.chars) for line in lines]
    if (
        fmt == "TD1" and "number" not in out.ambiguous
        and (res := mrz.parse_lines(text)) is not None and not res.checks["number"]
    ):  # fmt: skip
        out.ambiguous.append("number")
    out.result = mrz.parse_lines(text)
    out.unclear = _unclear(lines, layout)
    return out


def _composite(lines: list[_Line], layout: list, fmt: str, out: Decoded) -> None:
    width = len(lines[0].chars)
    digit = _spots(layout, "check_composite")[0]

    def ok(chars: dict) -> bool:
        text = ["".join(chars.get((i, k), c) for k, c in enumerate(line.chars))
                for i, line in enumerate(lines)]  # fmt: skip
        return mrz.check_ok(mrz._composite_text(fmt, text), chars.get(digit, text[1][-1]))

    # Only what no other check digit protects may be corrected for the composite.
    free = [n for n in ("optional1", "optional2") if any(f.name == n for f in layout)]
    if fmt == "TD1":
        free.append("number")  # TD1's number is also covered by its own check, done above
    spots = [s for n in free for s in _spots(layout, n)] + [digit]
    spots = [s for s in spots if s[1] < width]
    state, cost, unique = _fix(lines, spots, ok)
    if state == "fixed":
        out.corrections["composite"] = round(float(cost or 0), 2)
    if state == "failed" or not unique:
        out.ambiguous.append("composite")


_UNPROTECTED = ("document_type", "country", "nationality", "sex", "name")


def _unclear(lines: list[_Line], layout: list) -> list[str]:
    out = []
    for f in layout:
        if f.name == "optional1" and not any(g.name == "check_composite" for g in layout):
            # A visa's optional data has no check digit: fillers only pad its end.
            text = "".join(lines[f.line].chars[f.start : f.end]).rstrip("<")
            if "<" in text or not all(lines[f.line].clear(p) for p in range(f.start, f.end)):
                out.append(f.name)
            continue
        if f.name not in _UNPROTECTED:
            continue
        if not all(lines[f.line].clear(p) for p in range(f.start, f.end)):
            out.append(f.name)
    return out
