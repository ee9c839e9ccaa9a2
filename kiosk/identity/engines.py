"""OCR engines behind one interface: Tesseract (pytesseract) and RapidOCR (PP-OCRv4, ONNX).

Both are loaded lazily: the first call, or :meth:`OcrEngine.load` from a background thread
(:func:`preload`), pays the model loading cost.  Each engine guards its native handle with
a lock, so one instance can be shared by several worker threads.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

log = logging.getLogger(__name__)

EngineName = Literal["tesseract", "rapidocr"]
Box = tuple[int, int, int, int]
BoxFilter = Callable[[Box], bool]
ENGINE_NAMES: tuple[EngineName, ...] = ("tesseract", "rapidocr")
# ONNX Runtime threads per model: measured on this 2-core machine beside other work, one
# thread gave the same wall time as two at less CPU (bench/identity_speed.py).
ORT_THREADS = 1
# Recognition input width for short crops (RapidOCR pads to 320 px): 128 px cut its CPU
# time by ~30 % and changed only spaces in visual-zone labels; 96 px a card front's CPU
# time by another 7 % with 25 tuning cards read alike at 128, 96 and 64.
_REC_MIN_WIDTH = 96
_DETECT_MIN_SIDE = 736  # RapidOCR's own default working size for a whole scene
# Detection threads while a core is free (None: always ORT_THREADS).  Two threads give the
# same map bit for bit; their wall gain needs a quiet machine to measure (bench config
# det2free, docs/identity-speed.md session 7), so it is off until then.
DETECT_THREADS_FREE: int | None = None


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


def _bounds(quad: np.ndarray) -> Box:
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    return int(x0), int(y0), int(x1), int(y1)


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
        self,
        image: np.ndarray,
        lang: str = "chi_sim+eng",
        min_side: int | None = None,
        keep: BoxFilter | None = None,
    ) -> list[TextLine]:
        """Detect and recognise every text line of a BGR or grey image.

        ``min_side`` (RapidOCR) is the detector's working size for the shorter image side;
        a flattened card needs less than a whole page, and fewer pixels are faster.
        ``keep`` decides from a line's box (x0, y0, x1, y1) whether it is worth reading
        (RapidOCR skips the others before recognition, which is most of the time).
        """
        self.load()
        with self._lock:
            lines = self._read_lines(image, lang, min_side, keep)
        return [t for t in lines if keep(t.box)] if keep else lines

    def read_crops(self, crops: list[np.ndarray], charset: str | None = None) -> list[TextLine]:
        """Recognise single-line crops; ``charset`` restricts the alphabet where supported."""
        self.load()
        with self._lock:
            return self._read_crops(crops, charset)

    def read_crops_of(
        self, crops: list[np.ndarray], indices: list[int], charset: str | None = None
    ) -> list[TextLine]:
        """Recognise ``crops[i]`` for ``i`` in ``indices`` as reading all ``crops`` would.

        An engine that reads each crop alone gives the same; RapidOCR pads a crop to its
        batch's width, and that batch is made of all ``crops``.
        """
        return self.read_crops([crops[i] for i in indices], charset)

    @abstractmethod
    def _load(self) -> None: ...

    @abstractmethod
    def _read_lines(
        self, image: np.ndarray, lang: str, min_side: int | None, keep: BoxFilter | None
    ) -> list[TextLine]: ...

    @abstractmethod
    def _read_crops(self, crops: list[np.ndarray], charset: str | None) -> list[TextLine]: ...


class TesseractEngine(OcrEngine):
    """Tesseract 5 (LSTM) through pytesseract; languages as installed (eng, chi_sim)."""

    name: EngineName = "tesseract"

    def _load(self) -> None:
        import pytesseract

        self._tess = pytesseract
        self.version = str(pytesseract.get_tesseract_version())

    def _read_lines(
        self, image: np.ndarray, lang: str, min_side: int | None, keep: BoxFilter | None
    ) -> list[TextLine]:
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

    def __init__(
        self,
        threads: int = ORT_THREADS,
        tuned: bool = True,
        det_model: str | Path | None = None,
        detect_threads_free: int | None = DETECT_THREADS_FREE,
    ) -> None:
        """An engine with ``threads`` per model (not loaded yet).

        ``tuned`` False keeps RapidOCR's own sessions and batching, for comparison in
        bench/identity_speed.py.  ``det_model`` detects text with another model file
        (``tuned`` only): bench/int8_detector.py measures an int8 one with it.
        ``detect_threads_free`` threads detect while a core is free (:attr:`spare`): a
        second detection session of the same model, the same boxes.
        """
        super().__init__()
        self.threads = threads
        self.tuned = tuned
        self.det_model = str(det_model) if det_model and tuned else None
        self.detect_threads_free = detect_threads_free if tuned else None
        self.spare: Callable[[], bool] = spare_core
        self._det_free = None  # the detection session for a free core, if any

    def _load(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        paths = {"det_model_path": self.det_model} if self.det_model else {}
        if self.tuned:
            with _tuned_options(self.threads):
                self._ocr = RapidOCR(**paths)
            _tune_recognition(self._ocr)
        else:
            self._ocr = RapidOCR()
        if self.detect_threads_free and self.detect_threads_free != self.threads:
            import onnxruntime as ort

            model = self.det_model or str(detector_model())
            self._det_free = ort.InferenceSession(
                model, session_options(self.detect_threads_free), providers=["CPUExecutionProvider"]
            )
        # The first inference allocates ONNX Runtime's buffers (~0.3 s): do it now, so the
        # first document does not pay for it.
        blank = np.full((64, 256, 3), 255, np.uint8)
        blank[24:40, 16:240] = 0
        self._ocr(blank, use_cls=False)
        if self._det_free is not None:  # and the free-core detection session's
            own, self._ocr.text_det.infer.session = self._ocr.text_det.infer.session, self._det_free
            try:
                self._ocr.text_det(blank)
            finally:
                self._ocr.text_det.infer.session = own

    def detect(self, image: np.ndarray, min_side: int | None = None) -> list[np.ndarray]:
        """Return the 4-point boxes of text lines (detection model only).

        The detector works at the image's own size unless ``min_side`` asks for another
        shorter side: callers choose the size (RapidOCR would otherwise scale a small
        picture up to 736 px, which costs time and finds nothing more).
        """
        self.load()
        with self._lock:
            return self._detect(image, min_side)

    def _detect(self, image: np.ndarray, min_side: int | None) -> list[np.ndarray]:
        det = self._ocr.text_det
        default, own = det.limit_side_len, det.infer.session
        det.limit_side_len = min_side or min(image.shape[:2])  # read per call; we hold the lock
        if self._det_free is not None and self.spare():
            det.infer.session = self._det_free
        try:
            boxes, _ = det(image)
        finally:
            det.limit_side_len, det.infer.session = default, own
        return [np.array(b, dtype=np.float32) for b in (boxes if boxes is not None else [])]

    def _read_lines(
        self, image: np.ndarray, lang: str, min_side: int | None, keep: BoxFilter | None
    ) -> list[TextLine]:
        quads = self._detect(image, min_side or _DETECT_MIN_SIDE)
        if keep is not None:
            quads = [q for q in quads if keep(_bounds(q))]
        return self._recognise(image, quads)

    def recognise(self, image: np.ndarray, quads: list[np.ndarray]) -> list[TextLine]:
        """Recognise the text in detected 4-point boxes of ``image`` (top to bottom)."""
        self.load()
        with self._lock:
            return self._recognise(image, quads)

    def _recognise(self, image: np.ndarray, quads: list[np.ndarray]) -> list[TextLine]:
        if not quads:
            return []
        kept = sorted(((q, _bounds(q)) for q in quads), key=lambda qb: (qb[1][1], qb[1][0]))
        crops = self._ocr.get_crop_img_list(image, [q for q, _ in kept])
        results = self._rec(crops)
        return [
            TextLine(text, float(score), box)
            for (text, score), (_, box) in zip(results, kept, strict=True)
            if score >= self._ocr.text_score
        ]

    def _read_crops(self, crops: list[np.ndarray], charset: str | None) -> list[TextLine]:
        if not crops:
            return []
        prepared = [c if c.ndim == 3 else np.dstack([c, c, c]) for c in crops]
        results = self._rec(prepared, batched=True)
        return [
            TextLine(text, float(score), (0, 0, c.shape[1], c.shape[0]))
            for (text, score), c in zip(results, crops, strict=True)
        ]

    def read_crops_of(
        self, crops: list[np.ndarray], indices: list[int], charset: str | None = None
    ) -> list[TextLine]:
        """Recognise only ``crops[i]`` for ``i`` in ``indices``, padded as in a batch of all.

        Each crop is padded to the width of the batch it would be in among all ``crops``
        (:meth:`_rec_as_batches`), so it reads exactly as when all are read.
        """
        if not self.tuned:
            every = self.read_crops(crops, charset)
            return [every[i] for i in indices]
        self.load()
        prepared = [c if c.ndim == 3 else np.dstack([c, c, c]) for c in crops]
        with self._lock:
            results = self._rec_as_batches(prepared, set(indices))
        return [
            TextLine(results[i][0], float(results[i][1]), (0, 0, crops[i].shape[1],
                     crops[i].shape[0]))
            for i in indices
        ]  # fmt: skip

    def _rec(self, crops: list[np.ndarray], batched: bool = False) -> list[tuple[str, float]]:
        """Recognise crops (text, score each): one at a time unless ``batched``.

        A batch pads every crop to the widest one's width: for a page's detected lines,
        batches of six cost 1.8 times the CPU time of single crops.  Pre-cut crops of one
        kind (the MRZ lines of a hypothesis) differ little in width and stay batched, as
        the MRZ reader was tuned with: the padding changes a few readings (the Malta
        specimen's M read as N one at a time).
        """
        if not self.tuned:
            return self._ocr.text_rec(crops)[0]
        if batched:
            return self._rec_as_batches(crops)
        return [self._ocr.text_rec([crop])[0][0] for crop in crops]

    def _rec_as_batches(
        self, crops: list[np.ndarray], only: set[int] | None = None
    ) -> list[tuple[str, float]]:
        """What RapidOCR's batches read, with every crop run on its own.

        Each crop is padded to its batch's width exactly as RapidOCR pads it (batches of
        ``rec_batch_num`` by aspect ratio), so the model sees the same input and gives the
        same reading; but ONNX Runtime ran a batch of six 1,280 x 29 px lines in 6.3 s of
        CPU against 1.1 s for the same lines one at a time (the wide lines of text around
        a document that the MRZ reader's first pass reads).  With ``only``, just those
        crops are run (the others read as ("", 0.0)), each padded as among all.
        """
        rec = self._ocr.text_rec
        ratios = [c.shape[1] / float(c.shape[0]) for c in crops]
        order = np.argsort(np.array(ratios))
        out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        _, height, width = rec.rec_image_shape[:3]
        for begin in range(0, len(crops), rec.rec_batch_num):
            batch = order[begin : begin + rec.rec_batch_num]
            widest = max([width / height] + [ratios[i] for i in batch])
            for i in batch:
                if only is not None and int(i) not in only:
                    continue
                norm = rec.resize_norm_img(crops[i], widest)[np.newaxis, :].astype(np.float32)
                preds = rec.session(norm)[0]
                out[i] = rec.postprocess_op(
                    preds, False, wh_ratio_list=[ratios[i]], max_wh_ratio=widest
                )[0]
        return out


def session_options(threads: int):  # noqa: ANN201 - onnxruntime.SessionOptions
    """ONNX Runtime settings for a small shared CPU: ``threads`` workers that sleep when idle.

    Spinning workers (ONNX Runtime's default) burn a core while they wait; with the
    terminal's UI, camera and other models beside them they slowed both models down.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.enable_cpu_mem_arena = False  # as RapidOCR: input sizes vary, memory stays bounded
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts


def detector_model() -> Path:
    """RapidOCR's own text detector, inside its installed wheel."""
    import rapidocr_onnxruntime

    return Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_det_infer.onnx"


def spare_core() -> bool:
    """Whether a core is idle (load average of the last minute), as ``documents`` judges it."""
    return os.getloadavg()[0] <= len(os.sched_getaffinity(0)) - 1


_BUILD_LOCK = threading.Lock()


@contextmanager
def _tuned_options(threads: int) -> Iterator[None]:
    """RapidOCR's sessions built with :func:`session_options` while the block runs.

    RapidOCR 1.4.4 exposes only thread counts; building its sessions and then rebuilding
    them with these options loaded every model twice when the identity helper started.
    Its session factory is swapped for the block (under a lock: it is module state).
    """
    from rapidocr_onnxruntime.utils import infer_engine

    cls = infer_engine.OrtInferSession
    with _BUILD_LOCK:
        own = cls.__dict__["_init_sess_opts"]
        cls._init_sess_opts = staticmethod(lambda config: session_options(threads))
        try:
            yield
        finally:
            cls._init_sess_opts = own


def _tune_recognition(ocr: object) -> None:
    """Recognition pads short crops to ``_REC_MIN_WIDTH`` instead of 320 px."""
    rec = ocr.text_rec  # type: ignore[attr-defined]
    rec.rec_image_shape = [3, rec.rec_image_shape[1], _REC_MIN_WIDTH]


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
