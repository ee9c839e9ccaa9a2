"""Machine-readable zones (ICAO Doc 9303): layouts, check digits and OCR repair.

Formats: TD1 (3 x 30, ID cards), TD2 (2 x 36), TD3 (2 x 44, passports), MRV-A (2 x 44)
and MRV-B (2 x 36) visas.  OCR text is repaired field by field: a numeric field maps
letters that look like digits (O->0, I->1, B->8, S->5, Z->2...), an alphabetic field the
reverse, and the filler '<' that LSTM Tesseract reads as 'K' is restored in runs and at
the end of fields.  Alphanumeric fields protected by a check digit (document number,
optional data) are repaired by trying the ambiguous readings and keeping the one the
check digits accept.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

_VALUES = {c: i for i, c in enumerate("0123456789")}
_VALUES.update({c: i + 10 for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")})
_VALUES["<"] = 0

TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "T": "1", "Z": "2",
            "S": "5", "G": "6", "B": "8", "A": "4", "<": "0"}  # fmt: skip
TO_ALPHA = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "4": "A"}
# Alternatives tried in check-digit-protected alphanumeric fields.
_AMBIGUOUS = {"O": "0D", "0": "OD", "A": "4", "4": "A", "R": "8", "D": "0O", "Q": "0O",
              "I": "1", "1": "I", "B": "8",
              "8": "BR", "S": "5", "5": "S", "Z": "2", "2": "Z", "K": "<", "<": "K",
              "G": "6", "6": "G"}  # fmt: skip
_MAX_VARIANTS = 4096


def check_digit(text: str) -> str:
    """Return the ICAO 9303 check digit (weights 7, 3, 1) of ``text``."""
    total = 0
    for i, ch in enumerate(text):
        if ch not in _VALUES:
            raise ValueError(f"not an MRZ character: {ch!r}")
        total += _VALUES[ch] * (7, 3, 1)[i % 3]
    return str(total % 10)


def char_value(ch: str) -> int:
    """The value ICAO 9303-3 gives a character in check digits ('<' is 0)."""
    return _VALUES[ch]


def check_ok(text: str, digit: str) -> bool:
    """Whether ``digit`` is the check digit of ``text`` (False for non-MRZ characters)."""
    if digit == "<":  # an empty optional field may carry a filler as its check digit
        return set(text) <= {"<"}
    try:
        return check_digit(text) == digit
    except ValueError:
        return False


@dataclass(frozen=True)
class _Field:
    name: str
    line: int
    start: int
    end: int
    kind: str  # a (alphabetic or filler), n (numeric), an (alphanumeric), name, sex


def _two_line_head(width: int) -> list[_Field]:
    """Fields shared by the two-line formats (TD2, TD3, MRV-A, MRV-B) up to the expiry date."""
    return [
        _Field("document_type", 0, 0, 2, "a"), _Field("country", 0, 2, 5, "a"),
        _Field("name", 0, 5, width, "name"),
        _Field("number", 1, 0, 9, "an"), _Field("check_number", 1, 9, 10, "n"),
        _Field("nationality", 1, 10, 13, "a"), _Field("date_of_birth", 1, 13, 19, "n"),
        _Field("check_date_of_birth", 1, 19, 20, "n"), _Field("sex", 1, 20, 21, "sex"),
        _Field("expiration_date", 1, 21, 27, "n"), _Field("check_expiration_date", 1, 27, 28, "n"),
    ]  # fmt: skip


# (format, lines, width) -> layout.  Check digits are their own 'n' fields named check_*.
_LAYOUTS: dict[str, tuple[int, int, list[_Field]]] = {
    "TD1": (3, 30, [
        _Field("document_type", 0, 0, 2, "a"), _Field("country", 0, 2, 5, "a"),
        _Field("number", 0, 5, 14, "an"), _Field("check_number", 0, 14, 15, "n"),
        _Field("optional1", 0, 15, 30, "an"),
        _Field("date_of_birth", 1, 0, 6, "n"), _Field("check_date_of_birth", 1, 6, 7, "n"),
        _Field("sex", 1, 7, 8, "sex"), _Field("expiration_date", 1, 8, 14, "n"),
        _Field("check_expiration_date", 1, 14, 15, "n"), _Field("nationality", 1, 15, 18, "a"),
        _Field("optional2", 1, 18, 29, "an"), _Field("check_composite", 1, 29, 30, "n"),
        _Field("name", 2, 0, 30, "name"),
    ]),
    "TD2": (2, 36, [*_two_line_head(36), _Field("optional1", 1, 28, 35, "an"),
                    _Field("check_composite", 1, 35, 36, "n")]),
    "TD3": (2, 44, [*_two_line_head(44), _Field("personal_number", 1, 28, 42, "an"),
                    _Field("check_personal_number", 1, 42, 43, "n"),
                    _Field("check_composite", 1, 43, 44, "n")]),
    "MRVA": (2, 44, [*_two_line_head(44), _Field("optional1", 1, 28, 44, "an")]),
    "MRVB": (2, 36, [*_two_line_head(36), _Field("optional1", 1, 28, 36, "an")]),
}  # fmt: skip

_LAYOUTS_BY_NAME: dict[str, list[_Field]] = {}
for _n, _w, _layout in _LAYOUTS.values():
    for _f in _layout:
        _LAYOUTS_BY_NAME.setdefault(_f.name, []).append(_f)


@dataclass
class MrzResult:
    """A parsed MRZ: the lines, named fields and which check digits passed."""

    mrz_type: str
    lines: list[str]
    fields: dict[str, str]
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """Whether every check passes: the check digits, the document code, the names."""
        return bool(self.checks) and all(self.checks.values())

    def as_fields(self) -> dict[str, object]:
        """Return the public field dict (names as in DESIGN.md, plus ``lines``)."""
        f = self.fields
        personal = f.get("personal_number", f.get("optional1", ""))
        if self.mrz_type == "TD1":
            personal = f.get("optional1", "")
        return {
            "mrz_type": self.mrz_type,
            "document_type": f["document_type"].rstrip("<"),
            "country": f["country"].replace("<", ""),
            "number": f["number"].replace("<", ""),
            "date_of_birth": f["date_of_birth"],
            "expiration_date": f["expiration_date"],
            "nationality": f["nationality"].replace("<", ""),
            "sex": f["sex"].replace("<", "X"),
            "surname": f["surname"],
            "names": f["names"],
            "personal_number": personal.strip("<"),
            "lines": list(self.lines),
        }


def _layout_for(lines: list[str]) -> str | None:
    if len(lines) == 3:
        return "TD1"
    if len(lines) != 2:
        return None
    width = max(len(x) for x in lines)
    visa = lines[0][:1] == "V"
    if width >= 40:
        return "MRVA" if visa else "TD3"
    return "MRVB" if visa else "TD2"


def _split_name(raw: str) -> tuple[str, str]:
    surname, _, given = raw.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _td1_long_number(fields: dict[str, str]) -> None:
    # ICAO 9303-5 4.2.4: a document number longer than 9 characters continues in the
    # optional field, ending with its check digit before a filler.
    if fields["check_number"] == "<" and fields["optional1"].strip("<"):
        rest = fields["optional1"]
        end = rest.find("<")
        if end > 1:
            fields["number"] = fields["number"] + rest[: end - 1]
            fields["check_number"] = rest[end - 1]
            fields["optional1"] = rest[end:]


def parse_lines(lines: list[str]) -> MrzResult | None:
    """Parse exact MRZ lines (no repair); None if the shape is not an MRZ format."""
    fmt = _layout_for(lines)
    if fmt is None:
        return None
    n, width, layout = _LAYOUTS[fmt]
    if any(len(x) != width for x in lines):
        return None
    fields = {f.name: lines[f.line][f.start : f.end] for f in layout}
    if fmt == "TD1":
        _td1_long_number(fields)
    surname, names = _split_name(fields.pop("name"))
    fields["surname"], fields["names"] = surname, names
    checks = {
        # A number is left-aligned and padded with fillers: one with a filler before its
        # characters is a misread whatever its check digit says ('<' counts as 0).
        "number": check_ok(fields["number"], fields["check_number"])
        and _left_aligned(fields["number"]),
        "date_of_birth": check_ok(fields["date_of_birth"], fields["check_date_of_birth"]),
        "expiration_date": check_ok(fields["expiration_date"], fields["check_expiration_date"]),
    }
    if fmt == "TD3":
        checks["personal_number"] = check_ok(
            fields["personal_number"], fields["check_personal_number"]
        ) or (fields["check_personal_number"] == "0" and set(fields["personal_number"]) == {"<"})
    if fmt in ("TD1", "TD2", "TD3"):
        checks["composite"] = check_ok(_composite_text(fmt, lines), fields["check_composite"])
        # ICAO 9303-4/5/6: a passport's code starts with P, a card's with A, C or I (some
        # old TD2 passports: P).  Anything else is a misread the check digits cannot see.
        checks["document_type"] = lines[0][:1] in _DOCUMENT_CODES[fmt]
    # No check digit covers the name, but no name holds one letter four times running
    # (three do, rarely: KAAA once its okina is dropped): a blurred filler run read as
    # letters ("ANNA<<AAAAAAAA") does.
    checks["names"] = _REPEATED.search(f"{surname} {names}") is None
    return MrzResult(fmt, list(lines), fields, checks)


_REPEATED = re.compile(r"([A-Z])\1{3}")


_DOCUMENT_CODES = {"TD1": "ACIP", "TD2": "ACIP", "TD3": "P"}


def _left_aligned(value: str) -> bool:
    """Whether ``value`` has no filler before a character (fillers only pad the end)."""
    return value.rstrip("<").find("<") == -1


def _composite_text(fmt: str, lines: list[str]) -> str:
    if fmt == "TD1":
        return lines[0][5:30] + lines[1][0:7] + lines[1][8:15] + lines[1][18:29]
    end = 43 if fmt == "TD3" else 35
    return lines[1][0:10] + lines[1][13:20] + lines[1][21:end]


# ----------------------------------------------------------------------------- repair


def clean_line(raw: str) -> str:
    """Upper-case, drop spaces and map filler look-alikes to '<'."""
    text = raw.upper().replace(" ", "")
    text = re.sub(r"[«‹(\[{]", "<", text)
    text = text.replace("×", "X")  # the recogniser's multiplication sign for OCR-B's X
    return re.sub(r"[^A-Z0-9<]", "", text)


def _fix_kind(text: str, kind: str) -> str:
    if kind == "n":
        return "".join(TO_DIGIT.get(c, c) for c in text)
    if kind in ("a", "name"):
        return "".join(TO_ALPHA.get(c, c) for c in text)
    if kind == "sex":
        return {"H": "M", "N": "M", "P": "F", "E": "F", "K": "<"}.get(text, text)
    return text


def _fillers(text: str) -> str:
    """Turn 'K' read for '<' into fillers, keeping a K that begins or ends a word.

    In a run of K and '<' that holds at least one '<' (or 3+ K's), the K's are fillers,
    except leading K's glued to a preceding letter ("ERIK<<") and trailing K's glued to a
    following letter ("AL<KAABI").  K's at the very end of the field are fillers.
    """

    def fix(m: re.Match[str]) -> str:
        run = m.group()
        if "<" not in run and len(run) < 3:
            return run
        lead = 0
        if m.start() > 0 and text[m.start() - 1].isalpha():
            lead = len(run) - len(run.lstrip("K"))
        tail = 0
        if m.end() < len(text) and text[m.end()].isalpha():
            tail = len(run) - len(run.rstrip("K"))
        if lead + tail >= len(run):
            return run
        return run[:lead] + "<" * (len(run) - lead - tail) + run[len(run) - tail :]

    text = re.sub(r"[K<]+", fix, text)
    stripped = text.rstrip("K")
    return stripped + "<" * (len(text) - len(stripped)) if stripped else text


def _fix_name(text: str) -> str:
    text = _fix_kind(text, "name")
    text = _fillers(text)
    # A single K between a filler run and a letter is a filler ("ERIKSSON<<ANNAKMARIA" is
    # left alone, "SMITH<K<JOHN" -> "SMITH<<<JOHN").
    text = re.sub(r"(?<=<)K(?=<)", "<", text)
    # Every name field has a '<<' between surname and given names (unless there are no
    # given names).  Without one, a K next to a single filler, or a "KK", is that separator.
    body = text.rstrip("<")
    if "<<" not in body:
        m = re.search(r"K<|<K|KK", body)
        if m:
            text = text[: m.start()] + "<<" + text[m.end() :]
    return text


def _fit(line: str, width: int) -> str:
    if len(line) > width:
        # Extra characters are usually noise at either end; keep the best-aligned window.
        return line[:width]
    return line + "<" * (width - len(line))


_RARE = {("A", "4"), ("4", "A"), ("8", "R"), ("R", "8"), ("D", "0"), ("0", "D"), ("D", "O"),
         ("O", "D"), ("Q", "0"), ("Q", "O")}  # fmt: skip


def _cost(old: str, new: str) -> int:
    """Substitution cost: common confusions 1, rarer ones 2."""
    return sum(
        0 if a == b else (2 if (a, b) in _RARE else 1) for a, b in zip(old, new, strict=True)
    )


def _variants(text: str, max_changes: int = 3) -> list[str]:
    """Readings of ``text`` with up to ``max_changes`` look-alikes swapped, cheapest first."""
    spots = [i for i, c in enumerate(text) if c in _AMBIGUOUS]
    out = [text]
    for n in range(1, max_changes + 1):
        for combo in itertools.combinations(spots, n):
            for subs in itertools.product(*(_AMBIGUOUS[text[i]] for i in combo)):
                cand = list(text)
                for i, s in zip(combo, subs, strict=True):
                    cand[i] = s
                out.append("".join(cand))
                if len(out) > _MAX_VARIANTS:
                    break
    out.sort(key=lambda c: _cost(text, c))
    return out


def repair(raw_lines: list[str]) -> MrzResult | None:
    """Repair OCR'd MRZ lines by field type and check digits; None if not MRZ-shaped."""
    typed = typed_lines(raw_lines)
    if typed is None:
        return None
    fixed, layout = typed
    result = parse_lines(fixed)
    if result is None or result.valid:
        return result
    return _repair_by_checks(fixed, layout) or result


def typed_lines(raw_lines: list[str]) -> tuple[list[str], list[_Field]] | None:
    """The lines fitted to their format's width with each field mapped to its type.

    The cheap first step of :func:`repair` (no check-digit search); None if not MRZ-shaped.
    """
    lines = [clean_line(x) for x in raw_lines]
    lines = [x for x in lines if len(x) >= 20]
    if len(lines) not in (2, 3):
        return None
    if len(lines) == 2 and max(len(x) for x in lines) < 33:
        return None  # two lines of a TD1 (one missed): no 2-line format is this short
    fmt = _layout_for(lines)
    assert fmt is not None
    _, width, layout = _LAYOUTS[fmt]
    chars = [list(_fit(x, width)) for x in lines]
    for f in layout:
        seg = "".join(chars[f.line][f.start : f.end])
        if f.kind == "name":
            seg = _fix_name(seg)
        elif f.kind == "an":
            if f.name.startswith(("optional", "personal")):
                seg = _fillers(seg)
        elif not (f.name == "check_personal_number" and seg == "<"):
            seg = _fix_kind(seg, f.kind)  # an empty personal number's check may be '<'
        if f.kind == "a" and seg[:1] != "K":
            seg = re.sub(r"K+$", lambda m: "<" * len(m.group()), seg)
        chars[f.line][f.start : f.end] = list(seg)
    fixed = ["".join(c) for c in chars]
    _align_country(fmt, fixed, layout)
    return fixed, layout


_LOOKALIKE_LETTERS = set("OCDQG0UB8")
_ROUND = set("O0DQ")


def _align_country(fmt: str, lines: list[str], layout: list[_Field]) -> None:
    """Issuing state and nationality usually match: repair one from the other.

    Only positions where both readings are round look-alikes (O/C/D/Q/G/0) may differ.
    """
    country = next(f for f in layout if f.name == "country")
    nat = next(f for f in layout if f.name == "nationality")
    a = lines[country.line][country.start : country.end]
    b = lines[nat.line][nat.start : nat.end]
    if a == b:
        return
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if all(x in _LOOKALIKE_LETTERS and y in _LOOKALIKE_LETTERS for x, y in diffs):
        # Trust the reading with fewer 'O's (the usual wrong guess for a round glyph).
        good = a if a.count("O") < b.count("O") else b
    elif all(x in _ROUND for x, _ in diffs) and not all(y in _ROUND for _, y in diffs):
        good = b  # the issuing state came out as a row of round blobs ("OOO" for "MCO")
    elif all(y in _ROUND for _, y in diffs) and not all(x in _ROUND for x, _ in diffs):
        good = a
    else:
        return
    for f in (country, nat):
        line = lines[f.line]
        lines[f.line] = line[: f.start] + good + line[f.end :]


def _candidates(f: _Field, lines: list[str]) -> list[str]:
    """Readings of one alphanumeric field, fewest changes first, that its own check accepts."""
    seg = lines[f.line][f.start : f.end]
    own = {"number": "check_number", "personal_number": "check_personal_number"}.get(f.name)
    if own is None:  # optional data: judged only by the composite check
        return _variants(seg, 2)[:200]
    digit = next(g for g in _LAYOUTS_BY_NAME[own] if g.line == f.line)
    check = lines[digit.line][digit.start]
    good = [c for c in _variants(seg) if check_ok(c, check)]
    if f.name == "personal_number" and not good and check == "0":
        good = [c for c in _variants(seg) if set(c) == {"<"}]
    return good[:5] or [seg]


def _repair_by_checks(lines: list[str], layout: list[_Field]) -> MrzResult | None:
    """Search ambiguous readings of alphanumeric fields so that every check digit passes."""
    an_fields = [f for f in layout if f.kind == "an"]
    pools = [_candidates(f, lines) for f in an_fields]
    best: tuple[int, MrzResult] | None = None
    tried = 0
    for combo in itertools.product(*pools):
        tried += 1
        if tried > _MAX_VARIANTS:
            break
        trial = [list(x) for x in lines]
        for f, cand in zip(an_fields, combo, strict=True):
            trial[f.line][f.start : f.end] = list(cand)
        res = parse_lines(["".join(x) for x in trial])
        if res is None or not res.valid:
            continue
        cost = sum(_cost(x, y) for x, y in zip(lines, res.lines, strict=True))
        if best is None or cost < best[0]:
            best = (cost, res)
    return best[1] if best else None


def looks_like_mrz(line: str) -> bool:
    """Whether an OCR line plausibly belongs to an MRZ (long, MRZ alphabet, fillers)."""
    text = clean_line(line)
    return (
        len(text) >= 25
        and (text.count("<") >= 2 or text.count("K") >= 4)
        and len(line.replace(" ", "")) - len(text) <= 3
    )
