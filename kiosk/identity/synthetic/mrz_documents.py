"""Synthetic MRZ documents (TD1, TD2, TD3, MRV-A, MRV-B) photographed as a kiosk camera would.

Each seed gives an invented holder (names and nationalities of many countries, dates,
document numbers of several national patterns), the ICAO 9303 MRZ with its check digits,
a drawn page (guilloche, a visual zone with labels and dates in several national formats,
a silhouette portrait, the MRZ in OCR-B from Debian's ``fonts-ocr-b``, else DejaVu Sans
Mono) and a photograph of it: perspective, rotation, low resolution, blur, glare, uneven
light, background text around the document, sensor noise and JPEG artefacts.

Two splits that never share a seed: :data:`TUNE_SEEDS` may be looked at while developing;
:data:`HELD_OUT_SEEDS` are for figures only (bench/identity.py) and must stay out of all
tuning.
"""

from __future__ import annotations

import datetime as _dt
import functools
import random
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.identity import mrz

TUNE_SEEDS = range(1, 10_000)
HELD_OUT_SEEDS = range(1_000_000, 1_010_000)
FORMATS = ("TD1", "TD2", "TD3", "MRVA", "MRVB")
# (lines, width, page mm w x h, title)
_PAGES = {
    "TD1": (3, 30, (85.6, 54.0), "IDENTITY CARD"),
    "TD2": (2, 36, (105.0, 74.0), "IDENTITY CARD"),
    "TD3": (2, 44, (125.0, 88.0), "PASSPORT"),
    "MRVA": (2, 44, (120.0, 80.0), "VISA"),
    "MRVB": (2, 36, (105.0, 74.0), "VISA"),
}
_PX_PER_MM = 10.0
_PITCH_MM = 2.54  # ICAO 9303-3: ten characters per 25.4 mm
_OCRB = ("/usr/share/fonts/opentype/ocr-b/OCRB.otf",)
_MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
_SANS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)

# Invented people from plausible name stocks; (nationality code, surnames, given names).
_PEOPLE = [
    ("D", ["MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER"], ["ANNA", "LUKAS", "MARIE"]),
    ("FRA", ["MARTIN", "BERNARD", "DUBOIS", "LEFEBVRE"], ["CAMILLE", "LOUIS", "JEAN PIERRE"]),
    ("ESP", ["GARCIA LOPEZ", "MARTINEZ", "FERNANDEZ"], ["LUCIA", "JOSE MARIA", "PABLO"]),
    ("ITA", ["ROSSI", "RUSSO", "BIANCHI", "ESPOSITO"], ["GIULIA", "MARCO", "FRANCESCA"]),
    ("NLD", ["DE JONG", "VAN DIJK", "BAKKER", "VISSER"], ["DAAN", "SOPHIE", "WILLEM JAN"]),
    ("SWE", ["ERIKSSON", "KARLSSON", "NILSSON"], ["ANNA MARIA", "ERIK", "ASTRID"]),
    ("POL", ["KOWALSKI", "WISNIEWSKA", "WOJCIK"], ["KATARZYNA", "PIOTR", "ZOFIA"]),
    ("GBR", ["SMITH", "JONES", "WILLIAMS", "O CONNOR"], ["OLIVER", "AMELIA", "JACK"]),
    ("USA", ["JOHNSON", "BROWN", "DAVIS", "MILLER"], ["EMMA", "LIAM", "NOAH JAMES"]),
    ("CAN", ["TREMBLAY", "GAGNON", "ROY"], ["OLIVIA", "WILLIAM", "CHLOE"]),
    ("CHN", ["WANG", "LI", "ZHANG", "LIU", "CHEN"], ["WEI", "XIAOMING", "JING"]),
    ("JPN", ["SATO", "SUZUKI", "TAKAHASHI"], ["HARUTO", "YUI", "SOTA"]),
    ("KOR", ["KIM", "LEE", "PARK"], ["MINJUN", "SEOYEON", "JIHO"]),
    ("IND", ["SHARMA", "PATEL", "SINGH"], ["AARAV", "PRIYA", "ANANYA"]),
    ("RUS", ["IVANOV", "SMIRNOVA", "KUZNETSOV"], ["DMITRY", "OLGA", "ALEKSANDR"]),
    ("UKR", ["SHEVCHENKO", "KOVALENKO", "BONDARENKO"], ["OKSANA", "TARAS", "IRYNA"]),
    ("TUR", ["YILMAZ", "KAYA", "DEMIR"], ["ELIF", "MEHMET", "ZEYNEP"]),
    ("BRA", ["SILVA", "SANTOS", "OLIVEIRA"], ["MIGUEL", "ALICE", "JOAO PEDRO"]),
    ("MEX", ["HERNANDEZ", "GONZALEZ", "RODRIGUEZ"], ["SANTIAGO", "XIMENA", "MATEO"]),
    ("NGA", ["OKAFOR", "ADEYEMI", "BELLO"], ["CHINEDU", "AISHA", "TUNDE"]),
    ("EGY", ["HASSAN", "MOHAMED", "IBRAHIM"], ["OMAR", "FATMA", "YOUSSEF"]),
    ("ARE", ["AL MANSOORI", "AL KAABI", "AL HASHIMI"], ["KHALID", "MARYAM", "SAEED"]),
    ("VNM", ["NGUYEN", "TRAN", "LE"], ["MINH ANH", "BAO", "THU"]),
    ("AUS", ["WILSON", "TAYLOR", "ANDERSON"], ["CHARLOTTE", "JACK", "ISLA"]),
    ("UTO", ["ERIKSSON", "STORMBERG"], ["ANNA MARIA", "KARL"]),
]
_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_WORDS = (
    "the quick brown fox account bank transfer branch statement interest rate balance "
    "payment customer service opening hours monday friday deposit savings loan credit "
    "card number please keep this receipt notice terms conditions apply"
).split()


@dataclass
class Holder:
    """An invented document holder and document: the values the MRZ encodes."""

    fmt: str
    document_type: str
    country: str
    nationality: str
    surname: str
    names: str
    number: str
    date_of_birth: _dt.date
    sex: str
    expiration_date: _dt.date
    issue_date: _dt.date
    optional: str = ""


@dataclass
class MrzDocument:
    """One generated document: the holder, its exact MRZ lines, the flat page and the photo."""

    seed: int
    holder: Holder
    lines: list[str]
    page: np.ndarray
    image: np.ndarray
    render: dict[str, object] = field(default_factory=dict)

    def expected_fields(self) -> dict[str, object]:
        """What a perfect read gives (the MRZ module's own parse of the exact lines)."""
        parsed = mrz.parse_lines(self.lines)
        assert parsed is not None and parsed.valid
        return parsed.as_fields()


def _yymmdd(day: _dt.date) -> str:
    return f"{day:%y%m%d}"


def _pad(text: str, width: int) -> str:
    return (text + "<" * width)[:width]


def _mrz_name(surname: str, names: str, width: int) -> str:
    field_ = surname.replace(" ", "<") + "<<" + names.replace(" ", "<")
    return _pad(field_, width)


def _number(rng: random.Random) -> str:
    pattern = rng.choice(["AA9999999", "A99999999", "999999999", "AA999999A", "9A9999999",
                          "AAA999999", "99AA99999"])  # fmt: skip
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return "".join(rng.choice(letters) if c == "A" else str(rng.randrange(10)) for c in pattern)


def make_holder(rng: random.Random, fmt: str) -> Holder:
    """Invent a holder and a document of format ``fmt`` with consistent dates."""
    nationality, surnames, given = rng.choice(_PEOPLE)
    surname = rng.choice(surnames)
    names = rng.choice(given)
    if rng.random() < 0.3:
        names += " " + rng.choice(rng.choice(_PEOPLE)[2]).split()[0]
    country = nationality if rng.random() < 0.8 or fmt.startswith("MRV") else rng.choice(
        _PEOPLE)[0]  # fmt: skip
    if fmt.startswith("MRV"):  # a visa is issued by another state than the holder's
        country = rng.choice([p[0] for p in _PEOPLE if p[0] != nationality])
    born = _dt.date(1940, 1, 1) + _dt.timedelta(days=rng.randrange(0, 365 * 66))
    issued = max(born + _dt.timedelta(days=365), _dt.date(2016, 1, 1)) + _dt.timedelta(
        days=rng.randrange(0, 365 * 10)
    )
    years = rng.choice([1, 2, 5] if fmt.startswith("MRV") else [5, 10, 10])
    try:
        expiry = issued.replace(year=issued.year + years) - _dt.timedelta(days=1)
    except ValueError:
        expiry = issued.replace(year=issued.year + years, day=28)
    doc_type = {"TD3": "P", "MRVA": "V", "MRVB": "V"}.get(fmt) or rng.choice(["I", "ID", "AC"])
    if fmt == "TD3" and rng.random() < 0.2:
        doc_type = rng.choice(["PD", "PS"])
    optional = ""
    if rng.random() < 0.5:
        optional = "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(
            rng.randrange(4, 10)))  # fmt: skip
    return Holder(
        fmt=fmt,
        document_type=doc_type,
        country=country,
        nationality=nationality,
        surname=surname,
        names=names,
        number=_number(rng),
        date_of_birth=born,
        sex=rng.choice("MMFFX") if fmt != "MRVA" else rng.choice("MF"),
        expiration_date=expiry,
        issue_date=issued,
        optional=optional,
    )


def mrz_lines(h: Holder) -> list[str]:
    """The exact MRZ lines of ``h`` (check digits computed, ICAO 9303 parts 4-7)."""
    cd = mrz.check_digit
    sex = "<" if h.sex == "X" else h.sex
    birth, expiry = _yymmdd(h.date_of_birth), _yymmdd(h.expiration_date)
    code = _pad(h.country, 3)
    nat = _pad(h.nationality, 3)
    kind = _pad(h.document_type, 2)
    number = _pad(h.number, 9)
    if h.fmt == "TD1":
        l1 = _pad(kind + code + number + cd(number) + h.optional, 30)
        l2 = birth + cd(birth) + sex + expiry + cd(expiry) + nat + "<" * 11
        l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        return [l1, l2, _mrz_name(h.surname, h.names, 30)]
    width = 44 if h.fmt in ("TD3", "MRVA") else 36
    l1 = kind + code + _mrz_name(h.surname, h.names, width - 5)
    head = number + cd(number) + nat + birth + cd(birth) + sex + expiry + cd(expiry)
    if h.fmt == "TD3":
        personal = _pad(h.optional, 14)
        check = "<" if set(personal) == {"<"} else cd(personal)
        body = head + personal + check
        return [l1, body + cd(body[0:10] + body[13:20] + body[21:43])]
    if h.fmt == "TD2":
        body = head + _pad(h.optional, 7)
        return [l1, body + cd(body[0:10] + body[13:20] + body[21:35])]
    return [l1, head + _pad(h.optional, width - 28)]  # visas: no composite check digit


# ------------------------------------------------------------------------ rendering


@functools.cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def mrz_font_path() -> str:
    """OCR-B (Debian fonts-ocr-b) if installed, else DejaVu Sans Mono."""
    return next((p for p in _OCRB if Path(p).exists()), _MONO)


def _date_text(day: _dt.date, style: int) -> str:
    month = _MONTHS[day.month - 1]
    return (
        f"{day:%d} {month} {day:%Y}",
        f"{day:%d}.{day:%m}.{day:%Y}",
        f"{day:%d} {month}/{month[:2]}{month[-1]} {day:%y}",
        f"{day:%d}/{day:%m}/{day:%Y}",
    )[style]


def _guilloche(rng: random.Random, w: int, h: int) -> Image.Image:
    tint = np.array([rng.randrange(200, 245) for _ in range(3)], np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.ones((h, w, 3), np.float32) * tint
    shade = 10 * np.sin(xx / rng.uniform(60, 140)) * np.cos(yy / rng.uniform(50, 120))
    base += shade[..., None]
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    colour = tuple(int(c) - rng.randrange(25, 60) for c in tint)
    xs = np.arange(0, w, 3)
    for k in range(rng.randrange(8, 20)):  # interlaced sine rosette lines
        amp, per, ph = rng.uniform(8, 40), rng.uniform(40, 160), rng.uniform(0, 6.3)
        y0 = rng.uniform(0, h)
        pts = [(float(x), float(y0 + amp * np.sin(x / per + ph + k))) for x in xs]
        d.line(pts, fill=colour, width=1)
    return img


def _portrait(rng: random.Random, w: int, h: int) -> Image.Image:
    img = Image.new("RGB", (w, h), tuple(rng.randrange(200, 240) for _ in range(3)))
    d = ImageDraw.Draw(img)
    skin = (rng.randrange(120, 235), rng.randrange(90, 200), rng.randrange(70, 170))
    d.ellipse([w * 0.05, h * 0.72, w * 0.95, h * 1.35], fill=(rng.randrange(20, 90),) * 3)
    d.ellipse([w * 0.25, h * 0.15, w * 0.75, h * 0.72], fill=skin)
    d.chord([w * 0.23, h * 0.08, w * 0.77, h * 0.5], 180, 360, fill=(rng.randrange(5, 80),) * 3)
    return img


def render_page(h: Holder, lines: list[str], rng: random.Random) -> np.ndarray:
    """The flat document page (BGR) at 10 px/mm with its MRZ in OCR-B."""
    n, width, (mm_w, mm_h), title = _PAGES[h.fmt]
    w, hh = round(mm_w * _PX_PER_MM), round(mm_h * _PX_PER_MM)
    img = _guilloche(rng, w, hh)
    d = ImageDraw.Draw(img)
    sans = rng.choice(_SANS)
    small = _font(sans, rng.choice([14, 16, 18]))
    value = _font(sans, rng.choice([20, 22, 24]))
    ink = (rng.randrange(0, 60), rng.randrange(0, 60), rng.randrange(20, 90))
    label_ink = (rng.randrange(60, 140),) * 3
    d.text((w * 0.04, hh * 0.03), f"{title}  {h.country}", font=_font(sans, 30), fill=ink)
    pw, ph = int(w * 0.26), int(hh * 0.45)
    img.paste(_portrait(rng, pw, ph), (int(w * 0.04), int(hh * 0.14)))
    style = rng.randrange(4)
    viz = [
        ("Type / Type", h.document_type), ("Code", h.country), ("No.", h.number),
        ("Surname / Nom", h.surname), ("Given names / Prénoms", h.names),
        ("Nationality", h.nationality), ("Date of birth", _date_text(h.date_of_birth, style)),
        ("Sex", h.sex), ("Date of issue", _date_text(h.issue_date, style)),
        ("Date of expiry", _date_text(h.expiration_date, style)),
    ]  # fmt: skip
    x0 = int(w * 0.34)
    mrz_top = hh - (n * 0.5 * 25.4 / 6 + 2 + 3) * _PX_PER_MM  # ~4.2 mm per MRZ line
    row_h = (mrz_top - hh * 0.14) / (len(viz) / 2 + 0.5)
    for i, (label, text) in enumerate(viz):
        col, row = i % 2, i // 2
        x = x0 + col * (w - x0) * 0.5
        y = hh * 0.14 + row * row_h
        d.text((x, y), label, font=small, fill=label_ink)
        d.text((x, y + small.size + 2), text, font=value, fill=ink)
    pitch = _PITCH_MM * _PX_PER_MM
    mrz_face = _font(mrz_font_path(), round(pitch / 0.723))
    left = (w - pitch * width) / 2
    line_h = 25.4 / 6 * _PX_PER_MM
    for i, line in enumerate(lines):
        y = hh - (n - i) * line_h - 3 * _PX_PER_MM
        for j, ch in enumerate(line):  # fixed pitch, as an MRZ printer places them
            d.text((left + j * pitch, y), ch, font=mrz_face, fill=(15, 15, 20))
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def _background(rng: random.Random, w: int, h: int) -> np.ndarray:
    """A desk, or a printed sheet full of text the MRZ finder must ignore."""
    if rng.random() < 0.5:
        colour = [rng.randrange(30, 120) for _ in range(3)]
        return np.full((h, w, 3), colour, np.uint8)
    sheet = Image.new("RGB", (w, h), tuple(rng.randrange(215, 250) for _ in range(3)))
    d = ImageDraw.Draw(sheet)
    font = _font(rng.choice(_SANS + (_MONO,)), rng.choice([16, 20, 26]))
    y = rng.randrange(0, 20)
    while y < h:
        words = " ".join(rng.choice(_WORDS) for _ in range(30))
        if rng.random() < 0.15:
            words = words.upper().replace(" ", "<")  # filler-rich decoy lines
        d.text((rng.randrange(-40, 20), y), words, font=font, fill=(40, 40, 40))
        y += int(font.size * 1.5)
    return cv2.cvtColor(np.asarray(sheet), cv2.COLOR_RGB2BGR)


def photograph(page: np.ndarray, rng: random.Random) -> tuple[np.ndarray, dict[str, object]]:
    """The page as a camera sees it, with the settings drawn."""
    out_w = rng.choice([800, 1024, 1280, 1600])
    out_h = int(out_w * 0.75)
    nprng = np.random.default_rng(rng.randrange(2**32))
    scene = _background(rng, out_w, out_h)
    fill = rng.uniform(0.6, 0.92)  # how much of the frame's width the document takes
    scale = fill * out_w / page.shape[1]
    if page.shape[0] * scale > 0.95 * out_h:
        scale = 0.95 * out_h / page.shape[0]
    pw, ph = page.shape[1] * scale, page.shape[0] * scale
    angle = rng.uniform(-8, 8)
    cx = out_w / 2 + rng.uniform(-0.03, 0.03) * out_w
    cy = out_h / 2 + rng.uniform(-0.03, 0.03) * out_h
    corners = np.array([[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]])
    persp = rng.uniform(0.0, 0.05)
    jitter = nprng.uniform(-persp, persp, (4, 2)) * [pw, ph]
    rad = np.deg2rad(angle)
    rot = np.array([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]])
    dst = ((corners + jitter) @ rot.T + [cx, cy]).astype(np.float32)
    src = np.array([[0, 0], [page.shape[1], 0], [page.shape[1], page.shape[0]],
                    [0, page.shape[0]]], np.float32)  # fmt: skip
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(page, m, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full(page.shape[:2], 255, np.uint8), m, (out_w, out_h))
    img = np.where(mask[..., None] > 0, warped, scene).astype(np.float32)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    # Uneven light: a slanted gradient; glare: a bright soft spot somewhere on the page.
    gx, gy = rng.uniform(-0.35, 0.35), rng.uniform(-0.35, 0.35)
    img *= (1 + gx * (xx / out_w - 0.5) + gy * (yy / out_h - 0.5))[..., None]
    glare = 0.0
    if rng.random() < 0.5:
        glare = rng.uniform(0.3, 0.9)
        gxc, gyc = rng.uniform(0.15, 0.85) * out_w, rng.uniform(0.3, 0.95) * out_h
        rx, ry = rng.uniform(0.05, 0.2) * out_w, rng.uniform(0.03, 0.12) * out_h
        spot = np.exp(-(((xx - gxc) / rx) ** 2 + ((yy - gyc) / ry) ** 2))
        img += (glare * 255 * spot)[..., None]
    blur = rng.choice(["none", "none", "gauss", "gauss", "motion"])
    if blur == "gauss":
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.6, 1.6))
    elif blur == "motion":
        k = rng.choice([5, 7, 9])
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1 / k
        kernel = cv2.warpAffine(
            kernel, cv2.getRotationMatrix2D((k / 2, k / 2), rng.uniform(0, 180), 1), (k, k)
        )
        img = cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))
    sigma = rng.uniform(1, 8)
    img = np.clip(img + nprng.normal(0, sigma, img.shape), 0, 255).astype(np.uint8)
    quality = rng.randrange(30, 92)
    ok, jpeg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    settings = {
        "width": out_w, "page_width_px": round(pw), "angle": round(angle, 2),
        "perspective": round(persp, 3), "glare": round(glare, 2), "blur": blur,
        "noise_sigma": round(sigma, 2), "jpeg_quality": quality,
    }  # fmt: skip
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), settings


def generate(seed: int, fmt: str | None = None) -> MrzDocument:
    """The document for ``seed`` (format drawn from the seed unless ``fmt`` is given)."""
    rng = random.Random(f"mrz-document-{seed}")
    fmt = fmt or rng.choice(("TD1", "TD2", "TD3", "TD3", "MRVA", "MRVB"))
    holder = make_holder(rng, fmt)
    lines = mrz_lines(holder)
    page = render_page(holder, lines, rng)
    image, settings = photograph(page, rng)
    return MrzDocument(seed, holder, lines, page, image, {"format": fmt, **settings})
