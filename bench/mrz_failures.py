"""Why MRZ reads fail: classify each failure on TUNE seeds and time the reader's stages.

    .venv/bin/python bench/mrz_failures.py [--seeds 60] [--first 1] [--out FILE]

Only TUNE_SEEDS documents are read (the held-out split stays out of all tuning).  Each
document is read as ``read_document(image)`` does and sorted into one class:

- ``right``: every line exact;
- ``not_located``: no recognised candidate line resembles some MRZ line (the detector did
  not box it, or it was not among the candidates);
- ``wrong_group``: every MRZ line was among the candidates but another group was chosen;
- ``misread``: the right group, characters wrong in every hypothesis (which, where);
- ``repair_wrong``: some hypothesis or its repair had the exact lines, another was chosen;
- ``false_valid``: any of those reported valid (counted in addition).

Stage times come from wrapping the engine's detection and recognition calls.
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.identity import mrz, mrz_reader  # noqa: E402
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
    args = parser.parse_args()
    seeds = [s for s in range(args.first, args.first + args.seeds)]
    assert all(s in corpus.TUNE_SEEDS for s in seeds), "only TUNE seeds may be studied"
    _install()
    get_engine("rapidocr").load()
    rows, classes = [], Counter()
    wall, cpu = [], []
    for seed in seeds:
        doc = corpus.generate(seed)
        TRACE.reset()
        c0, w0 = time.process_time(), time.perf_counter()
        res = read_document(doc.image)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        row = classify(doc.lines, res.fields, res.valid)
        row.update(seed=seed, fmt=doc.render["format"], ms=round(wall[-1]),
                   cpu_ms=round(cpu[-1]), confidence=res.confidence,
                   stages={k: round(v * 1000) for k, v in TRACE.times.items()},
                   calls=dict(TRACE.calls), hypotheses=len(TRACE.readings))  # fmt: skip
        rows.append(row)
        classes[row["class"]] += 1
        classes["false_valid"] += bool(row.get("false_valid"))
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


if __name__ == "__main__":
    sys.exit(main())
