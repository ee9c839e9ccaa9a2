"""OCR engines behind one interface: Tesseract (pytesseract) and RapidOCR (PP-OCRv4, ONNX).

Both are loaded lazily: the first call, or :meth:`OcrEngine.load` from a background thread
(:func:`preload`), pays the model loading cost.  Each engine guards its native handle with
a lock, so one instance can be shared by several worker threads.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Literal

import numpy as np

log = logging.getLogger(__name__)

EngineName = Literal["tesseract", "rapidocr"]
ENGINE_NAMES: tuple[EngineName, ...] = ("tesseract", "rapidocr")


@dataclass(frozen=True)
class TextLine:
    """One recognised line: text, confidence 0-1 and its box (x0, y0, x1, y1) in pixels."""

    text: str
    confidence: float
    box: tuple[int, int, int, int]

    @property
    def height(self) -> int:
        """Box height in pixels."""
        return self.box[3] - self.box[1]


class OcrEngine(ABC):
    """An OCR engine: find and read text lines, or read pre-cut single-line crops."""

    name: EngineName

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._loaded = False
        self.load_seconds: float | None = None

    def load(self) -> float:
        """Load the models now (idempotent, thread-safe); return the seconds it took."""
        with self._lock:
            if not self._loaded:
                start = time.perf_counter()
                self._load()
                self.load_seconds = time.perf_counter() - start
                self._loaded = True
                log.info("ocr engine %s loaded in %.2f s", self.name, self.load_seconds)
            return self.load_seconds or 0.0

    @property
    def loaded(self) -> bool:
        """Whether the models are in memory."""
        return self._loaded

    def read_lines(
        self, image: np.ndarray, lang: str = "chi_sim+eng", min_side: int | None = None
    ) -> list[TextLine]:
        """Detect and recognise every text line of a BGR or grey image.

        ``min_side`` (RapidOCR) is the detector's working size for the shorter image side;
        a flattened card needs less than a whole page, and fewer pixels are faster.
        """
        self.load()
        with self._lock:
            return self._read_lines(image, lang, min_side)

    def read_crops(self, crops: list[np.ndarray], charset: str | None = None) -> list[TextLine]:
        """Recognise single-line crops; ``charset`` restricts the alphabet where supported."""
        self.load()
        with self._lock:
            return self._read_crops(crops, charset)

    @abstractmethod
    def _load(self) -> None: ...

    @abstractmethod
    def _read_lines(self, image: np.ndarray, lang: str, min_side: int | None) -> list[TextLine]: ...

    @abstractmethod
    def _read_crops(self, crops: list[np.ndarray], charset: str | None) -> list[TextLine]: ...


class TesseractEngine(OcrEngine):
    """Tesseract 5 (LSTM) through pytesseract; languages as installed (eng, chi_sim)."""

    name: EngineName = "tesseract"

    def _load(self) -> None:
        import pytesseract

        self._tess = pytesseract
        self.version = str(pytesseract.get_tesseract_version())

    def _read_lines(self, image: np.ndarray, lang: str, min_side: int | None) -> list[TextLine]:
        data = self._tess.image_to_data(
            image, lang=lang, config="--oem 1 --psm 11", output_type=self._tess.Output.DICT
        )
        groups: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if word.strip():
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                groups.setdefault(key, []).append(i)
        lines = []
        for idx in groups.values():
            x0 = min(data["left"][i] for i in idx)
            y0 = min(data["top"][i] for i in idx)
            x1 = max(data["left"][i] + data["width"][i] for i in idx)
            y1 = max(data["top"][i] + data["height"][i] for i in idx)
            sep = "" if lang.startswith("chi") else " "
            text = sep.join(data["text"][i] for i in idx)
            conf = float(np.mean([max(0.0, float(data["conf"][i])) for i in idx])) / 100
            lines.append(TextLine(text, conf, (x0, y0, x1, y1)))
        lines.sort(key=lambda t: (t.box[1], t.box[0]))
        return lines

    def _read_crops(self, crops: list[np.ndarray], charset: str | None) -> list[TextLine]:
        config = "--oem 1 --psm 7"
        if charset:
            config += f" -c tessedit_char_whitelist={charset}"
        out = []
        for crop in crops:
            data = self._tess.image_to_data(
                crop, lang="eng", config=config, output_type=self._tess.Output.DICT
            )
            words = [
                (w, float(c)) for w, c in zip(data["text"], data["conf"], strict=True) if w.strip()
            ]
            text = "".join(w for w, _ in words)
            conf = float(np.mean([c for _, c in words])) / 100 if words else 0.0
            out.append(TextLine(text, conf, (0, 0, crop.shape[1], crop.shape[0])))
        return out


class RapidOcrEngine(OcrEngine):
    """RapidOCR: PP-OCRv4 detection and recognition models on onnxruntime (offline wheel)."""

    name: EngineName = "rapidocr"

    def _load(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._ocr = RapidOCR()

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Return the 4-point boxes of text lines (detection model only)."""
        self.load()
        with self._lock:
            boxes, _ = self._ocr(image, use_det=True, use_cls=False, use_rec=False)
        return [np.array(b, dtype=np.float32) for b in (boxes or [])]

    def _read_lines(self, image: np.ndarray, lang: str, min_side: int | None) -> list[TextLine]:
        det = self._ocr.text_det
        default = det.limit_side_len
        if min_side:
            det.limit_side_len = min_side  # read per call by RapidOCR; we hold the lock
        try:
            result, _ = self._ocr(image, use_cls=False)
        finally:
            det.limit_side_len = default
        lines = []
        for box, text, score in result or []:
            pts = np.array(box)
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            lines.append(TextLine(text, float(score), (int(x0), int(y0), int(x1), int(y1))))
        return lines

    def _read_crops(self, crops: list[np.ndarray], charset: str | None) -> list[TextLine]:
        if not crops:
            return []
        prepared = [c if c.ndim == 3 else np.dstack([c, c, c]) for c in crops]
        results, _ = self._ocr.text_rec(prepared)
        return [
            TextLine(text, float(score), (0, 0, c.shape[1], c.shape[0]))
            for (text, score), c in zip(results, crops, strict=True)
        ]


_ENGINES: dict[str, OcrEngine] = {}
_REGISTRY_LOCK = threading.Lock()


def get_engine(name: EngineName) -> OcrEngine:
    """Return the process-wide engine called ``name`` (models not loaded yet)."""
    with _REGISTRY_LOCK:
        if name not in _ENGINES:
            if name == "tesseract":
                _ENGINES[name] = TesseractEngine()
            elif name == "rapidocr":
                _ENGINES[name] = RapidOcrEngine()
            else:
                raise ValueError(f"unknown OCR engine {name!r} (choose from {ENGINE_NAMES})")
        return _ENGINES[name]


def preload(names: tuple[EngineName, ...] = ENGINE_NAMES) -> threading.Thread:
    """Load engines in a daemon thread so the first document does not wait; return it."""

    def work() -> None:
        for n in names:
            try:
                get_engine(n).load()
            except Exception:  # a missing engine must not kill the terminal
                log.exception("ocr engine %s failed to load", n)

    thread = threading.Thread(target=work, name="ocr-preload", daemon=True)
    thread.start()
    return thread
