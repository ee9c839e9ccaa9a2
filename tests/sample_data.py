"""Where the shared public sample data is, and what a test does when it is missing.

``../shared/testdata`` beside the repo (or ``KIOSK_TESTDATA``, e.g. pointed at an empty
folder to run the suite as a clean clone without it).  A test that needs it skips with the
reason when it is absent, except in CI (env ``CI`` set), where missing input is a failure:
a CI run that silently skipped the data-bound tests would prove nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = Path(os.environ.get("KIOSK_TESTDATA") or ROOT.parent / "shared" / "testdata")


def require_testdata(*parts: str) -> Path:
    """``TESTDATA / parts``; skips (fails under CI) the calling test when it is absent."""
    path = TESTDATA.joinpath(*parts)
    if not path.exists():
        why = f"shared sample data not found: {path} (the public samples beside the repo)"
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI must run with it", pytrace=False)
        pytest.skip(why)
    return path


def listed(*parts: str, pattern: str = "*") -> list[str]:
    """Files under ``TESTDATA / parts`` (relative names, sorted) for ``parametrize``.

    Absent data gives one placeholder, ``"<missing>"``, so the test is still collected and
    :func:`require_testdata` skips (or, under CI, fails) it instead of pytest quietly
    reporting an empty parameter set.
    """
    base = TESTDATA.joinpath(*parts)
    if not base.is_dir():
        return ["<missing>"]
    return sorted(p.relative_to(base).as_posix() for p in base.rglob(pattern))
