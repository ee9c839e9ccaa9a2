"""Translations: build ``.qm`` files from ``locales/<lang>/*.ts`` and switch language live.

Adding a language is adding files under ``locales/<code>/``: the ``.ts`` sources and a
``language.toml`` with its own name (``name = "简体中文"``).  ``.qm`` files are build output
(git-ignored): :func:`ensure_compiled` runs ``pyside6-lrelease`` when one is missing or older
than its ``.ts`` (at start-up, about 30 ms per file), writing next to the source or, when
that folder is read-only, into the user cache.

``python -m ui.i18n update`` re-runs ``pyside6-lupdate`` over the sources: the shell's strings
go to ``shell.ts``, the journeys' (``ui/journeys``) to ``journeys.ts``.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
LOCALES_DIR = ROOT / "locales"
UI_DIR = ROOT / "ui"
# Which sources feed which .ts file (journeys are engineer-owned separately from the shell).
CATALOGUES: dict[str, list[Path]] = {
    "shell": [UI_DIR / "qml", *sorted(UI_DIR.glob("*.py"))],
    "journeys": [UI_DIR / "journeys"],
    "maintenance": [UI_DIR / "maintenance"],  # the technicians' diagnostics mode
}


@dataclass(frozen=True)
class Language:
    """A shipped language: its code (``zh_CN``), own name and folder."""

    code: str
    name: str
    folder: Path


def _tool(name: str) -> str:
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found (is PySide6 installed in this Python?)")
    return found


def available_languages(locales_dir: Path = LOCALES_DIR) -> list[Language]:
    """Every ``locales/<code>/`` folder with a ``language.toml`` or a ``.ts`` file."""
    out = []
    for folder in sorted(p for p in locales_dir.iterdir() if p.is_dir()):
        if not (folder / "language.toml").exists() and not any(folder.glob("*.ts")):
            continue
        name = ""
        meta = folder / "language.toml"
        if meta.exists():
            name = tomllib.loads(meta.read_text(encoding="utf-8")).get("name", "")
        out.append(Language(folder.name, name or QLocale(folder.name).nativeLanguageName(), folder))
    return out


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "branch-kiosk" / "qm"


def ensure_compiled(folder: Path) -> list[Path]:
    """Return the ``.qm`` files of a language folder, compiling missing or stale ones."""
    out = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not os.access(folder, os.W_OK):
            qm = _cache_dir() / folder.name / qm.name
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            qm.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                check=True,
                capture_output=True,
            )
        out.append(qm)
    return out


class Translations(QObject):
    """Installs one language's translators; ``switch`` replaces them and retranslates."""

    languageChanged = Signal(str)

    def __init__(self, languages: list[Language], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.languages = {lang.code: lang for lang in languages}
        self.current = ""
        # Python references keep the translators alive: a collected one uninstalls itself.
        self._installed: list[QTranslator] = []
        self._engines: list = []

    def attach_engine(self, engine) -> None:  # noqa: ANN001 - QQmlEngine
        """Retranslate ``engine``'s bindings on every switch."""
        self._engines.append(engine)

    def detach_engine(self, engine) -> None:  # noqa: ANN001 - QQmlEngine
        """Stop retranslating ``engine`` (it is about to be deleted)."""
        if engine in self._engines:
            self._engines.remove(engine)

    def switch(self, code: str) -> None:
        """Make ``code`` the interface language now."""
        if code not in self.languages:
            raise KeyError(f"language {code!r} is not shipped (have {sorted(self.languages)})")
        app = QCoreApplication.instance()
        for tr in self._installed:
            app.removeTranslator(tr)
        self._installed = []
        folder = self.languages[code].folder
        try:
            files = ensure_compiled(folder)
        except (OSError, subprocess.CalledProcessError):
            # Better the source texts than no terminal: say so loudly and carry on.
            log.exception("could not compile the %s translations; using what is built", code)
            files = sorted(folder.glob("*.qm"))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for base in ("qtbase", "qtdeclarative", "qtvirtualkeyboard"):
            files.append(Path(qt_dir) / f"{base}_{code}.qm")
        for qm in files:
            tr = QTranslator()
            if qm.exists() and tr.load(str(qm)):
                app.installTranslator(tr)
                self._installed.append(tr)
        QLocale.setDefault(QLocale(code))
        self.current = code
        for engine in self._engines:
            engine.retranslate()
        log.info("language switched to %s", code)
        self.languageChanged.emit(code)


def update_sources(languages: list[Language] | None = None) -> None:
    """Run ``pyside6-lupdate`` for every catalogue and language (keeps translations)."""
    langs = languages or available_languages()
    for catalogue, sources in CATALOGUES.items():
        existing = [str(s) for s in sources if s.exists()]
        if not existing:
            continue
        targets = [str(lang.folder / f"{catalogue}.ts") for lang in langs]
        for lang, target in zip(langs, targets, strict=True):
            subprocess.run(
                [
                    _tool("pyside6-lupdate"),
                    "-no-obsolete",
                    "-locations",
                    "none",
                    "-extensions",
                    "qml,py",
                    "-target-language",
                    lang.code,
                    *existing,
                    "-ts",
                    target,
                ],
                check=True,
            )
            if "<message>" not in Path(target).read_text(encoding="utf-8"):
                Path(target).unlink()  # nothing to translate in this catalogue yet


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.i18n update|compile``."""
    parser = argparse.ArgumentParser(prog="python -m ui.i18n")
    parser.add_argument("action", choices=["update", "compile"])
    args = parser.parse_args(argv)
    if args.action == "update":
        update_sources()
    for lang in available_languages():
        ensure_compiled(lang.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
