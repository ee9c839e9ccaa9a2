"""Re-check kiosk/corebank/fineract_codes.py against a checkout of apache/fineract.

    python tests/kiosk/sandbox/verify_fineract_codes.py /path/to/fineract.git [COMMIT]

Not a test (it needs Fineract's source, which the project does not ship): run it when the
contract's snapshot moves.  For each listed code it checks that the named file exists at the
commit and holds the code (literal codes) or the distinctive part Fineract composes it from.
Exit 0 when everything holds.
"""

from __future__ import annotations

import subprocess
import sys

from kiosk.corebank import fineract_codes as F


def _show(repo: str, commit: str, path: str) -> str | None:
    out = subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], capture_output=True,
                         text=True)  # fmt: skip
    return out.stdout if out.returncode == 0 else None


def main(repo: str, commit: str = "4198b0bc") -> int:
    bad = []
    checks = [(c, p, c) for c, p in F.LITERAL.items()]
    # Composed codes: the file must hold the part it appends (".duplicate.name", ...).
    special = {"error.msg.platform.service.lock.conflict": '".conflict"'}
    checks += [(c, p, special.get(c, "." + ".".join(c.split(".")[-2:])))
               for c, p in F.COMPOSED.items()]  # fmt: skip
    checks += [(r, p, "") for r, p in F.RESOURCES.items()]
    checks += [(r, F._BUILDER, "." + r.split(".2")[0]) for r in F.PARAMETER_RULES
               if not r.startswith("cannot.also")]  # fmt: skip
    checks += [(r, F._ACCOUNT, r) for r in F.RESOURCE_RULES]
    for code, path, needle in checks:
        text = _show(repo, commit, path)
        if text is None:
            bad.append(f"{code}: no file {path}")
        elif needle and needle not in text:
            bad.append(f"{code}: {path} does not hold {needle!r}")
    for line in bad:
        print(line)
    print(f"{len(checks) - len(bad)} of {len(checks)} listed codes and parts found at {commit}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
