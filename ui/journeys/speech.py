"""Spoken guidance for the terminal through Qt's QTextToSpeech, with repeat and volume.

The engine is named from config (``ui.speech_engine``): ``"auto"`` (the default) speaks with
speech-dispatcher ("speechd", espeak-ng's Mandarin and English voices) on a real terminal
(full screen, the engine installed) and uses Qt's silent "mock" engine elsewhere (tests,
windowed demos); a name forces that engine.  The speechd constructor blocks for about a
second, so it is created once per process on a helper thread and moved to the GUI thread
when ready; every journey and the shell share it.  Prompts said before it is ready are kept
and the latest is spoken as soon as it is (the screen shows them anyway).  The voice follows
the language of each prompt: Mandarin for Chinese, English for English.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from PySide6.QtCore import QLocale, QObject, QThread, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)

# Words in a voice's name that say which language it speaks (espeak-ng names them so).
_VOICE_HINTS = {"zh": ("mandarin", "chinese", "cmn", "zh"), "en": ("english", "en-", "en_", "en")}


def engine_for(config: Any) -> str:
    """The engine to use for ``config.ui``: "auto" means speechd on a real terminal, else mock."""
    name = (config.ui.speech_engine or "auto").strip()
    if name != "auto":
        return name
    offscreen = os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal")
    if config.ui.fullscreen and not offscreen and "speechd" in QTextToSpeech.availableEngines():
        return "speechd"
    return "mock"


def _pick_voices(tts: QTextToSpeech) -> dict[str, tuple[QLocale, Any]]:
    """Language ("zh", "en") -> (locale, voice) among everything the engine offers."""
    found: dict[str, tuple[QLocale, Any]] = {}
    for locale in tts.availableLocales():
        tts.setLocale(locale)
        for voice in tts.availableVoices():
            name = voice.name().lower()
            for lang, hints in _VOICE_HINTS.items():
                if lang in found:
                    continue
                if locale.name().startswith(lang) or any(h in name for h in hints[:3]):
                    found[lang] = (locale, voice)
    return found


class SharedEngine(QObject):
    """One text-to-speech engine per process and engine name, created off the GUI thread."""

    ready = Signal()
    _made = Signal(object, object)
    _instances: dict[str, SharedEngine] = {}

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.tts: QTextToSpeech | None = None
        self.voices: dict[str, tuple[QLocale, Any]] = {}
        self._made.connect(self._adopt)
        if name == "mock":
            self._adopt(QTextToSpeech(name), {})
        else:
            gui = QThread.currentThread()
            threading.Thread(target=self._create, args=(gui,), name="tts-init", daemon=True).start()

    @classmethod
    def get(cls, name: str) -> SharedEngine:
        """The process's engine called ``name`` (created on first use)."""
        if name not in cls._instances:
            cls._instances[name] = cls(name)
        return cls._instances[name]

    def _create(self, gui: QThread) -> None:
        try:
            tts = QTextToSpeech(self.name)
            voices = _pick_voices(tts)
            tts.moveToThread(gui)
            self._made.emit(tts, voices)
        except Exception:
            log.exception("text-to-speech engine %s failed", self.name)

    @Slot(object, object)
    def _adopt(self, tts: QTextToSpeech, voices: dict[str, tuple[QLocale, Any]]) -> None:
        tts.setParent(self)
        self.tts, self.voices = tts, voices
        log.info("speech engine %s ready, voices for %s", self.name, sorted(voices) or "-")
        self.ready.emit()

    def say(self, text: str, language: str, volume: float) -> None:
        """Speak ``text`` in ``language``'s voice, interrupting what was being said."""
        if self.tts is None:
            return
        self.tts.stop()
        chosen = self.voices.get(language[:2])
        if chosen is not None:
            self.tts.setLocale(chosen[0])
            self.tts.setVoice(chosen[1])
        self.tts.setVolume(volume)
        self.tts.say(text)

    def stop(self) -> None:
        """Stop speaking."""
        if self.tts is not None:
            self.tts.stop()


class Guidance(QObject):
    """Says prompts; remembers the last one for "repeat"; volume 0..1."""

    spoken = Signal(str)

    def __init__(self, engine: str = "mock", parent: QObject | None = None) -> None:
        super().__init__(parent)
        # "auto" unresolved (no configuration at hand, see engine_for): stay silent.
        self.engine_name = engine if engine and engine != "auto" else "mock"
        self.last = ""
        self.last_language = "zh_CN"
        self.history: list[str] = []
        self.volume = 0.8
        self._engine = SharedEngine.get(self.engine_name)
        self._waiting = self._engine.tts is None
        if self._waiting:
            self._engine.ready.connect(self._on_ready)

    @property
    def _tts(self) -> QTextToSpeech | None:
        return self._engine.tts

    @Slot()
    def _on_ready(self) -> None:
        if self._waiting and self.last:  # said before the engine was up: say the latest now
            self._engine.say(self.last, self.last_language, self.volume)
        self._waiting = False

    def say(self, text: str, language: str = "") -> None:
        """Speak ``text`` (interrupting the previous prompt) in ``language``'s voice."""
        if not text:
            return
        self.last = text
        self.last_language = language or self.last_language
        self.history.append(text)
        self.spoken.emit(text)
        self._engine.say(text, self.last_language, self.volume)

    def repeat(self) -> None:
        """Say the last prompt again."""
        self.say(self.last)

    def set_volume(self, volume: float) -> None:
        """Volume between 0 and 1."""
        self.volume = max(0.0, min(1.0, float(volume)))
        if self._tts is not None:
            self._tts.setVolume(self.volume)

    def stop(self) -> None:
        """Stop speaking (session end)."""
        self._engine.stop()
        self.history.clear()
        self.last = ""
        self._waiting = False
