"""Assemble the package's Python environment (``/opt/branch-kiosk``) in a staging folder.

Run by ``debian/rules`` with the development venv's Python.  Instead of downloading the
wheels again (dh-virtualenv's ``pip install``), it copies the *installed* files of the runtime
distributions -- the closure of ``requirements.txt`` and ``requirements-nodeps.txt``, never the
development ones (pytest, ruff, playwright ...) -- from the development venv, exactly as each
distribution's ``RECORD`` lists them, into a fresh venv made by Debian's ``python3``.  The
wheels are ``cp311`` builds, so Debian 12's Python 3.11 runs them.  Then the project itself
goes in (its packages, ``locales/`` with the ``.qm`` files compiled, ``assets/``) with a
``dist-info`` carrying its entry points, and every script's first line names the installed
interpreter.  No byte-code is shipped: ``postinst`` compiles it on the terminal (as
dh_python3 does), since the service's read-only tree (ProtectSystem=strict) cannot.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # pip vendors it
    from pip._vendor.packaging.requirements import Requirement

PY_VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"
PROJECT_DIRS = ("kiosk", "devices", "ui", "hub")
DATA_DIRS = ("locales", "assets")
SKIP = re.compile(r"(^|/)(__pycache__|\.pytest_cache)(/|$)|\.py[co]$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(files: list[Path]) -> list[tuple[Requirement, bool]]:
    """(requirement, follow its dependencies?) for each line of the requirement files."""
    out = []
    for path in files:
        follow = "nodeps" not in path.name
        for line in path.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                out.append((Requirement(line), follow))
    return out


def runtime_distributions(files: list[Path]) -> list[md.Distribution]:
    """The installed distributions ``files`` need, with their dependencies (extras honoured)."""
    seen: dict[tuple[str, frozenset[str]], md.Distribution] = {}
    stack = _requirements(files)
    while stack:
        req, follow = stack.pop()
        key = (_norm(req.name), frozenset(req.extras))
        if key in seen:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            raise SystemExit(f"assemble_venv: {req} is not installed in {sys.prefix}") from None
        seen[key] = dist
        if not follow:
            continue
        for text in dist.requires or []:
            dep = Requirement(text)
            extras = set(req.extras) | {""}
            if dep.marker and not any(dep.marker.evaluate({"extra": e}) for e in extras):
                continue
            stack.append((dep, True))
    unique = {_norm(d.metadata["Name"]): d for d in seen.values()}
    return [unique[n] for n in sorted(unique)]


def _fix_shebang(path: Path, python: str) -> None:
    data = path.read_bytes()
    if data.startswith(b"#!") and b"python" in data.split(b"\n", 1)[0]:
        rest = data.split(b"\n", 1)[1] if b"\n" in data else b""
        path.write_bytes(f"#!{python}\n".encode() + rest)


def copy_distribution(dist: md.Distribution, site: Path, bindir: Path, python: str) -> int:
    """Copy one distribution's recorded files; return the bytes copied."""
    total = 0
    for entry in dist.files or []:
        rel = entry.as_posix()
        if SKIP.search(rel):
            continue  # byte-code is compiled on the terminal by postinst (Debian policy)
        src = Path(entry.locate())
        if not src.is_file():
            continue
        if rel.startswith("../"):
            if "/bin/" not in rel:
                continue  # headers, man pages, share/: not needed at run time
            dst = bindir / src.name
        else:
            dst = site / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        if dst.parent == bindir:
            _fix_shebang(dst, python)
        total += src.stat().st_size
    return total


def copy_project(project: Path, site: Path, lrelease: str) -> list[str]:
    """Copy the project's packages and data beside them; return the copied relative paths."""
    copied = []
    for name in PROJECT_DIRS + DATA_DIRS:
        for src in sorted((project / name).rglob("*")):
            rel = src.relative_to(project).as_posix()
            if src.is_dir() or SKIP.search(rel) or src.suffix == ".qm":
                continue
            dst = site / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            copied.append(rel)
    # The installed tree is read-only (ProtectSystem=strict): ship the compiled translations.
    for ts in sorted((site / "locales").rglob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        copied.append(qm.relative_to(site).as_posix())
    return copied


def write_dist_info(project: Path, site: Path, files: list[str]) -> str:
    """The project's own ``dist-info`` (entry points, so ``kiosk run`` finds the Qt front end)."""
    meta = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    name, version = meta["name"], meta["version"]
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        f"Summary: {meta.get('description', '')}\n"
    )
    lines = ["[console_scripts]"] + [f"{k} = {v}" for k, v in meta["scripts"].items()]
    for group, eps in meta.get("entry-points", {}).items():
        lines += ["", f"[{group}]"] + [f"{k} = {v}" for k, v in eps.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    (info / "INSTALLER").write_text("branch-kiosk-deb\n")
    record = [*files, *(f"{info.name}/{n}" for n in ("METADATA", "entry_points.txt", "INSTALLER"))]
    (info / "RECORD").write_text("".join(f"{r},,\n" for r in record) + f"{info.name}/RECORD,,\n")
    return version


def write_console_scripts(project: Path, bindir: Path, python: str) -> None:
    """``bin/kiosk`` and any other console script of the project."""
    scripts = tomllib.loads((project / "pyproject.toml").read_text())["project"]["scripts"]
    for name, target in scripts.items():
        module, func = target.split(":")
        path = bindir / name
        path.write_text(
            f"#!{python}\nimport sys\nfrom {module} import {func}\n\n"
            f"if __name__ == '__main__':\n    sys.exit({func}())\n"
        )
        path.chmod(0o755)


def make_venv(dest: Path, prefix: str, base_python: str) -> None:
    """A venv at ``dest`` made by ``base_python``, with every mention of ``dest`` -> ``prefix``."""
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run([base_python, "-m", "venv", "--without-pip", str(dest)], check=True)
    for path in [dest / "pyvenv.cfg", *(dest / "bin").iterdir()]:
        if path.is_symlink() or not path.is_file():
            continue
        text = path.read_text()
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("command = "))
        path.write_text(text.replace(str(dest), prefix) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Build the environment; print what went in."""
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--project", type=Path, required=True, help="the source tree")
    p.add_argument("--dest", type=Path, required=True, help="staging folder of --prefix")
    p.add_argument("--prefix", default="/opt/branch-kiosk", help="where it is installed")
    p.add_argument("--base-python", default="/usr/bin/python3", help="Debian's interpreter")
    args = p.parse_args(argv)
    project, dest = args.project.resolve(), args.dest.resolve()
    make_venv(dest, args.prefix, args.base_python)
    site = dest / "lib" / PY_VERSION / "site-packages"
    bindir, python = dest / "bin", f"{args.prefix}/bin/python3"
    reqs = [project / "requirements.txt", project / "requirements-nodeps.txt"]
    dists = runtime_distributions(reqs)
    size = sum(copy_distribution(d, site, bindir, python) for d in dists)
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    files = copy_project(project, site, lrelease)
    version = write_dist_info(project, site, files)
    write_console_scripts(project, bindir, python)
    print(
        f"assemble_venv: {len(dists)} distributions ({size / 1e6:.0f} MB) + branch-kiosk "
        f"{version} -> {dest} (installed as {args.prefix})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
