"""An int8 copy of RapidOCR's PP-OCRv4 text detector, for measurement only (session 7).

The detector is quantised statically (QDQ, weights per channel) with ONNX Runtime's own
tools, calibrated on scenes and cards rendered by the project's synthetic generators from
fixed tuning seeds, so it is built without any sample data.  It is cached under
:func:`cache_dir`, named by the source model's hash and this recipe's version: a new
RapidOCR wheel or recipe builds a new file and never loads a stale one.

The product does not use it: scene detection took a third less CPU, but boxes moved by
1-6 px and 90 tuning documents lost key-field and all-lines reads; the recogniser in int8
changed the text of 35 of 80 line crops (docs/identity-speed.md, session 7).  The bench
configuration ``int8`` (bench/identity_speed.py) measures it.

Build: ``.venv/bin/pip install -r requirements-bench.txt`` (onnx), then
``.venv/bin/python bench/int8_detector.py``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kiosk.identity.engines import detector_model  # noqa: E402

log = logging.getLogger(__name__)

RECIPE = "qdq-u8s8-pc-v1"  # change when the calibration or the options below change
# Calibration: tuning seeds only, apart from the ones the reading path was tuned and
# measured on (500-529), never held-out seeds or ../shared images.
CALIBRATION_MRZ_SEEDS = tuple(range(9000, 9012))
CALIBRATION_CARD_SEEDS = tuple(range(7000, 7006))
_OPSET = 17  # per-channel QDQ needs opset 13 or later; the source model is opset 12
_ENV = "KIOSK_MODEL_CACHE"


def cache_dir() -> Path:
    """Where built models live: ``$KIOSK_MODEL_CACHE``, else beside the virtual environment."""
    return Path(os.environ.get(_ENV) or Path(sys.prefix) / "share" / "kiosk-models")


def int8_path(source: Path | None = None) -> Path:
    """The cache file of ``source``'s int8 detector (it may not exist)."""
    source = source or detector_model()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    return cache_dir() / f"{source.stem}.{digest}.{RECIPE}.onnx"


def int8_detector() -> Path | None:
    """The built int8 detector, or None (then the fp32 one is used, and this is logged)."""
    path = int8_path()
    if path.is_file():
        return path
    log.warning(
        "int8 text detector not built (%s): using the fp32 one; run "
        "`.venv/bin/python bench/int8_detector.py`",
        path,
    )
    return None


def calibration_inputs() -> Iterator[np.ndarray]:
    """Detector inputs of the reading path for fixed synthetic tuning documents and cards.

    The fp32 engine reads each picture as ``read_document`` does, and every tensor it
    hands the detector is kept: scenes at the MRZ reader's size, flattened cards at the
    card check's.
    """
    from devices.idcard import specimen
    from kiosk.identity import engines
    from kiosk.identity.documents import read_document
    from kiosk.identity.synthetic import mrz_documents

    engine = engines.RapidOcrEngine()
    engine.load()
    det = engine._ocr.text_det  # type: ignore[attr-defined]
    seen: list[np.ndarray] = []
    run = det.infer

    def keep(x: np.ndarray) -> list[np.ndarray]:
        seen.append(x.copy())
        return run(x)

    det.infer = keep  # this engine's detector only; the engine is thrown away after
    pictures = [mrz_documents.generate(s).image for s in CALIBRATION_MRZ_SEEDS]
    for s in CALIBRATION_CARD_SEEDS:
        card = specimen.generate(s)
        pictures += [card.front, card.back]
    previous = engines._ENGINES.get("rapidocr")
    engines._ENGINES["rapidocr"] = engine  # the MRZ reader detects through the registry
    try:
        for picture in pictures:
            seen.clear()
            read_document(picture, engine=engine)
            yield from list(seen)
    finally:
        if previous is None:
            engines._ENGINES.pop("rapidocr", None)
        else:
            engines._ENGINES["rapidocr"] = previous


def build(force: bool = False) -> Path:
    """Build the int8 detector into the cache (skipped when it is there); return its path."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    source = detector_model()
    target = int8_path(source)
    if target.is_file() and not force:
        return target
    inputs = list(calibration_inputs())
    name = onnx.load(str(source)).graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self._it = iter(inputs)

        def get_next(self) -> dict[str, np.ndarray] | None:
            x = next(self._it, None)
            return None if x is None else {name: x}

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        up, pre, out = (Path(tmp) / f for f in ("op.onnx", "pre.onnx", "int8.onnx"))
        onnx.save(version_converter.convert_version(onnx.load(str(source)), _OPSET), str(up))
        quant_pre_process(str(up), str(pre), skip_symbolic_shape=True)
        quantize_static(
            str(pre),
            str(out),
            Reader(),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            activation_type=QuantType.QUInt8,  # u8 activations, s8 weights: VNNI's fast path
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
        )
        os.replace(out, target)  # whole or not at all: a half-written model never loads
    log.info("built %s from %d calibration inputs", target, len(inputs))
    return target


def main() -> int:
    """Build the int8 detector unless it is cached; print its path."""
    logging.basicConfig(level=logging.WARNING)
    print(build(force="--force" in sys.argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
