"""``kiosk ocr IMAGE --json [--kind auto|cn-id|mrz] [--engine ...] [--cross-check]``."""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.identity.engines import ENGINE_NAMES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("image", help="image file of the document (JPEG, PNG, ...)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--kind", choices=["auto", "cn-id", "mrz"], default="auto")
    parser.add_argument(
        "--engine", choices=ENGINE_NAMES, default=None, help="default: the better one measured"
    )
    parser.add_argument(
        "--cross-check",
        action="store_true",
        help="read all of an MRZ document's visual zone and compare it with the MRZ "
        "(default: all of it only when the MRZ leaves doubt, else until its number and "
        "names are found there)",
    )


def _engines_from_config() -> dict[str, str] | None:
    """The engines the terminal's configuration names per kind (None if it cannot be read)."""
    try:
        from kiosk.config import ConfigError, load_config

        cfg = load_config()
    except (ImportError, ConfigError):
        return None
    return {"mrz": cfg.ocr.mrz_engine, "cn-id": cfg.ocr.cn_id_engine}


def run(args: argparse.Namespace) -> int:
    """Read the image and print the result; exit 2 with a message for an unreadable file."""
    from kiosk.identity.documents import UnreadableImage, read_document
    from kiosk.identity.engines import get_engine

    engines = None if args.engine else _engines_from_config()
    # Load (and run once) every engine the read may use, so that elapsed_ms is the
    # document's own time, as `kiosk face verify` does; the line detector is RapidOCR's.
    for name in {args.engine} if args.engine else {"rapidocr", *(engines or {}).values()}:
        get_engine(name).load()
    get_engine("rapidocr").load()
    try:
        result = read_document(
            args.image,
            kind=args.kind,
            engine=args.engine,
            engines=engines,
            cross_check=args.cross_check,
        )
    except UnreadableImage as exc:
        print(f"kiosk ocr: {exc}", file=sys.stderr)
        return 2
    out = result.as_dict()
    out.pop("engine")  # the JSON interface is exactly the keys of DESIGN.md
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"kind: {out['kind']}  valid: {out['valid']}  confidence: {out['confidence']}")
        for problem in out["problems"]:
            print(f"  problem: {problem}")
        for key, value in out["fields"].items():
            print(f"  {key}: {value}")
        print(f"elapsed: {out['elapsed_ms']} ms")
    return 0
