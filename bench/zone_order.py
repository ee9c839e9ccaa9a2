"""The visual zone's reading order, replayed: how many lines a settled read needs.

``--record`` reads tuning MRZ documents (never the held-out seeds) and the visible samples
with the zone worker off, and for every MRZ read records each zone box's size and its own
recognised text (every box of the zone, read alone as ``visual_zone_texts`` reads it),
the MRZ's line height and the fields the zone is checked against.  Written to
bench/results/zone_texts.json.

``--replay`` counts, for the settled reads of that record, the lines each reading order
recognises until :func:`kiosk.identity.consistency.visual_zone_confirms` holds (or the
zone ends), and for the doubted ones whether the cross-check's findings change when a
box class is left out.

Usage: .venv/bin/python bench/zone_order.py --record [--first 500] [--mrz 100] [--no-visible]
       .venv/bin/python bench/zone_order.py --replay [--file ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import cv2  # noqa: E402
import identity as full_bench  # noqa: E402
import numpy as np  # noqa: E402

from kiosk.identity import consistency, documents, mrz_visual  # noqa: E402
from kiosk.identity.mrz_reader import box_size  # noqa: E402
from kiosk.identity.synthetic import mrz_documents  # noqa: E402

OUT = ROOT / "bench" / "results" / "zone_texts.json"
# TALL, FIT and CHARS_PER_ASPECT as mrz_visual holds them: the replay follows the module.
_AS_MODULE = (mrz_visual.TALL, *(mrz_visual.FIT or (0.7, 1.4)), mrz_visual.CHARS_PER_ASPECT)


def _record_zone(store: list[dict], label: str):  # noqa: ANN202
    original = mrz_visual.visual_zone_texts

    def recording(read, enough=None, reader=None, looking_for=()):  # noqa: ANN001, ANN202
        texts = original(read, enough, reader, looking_for)
        boxes = mrz_visual.visual_zone_boxes(read)
        engine = mrz_visual._engine()
        line_h = float(np.median([box_size(b)[1] for b in read.mrz_boxes])) if boxes else 0.0
        fields = enough.args[0] if isinstance(enough, partial) else None
        store.append({
            "doc": label,
            "settled": enough is not None,
            "fields": {k: str((fields or {}).get(k) or "") for k in ("number", "surname", "names")},
            "mrz_line_h": line_h,
            # top first, as visual_zone_boxes gives them reversed
            "boxes": [
                {"w": box_size(b)[0], "h": box_size(b)[1],
                 "top_left": list(mrz_visual._top_left(b)),
                 "texts": [t.text for t in engine.recognise(read.image, [b])]}
                for b in boxes[::-1]
            ],
            "texts": texts,
        })  # fmt: skip
        return texts

    return recording


def record(first: int, n: int, visible: bool) -> list[dict]:
    """Every document's zone records (a document whose MRZ is not read has none)."""
    documents._spare_core = lambda: False  # the worker would only change the timing
    docs = []
    for seed in range(first, first + n):
        assert seed in mrz_documents.TUNE_SEEDS, "tuning seeds only"
        docs.append((f"tune {seed}", lambda s=seed: mrz_documents.generate(s).image))
    if visible:
        for label, path, _ in full_bench.mrz_samples():
            docs.append((label, lambda p=path: cv2.imread(str(p))))
    store: list[dict] = []
    for label, image in docs:
        documents.visual_zone_texts = _record_zone(store, label)
        documents.read_document(image())
    return store


def _lines_needed(zone: dict, order: list[int]) -> int:
    """Lines recognised in ``order`` until the zone confirms the MRZ (all when it never does)."""
    texts: list[str] = []
    for n, i in enumerate(order, 1):
        texts += zone["boxes"][i]["texts"]
        if consistency.visual_zone_confirms(zone["fields"], texts):
            return n
    return len(order)


def _tall_first(zone: dict, tall: float) -> list[int]:
    boxes = zone["boxes"]
    is_tall = [b["h"] >= tall * zone["mrz_line_h"] for b in boxes]
    return [i for i in range(len(boxes)) if is_tall[i]] + [
        i for i in range(len(boxes)) if not is_tall[i]]


def _fits_first(zone: dict, tall: float, low: float, high: float, k: float) -> list[int]:
    """Tall boxes whose predicted length fits a target's first, then as tall first."""
    targets = [len(v) for v in zone["fields"].values() if v]
    rest = _tall_first(zone, tall)

    def fits(i: int) -> bool:
        b = zone["boxes"][i]
        chars = k * b["w"] / b["h"]
        return b["h"] >= tall * zone["mrz_line_h"] and any(
            low * n <= chars <= high * n for n in targets)

    first = [i for i in rest if fits(i)]
    return first + [i for i in rest if i not in first]


def _dynamic_needed(zone: dict, tall: float, low: float, high: float, k: float) -> int:
    """Lines needed when each next box is the first (tall first) fitting a missing target."""
    base = _tall_first(zone, tall)
    fields = zone["fields"]
    texts: list[str] = []
    for n in range(1, len(base) + 1):
        missing = [len(fields[f]) for f in _missing(fields, texts)]

        def fits(i: int, missing: list[int] = missing) -> bool:
            b = zone["boxes"][i]
            chars = k * b["w"] / b["h"]
            return b["h"] >= tall * zone["mrz_line_h"] and any(
                low * m <= chars <= high * m for m in missing)

        pick = next((i for i in base if fits(i)), base[0])
        base.remove(pick)
        texts += zone["boxes"][pick]["texts"]
        if consistency.visual_zone_confirms(fields, texts):
            return n
    return n


def _missing(fields: dict, texts: list[str]) -> list[str]:
    """The fields the zone does not confirm yet, each judged alone."""
    return [f for f in ("number", "surname", "names") if not consistency.visual_zone_confirms(
        {**{k: "" for k in ("surname", "names")}, "number": fields["number"], f: fields[f]}
        if f != "number" else {"number": fields["number"]}, texts)]


def _closest_first(zone: dict, tall: float, k: float) -> list[int]:
    """Tall boxes by how near their predicted length is to a target's, then the rest."""
    targets = [len(v) for v in zone["fields"].values() if v]
    rest = _tall_first(zone, tall)

    def miss(i: int) -> float:
        b = zone["boxes"][i]
        if b["h"] < tall * zone["mrz_line_h"]:
            return 99.0
        return min(abs(np.log(k * b["w"] / b["h"] / n)) for n in targets)

    return sorted(rest, key=miss)


def _worker_used(zone: dict, worker: list[int], lead: int = 8) -> int:
    """Of the worker's first ``lead`` lines, how many the settled read (as FIT) then needs."""
    order = _fits_first(zone, *_AS_MODULE)
    return len(set(worker[:lead]) & set(order[: _lines_needed(zone, order)]))


def _calibrate(zones: list[dict]) -> None:
    """Characters per box width over height, for single-text boxes of settled zones."""
    ratios = sorted(
        len(b["texts"][0]) / (b["w"] / b["h"])
        for z in zones for b in z["boxes"] if len(b["texts"]) == 1 and len(b["texts"][0]) >= 3
    )  # fmt: skip
    q = [ratios[int(f * (len(ratios) - 1))] for f in (0.05, 0.25, 0.5, 0.75, 0.95)]
    print(f"chars per w/h over {len(ratios)} boxes: 5/25/50/75/95 % {[round(x, 2) for x in q]}")


def _worker_report(sel: list[dict]) -> None:
    """Worker lines used: as it predicted before (tall first) and now (number's length)."""
    for name, worker in (
        ("tall first", lambda z: _tall_first(z, mrz_visual.TALL)),
        ("fits 9 chars", lambda z: _fits_first({**z, "fields": {"number": "X" * 9}},
                                                *_AS_MODULE)),
    ):  # fmt: skip
        used = sum(_worker_used(z, worker(z)) for z in sel)
        print(f"  worker order {name}: {used} of its {sum(min(8, len(z['boxes'])) for z in sel)}"
              " lines used")


def replay(path: str, variants: list[str]) -> None:
    zones = [z for z in json.loads(Path(path).read_text()) if z["boxes"]]
    settled = [z for z in zones if z["settled"]]
    _calibrate(settled)
    orders = {
        "top_first": lambda z: list(range(len(z["boxes"]))),
        "tall_0.7": lambda z: _tall_first(z, mrz_visual.TALL),
    }
    dynamic = {}
    for v in variants:  # fits:LOW,HIGH,K[,TALL] or dyn:...
        low, high, k, *tall = (float(x) for x in v.split(":")[1].split(","))
        a = (tall[0] if tall else 0.7, low, high, k)
        if v.startswith("close"):
            orders[v] = partial(lambda z, a: _closest_first(z, a[0], a[3]), a=a)
        elif v.startswith("dyn"):
            dynamic[v] = partial(lambda z, a: _dynamic_needed(z, *a), a=a)
        else:
            orders[v] = partial(lambda z, a: _fits_first(z, *a), a=a)
    for group in ("tune", "visible"):
        sel = [z for z in settled if z["doc"].startswith("tune") == (group == "tune")]
        if not sel:
            continue
        whole = {id(z) for z in sel if not consistency.visual_zone_confirms(
            z["fields"], [t for b in z["boxes"] for t in b["texts"]])}
        print(f"{group}: {len(sel)} settled reads, {sum(len(z['boxes']) for z in sel)} zone "
              f"lines; {len(whole)} not confirmed by their whole zone (read whole by any order: "
              f"{sum(len(z['boxes']) for z in sel if id(z) in whole)} lines)")
        runs = {name: (lambda z, o=order: _lines_needed(z, o(z))) for name, order in orders.items()}
        runs.update(dynamic)
        for name, count in runs.items():
            needed = [count(z) for z in sel if id(z) not in whole]
            print(f"  {name:28s} confirmed reads' lines {sum(needed):5d}  "
                  f"median {sorted(needed)[len(needed) // 2]}  max {max(needed)}")
        _worker_report([z for z in sel if id(z) not in whole])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--first", type=int, default=500)
    parser.add_argument("--mrz", type=int, default=100)
    parser.add_argument("--no-visible", action="store_true")
    parser.add_argument("--file", default=str(OUT))
    parser.add_argument("--replay", action="store_true")
    parser.add_argument("--variant", action="append", default=[], help="fits:LOW,HIGH,K[,TALL]")
    args = parser.parse_args()
    if args.replay:
        replay(args.file, args.variant)
    if args.record:
        t = time.process_time()
        store = record(args.first, args.mrz, not args.no_visible)
        Path(args.file).parent.mkdir(parents=True, exist_ok=True)
        Path(args.file).write_text(json.dumps(store, ensure_ascii=False, indent=1))
        print(f"{len(store)} zones, {time.process_time() - t:.0f} s CPU, wrote {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
