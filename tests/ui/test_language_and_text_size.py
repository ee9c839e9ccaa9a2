"""Live language switch and large-text / high-contrast mode on every screen."""

from __future__ import annotations


def test_language_switch_changes_visible_strings_at_once(ui):
    ui.to_home("zh_CN")
    assert ui.text("homeTitle") == "请问您今天要办理什么业务？"
    assert ui.find("topBarTitle").property("text") == "业务办理"
    assert ui.find("helpButton").property("text") == "帮助"
    assert ui.find("languageButton").property("text") == "English"

    ui.tap("languageButton")
    ui.qtbot.waitUntil(lambda: ui.t.shell.property("language") == "en")
    # No event loop round needed: retranslate() re-evaluated every binding.
    assert ui.text("homeTitle") == "What would you like to do today?"
    assert ui.find("topBarTitle").property("text") == "Services"
    assert ui.find("helpButton").property("text") == "Help"
    assert ui.find("languageButton").property("text") == "简体中文"
    assert ui.find("tile_gallery") is not None
    assert ui.screen() == "home"  # the switch does not navigate


def test_switches_keep_entered_data_and_python_strings_follow(ui):
    ui.to_home("en")
    ui.tap("tile_gallery")
    ui.tap("galleryName_input")
    ui.type("Ann Lee")
    ui.tap("galleryPhone_input")
    ui.type("13800000000")
    assert ui.find("topBarTitle").property("text") == "Your details"  # from Python (vm.title)

    ui.tap("languageButton")
    ui.qtbot.waitUntil(lambda: ui.find("topBarTitle").property("text") == "您的信息")
    ui.tap("largeTextButton")
    ui.qtbot.waitUntil(lambda: ui.t.theme.property("largeText"))
    assert ui.find("galleryName").property("text") == "Ann Lee"
    assert ui.find("galleryPhone").property("text") == "13800000000"
    assert ui.t.shell.session.personal["name"] == "Ann Lee"


def test_large_text_and_high_contrast(ui):
    ui.to_home("en")
    title = ui.item("homeTitle")
    before_px = title.property("font").pixelSize()
    before_bg = ui.t.window.property("color").name()
    ui.tap("largeTextButton")
    ui.qtbot.waitUntil(lambda: ui.t.theme.property("largeText"))
    assert title.property("font").pixelSize() >= before_px * 1.3
    assert ui.t.window.property("color").name() == "#000000"
    assert before_bg != "#000000"
    assert ui.find("largeTextButton").property("text") == "Standard text"
    # And back, on the same screen.
    ui.tap("largeTextButton")
    ui.qtbot.waitUntil(lambda: not ui.t.theme.property("largeText"))
    assert title.property("font").pixelSize() == before_px


def test_session_end_restores_default_language_and_text_size(ui):
    ui.to_home("en")
    ui.tap("largeTextButton")
    ui.cancel()
    ui.wait_screen("attract")
    assert ui.t.shell.property("language") == "zh_CN"
    assert not ui.t.theme.property("largeText")


def _buttons(window):
    stack = [window.contentItem()]
    while stack:
        it = stack.pop()
        stack.extend(it.childItems())
        if it.isVisible() and it.metaObject().className().startswith(("KioskButton", "Tile")):
            yield it


def test_touch_targets_at_least_64px_on_every_screen(ui):
    for large in (False, True):
        ui.t.theme.setProperty("largeText", large)
        seen = 0
        for step in ("attract", "language", "home", "journey"):
            if step == "language":
                ui.tap("startButton")
            elif step == "home":
                ui.tap("language_en")
            elif step == "journey":
                ui.tap("tile_gallery")
            ui.wait_screen(step)
            for button in _buttons(ui.t.window):
                seen += 1
                assert button.height() >= 64 and button.width() >= 64, button.objectName()
        assert seen >= 12
        ui.cancel()
        ui.wait_screen("attract")


def visible_texts(window):
    """Texts a customer can see: visible, non-empty, inside the window, not keyboard keys."""
    out = set()
    stack = [window.contentItem()]
    while stack:
        it = stack.pop()
        if not it.isVisible() or it.opacity() == 0:
            continue
        if it.objectName() == "inputPanel":
            continue
        stack.extend(it.childItems())
        if it.metaObject().className().startswith("QQuickText") or it.metaObject().className() in (
            "QQuickText",
        ):
            text = it.property("text")
            if isinstance(text, str) and text.strip():
                out.add(text)
    return out


def on_screen(ui, clock, screen):
    if screen == "help":
        ui.tap("helpButton")
        ui.item("closeHelpButton")
    elif screen == "countdown":
        clock.advance(31)
        ui.t.shell.tick()
        ui.item("moreTimeButton")


import pytest  # noqa: E402

NOT_TRANSLATED = {"Demo Branch", "English", "简体中文", "请选择语言\nPlease choose your language"}


@pytest.mark.parametrize("screen", ["attract", "help", "language", "home", "journey", "countdown"])
def test_every_visible_string_changes_with_the_language(ui, clock, screen):
    shell = ui.t.shell
    if screen == "language":
        ui.tap("startButton")
        ui.wait_screen("language")
    elif screen in ("home", "journey", "countdown"):
        ui.to_home("zh_CN")
        if screen == "journey":
            ui.tap("tile_gallery")
            ui.item("galleryName")
    on_screen(ui, clock, screen)
    ui.qtbot.wait(250)
    chinese = visible_texts(ui.t.window)
    assert len(chinese) >= 3, chinese
    shell.setLanguage("en")
    english = visible_texts(ui.t.window)
    unchanged = (chinese & english) - NOT_TRANSLATED
    # Texts with no letters at all (a countdown number) need no translation.
    unchanged = {t for t in unchanged if any(ch.isalpha() for ch in t)}
    assert not unchanged, f"{screen}: still the same after switching to English: {unchanged}"
    latin_in_chinese = {
        t
        for t in chinese - NOT_TRANSLATED
        if any("a" <= ch.lower() <= "z" for ch in t)
        and not any("\u4e00" <= ch <= "\u9fff" for ch in t)
    }
    assert not latin_in_chinese, f"{screen}: English left on the Chinese screen: {latin_in_chinese}"
