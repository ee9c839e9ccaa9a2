"""The pixel limit every image from outside passes before it is decoded.

OpenCV decodes a 947 KB PNG of 30000 x 30000 pixels into 2.7 GB of pixels (5.3 GB at peak)
before anyone can look at it.  Pillow reads only the header to learn the size, so an image
above ``MAX_PIXELS`` is refused in microseconds, with its size in the message.
"""

from __future__ import annotations

from pathlib import Path

#: 64 megapixels: above any document scan or camera frame the terminal uses (a 50 MP
#: phone photo passes).
MAX_PIXELS = 64_000_000


def check_pixels(path: str | Path, error: type[Exception] = ValueError) -> None:
    """Raise ``error`` when the image at ``path`` has more than ``MAX_PIXELS`` pixels.

    Formats Pillow cannot identify are left to the decoder (which then refuses or reads
    them); only the header is read here.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # judged below
            with Image.open(path) as img:
                width, height = img.size
    except Image.DecompressionBombError as exc:  # Pillow's own limit, far above ours
        raise error(f"{path}: above the limit of {MAX_PIXELS // 1_000_000} megapixels "
                    f"({exc})") from None  # fmt: skip
    except (UnidentifiedImageError, OSError, ValueError):
        return
    if width * height > MAX_PIXELS:
        raise error(f"{path}: {width}x{height} pixels is above the limit of "
                    f"{MAX_PIXELS // 1_000_000} megapixels")  # fmt: skip
