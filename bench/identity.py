"""Identity benchmark: document OCR accuracy and time per engine, PassportEye side by side.

Writes bench/results/identity.json.  Sets:

- mrz: ../shared/testdata/mrz (icao + specimens, expected.json).  A document is "fully
  right" when every compared field equals the expected one and the check-digit verdict
  matches (the Malta sample is a deliberately invalid MRZ); an image without a document is
  right when nothing is found.  PassportEye (``pip install -r requirements-bench.txt``,
  bench only) reads the same images in the same run, judged the same way.
- cn_id: synthetic specimen cards from devices.idcard.specimen (seeds 1000..), front and
  back, exact-match rate per field.
- load: model load time per engine (first load in this process).
- face: bench/identity_face.py's run() result, if that module exists.

Usage: .venv/bin/python bench/identity.py [--cards 20] [--engines rapidocr,tesseract]
       [--no-passporteye]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devices.idcard import specimen  # noqa: E402
from kiosk.identity import mrz  # noqa: E402
from kiosk.identity.documents import read_document  # noqa: E402
from kiosk.identity.engines import get_engine  # noqa: E402

TESTDATA = ROOT.parent / "shared" / "testdata"
MRZ_FIELDS = ("document_type", "country", "number", "date_of_birth", "expiration_date",
              "nationality", "sex", "surname", "names")  # fmt: skip
FRONT = ("name", "sex", "ethnicity", "birth_date", "address", "id_number")
BACK = ("issuing_authority", "valid_from", "valid_to")


def _norm(value: object) -> str:
    return " ".join(str(value or "").replace("<", " ").split()).upper()


def mrz_samples() -> list[tuple[str, Path, dict | None]]:
    expected = json.loads((TESTDATA / "mrz" / "expected.json").read_text(encoding="utf-8"))
    out = []
    for group in ("icao", "specimens"):
        for name, entry in expected[group].items():
            want = None
            if entry.get("mrz"):
                parsed = mrz.parse_lines(entry["mrz"])
                assert parsed is not None, name
                want = {
                    "fields": {
                        k: _norm(v) for k, v in parsed.as_fields().items() if k in MRZ_FIELDS
                    },
                    "valid": all(
                        v
                        for k, v in entry.get("checks", {"x": True}).items()
                        if k != "line_lengths"
                    ),  # fmt: skip
                    "lines": entry["mrz"],
                }
            out.append((f"{group}/{name}", TESTDATA / "mrz" / group / name, want))
    return out


def judge(want: dict | None, kind: str | None, fields: dict, valid: bool) -> tuple[bool, list[str]]:
    if want is None:
        return kind is None, []
    if kind != "mrz":
        return False, ["no mrz"]
    wrong = [k for k in MRZ_FIELDS if _norm(fields.get(k)) != want["fields"][k]]
    if bool(valid) != want["valid"]:
        wrong.append("valid")
    return not wrong, wrong


def bench_mrz(engines: list[str]) -> dict:
    results: dict = {}
    samples = mrz_samples()
    for name in engines:
        rows, times = [], []
        for label, path, want in samples:
            res = read_document(path, kind="mrz", engine=name)
            right, wrong = judge(want, res.kind, res.fields, res.valid)
            times.append(res.elapsed_ms)
            rows.append({"image": label, "right": right, "wrong": wrong, "ms": res.elapsed_ms})
        results[name] = _summary(rows, times)
    # The auto path (what `kiosk ocr IMAGE` does with no --kind), default engines.
    rows, times = [], []
    for label, path, want in samples:
        res = read_document(path)
        right, wrong = judge(want, res.kind, res.fields, res.valid)
        times.append(res.elapsed_ms)
        rows.append({"image": label, "right": right, "wrong": wrong, "ms": res.elapsed_ms})
    results["auto_default"] = _summary(rows, times)
    return results


_CHECKED = {"number", "date_of_birth", "expiration_date", "valid"}


def _summary(rows: list[dict], times: list[float]) -> dict:
    return {
        "documents": len(rows),
        "fully_right": sum(r["right"] for r in rows),
        # Lenient: the check-digit-protected fields and the verdict right, names/codes aside.
        "checked_fields_right": sum(
            r["right"] or ("no mrz" not in r["wrong"] and not set(r["wrong"]) & _CHECKED)
            for r in rows
        ),
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "per_image": rows,
    }


def bench_passporteye(samples: list[tuple[str, Path, dict | None]]) -> dict:
    try:
        from passporteye import read_mrz
    except ImportError:
        return {"error": "passporteye not installed (pip install -r requirements-bench.txt)"}
    rows, times = [], []
    for label, path, want in samples:
        start = time.perf_counter()
        try:
            found = read_mrz(str(path))
        except Exception as exc:  # PassportEye raises on some images; that is a miss
            found = None
            err = repr(exc)
        else:
            err = ""
        ms = (time.perf_counter() - start) * 1000
        times.append(ms)
        if found is None:
            right, wrong = judge(want, None, {}, False)
        else:
            d = found.to_dict()
            fields = {
                "document_type": d.get("type", ""), "country": d.get("country"),
                "number": d.get("number"), "date_of_birth": d.get("date_of_birth"),
                "expiration_date": d.get("expiration_date"), "nationality": d.get("nationality"),
                "sex": d.get("sex"), "surname": d.get("surname"), "names": d.get("names"),
            }  # fmt: skip
            valid = all(v for k, v in d.items() if k.startswith("valid_") and k != "valid_score")
            right, wrong = judge(want, "mrz", fields, valid)
        rows.append(
            {"image": label, "right": right, "wrong": wrong, "ms": round(ms, 1), "error": err}
        )
    return _summary(rows, times)


def bench_cn_id(engines: list[str], cards: int) -> dict:
    specimens = [specimen.generate(1000 + i) for i in range(cards)]
    results: dict = {}
    for name in engines:
        counts = {k: 0 for k in FRONT + BACK}
        times, kinds_right, valid = [], 0, 0
        misses: list[dict] = []
        for spec in specimens:
            for side, img, want in (("front", spec.front, spec.person.front_fields()),
                                    ("back", spec.back, spec.person.back_fields())):  # fmt: skip
                res = read_document(img, kind="cn-id", engine=name)
                times.append(res.elapsed_ms)
                kinds_right += res.kind == f"cn-id-{side}"
                valid += bool(res.valid)
                for key, value in want.items():
                    ok = res.fields.get(key) == value
                    counts[key] += ok
                    if not ok and len(misses) < 30:
                        misses.append(
                            {
                                "seed": spec.render,
                                "field": key,
                                "got_len": len(str(res.fields.get(key) or "")),
                            }
                        )
        results[name] = {
            "cards": cards,
            "sides_classified_right": kinds_right,
            "sides_valid": valid,
            "field_exact": {k: f"{v}/{cards}" for k, v in counts.items()},
            "field_rate": {k: round(v / cards, 3) for k, v in counts.items()},
            "median_ms_per_side": round(statistics.median(times), 1),
            "median_ms_per_card_front": round(statistics.median(times[0::2]), 1),
            "max_ms": round(max(times), 1),
        }
    return results


def bench_load(engines: list[str]) -> dict:
    return {name: round(get_engine(name).load(), 3) for name in engines}


def bench_face() -> dict | None:
    path = Path(__file__).with_name("identity_face.py")
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("identity_face", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "run"):
        return None
    return module.run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--engines", default="rapidocr,tesseract")
    parser.add_argument("--no-passporteye", action="store_true")
    parser.add_argument("--no-face", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "identity.json"))
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    out: dict = {"machine_note": "2 shared cores; other jobs may run at the same time"}
    out["model_load_s"] = bench_load(engines)
    out["mrz"] = bench_mrz(engines)
    if not args.no_passporteye:
        out["mrz"]["passporteye"] = bench_passporteye(mrz_samples())
    out["cn_id"] = bench_cn_id(engines, args.cards)
    if not args.no_face:
        out["face"] = bench_face()
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    summary = {
        e: (v.get("fully_right"), v.get("checked_fields_right"), v.get("median_ms"))
        for e, v in out["mrz"].items()
    }
    print(json.dumps(summary))
    cn = {e: (r["field_exact"], r["median_ms_per_side"]) for e, r in out["cn_id"].items()}
    print(json.dumps(cn, ensure_ascii=False))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
