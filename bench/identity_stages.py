"""Where an MRZ document's warm read spends its time: wall and CPU per stage.

Writes bench/results/identity_stages.json.  Every stage is a function of the reading
path wrapped for the run (nested stages count inside their parents too); each figure is
the stage's total over the documents, and per document: calls, wall ms, CPU ms
(``time.process_time``: the whole process, all threads).  Documents: synthetic MRZ
documents from the tuning seeds (never the held-out ones), the visible MRZ samples of
../shared/testdata/mrz when present, and synthetic Chinese ID card fronts.

Usage: .venv/bin/python bench/identity_stages.py [--first 500] [--mrz 30] [--cards 5]
       [--no-visible] [--set MODULE.NAME=VALUE ...] [--compare MODULE.NAME=VALUE ...]

``--compare`` reads every document twice, in alternating order: as the code stands
("current") and under the values given ("compared"), and lists the documents whose
verdict, key fields or lines differ.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import identity as full_bench  # noqa: E402  (bench/identity.py: the same judgement)

from devices.idcard import specimen  # noqa: E402
from kiosk.identity import (  # noqa: E402
    documents,
    engines,
    mrz_cells,
    mrz_reader,
)
from kiosk.identity.synthetic import mrz_documents  # noqa: E402

TESTDATA = ROOT.parent / "shared" / "testdata" / "mrz"
# (label, owner of the attribute, attribute name): what is timed.
STAGES: list[tuple[str, object, str]] = [
    ("detect", engines.RapidOcrEngine, "_detect"),
    ("recognise_lines", engines.RapidOcrEngine, "_recognise"),
    ("recognise_crops", engines.RapidOcrEngine, "_read_crops"),
    ("recognise_first_pass", engines.RapidOcrEngine, "read_crops_of"),
    ("document_quad", documents, "find_document_quad"),
    ("card_first", documents, "_card_first"),
    ("mrz_line_boxes", documents, "mrz_line_boxes"),
    ("card_lines", documents, "_card_lines"),
    ("read_mrz_full", documents, "read_mrz_full"),
    ("cells", mrz_reader, "read_cells"),
    ("cells_classify", mrz_cells.mrz_glyphs, "_classify"),
    ("visual_zone", documents, "visual_zone_texts"),
]


class Clock:
    """Totals per stage for the current document."""

    def __init__(self) -> None:
        self.doc: dict[str, list[float]] = {}

    def wrap(self, label: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                entry = self.doc.setdefault(label, [0, 0.0, 0.0])
                entry[0] += 1
                entry[1] += (time.perf_counter() - wall) * 1000
                entry[2] += (time.process_time() - cpu) * 1000

        return timed


@contextmanager
def timed_stages(clock: Clock) -> Iterator[None]:
    """Wrap every stage of :data:`STAGES` while the block runs."""
    saved = [(owner, name, getattr(owner, name)) for _, owner, name in STAGES]
    try:
        for (label, owner, name), (_, _, fn) in zip(STAGES, saved, strict=True):
            setattr(owner, name, clock.wrap(label, fn))
        yield
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)


def _documents(
    first: int, n_mrz: int, n_cards: int, visible: bool
) -> list[tuple[str, str, object, list[str] | None]]:
    """(kind, label, image, the MRZ lines expected or None)."""
    docs: list[tuple[str, str, object, list[str] | None]] = []
    for seed in range(first, first + n_mrz):
        assert seed in mrz_documents.TUNE_SEEDS, "stages are measured on tuning seeds only"
        doc = mrz_documents.generate(seed)
        docs.append(("mrz_tune", f"tune {seed} {doc.render['format']}", doc.image, doc.lines))
    if visible and TESTDATA.is_dir():
        for label, path, want in full_bench.mrz_samples():
            docs.append(("mrz_visible", label, cv2.imread(str(path)), want and want["lines"]))
    for i in range(n_cards):
        spec = specimen.generate(6000 + i)  # tuning cards (held-out ones start at 2,000,000)
        docs.append(("cnid_front", f"card {6000 + i}", spec.front, None))
    return docs


@contextmanager
def overridden(items: list[str]) -> Iterator[None]:
    """Every ``MODULE.NAME=VALUE`` of ``items`` set while the block runs."""
    saved = [_override(item) for item in items]
    try:
        yield
    finally:
        for mod, name, value in reversed(saved):
            setattr(mod, name, value)


def run(
    first: int, n_mrz: int, n_cards: int, visible: bool, compare: list[str] | None = None
) -> dict:
    """Every document read once, or with ``compare`` twice: under those overrides
    ("compared") and without ("current"), in alternating order, one document at a time."""
    engine = engines.get_engine("rapidocr")
    load_s = engine.load()
    docs = _documents(first, n_mrz, n_cards, visible)
    clock = Clock()
    rows = []
    configs = [("current", []), ("compared", compare)] if compare else [("current", [])]
    load_before = os.getloadavg()
    with timed_stages(clock):
        for i, (kind, label, image, want) in enumerate(docs):
            for config, items in configs if i % 2 == 0 else configs[::-1]:
                clock.doc = {}
                cpu = time.process_time()
                with overridden(items):
                    res = documents.read_document(image)
                judged = {}
                if kind != "cnid_front":
                    judged = full_bench._row(want, res.kind, res.fields, res.valid)
                rows.append({**judged, "config": config,
                    "kind": kind, "doc": label, "read_kind": res.kind, "valid": res.valid,
                    "ms": res.elapsed_ms, "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
                    "stages": {k: [v[0], round(v[1], 1), round(v[2], 1)]
                               for k, v in clock.doc.items()},
                })  # fmt: skip
    out: dict = {
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "model_load_s": round(load_s, 2),
        "sets": {},
    }
    for config, _ in configs:
        sets = _summary([r for r in rows if r["config"] == config])
        out["sets"].update(sets if not compare else {f"{config} {k}": v for k, v in sets.items()})
    if compare:
        now = {(r["doc"]): r for r in rows if r["config"] == "current"}
        out["verdicts_differ"] = [
            r["doc"] for r in rows if r["config"] == "compared"
            and any(r.get(f) != now[r["doc"]].get(f)
                    for f in ("read_kind", "valid", "key", "lines", "false_valid"))
        ]  # fmt: skip
    out["per_document"] = rows
    return out


def _summary(rows: list[dict]) -> dict:
    """Per document kind: verdicts, wall and CPU figures, stage totals."""
    out: dict = {}
    for kind in ("mrz_tune", "mrz_visible", "cnid_front"):
        sel = [r for r in rows if r["kind"] == kind]
        if not sel:
            continue
        ms = sorted(r["ms"] for r in sel)
        totals: dict[str, list[float]] = {}
        for r in sel:
            for k, (n, w, c) in r["stages"].items():
                t = totals.setdefault(k, [0, 0.0, 0.0])
                t[0] += n
                t[1] += w
                t[2] += c
        out[kind] = {
            "documents": len(sel),
            "valid": sum(r["valid"] for r in sel),
            **(
                {f: sum(r[f] for r in sel) for f in ("key", "lines", "false_valid")}
                if kind != "cnid_front"
                else {}
            ),
            "median_ms": round(statistics.median(ms), 1),
            "p99_ms": ms[min(len(ms) - 1, int(0.99 * len(ms)))],
            "cpu_median_ms": round(statistics.median(r["cpu_ms"] for r in sel), 1),
            "wall_total_ms": round(sum(ms), 1),
            "cpu_p99_ms": sorted(r["cpu_ms"] for r in sel)[min(len(sel) - 1, int(0.99 * len(sel)))],
            "stages_calls_wall_cpu_ms": {
                k: [v[0], round(v[1], 1), round(v[2], 1)]
                for k, v in sorted(totals.items(), key=lambda kv: -kv[1][1])
            },
        }
    return out


def _override(item: str) -> tuple[object, str, object]:
    """Set ``MODULE.NAME=VALUE`` (a Python literal) in ``kiosk.identity.MODULE``.

    Returns (module, name, the value it had).
    """
    import ast
    import importlib

    target, value = item.split("=", 1)
    module, name = target.rsplit(".", 1)
    mod = importlib.import_module(f"kiosk.identity.{module}")
    if not hasattr(mod, name):
        raise SystemExit(f"kiosk.identity.{module} has no {name}")
    old = getattr(mod, name)
    setattr(mod, name, ast.literal_eval(value))
    return mod, name, old


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=500, help="first tuning seed")
    parser.add_argument("--mrz", type=int, default=30, help="synthetic tuning MRZ documents")
    parser.add_argument("--cards", type=int, default=5, help="synthetic tuning card fronts")
    parser.add_argument("--no-visible", action="store_true", help="leave out ../shared samples")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="MODULE.NAME=VALUE",
        help="try another value of a kiosk.identity constant (e.g. mrz_reader._DETECT_WIDTH=720)",
    )
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="MODULE.NAME=VALUE",
        help="read every document also under these values, interleaved (an A/B in one run)",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "identity_stages.json"))
    args = parser.parse_args()
    for item in args.set:
        _override(item)
    out = run(args.first, args.mrz, args.cards, not args.no_visible, args.compare)
    out["overrides"] = args.set
    out["compared"] = args.compare
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "per_document"}, indent=1))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
