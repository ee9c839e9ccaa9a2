"""The data folder is the terminal's own: 0700, and every file in it 0600.

Checked at start-up (``secure_data_dir``): a looser mode is tightened and reported; a
folder or file owned by another user is refused, since tightening it would not keep that
user out.  The process umask becomes 077 so files made later (SQLite's -wal and -shm,
receipts) are private from the start.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeDataDir(RuntimeError):
    """The data folder or a file in it belongs to another user."""


def secure_data_dir(path: Path) -> list[str]:
    """Make ``path`` 0700 and its files 0600 (recursively); return what was tightened."""
    os.umask(0o077)
    path.mkdir(parents=True, exist_ok=True)
    fixed: list[str] = []
    uid = os.geteuid()
    for root, dirs, files in os.walk(path):
        for name, want in [(root, 0o700)] + [(os.path.join(root, d), 0o700) for d in dirs] + [
            (os.path.join(root, f), 0o600) for f in files
        ]:
            st = os.lstat(name)
            if stat.S_ISLNK(st.st_mode):
                continue
            if st.st_uid != uid:
                raise UnsafeDataDir(f"{name} belongs to uid {st.st_uid}, not this terminal")
            if stat.S_IMODE(st.st_mode) & ~want:
                os.chmod(name, want)
                fixed.append(f"{name}: {stat.S_IMODE(st.st_mode):o} -> {want:o}")
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
    return fixed
