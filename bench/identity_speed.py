"""Warm document-reading time per document kind, engine settings side by side.

Writes bench/results/identity_speed.json.  Every engine is loaded before timing (as
``kiosk ocr`` does); each figure is ``read_document``'s own ``elapsed_ms`` and the CPU
time of the read (all threads).  Configurations are run interleaved, document by
document, so that the load of a shared machine falls on all of them alike; the load
average is written beside the figures.

Documents: synthetic MRZ documents from the held-out seeds (figures only, no tuning),
the visible MRZ samples of ../shared/testdata/mrz when present, and synthetic Chinese ID
card fronts and backs from seeds 2,000,000 (unseen by tuning; with ``--tune`` the tuning
cards from seed 6000), with per-field accuracy.

Configurations (``--configs``): ``tuned`` (the engine's defaults), ``int8`` (tuned, the
int8 text detector built by ``bench/int8_detector.py``), ``library``
(RapidOCR's own sessions and batching), ``threads2`` (tuned, two threads per model),
``cross_check`` (tuned, every MRZ document's whole visual zone read), ``serial_zone``
(tuned, the visual zone recognised after the MRZ on the calling thread, as before
session 6), ``parallel_zone`` (tuned, the zone's first lines recognised on a worker thread
during the MRZ's glyph cells whatever the load; ``tuned`` does so only when a core is
free), ``det2free`` (tuned, detection with two threads while a core is free) and
``det2always`` (the same whatever the load).

Usage: .venv/bin/python bench/identity_speed.py [--mrz 20] [--cards 20]
       [--configs tuned,library] [--cross-check] [--no-visible] [--tune]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import identity as full_bench  # noqa: E402  (bench/identity.py: the same judgement)
import int8_detector  # noqa: E402

from devices.idcard import specimen  # noqa: E402
from kiosk.identity import documents, engines  # noqa: E402
from kiosk.identity.documents import read_document  # noqa: E402
from kiosk.identity.synthetic import mrz_documents  # noqa: E402

TESTDATA = ROOT.parent / "shared" / "testdata" / "mrz"
FRONT = ("name", "sex", "ethnicity", "birth_date", "address", "id_number")
BACK = ("issuing_authority", "valid_from", "valid_to")
# name: (engine factory, always read the whole visual zone, zone on a worker thread:
# None when a core is free, else always or never)
CONFIGS = {
    "tuned": (lambda: engines.RapidOcrEngine(), False, None),
    "int8": (lambda: engines.RapidOcrEngine(det_model=int8_detector.int8_detector()), False, None),
    "det2free": (lambda: engines.RapidOcrEngine(detect_threads_free=2), False, None),
    "det2always": (lambda: _always(engines.RapidOcrEngine(detect_threads_free=2)), False, None),
    "library": (lambda: engines.RapidOcrEngine(tuned=False), False, None),
    "threads2": (lambda: engines.RapidOcrEngine(threads=2), False, None),
    "cross_check": (lambda: engines.RapidOcrEngine(), True, None),
    "serial_zone": (lambda: engines.RapidOcrEngine(), False, False),
    "parallel_zone": (lambda: engines.RapidOcrEngine(), False, True),
}


def _always(engine: engines.RapidOcrEngine) -> engines.RapidOcrEngine:
    """``engine`` detecting with its free-core session whatever the load."""
    engine.spare = functools.partial(bool, True)
    return engine


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1)


def _documents(
    n_mrz: int, n_cards: int, visible: bool = True, tune: bool = False
) -> list[tuple[str, str, object, dict | None]]:
    """(kind, label, image, expected fields or None).

    ``tune``: MRZ tuning seeds from 500 and tuning cards from seed 6000.
    """
    docs: list[tuple[str, str, object, dict | None]] = []
    seeds = mrz_documents.TUNE_SEEDS[499:] if tune else mrz_documents.HELD_OUT_SEEDS
    for seed in list(seeds[:n_mrz]):
        doc = mrz_documents.generate(seed)
        split = "tune" if tune else "held-out"
        docs.append(("mrz", f"{split} {seed} {doc.render['format']}", doc.image,
                     {"lines": doc.lines}))  # fmt: skip
    if visible and TESTDATA.is_dir():
        for group in ("icao", "specimens"):
            for path in sorted((TESTDATA / group).glob("*")):
                if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
                    docs.append(("mrz_visible", f"{group}/{path.name}", cv2.imread(str(path)),
                                 None))  # fmt: skip
    for i in range(n_cards):
        spec = specimen.generate((6000 if tune else 2_000_000) + i)
        docs.append(("cnid_front", f"card {spec.render}", spec.front,
                     spec.person.front_fields()))  # fmt: skip
        docs.append(("cnid_back", f"card {spec.render}", spec.back, spec.person.back_fields()))
    return docs


def _mrz_judgement(want_lines: list[str], kind: str | None, fields: dict, valid: bool) -> dict:
    """bench/identity.py's judgement of a document: key fields, all lines, false valid."""
    row = full_bench._row(want_lines, kind, fields, valid)
    return {"key_right": row["key"], "all_lines_right": row["lines"],
            "false_valid": row["false_valid"]}  # fmt: skip


def _use(engine: engines.RapidOcrEngine) -> None:
    """Make ``engine`` the process-wide RapidOCR engine (the visual zone reads through it)."""
    with engines._REGISTRY_LOCK:
        engines._ENGINES["rapidocr"] = engine


def run(
    n_mrz: int,
    n_cards: int,
    configs: list[str],
    cross_check: bool,
    visible: bool = True,
    tune: bool = False,
) -> dict:
    built = {name: CONFIGS[name][0]() for name in configs}
    load_s = {name: round(e.load(), 2) for name, e in built.items()}
    docs = _documents(n_mrz, n_cards, visible, tune)
    load_before = os.getloadavg()
    rows: dict[str, list[dict]] = {name: [] for name in configs}
    for i, (kind, label, image, want) in enumerate(docs):
        order = configs if i % 2 == 0 else configs[::-1]
        for name in order:
            _use(built[name])
            cpu = time.process_time()
            whole = cross_check or CONFIGS[name][1]
            parallel = CONFIGS[name][2]
            spare = documents._spare_core
            if parallel is not None:  # the worker always or never, whatever the load
                documents._spare_core = functools.partial(bool, parallel)
            try:
                res = read_document(image, engine=built[name], cross_check=whole)
            finally:
                documents._spare_core = spare
            row = {"kind": kind, "doc": label, "ms": res.elapsed_ms,
                   "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
                   "valid": res.valid, "read_kind": res.kind,
                   "fields": {k: str(v) for k, v in res.fields.items()}}  # fmt: skip
            if kind == "mrz" and want is not None:
                row.update(_mrz_judgement(want["lines"], res.kind, res.fields, res.valid))
            elif want is not None:
                row["right"] = {k: res.fields.get(k) == v for k, v in want.items()}
            rows[name].append(row)
    out: dict = {
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "model_load_s": load_s,
        "cross_check": cross_check,
        "configs": {},
    }
    for name, rs in rows.items():
        figures: dict = {}
        for kind in ("mrz", "mrz_visible", "cnid_front", "cnid_back"):
            sel = [r for r in rs if r["kind"] == kind]
            if not sel:
                continue
            ms = [r["ms"] for r in sel]
            figures[f"{kind}_median_ms"] = round(statistics.median(ms), 1)
            figures[f"{kind}_p99_ms"] = _p99(ms)
            figures[f"{kind}_cpu_median_ms"] = round(statistics.median(r["cpu_ms"] for r in sel), 1)
            figures[f"{kind}_valid"] = sum(r["valid"] for r in sel)
            if kind == "mrz":
                for figure in ("key_right", "all_lines_right"):
                    figures[f"mrz_{figure}"] = round(sum(r[figure] for r in sel) / len(sel), 3)
                figures["false_valid"] = sum(r["false_valid"] for r in sel)
            if kind.startswith("cnid"):
                keys = FRONT if kind == "cnid_front" else BACK
                figures[f"{kind}_fields_right"] = {
                    k: round(sum(r["right"][k] for r in sel) / len(sel), 3) for k in keys
                }
        out["configs"][name] = {**figures, "per_document": rs}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mrz", type=int, default=20, help="synthetic held-out MRZ documents")
    parser.add_argument("--cards", type=int, default=20, help="synthetic cards (front + back)")
    parser.add_argument("--configs", default="tuned,library")
    parser.add_argument("--cross-check", action="store_true")
    parser.add_argument("--no-visible", action="store_true", help="leave out ../shared samples")
    parser.add_argument(
        "--tune", action="store_true", help="MRZ tuning seeds from 500 instead of held-out ones"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "identity_speed.json"))
    args = parser.parse_args()
    configs = [c for c in args.configs.split(",") if c]
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        parser.error(f"unknown configurations {sorted(unknown)} (choose from {sorted(CONFIGS)})")
    out = run(args.mrz, args.cards, configs, args.cross_check, not args.no_visible, args.tune)
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    summary = {k: v for k, v in out.items() if k != "configs"}
    summary["configs"] = {
        n: {f: v for f, v in c.items() if f != "per_document"} for n, c in out["configs"].items()
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
