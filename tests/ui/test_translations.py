"""Every string of the UI has a finished translation in every shipped language."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.i18n import CATALOGUES, LOCALES_DIR, available_languages

LANGS = available_languages()
# Where the source text is the translation (the sources are written in English).
SOURCE_LANGUAGES = {"en"}


def messages(ts: Path):
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        ctx = context.findtext("name")
        for msg in context.iter("message"):
            yield ctx, msg


def test_shipped_languages():
    codes = {lang.code for lang in LANGS}
    assert {"zh_CN", "en"} <= codes
    names = {lang.code: lang.name for lang in LANGS}
    assert names["zh_CN"] == "简体中文" and names["en"] == "English"


@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.code)
def test_every_message_translated(lang):
    files = sorted(lang.folder.glob("*.ts"))
    assert files, f"{lang.code}: no .ts files"
    problems = []
    count = 0
    for ts in files:
        for ctx, msg in messages(ts):
            tr = msg.find("translation")
            kind = tr.get("type") if tr is not None else "missing"
            if kind in ("obsolete", "vanished"):
                continue
            count += 1
            source = msg.findtext("source")
            text = (tr.text or "") if tr is not None else ""
            if kind == "unfinished" or not text.strip():
                if lang.code in SOURCE_LANGUAGES and kind != "missing":
                    continue
                problems.append(f"{ts.name} [{ctx}] {source!r}: {kind or 'empty'}")
                continue
            # Placeholders must survive translation (%1, %2...).
            if sorted(re.findall(r"%\d", source)) != sorted(re.findall(r"%\d", text)):
                problems.append(f"{ts.name} [{ctx}] {source!r}: placeholders differ")
    assert count > 40
    assert not problems, f"{lang.code}: untranslated strings:\n" + "\n".join(problems)


def test_ts_files_are_up_to_date_with_the_sources(tmp_path):
    """A string added to QML/Python but not extracted into locales/ fails here."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    for catalogue, sources in CATALOGUES.items():
        existing = [str(s) for s in sources if s.exists()]
        if not existing:
            continue
        target = tmp_path / f"{catalogue}.ts"
        subprocess.run(
            [
                str(lupdate),
                "-silent",
                "-locations",
                "none",
                "-extensions",
                "qml,py",
                *existing,
                "-ts",
                str(target),
            ],
            check=True,
        )
        if not target.exists():
            continue
        wanted = {(c, m.findtext("source")) for c, m in messages(target)}
        shipped_ts = LOCALES_DIR / "zh_CN" / f"{catalogue}.ts"
        have = set()
        if shipped_ts.exists():
            have = {
                (c, m.findtext("source"))
                for c, m in messages(shipped_ts)
                if (
                    m.find("translation") is None
                    or m.find("translation").get("type") not in ("obsolete", "vanished")
                )
            }
        missing = sorted(wanted - have)
        assert not missing, (
            f"strings missing from {shipped_ts} (run: python -m ui.i18n update, then "
            f"translate): {missing}"
        )


def test_qm_built_from_ts(tmp_path):
    from ui.i18n import ensure_compiled

    zh = next(lang for lang in LANGS if lang.code == "zh_CN")
    qms = ensure_compiled(zh.folder)
    assert qms and all(q.exists() and q.stat().st_size > 100 for q in qms)


def test_adding_a_language_is_adding_files(qapp, tmp_path):
    """A new folder under locales/ with a language.toml and .ts files is a new language."""
    import shutil

    from ui.i18n import Translations

    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales, ignore=shutil.ignore_patterns("*.qm"))
    fr = locales / "fr"
    fr.mkdir()
    (fr / "language.toml").write_text('name = "Français"\n', encoding="utf-8")
    ts = (locales / "zh_CN" / "shell.ts").read_text(encoding="utf-8")
    ts = ts.replace('language="zh_CN"', 'language="fr"').replace("欢迎光临", "Bienvenue")
    (fr / "shell.ts").write_text(ts, encoding="utf-8")

    langs = available_languages(locales)
    assert {lang.code: lang.name for lang in langs}["fr"] == "Français"
    translations = Translations(langs)
    try:
        translations.switch("fr")
        from PySide6.QtCore import QCoreApplication

        assert QCoreApplication.translate("AttractScreen", "Welcome") == "Bienvenue"
        assert (fr / "shell.qm").exists()  # compiled on first use
    finally:
        translations.switch("en")


def test_missing_lrelease_does_not_stop_the_terminal(qapp, tmp_path, monkeypatch, caplog):
    """Without the compiler the terminal still starts, on the texts already built."""
    import shutil

    import ui.i18n as i18n

    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales, ignore=shutil.ignore_patterns("*.qm"))
    zh = next(lang for lang in available_languages(locales) if lang.code == "zh_CN")
    i18n.ensure_compiled(zh.folder)  # built once, as `make` or a first start would
    (zh.folder / "shell.ts").touch()  # now stale...

    def no_tool(name):
        raise FileNotFoundError(name)

    monkeypatch.setattr(i18n, "_tool", no_tool)  # ...and the compiler is gone
    translations = i18n.Translations(available_languages(locales))
    translations.switch("zh_CN")
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("AttractScreen", "Welcome") == "欢迎光临"
    assert "could not compile" in caplog.text
    translations.switch("en")
