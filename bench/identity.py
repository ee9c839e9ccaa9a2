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
import os
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
from kiosk.identity.synthetic import mrz_documents  # noqa: E402

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


def bench_cn_id(engines: list[str], cards: int, first_seed: int = 1000) -> dict:
    # Seeds from 2,000,000 are the held-out cards: no tuning looked at them.
    specimens = [specimen.generate(first_seed + i) for i in range(cards)]
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


_KEY = ("number", "date_of_birth", "expiration_date")


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1)


def _figures(rows: list[dict], times: list[float], prefix: str = "mrz") -> dict:
    """The issue's figures for one set: key fields, all lines, median/p99 ms, false_valid."""
    n = len(rows)
    return {
        "documents": n,
        f"{prefix}_key_right": round(sum(r["key"] for r in rows) / n, 3),
        f"{prefix}_all_lines_right": round(sum(r["lines"] for r in rows) / n, 3),
        f"{prefix}_median_ms": round(statistics.median(times), 1),
        f"{prefix}_p99_ms": _p99(times),
        "false_valid": sum(r["false_valid"] for r in rows),
    }


def _row(want_lines: list[str] | None, kind: str | None, fields: dict, valid: bool) -> dict:
    if want_lines is None:  # no document in the picture: right when nothing is found
        ok = kind is None
        return {"key": ok, "lines": ok, "false_valid": bool(valid)}
    parsed = mrz.parse_lines(want_lines)
    assert parsed is not None
    want = parsed.as_fields()
    key = kind == "mrz" and all(_norm(fields.get(k)) == _norm(want[k]) for k in _KEY)
    lines = kind == "mrz" and fields.get("lines") == want_lines
    wrong = kind == "mrz" and any(_norm(fields.get(k)) != _norm(want[k]) for k in MRZ_FIELDS)
    return {"key": key, "lines": lines, "false_valid": bool(valid and wrong)}


def _passporteye_fields(path_or_image: object) -> tuple[str | None, dict, bool, float]:
    from passporteye import read_mrz as pe_read

    start = time.perf_counter()
    try:
        found = pe_read(path_or_image)
    except Exception:  # PassportEye raises on some images; that is a miss
        found = None
    ms = (time.perf_counter() - start) * 1000
    if found is None:
        return None, {}, False, ms
    d = found.to_dict()
    fields = {
        "document_type": d.get("type", ""), "country": d.get("country"),
        "number": d.get("number"), "date_of_birth": d.get("date_of_birth"),
        "expiration_date": d.get("expiration_date"), "nationality": d.get("nationality"),
        "sex": d.get("sex"), "surname": d.get("surname"), "names": d.get("names"),
    }  # fmt: skip
    valid = bool(d.get("valid_score", 0) == 100)
    return "mrz", fields, valid, ms


def bench_sets(held_out: int, passporteye: bool) -> dict:
    """Per set (visible samples, synthetic held-out documents): ours and PassportEye's figures.

    The held-out documents are rendered from HELD_OUT_SEEDS, which no tuning looked at.
    """
    sets: dict[str, list[tuple[str, object, list[str] | None]]] = {
        "visible": [(label, path, want["lines"] if want else None)
                    for label, path, want in mrz_samples()],
        "held_out_synthetic": [],
    }  # fmt: skip
    for seed in list(mrz_documents.HELD_OUT_SEEDS)[:held_out]:
        doc = mrz_documents.generate(seed)
        sets["held_out_synthetic"].append((f"seed {seed} {doc.render['format']}", doc, doc.lines))
    out: dict = {}
    for name, items in sets.items():
        rows, times, pe_rows, pe_times, per = [], [], [], [], []
        for label, source, want in items:
            image = source.image if hasattr(source, "image") else source
            cpu = time.process_time()
            res = read_document(image)
            row = _row(want, res.kind, res.fields, res.valid)
            rows.append(row)
            times.append(res.elapsed_ms)
            per.append({"image": label, **row, "valid": res.valid, "ms": res.elapsed_ms,
                        "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
                        "confidence": res.confidence, "problems": res.problems})  # fmt: skip
            if passporteye:
                arg = str(source)
                if hasattr(source, "image"):  # PassportEye reads files: give it a lossless one
                    import tempfile

                    import cv2

                    arg = str(Path(tempfile.mkdtemp()) / "doc.png")
                    cv2.imwrite(arg, image)
                kind, fields, valid, ms = _passporteye_fields(arg)
                pe_rows.append(_row(want, kind, fields, valid))
                pe_times.append(ms)
        out[name] = _figures(rows, times)
        # CPU of the whole process (ONNX Runtime's threads included) per document.
        out[name]["mrz_cpu_median_ms"] = round(statistics.median(p["cpu_ms"] for p in per), 1)
        out[name]["per_image"] = per
        if passporteye:
            out[name]["passporteye"] = _figures(pe_rows, pe_times)
    return out


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


def _cnid_figures(r: dict) -> dict:
    return {"cnid_fields_right": r["field_rate"], "cnid_median_ms": r["median_ms_per_card_front"]}


def _write(out: dict, where: str) -> Path:
    path = Path(where)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    summary = {k: {f: v for f, v in d.items() if f != "per_image"} for k, d in out["sets"].items()}
    print(json.dumps(summary, ensure_ascii=False))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--engines", default="rapidocr,tesseract")
    parser.add_argument("--no-passporteye", action="store_true")
    parser.add_argument("--no-face", action="store_true")
    parser.add_argument("--held-out", type=int, default=60, help="synthetic held-out documents")
    parser.add_argument("--sets-only", action="store_true", help="only the per-set MRZ figures")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "identity.json"))
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    out: dict = {"machine_note": "2 shared cores; other jobs may run at the same time"}
    out["load_average_start"] = [round(x, 2) for x in os.getloadavg()]
    out["model_load_s"] = bench_load(engines)
    out["sets"] = bench_sets(args.held_out, not args.no_passporteye)
    out["cn_id"] = bench_cn_id(["rapidocr"], args.cards, first_seed=2_000_000)
    # No visible Chinese ID card images exist: the card figures belong to the held-out set.
    out["sets"]["held_out_synthetic"].update(_cnid_figures(out["cn_id"]["rapidocr"]))
    out["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.sets_only:
        _write(out, args.out)
        return 0
    out["mrz"] = bench_mrz(engines)
    if not args.no_passporteye:
        out["mrz"]["passporteye"] = bench_passporteye(mrz_samples())
    out["cn_id"] = bench_cn_id(engines, args.cards, first_seed=2_000_000)
    if not args.no_face:
        out["face"] = bench_face()
        corpus = (out["face"] or {}).get("attack_corpus") or {}
        out["liveness_apcer"] = corpus.get("liveness_apcer")
        out["liveness_bpcer"] = corpus.get("liveness_bpcer")
    path = _write(out, args.out)
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
