"""Spoken guidance for the journey steps through Qt's QTextToSpeech, with repeat and volume.

The engine is named from config (``ui.speech_engine``): tests use Qt's "mock" engine; the
terminal uses "speechd" (speech-dispatcher with espeak-ng).  The speechd constructor blocks
for about a second, so any engine but "mock" is created on a helper thread and moved to the
GUI thread when ready; prompts said before then are dropped (the screen shows them anyway).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)


class Guidance(QObject):
    """Says prompts; remembers the last one for "repeat"; volume 0..1."""

    spoken = Signal(str)
    _ready = Signal(object)

    def __init__(self, engine: str = "mock", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine_name = engine or "mock"
        self.last = ""
        self.history: list[str] = []
        self.volume = 0.8
        self._tts: QTextToSpeech | None = None
        self._ready.connect(self._adopt)
        if self.engine_name == "mock":
            self._adopt(QTextToSpeech(self.engine_name))
        else:
            gui = QThread.currentThread()
            threading.Thread(target=self._create, args=(gui,), daemon=True).start()

    def _create(self, gui: QThread) -> None:
        try:
            tts = QTextToSpeech(self.engine_name)
            tts.moveToThread(gui)
            self._ready.emit(tts)
        except Exception:
            log.exception("text-to-speech engine %s failed", self.engine_name)

    @Slot(object)
    def _adopt(self, tts: QTextToSpeech) -> None:
        tts.setParent(self)
        tts.setVolume(self.volume)
        self._tts = tts

    def say(self, text: str) -> None:
        """Speak ``text`` (interrupting the previous prompt)."""
        if not text:
            return
        self.last = text
        self.history.append(text)
        self.spoken.emit(text)
        if self._tts is not None:
            self._tts.stop()
            self._tts.say(text)

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
        if self._tts is not None:
            self._tts.stop()
        self.history.clear()
        self.last = ""
