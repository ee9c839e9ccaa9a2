"""Recognition-on-arrival benchmark: false-match and false-non-match rates at the chosen
threshold, on pairs of people the threshold was not tuned on.

The people are split in two by name (sorted; every other one): the threshold is tuned on
the first half's pairs only (the nearest impostor pair there, less ``--margin``, and never
above the ID check's 0.5), then both rates are measured on the second half's pairs, whose
people the tuning never saw.  The terminal's threshold (``threshold``) is the gallery's
default (kiosk/recognition/gallery.py) unless the tuned one (``tuned_threshold``) is
stricter: a passer-by is compared with every template of the branch, so the per-search
false-match chance is about the gallery's size times the per-pair rate.  Each image is
encoded once (dlib, largest face; a small image is enlarged to 320 px first, as a camera
frame would be).

Sources (``--faces DIR`` may be repeated; each DIR holds one folder per person):

- default: ../shared/testdata/face/face_recognition, grouped by person (few people: the
  figures it supports are stated with their pair counts);
- e.g. the AT&T (Olivetti) faces, 40 people x 10 pictures, unpacked outside the project:
  ``--faces /tmp/att_faces``.

Writes bench/results/recognition.json: ``threshold``, ``false_match_rate``,
``false_non_match_rate``, ``genuine_pairs``, ``impostor_pairs`` (measured pairs),
``false_match_rate_upper_95`` (one-sided 95 % bound), the tuning figures and the ID check's
threshold's rates for comparison.

Usage: .venv/bin/python bench/recognition.py [--faces DIR ...] [--margin 0.03]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT.parent / "shared" / "testdata" / "face" / "face_recognition"
ID_CHECK_THRESHOLD = 0.5
IMAGES = (".jpg", ".jpeg", ".png", ".pgm", ".bmp")

#: The sample folder's pictures of one face each, by person (group photos, partial faces
#: and the image of unstated identity are left out).
SAMPLE_PEOPLE = {
    "obama": ["obama.jpg", "obama2.jpg", "obama3.jpg", "obama-240p.jpg", "obama_small.jpg"],
    "biden": ["biden.jpg", "biden2.jpg"],
    "harington": ["john1.jpeg", "john2.jpeg", "johnsnow_test1.jpg"],
    "leslie": ["rose_leslie_img1.jpg", "rose_leslie_img2.jpg"],
}


def _people(faces: list[Path]) -> dict[str, list[Path]]:
    people: dict[str, list[Path]] = {}
    if not faces:
        for name, files in SAMPLE_PEOPLE.items():
            people[f"sample/{name}"] = [SAMPLE / f for f in files if (SAMPLE / f).exists()]
    for root in faces:
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            files = sorted(f for f in folder.iterdir() if f.suffix.lower() in IMAGES)
            if files:
                people[f"{root.name}/{folder.name}"] = files
    return {k: v for k, v in people.items() if v}


def _encode(path: Path):  # noqa: ANN202 - numpy array or None
    import cv2

    from kiosk.identity import face_engine

    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if img is None:
        return None
    if max(img.shape[:2]) < 320:
        scale = 320 / max(img.shape[:2])
        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    rgb = face_engine.to_rgb(img)
    boxes = face_engine.detect_faces(rgb, 640, upsample=1)
    return face_engine.encode(rgb, boxes[0]) if boxes else None


def _pairs(encoded: dict[str, list], names: list[str]) -> tuple[list[float], list[float]]:
    import numpy as np

    genuine = [float(np.linalg.norm(a - b)) for n in names
               for a, b in itertools.combinations(encoded[n], 2)]
    impostor = [float(np.linalg.norm(a - b)) for n, m in itertools.combinations(names, 2)
                for a in encoded[n] for b in encoded[m]]
    return genuine, impostor


def upper_95(errors: int, trials: int) -> float | None:
    """One-sided 95 % upper bound of a rate seen ``errors`` times in ``trials`` (exact)."""
    if trials == 0:
        return None

    def cdf(p: float) -> float:
        if p >= 1.0:
            return 0.0
        return sum(math.exp(math.lgamma(trials + 1) - math.lgamma(i + 1)
                            - math.lgamma(trials - i + 1) + i * math.log(p)
                            + (trials - i) * math.log1p(-p)) for i in range(errors + 1))

    lo, hi = errors / trials, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) > 0.05 else (lo, mid)
    return round(hi, 8)


def _rates(genuine: list[float], impostor: list[float], t: float) -> dict:
    fm = sum(d <= t for d in impostor)
    fnm = sum(d > t for d in genuine)
    return {
        "false_match_rate": round(fm / len(impostor), 6) if impostor else None,
        "false_non_match_rate": round(fnm / len(genuine), 6) if genuine else None,
        "false_matches": fm, "false_non_matches": fnm,
        "genuine_pairs": len(genuine), "impostor_pairs": len(impostor),
    }


def run(faces: list[Path], margin: float = 0.03) -> dict:
    """Encode, split, tune on one half, measure on the other; the figures as a dict."""
    from kiosk.identity import face_engine
    from kiosk.recognition.gallery import DEFAULT_THRESHOLD

    people = _people(faces)
    if len(people) < 4:
        return {"skipped": f"fewer than 4 people with pictures (sample data at {SAMPLE}?)"}
    face_engine.load_models()
    start = time.perf_counter()
    encoded: dict[str, list] = {}
    no_face = 0
    for name, files in people.items():
        vecs = [v for v in (_encode(f) for f in files) if v is not None]
        no_face += len(files) - len(vecs)
        if vecs:
            encoded[name] = vecs
    names = sorted(encoded)
    tune, test = names[0::2], names[1::2]
    tune_genuine, tune_impostor = _pairs(encoded, tune)
    genuine, impostor = _pairs(encoded, test)
    tuned = round(min([ID_CHECK_THRESHOLD + margin, *tune_impostor]) - margin, 3)
    # The terminal's threshold: the gallery's default, unless the tuning half asks stricter.
    threshold = min(tuned, DEFAULT_THRESHOLD)
    measured = _rates(genuine, impostor, threshold)
    return {
        "threshold": threshold,
        "tuned_threshold": tuned,
        **measured,
        "false_match_rate_upper_95": upper_95(measured["false_matches"], len(impostor)),
        "tuning": {"people": len(tune), **_rates(tune_genuine, tune_impostor, threshold),
                   "nearest_impostor": round(min(tune_impostor), 4) if tune_impostor else None},
        "test_people": len(test),
        "at_tuned_threshold": _rates(genuine, impostor, tuned),
        "at_id_check_threshold": {"threshold": ID_CHECK_THRESHOLD,
                                  **_rates(genuine, impostor, ID_CHECK_THRESHOLD)},
        "test_distances": {
            "genuine_max": round(max(genuine), 4) if genuine else None,
            "impostor_min": round(min(impostor), 4) if impostor else None,
        },
        "sources": [str(p) for p in faces] or [str(SAMPLE)],
        "images": sum(len(v) for v in people.values()), "images_without_face": no_face,
        "margin": margin,
        "encode_s": round(time.perf_counter() - start, 1),
    }


def main() -> None:
    """Run and write bench/results/recognition.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--faces", type=Path, action="append", default=[],
                    help="a folder with one sub-folder of pictures per person (repeatable)")
    ap.add_argument("--margin", type=float, default=0.03)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "recognition.json")
    args = ap.parse_args()
    result = run(args.faces, args.margin)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
