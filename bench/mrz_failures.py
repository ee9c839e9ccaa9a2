"""Why MRZ reads fail: classify each failure on TUNE seeds and time the reader's stages.

    .venv/bin/python bench/mrz_failures.py [--seeds 60] [--first 1] [--out FILE]
        [--cache DIR] [--cells-only] [--only 5,17,...]

Only TUNE_SEEDS documents are read (the held-out split stays out of all tuning).  Each
document is read as ``read_document(image)`` does and sorted into one class:

- ``right``: every line exact;
- ``not_located``: no recognised candidate line resembles some MRZ line (the detector did
  not box it, or it was not among the candidates);
- ``wrong_group``: every MRZ line was among the candidates but another group was chosen;
- ``misread``: the right group, characters wrong in every hypothesis (which, where);
- ``repair_wrong``: some hypothesis or its repair had the exact lines, another was chosen;
- ``false_valid``: any of those reported valid (counted in addition).

Each row also says what the glyph cells alone made of the document (``cells``: their
lines right or not, confident or not, corrections, doubts) and whether the read was the
cells' alone (``by_cells``): a confident cell read that is wrong is the failure that
matters most, since nothing else looks at it.

Stage times come from wrapping the engine's detection and recognition calls.  With
``--cache DIR`` the MRZ line detection of each seed is kept in DIR (pickles) and reused;
``--cells-only`` then replays just the glyph-cell reader on those boxes (a few tens of
milliseconds a document), to study its confidence on hundreds of seeds cheaply.
"""

from __future__ import annotations

import argparse
import difflib
import json
import pickle
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.identity import documents, mrz, mrz_reader  # noqa: E402
from kiosk.identity.documents import read_document  # noqa: E402
from kiosk.identity.engines import RapidOcrEngine, get_engine  # noqa: E402
from kiosk.identity.synthetic import mrz_documents as corpus  # noqa: E402


class _Trace:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.times: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.recognised: list[str] = []  # every text the recogniser gave for a crop
        self.readings: list[list[str]] = []  # readings handed to _decide
        self.decided: list[mrz.MrzResult | None] = []
        self.cells: list = []  # every mrz_cells.CellRead of the read
        self.read: mrz_reader.MrzRead | None = None
        self.seed: int | None = None


TRACE = _Trace()


def _wrap(owner: object, name: str, stage: str, keep_text: bool = False) -> None:
    original = getattr(owner, name)

    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        start = time.perf_counter()
        out = original(*args, **kwargs)
        TRACE.times[stage] += time.perf_counter() - start
        TRACE.calls[stage] += 1
        if keep_text:
            TRACE.recognised += [t.text for t in out]
        return out

    setattr(owner, name, timed)


def _install() -> None:
    _wrap(RapidOcrEngine, "detect", "detect")
    _wrap(RapidOcrEngine, "read_crops", "recognise_crops", keep_text=True)
    _wrap(RapidOcrEngine, "recognise", "recognise_boxes")
    decide = mrz_reader._decide

    def traced(readings):  # noqa: ANN001, ANN202
        TRACE.readings += [r for r, _ in readings]
        out = decide(readings)
        TRACE.decided.append(out.result)
        return out

    mrz_reader._decide = traced
    read_cells = mrz_reader.read_cells

    def cells(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = read_cells(*args, **kwargs)
        TRACE.cells.append(out)
        return out

    mrz_reader.read_cells = cells
    full = documents.read_mrz_full

    def kept(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        TRACE.read = full(*args, **kwargs)
        return TRACE.read

    documents.read_mrz_full = kept


def _cache_boxes(cache: Path | None, replay: bool) -> None:
    """Keep (or replay) each seed's MRZ line detection in ``cache``."""
    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    line_boxes = mrz_reader._line_boxes

    def cached(img):  # noqa: ANN001, ANN202
        path = cache / f"{TRACE.seed}-{img.shape[1]}x{img.shape[0]}.pickle"
        if path.exists():
            every, boxes = pickle.loads(path.read_bytes())
            out = mrz_reader.LineBoxes(boxes)
            out.every = every
            return out
        out = line_boxes(img)
        path.write_bytes(pickle.dumps((list(getattr(out, "every", [])), list(out))))
        return out

    mrz_reader._line_boxes = cached


def cells_summary(cells, lines: list[str]) -> dict | None:  # noqa: ANN001
    """What one glyph-cell read made of a document with the exact ``lines``."""
    d = cells.decoded if cells is not None else None
    if d is None:
        return None
    res = d.result
    got = list(res.lines) if res is not None else None
    out = {"right": got == lines, "confident": d.confident, "valid": bool(res and res.valid),
           "fit": round(d.fit, 3), "corrections": d.corrections, "ambiguous": d.ambiguous,
           "unclear": d.unclear, "fmt": res.mrz_type if res else None}  # fmt: skip
    if got is not None and got != lines and len(got) == len(lines):
        out["diff"] = [_diff(w, g) for w, g in zip(lines, got, strict=True)]
    return out


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _diff(want: str, got: str) -> list[str]:
    return [f"{i}:{w}->{g}" for i, (w, g) in enumerate(zip(want, got, strict=False)) if w != g]


def classify(lines: list[str], fields: dict, valid: bool) -> dict:
    """One document's failure class and details from the trace of its read."""
    got = fields.get("lines") if fields else None
    out: dict = {"valid": valid}
    if got == lines:
        out["class"] = "right"
        return out
    cleaned = [mrz_reader.mrz_segment(t) for t in TRACE.recognised]
    located = all(max((_similar(x, c) for c in cleaned), default=0) >= 0.7 for x in lines)
    repaired = []
    for r in TRACE.readings:
        res = mrz_reader._repair(r)
        repaired.append(res.lines if res else None)
    hit = any(r == lines for r in repaired) or any(
        d is not None and d.lines == lines for d in TRACE.decided
    )
    if not located:
        out["class"] = "not_located"
    elif not TRACE.readings or not any(
        len(r) == len(lines) and all(_similar(mrz_reader.mrz_segment(a), b) > 0.7
                                     for a, b in zip(r, lines, strict=True))
        for r in TRACE.readings
    ):  # fmt: skip
        out["class"] = "wrong_group"
    elif hit:
        out["class"] = "repair_wrong"
    else:
        out["class"] = "misread"
    if got and len(got) == len(lines):
        out["diff"] = [_diff(w, g) for w, g in zip(lines, got, strict=True)]
    if got is None:
        out["diff"] = None
    out["false_valid"] = bool(valid)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=60)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "mrz_failures.json"))
    parser.add_argument("--cache", default=None, help="keep/reuse the line detection here")
    parser.add_argument("--cells-only", action="store_true",
                        help="replay only the glyph-cell reader (needs --cache)")  # fmt: skip
    parser.add_argument("--only", default=None,
                        help="comma-separated seeds of the range to read")  # fmt: skip
    args = parser.parse_args()
    seeds = [s for s in range(args.first, args.first + args.seeds)]
    if args.only:
        seeds = [s for s in seeds if s in {int(x) for x in args.only.split(",")}]
    assert all(s in corpus.TUNE_SEEDS for s in seeds), "only TUNE seeds may be studied"
    _install()
    _cache_boxes(Path(args.cache) if args.cache else None, args.cells_only)
    get_engine("rapidocr").load()
    if args.cells_only:
        return cells_only(seeds, Path(args.out))
    rows, classes = [], Counter()
    wall, cpu = [], []
    for seed in seeds:
        doc = corpus.generate(seed)
        TRACE.reset()
        TRACE.seed = seed
        c0, w0 = time.process_time(), time.perf_counter()
        res = read_document(doc.image)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        row = classify(doc.lines, res.fields, res.valid)
        row.update(seed=seed, fmt=doc.render["format"], ms=round(wall[-1]),
                   cpu_ms=round(cpu[-1]), confidence=res.confidence,
                   stages={k: round(v * 1000) for k, v in TRACE.times.items()},
                   calls=dict(TRACE.calls), hypotheses=len(TRACE.readings),
                   by_cells=bool(TRACE.read and TRACE.read.by_cells),
                   cells=cells_summary(TRACE.cells[-1] if TRACE.cells else None, doc.lines),
                   problems=res.problems)  # fmt: skip
        rows.append(row)
        classes[row["class"]] += 1
        classes["false_valid"] += bool(row.get("false_valid"))
        classes["by_cells"] += row["by_cells"]
        classes["by_cells_wrong"] += row["by_cells"] and row["class"] != "right"
        print(json.dumps(row), flush=True)
    stages = Counter()
    for r in rows:
        stages.update(r["stages"])
    summary = {
        "seeds": f"{seeds[0]}-{seeds[-1]}",
        "classes": dict(classes),
        "median_wall_ms": round(statistics.median(wall)),
        "median_cpu_ms": round(statistics.median(cpu)),
        "mean_stage_ms": {k: round(v / len(rows)) for k, v in stages.items()},
    }
    print(json.dumps(summary))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"summary": summary, "rows": rows}, indent=1))
    return 0


def cells_only(seeds: list[int], out: Path) -> int:
    """The glyph-cell reader alone on each seed's (cached) boxes: confident, right, wrong."""
    rows, counts = [], Counter()
    cpu = []
    for seed in seeds:
        doc = corpus.generate(seed)
        TRACE.reset()
        TRACE.seed = seed
        img = mrz_reader.working_copy(doc.image)
        boxes = mrz_reader._line_boxes(img)
        c0 = time.process_time()
        cells = mrz_reader.read_cells(img, mrz_reader.cell_boxes(boxes))
        cpu.append((time.process_time() - c0) * 1000)
        row = {"seed": seed, "fmt": doc.render["format"], "cpu_ms": round(cpu[-1]),
               "cells": cells_summary(cells, doc.lines)}  # fmt: skip
        c = row["cells"] or {}
        counts["right"] += bool(c.get("right"))
        counts["confident"] += bool(c.get("confident"))
        counts["confident_wrong"] += bool(c.get("confident") and not c.get("right"))
        counts["valid_wrong"] += bool(c.get("valid") and not c.get("right"))
        counts["confident_right"] += bool(c.get("confident") and c.get("right"))
        rows.append(row)
        print(json.dumps(row), flush=True)
    summary = {"seeds": f"{seeds[0]}-{seeds[-1]}", "cells": dict(counts),
               "median_cells_cpu_ms": round(statistics.median(cpu))}  # fmt: skip
    print(json.dumps(summary))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
