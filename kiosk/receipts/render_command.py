"""``kiosk receipt render FILE --text | --png OUT``: decode an ESC/POS byte stream.

Exit codes: 0 rendered cleanly, 1 rendered with problems (reported on stderr: unknown or
truncated commands; everything valid before them is still rendered), 2 the file cannot
be read or the picture cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from devices.printer.render import render


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("file", help="ESC/POS byte stream (e.g. a capture of a print job)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--text", action="store_true", help="print the text lines on stdout")
    mode.add_argument("--png", metavar="OUT", help="draw the paper into a PNG file")
    parser.add_argument("--paper", type=int, choices=(58, 80), default=80, help="paper width in mm")
    parser.add_argument(
        "--annotate",
        action="store_true",
        help="with --text, mark pictures, codes and cuts ([QR: ...])",
    )


def run(args: argparse.Namespace) -> int:
    """Render the file; see the module docstring for exit codes."""
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        print(
            f"kiosk receipt render: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr
        )
        return 2
    result = render(data, paper_width_mm=args.paper, picture=bool(args.png), annotate=args.annotate)
    if args.text:
        sys.stdout.write(result.text)
    else:
        try:
            Path(args.png).write_bytes(result.png_bytes())
        except ValueError as exc:  # PictureTooLarge: the stream would draw kilometres of paper
            print(f"kiosk receipt render: {args.file}: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(
                f"kiosk receipt render: cannot write {args.png}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            return 2
        print(
            f"wrote {args.png} ({result.picture.width}x{result.picture.height} dots)",
            file=sys.stderr,
        )
    for problem in result.problems:
        print(f"kiosk receipt render: {args.file}: {problem}", file=sys.stderr)
    return 1 if result.problems else 0
