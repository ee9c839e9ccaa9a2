"""``kiosk face verify REFERENCE PROBE --json``: compare the largest face in two images.

Exit codes: 0 the faces match; 1 they do not, or an image shows no face (``reason`` says
which: ``no_face_in_reference`` / ``no_face_in_probe``); 2 a file cannot be read or an
option is wrong (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.config import ConfigError, load_config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("reference", help="the reference image (ID photo)")
    parser.add_argument("probe", help="the image to check against it (camera frame)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="match when the distance is at most this (default: face.threshold in config)",
    )


def run(args: argparse.Namespace) -> int:
    """Compare the two images; print the result; return 0 match, 1 no match, 2 bad input."""
    from kiosk.identity.face import FaceVerifier, ImageUnreadable, load_image  # noqa: PLC0415

    threshold = args.threshold
    if threshold is None:
        try:
            threshold = load_config().face.threshold
        except ConfigError as exc:
            print(f"kiosk face verify: {exc}", file=sys.stderr)
            return 2
    if not 0 < threshold < 1.5:
        print("kiosk face verify: --threshold must be between 0 and 1.5", file=sys.stderr)
        return 2
    try:
        reference = load_image(args.reference)
        probe = load_image(args.probe)
    except ImageUnreadable as exc:
        print(f"kiosk face verify: cannot read {exc}", file=sys.stderr)
        return 2
    verifier = FaceVerifier(threshold)
    verifier.warm_up()  # model loading is not part of elapsed_ms
    result = verifier.verify(reference, probe)
    if args.json:
        print(json.dumps(result.as_dict()))
    else:
        verdict = "match" if result.match else "no match"
        extra = f" ({result.reason})" if result.reason else ""
        print(
            f"{verdict}{extra}: distance {result.distance} (threshold {result.threshold}), "
            f"faces {result.reference_faces}/{result.probe_faces}, {result.elapsed_ms} ms"
        )
    return 0 if result.match else 1
