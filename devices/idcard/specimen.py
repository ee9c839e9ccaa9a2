"""Synthetic Chinese resident ID card specimens (front and back) for the demo, tests and bench.

Every card is of a fictitious person with a valid GB 11643 number, carries a large "样本"
(specimen) watermark and is not a copy of any real card design: plain layout, drawn
emblem placeholder, no security printing.  The rendering varies per seed (installed CJK
fonts, noise, blur, rotation up to 10 degrees, perspective, JPEG quality) and is
reproducible for a given seed.  The simulated document camera shows these cards.
"""

from __future__ import annotations

import datetime as _dt
import functools
import glob
import random
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from devices.idcard.photo import PHOTO_BOX

CARD_W, CARD_H = 1000, 631  # ID-1 (85.6 x 54 mm) at ~11.7 px/mm

# (region code, address prefix, issuing authority): real administrative divisions only for
# plausibility; the people, streets and house numbers are invented.
_REGIONS = [
    ("110101", "北京市东城区", "北京市公安局东城分局"),
    ("110108", "北京市海淀区", "北京市公安局海淀分局"),
    ("310104", "上海市徐汇区", "上海市公安局徐汇分局"),
    ("440106", "广东省广州市天河区", "广州市公安局天河分局"),
    ("510107", "四川省成都市武侯区", "成都市公安局武侯区分局"),
    ("330106", "浙江省杭州市西湖区", "杭州市公安局西湖区分局"),
    ("420106", "湖北省武汉市武昌区", "武汉市公安局武昌分局"),
    ("610113", "陕西省西安市雁塔区", "西安市公安局雁塔分局"),
    ("320102", "江苏省南京市玄武区", "南京市公安局玄武分局"),
    ("370102", "山东省济南市历下区", "济南市公安局历下区分局"),
    ("120101", "天津市和平区", "天津市公安局和平分局"),
    ("430104", "湖南省长沙市岳麓区", "长沙市公安局岳麓分局"),
]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
_GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽思秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷"  # noqa: E501
_STREETS = [
    "建设路", "人民路", "解放大道", "中山路", "和平街", "光明巷", "学府路", "滨江路",
    "文化路", "胜利街", "新华路", "长青路", "丰收巷", "朝阳路", "南湖路", "东风路",
]  # fmt: skip
_ESTATES = ["幸福小区", "阳光花园", "翠苑", "锦绣家园", "东方新村", "明珠苑", "金色家园", "绿城"]
_ETHNICITIES = ["汉"] * 12 + ["回", "满", "蒙古", "壮", "苗", "土家", "彝", "藏", "维吾尔", "朝鲜"]


@dataclass
class Person:
    """A fictitious card holder; ``fields`` use the OCR result names."""

    name: str
    sex: str
    ethnicity: str
    birth_date: _dt.date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: _dt.date
    valid_to: _dt.date | None

    def front_fields(self) -> dict[str, str]:
        """What a perfect read of the front gives."""
        return {
            "name": self.name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
        }

    def back_fields(self) -> dict[str, str]:
        """What a perfect read of the back gives."""
        return {
            "issuing_authority": self.issuing_authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else "长期",
        }


@dataclass
class Specimen:
    """One generated card: the person, the flat card sides and the photographed scenes."""

    person: Person
    front_flat: np.ndarray
    back_flat: np.ndarray
    front: np.ndarray
    back: np.ndarray
    render: dict[str, object] = field(default_factory=dict)


def _check_char(first17: str) -> str:
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    return "10X98765432"[total % 11]


def make_person(rng: random.Random) -> Person:
    """Invent a person with a consistent, check-digit-valid ID number."""
    code, prefix, authority = rng.choice(_REGIONS)
    born = _dt.date(1950, 1, 1) + _dt.timedelta(days=rng.randrange(0, 365 * 55))
    sex = rng.choice("男女")
    seq = rng.randrange(0, 100) * 10 + rng.choice(
        [1, 3, 5, 7, 9] if sex == "男" else [0, 2, 4, 6, 8]
    )
    first17 = f"{code}{born:%Y%m%d}{seq:03d}"
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice([1, 2, 2, 2])))
    address = (
        f"{prefix}{rng.choice(_STREETS)}{rng.randrange(1, 300)}号"
        f"{rng.choice(_ESTATES)}{rng.randrange(1, 30)}栋"
        f"{rng.randrange(1, 9)}0{rng.randrange(1, 6)}室"
    )
    issued = _dt.date(2008, 1, 1) + _dt.timedelta(days=rng.randrange(0, 365 * 16))
    age = (issued - born).days // 365
    # Validity by age at issue: under 16 five years, 16-25 ten, 26-45 twenty, then long-term.
    years = 5 if age < 16 else 10 if age < 26 else 20 if age < 46 else None
    if issued.month == 2 and issued.day == 29:
        issued = issued.replace(day=28)  # the end date keeps the start's day and month
    valid_to = issued.replace(year=issued.year + years) if years else None
    return Person(
        name=rng.choice(_SURNAMES) + given,
        sex=sex,
        ethnicity=rng.choice(_ETHNICITIES),
        birth_date=born,
        address=address[:35],
        id_number=first17 + _check_char(first17),
        issuing_authority=authority,
        valid_from=issued,
        valid_to=valid_to,
    )


@functools.cache
def cjk_fonts() -> list[tuple[str, int]]:
    """Installed Simplified-Chinese font faces as (file, index); Noto CJK SC first."""
    found: list[tuple[str, int]] = []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file", "index", "family"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    for line in out.splitlines():
        path, _, rest = line.partition(":")
        if " SC" not in rest or "Mono" in rest:
            continue
        index = 0
        if "index=" in rest:
            index = int(rest.split("index=")[1].split(":")[0])
        found.append((path.strip(), index))
    if not found:  # fc-list missing: fall back to the Noto CJK files Debian installs
        for path in sorted(glob.glob("/usr/share/fonts/opentype/noto/Noto*CJK-*.ttc")):
            found.append((path, 2))
    if not found:
        raise RuntimeError("no Chinese font installed (Debian package fonts-noto-cjk)")
    return sorted(set(found))


def _font(face: tuple[str, int], size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face[0], size, index=face[1])


def _background(rng: random.Random, w: int, h: int, tint: tuple[int, int, int]) -> Image.Image:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.zeros((h, w, 3), np.float32)
    for c in range(3):
        base[..., c] = tint[c] + 12 * np.sin(xx / (37 + 9 * rng.random()) + yy / 53) * (c + 1) / 3
    guilloche = 6 * np.sin((xx + yy * 0.6) / 9) * np.cos((xx - yy) / 23)
    base += guilloche[..., None]
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))


def _portrait(rng: random.Random, w: int, h: int, sex: str) -> Image.Image:
    """A drawn head-and-shoulders silhouette (no real face)."""
    img = Image.new("RGB", (w, h), (238, 240, 242))
    d = ImageDraw.Draw(img)
    skin = (rng.randrange(200, 235), rng.randrange(170, 200), rng.randrange(140, 170))
    d.ellipse([w * 0.05, h * 0.72, w * 0.95, h * 1.35], fill=(40, 45, 60))
    d.ellipse([w * 0.27, h * 0.18, w * 0.73, h * 0.70], fill=skin)
    hair = (rng.randrange(10, 50),) * 3
    d.chord([w * 0.25, h * 0.10, w * 0.75, h * 0.55], 180, 360, fill=hair)
    if sex == "女":
        d.rectangle([w * 0.25, h * 0.32, w * 0.31, h * 0.72], fill=hair)
        d.rectangle([w * 0.69, h * 0.32, w * 0.75, h * 0.72], fill=hair)
    for ex in (0.41, 0.59):
        d.ellipse([w * (ex - 0.03), h * 0.40, w * (ex + 0.03), h * 0.44], fill=(30, 30, 30))
    d.line([w * 0.44, h * 0.58, w * 0.56, h * 0.58], fill=(150, 80, 80), width=3)
    return img


def _watermark(
    img: Image.Image, rng: random.Random, face: tuple[str, int], at: tuple[float, float]
) -> Image.Image:
    """Stamp a translucent red "样本" at ``at`` (fractions of the card), slightly turned."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    font = _font(face, 120)
    colour = (200, 30, 30, rng.randrange(55, 85))
    x, y = img.width * at[0], img.height * at[1]
    d.text((x, y), "样本", font=font, fill=colour)
    layer = layer.rotate(rng.uniform(-25, -10), center=(x + 120, y + 60))
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def render_front(person: Person, rng: random.Random) -> np.ndarray:
    """The flat card front (BGR, CARD_W x CARD_H)."""
    fonts = cjk_fonts()
    label_face, value_face = rng.choice(fonts), rng.choice(fonts)
    img = _background(rng, CARD_W, CARD_H, (236, 238, 232))
    d = ImageDraw.Draw(img)
    label = _font(label_face, 30)
    value = _font(value_face, rng.choice([34, 36, 38]))
    blue = (40, 90, 150)
    x_label, x_value = 60, 170
    rows = {"name": 75, "sex": 160, "birth": 240, "address": 320, "id": 520}
    d.text((x_label, rows["name"]), "姓名", font=label, fill=blue)
    d.text((x_value, rows["name"] - 4), person.name, font=value, fill=(20, 20, 20))
    d.text((x_label, rows["sex"]), "性别", font=label, fill=blue)
    d.text((x_value, rows["sex"] - 4), person.sex, font=value, fill=(20, 20, 20))
    d.text((x_value + 110, rows["sex"]), "民族", font=label, fill=blue)
    d.text((x_value + 210, rows["sex"] - 4), person.ethnicity, font=value, fill=(20, 20, 20))
    d.text((x_label, rows["birth"]), "出生", font=label, fill=blue)
    b = person.birth_date
    birth_text = f"{b.year}  年  {b.month}  月  {b.day}  日"
    d.text((x_value, rows["birth"] - 4), birth_text, font=value, fill=(20, 20, 20))
    d.text((x_label, rows["address"]), "住址", font=label, fill=blue)
    for i, line in enumerate(_wrap(person.address, 11)):
        d.text((x_value, rows["address"] - 4 + i * 48), line, font=value, fill=(20, 20, 20))
    d.text((x_label, rows["id"]), "公民身份号码", font=label, fill=blue)
    digits = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 38) \
        if glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf") else value  # fmt: skip
    d.text((x_label + 200, rows["id"] - 6), person.id_number, font=digits, fill=(20, 20, 20))
    x0, y0, x1, y1 = (int(PHOTO_BOX[0] * CARD_W), int(PHOTO_BOX[1] * CARD_H),
                      int(PHOTO_BOX[2] * CARD_W), int(PHOTO_BOX[3] * CARD_H))  # fmt: skip
    img.paste(_portrait(rng, x1 - x0, y1 - y0, person.sex), (x0, y0))
    img = _watermark(img, rng, label_face, (0.62, 0.50))
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def render_back(person: Person, rng: random.Random) -> np.ndarray:
    """The flat card back (BGR, CARD_W x CARD_H)."""
    fonts = cjk_fonts()
    face = rng.choice(fonts)
    img = _background(rng, CARD_W, CARD_H, (232, 236, 240))
    d = ImageDraw.Draw(img)
    # An emblem placeholder: concentric circles, not the national emblem.
    d.ellipse([60, 50, 230, 220], outline=(190, 40, 40), width=8)
    d.ellipse([95, 85, 195, 185], outline=(210, 160, 40), width=6)
    d.text((300, 70), "中华人民共和国", font=_font(face, 50), fill=(30, 30, 30))
    d.text((300, 170), "居民身份证", font=_font(face, 78), fill=(30, 30, 30))
    label = _font(face, 30)
    value = _font(rng.choice(fonts), rng.choice([32, 34, 36]))
    blue = (40, 90, 150)
    d.text((190, 430), "签发机关", font=label, fill=blue)
    d.text((340, 426), person.issuing_authority, font=value, fill=(20, 20, 20))
    d.text((190, 510), "有效期限", font=label, fill=blue)
    end = f"{person.valid_to:%Y.%m.%d}" if person.valid_to else "长期"
    d.text((340, 506), f"{person.valid_from:%Y.%m.%d}-{end}", font=value, fill=(20, 20, 20))
    img = _watermark(img, rng, face, (0.72, 0.36))
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def photograph(
    card: np.ndarray,
    rng: random.Random,
    size: tuple[int, int] = (1280, 960),
    max_rotation: float = 10.0,
) -> tuple[np.ndarray, dict[str, object]]:
    """Place the card on a table as a document camera would see it (BGR), with its settings.

    Random rotation (up to ``max_rotation`` degrees), perspective, blur, sensor noise and
    JPEG compression, all drawn from ``rng``.
    """
    w, h = size
    nprng = np.random.default_rng(rng.randrange(2**32))
    table = np.full(
        (h, w, 3), [rng.randrange(40, 90), rng.randrange(40, 80), rng.randrange(30, 70)], np.uint8
    )
    table = cv2.add(table, nprng.integers(0, 18, (h, w, 3), dtype=np.uint8))
    scale = rng.uniform(0.7, 0.8) * w / card.shape[1]  # whole card in frame, as on a scanner
    cw, ch = card.shape[1] * scale, card.shape[0] * scale
    angle = rng.uniform(-max_rotation, max_rotation)
    cx, cy = w / 2 + rng.uniform(-0.04, 0.04) * w, h / 2 + rng.uniform(-0.04, 0.04) * h
    corners = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]])
    jitter = nprng.uniform(-0.025, 0.025, (4, 2)) * [cw, ch]  # perspective: corners move apart
    rad = np.deg2rad(angle)
    rot = np.array([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]])
    dst = ((corners + jitter) @ rot.T + [cx, cy]).astype(np.float32)
    src = np.array(
        [[0, 0], [card.shape[1], 0], [card.shape[1], card.shape[0]], [0, card.shape[0]]], np.float32
    )
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(card, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full(card.shape[:2], 255, np.uint8), m, (w, h))
    scene = np.where(mask[..., None] > 0, warped, table)
    # Uneven light, blur, noise, JPEG.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1 + 0.12 * np.sin(xx / w * np.pi * rng.uniform(0.5, 1.5) + rng.uniform(0, 3))
    scene = np.clip(scene.astype(np.float32) * light[..., None], 0, 255)
    blur = rng.choice([0, 0, 3, 3, 5])
    if blur:
        scene = cv2.GaussianBlur(scene, (blur, blur), 0)
    sigma = rng.uniform(2, 9)
    scene = np.clip(scene + nprng.normal(0, sigma, scene.shape), 0, 255).astype(np.uint8)
    quality = rng.randrange(45, 92)
    ok, jpeg = cv2.imencode(".jpg", scene, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    out = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
    settings = {
        "angle": round(angle, 2),
        "blur": blur,
        "noise_sigma": round(sigma, 2),
        "jpeg_quality": quality,
    }
    return out, settings


def generate(seed: int, alter: Callable[[Person], dict[str, object]] | None = None) -> Specimen:
    """Generate the specimen for ``seed`` (same seed, same pixels).

    ``alter`` returns fields to change on the invented person before the card is drawn
    (e.g. ``lambda p: {"sex": "女" if p.sex == "男" else "男"}``): a card that contradicts
    itself, for the consistency checks.
    """
    rng = random.Random(seed)
    person = make_person(rng)
    if alter is not None:
        person = replace(person, **alter(person))
    front_flat = render_front(person, rng)
    back_flat = render_back(person, rng)
    front, f_settings = photograph(front_flat, rng)
    back, b_settings = photograph(back_flat, rng)
    return Specimen(
        person, front_flat, back_flat, front, back, {"front": f_settings, "back": b_settings}
    )
