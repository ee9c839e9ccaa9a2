"""The glyph cells' own work, this code against a git revision's: same outputs, CPU per document.

Writes bench/results/mrz_cells_ab.json.  ``mrz_glyphs.py`` and ``mrz_cells.py`` of
``--ref`` (default HEAD) are loaded beside the working tree's.  Per document the scene is
detected once (``mrz_reader.mrz_line_boxes``), then ``read_cells`` runs with each version,
interleaved, ``--repeat`` times; CPU is ``time.process_time`` (whole process).  Every
``_read_span`` result (one reading hypothesis of one line) and the final read are compared:
the scores (max difference; same best glyph per cell), the decoded lines, check digits,
confidence and boxes.  With ``--documents`` the whole ``read_document`` also runs with
each version's ``read_cells`` (one run each, CPU recorded) and kind, fields, validity
and problems are compared.
Documents: tuning seeds (``mrz_documents.TUNE_SEEDS``, never the held-out ones) and the
visible samples of ../shared/testdata/mrz.

Usage: .venv/bin/python bench/mrz_cells_ab.py [--ref HEAD] [--first 500] [--mrz 10] [--no-visible]
       [--repeat 2] [--documents]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import identity as full_bench  # noqa: E402  (bench/identity.py: the visible samples)

from kiosk.identity import documents, engines, mrz_cells, mrz_glyphs, mrz_reader  # noqa: E402
from kiosk.identity.synthetic import mrz_documents  # noqa: E402


def _load(rev: str, name: str, patch: dict[str, ModuleType]) -> ModuleType:
    """``kiosk/identity/<name>.py`` as it is at ``rev``, as a module of its own."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:kiosk/identity/{name}.py"],
                          check=True, capture_output=True, text=True).stdout  # fmt: skip
    mod_name = f"ref_{name}"
    spec = importlib.util.spec_from_loader(mod_name, loader=None)
    assert spec is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = mod  # dataclasses look their module up
    exec(compile(text, f"{rev}:{name}.py", "exec"), mod.__dict__)  # noqa: S102
    for attr, value in patch.items():
        setattr(mod, attr, value)
    return mod


class Spans:
    """Records every ``_read_span`` result of a module while on."""

    def __init__(self, mod: ModuleType) -> None:
        self.mod, self.fn, self.out = mod, mod._read_span, []

        def recorded(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            res = self.fn(*args, **kwargs)
            self.out.append(None if res is None else res.scores.copy())
            return res

        mod._read_span = recorded


def _summary(read: object) -> dict:
    d = read.decoded  # type: ignore[attr-defined]
    res = d.result if d is not None else None
    return {
        "lines": read.lines,  # type: ignore[attr-defined]
        "checks": res and dict(res.checks),
        "valid": res and res.valid,
        "confident": d and d.confident,
        "ambiguous": d and list(d.ambiguous),
        "boxes": [np.asarray(b).round(3).tolist() for b in read.boxes],  # type: ignore[attr-defined]
        "fits": [round(f, 6) for f in read.fits],  # type: ignore[attr-defined]
    }


def _docs(first: int, n_mrz: int, visible: bool) -> list[tuple[str, np.ndarray]]:
    out = []
    for seed in range(first, first + n_mrz):
        assert seed in mrz_documents.TUNE_SEEDS, "measured on tuning seeds only"
        out.append((f"tune {seed}", mrz_documents.generate(seed).image))
    if visible:
        for label, path, _ in full_bench.mrz_samples():
            out.append((label, cv2.imread(str(path))))
    return out


def run(rev: str, first: int, n_mrz: int, visible: bool, repeat: int, whole: bool) -> dict:
    ref_glyphs = _load(rev, "mrz_glyphs", {})
    ref_cells = _load(rev, "mrz_cells", {"mrz_glyphs": ref_glyphs})
    versions = {"ref": (ref_cells, ref_glyphs), "new": (mrz_cells, mrz_glyphs)}
    engines.get_engine("rapidocr").load()
    docs = _docs(first, n_mrz, visible)
    load = [round(x, 2) for x in os.getloadavg()]
    rows = []
    with threadpool_limits(1, "blas"):  # as read_document runs
        for label, image in docs:
            img = mrz_reader.working_copy(image)
            boxes = mrz_reader.mrz_line_boxes(img)
            if not boxes:
                continue
            cand = mrz_reader.cell_boxes(boxes)
            cpu: dict[str, list[float]] = {"ref": [], "new": []}
            spans: dict[str, list] = {}
            reads: dict[str, dict] = {}
            for _ in range(repeat):
                for key, (cells_mod, glyph_mod) in versions.items():
                    rec = Spans(glyph_mod)
                    c = time.process_time()
                    read = cells_mod.read_cells(img, cand)
                    cpu[key].append((time.process_time() - c) * 1000)
                    glyph_mod._read_span = rec.fn
                    spans[key], reads[key] = rec.out, _summary(read)
            diff, same_best = 0.0, True
            same_calls = len(spans["ref"]) == len(spans["new"])
            for a, b in zip(spans["ref"], spans["new"], strict=False):
                if (a is None) != (b is None) or (a is not None and a.shape != b.shape):
                    same_calls = False
                    continue
                if a is not None:
                    diff = max(diff, float(np.abs(a - b).max()))
                    same_best &= bool((a.argmax(axis=1) == b.argmax(axis=1)).all())
            row = {
                "doc": label, "spans": len(spans["new"]), "same_calls": same_calls,
                "max_score_diff": diff, "same_best_glyphs": same_best,
                "same_read": reads["ref"] == reads["new"],
                "cpu_ms_ref": round(min(cpu["ref"]), 2), "cpu_ms_new": round(min(cpu["new"]), 2),
            }  # fmt: skip
            if whole:
                verdicts = {}
                order = list(versions.items())[:: -1 if len(rows) % 2 else 1]  # alternate
                for key, (cells_mod, _) in order:
                    mrz_reader.read_cells = cells_mod.read_cells
                    c = time.process_time()
                    try:
                        res = documents.read_document(image)
                    finally:
                        mrz_reader.read_cells = mrz_cells.read_cells
                    row[f"document_cpu_ms_{key}"] = round((time.process_time() - c) * 1000, 1)
                    verdicts[key] = (res.kind, res.fields, res.valid, res.problems)
                row["same_document"] = verdicts["ref"] == verdicts["new"]
            rows.append(row)
            print(json.dumps(row), flush=True)
    out = {
        "ref": rev,
        "load_average_before": load,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "documents": len(rows),
        "all_same_read": all(r["same_read"] for r in rows),
        "all_same_calls": all(r["same_calls"] for r in rows),
        "all_same_best_glyphs": all(r["same_best_glyphs"] for r in rows),
        "max_score_diff": max((r["max_score_diff"] for r in rows), default=0.0),
        "cpu_ms_per_doc_ref": round(statistics.mean(r["cpu_ms_ref"] for r in rows), 1),
        "cpu_ms_per_doc_new": round(statistics.mean(r["cpu_ms_new"] for r in rows), 1),
        "per_document": rows,
    }
    if whole:
        out["all_same_document"] = all(r["same_document"] for r in rows)
        for key in ("ref", "new"):
            cpu = [r[f"document_cpu_ms_{key}"] for r in rows]
            out[f"document_cpu_ms_median_{key}"] = round(statistics.median(cpu), 1)
            out[f"document_cpu_ms_mean_{key}"] = round(statistics.mean(cpu), 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="git revision to compare with")
    parser.add_argument("--first", type=int, default=500, help="first tuning seed")
    parser.add_argument("--mrz", type=int, default=10, help="tuning MRZ documents")
    parser.add_argument("--no-visible", action="store_true", help="leave out ../shared samples")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each version per document")
    parser.add_argument("--documents", action="store_true", help="compare read_document too")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "mrz_cells_ab.json"))
    args = parser.parse_args()
    visible = not args.no_visible and full_bench.TESTDATA.is_dir()
    out = run(args.ref, args.first, args.mrz, visible, args.repeat, args.documents)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "per_document"}, indent=1))
    return 0 if out["all_same_read"] and out["all_same_best_glyphs"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
