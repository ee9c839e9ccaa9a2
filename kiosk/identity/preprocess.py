"""Image preparation for document OCR (OpenCV): load, find the card, deskew, MRZ band.

Everything here is plain NumPy/OpenCV on BGR or grey ``uint8`` arrays, safe to call from
any thread.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from devices.idcard.photo import crop_photo_area
from kiosk.identity.image_limits import check_pixels


class UnreadableImage(ValueError):
    """The file is missing, not an image, or cannot be decoded."""


def load_image(source: np.ndarray | str | Path) -> np.ndarray:
    """Return a BGR image from an array (grey is expanded) or an image file path."""
    if isinstance(source, np.ndarray):
        img = source
    else:
        path = Path(source)
        check_pixels(path, UnreadableImage)  # before decoding: a bomb is refused unread
        try:
            data = np.fromfile(path, dtype=np.uint8)
        except OSError as exc:
            raise UnreadableImage(f"cannot read {path}: {exc.strerror or exc}") from exc
        img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
        if img is None:
            raise UnreadableImage(f"{path} is not an image this program can decode")
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    elif img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_BGRA2BGR)
    if img.dtype != np.uint8:
        img = cv2.normalize(img, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return img


def grey(img: np.ndarray) -> np.ndarray:
    """Return a single-channel copy."""
    return img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)


def scale_to_width(img: np.ndarray, width: int) -> tuple[np.ndarray, float]:
    """Resize to ``width`` pixels wide (keeping aspect); return the image and the factor."""
    factor = width / img.shape[1]
    if abs(factor - 1) < 0.02:
        return img, 1.0
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(img, None, fx=factor, fy=factor, interpolation=interp), factor


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Order 4 points top-left, top-right, bottom-right, bottom-left."""
    pts = pts.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def find_document_quad(img: np.ndarray, min_area: float = 0.2) -> np.ndarray | None:
    """Return the 4 corners of the largest card-like quadrilateral, or None.

    The card is found as the biggest convex contour with four corners covering at least
    ``min_area`` of the picture, on an edge map of a downscaled copy.
    """
    small, f = scale_to_width(grey(img), 600)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    edges = cv2.Canny(blur, 30, 100)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area_min = min_area * small.shape[0] * small.shape[1]
    best = None
    biggest = sorted(contours, key=cv2.contourArea, reverse=True)[:5]
    for c in biggest:
        if cv2.contourArea(c) < area_min:
            break
        approx = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            best = approx
            break
    if best is None and biggest and cv2.contourArea(biggest[0]) >= area_min:
        # No clean 4-corner outline (a corner cut off, glare): the rotated bounding box of
        # the largest region still straightens the card.
        hull = cv2.convexHull(biggest[0])
        if cv2.contourArea(hull) < 0.9 * small.shape[0] * small.shape[1]:
            best = cv2.boxPoints(cv2.minAreaRect(hull)).reshape(4, 1, 2)
    if best is None:
        return None
    return order_corners(best.astype(np.float32) / f)


def warp_quad(img: np.ndarray, quad: np.ndarray, width: int, height: int) -> np.ndarray:
    """Perspective-correct the region inside ``quad`` to ``width`` x ``height``."""
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    m = cv2.getPerspectiveTransform(order_corners(quad), dst)
    return cv2.warpPerspective(img, m, (width, height), flags=cv2.INTER_CUBIC)


def rectify_card(img: np.ndarray, width: int = 1000, aspect: float = 85.6 / 54.0) -> np.ndarray:
    """Return the card cut out and flattened (ID-1 aspect), or the image itself if none found."""
    quad = find_document_quad(img)
    if quad is None:
        return img
    (tl, tr, br, bl) = quad
    w = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    h = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    if h > w:  # portrait shot: keep the card's long side horizontal
        quad = np.array([bl, tl, tr, br], np.float32)
    return warp_quad(img, quad, width, round(width / aspect))


def binarise(gray: np.ndarray) -> np.ndarray:
    """Otsu threshold after a light blur; dark text on white."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, out = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def deskew_angle(gray: np.ndarray) -> float:
    """Estimate the text skew in degrees from the minimum-area rectangle of ink pixels."""
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    pts = cv2.findNonZero(ink)
    if pts is None or len(pts) < 50:
        return 0.0
    angle = cv2.minAreaRect(pts)[2]
    if angle > 45:
        angle -= 90
    return float(angle)


def rotate(img: np.ndarray, angle: float) -> np.ndarray:
    """Rotate about the centre by ``angle`` degrees, filling with the border colour."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def _kernel(size: tuple[int, int]) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_RECT, size)


def find_mrz_bands(img: np.ndarray, max_bands: int = 2) -> list[np.ndarray]:
    """Return crops (grey, deskewed) of the regions that look like an MRZ, best first.

    The MRZ is a block of 2-3 long, evenly spaced lines of dark OCR-B text: a black-hat
    transform brings out dark text, a wide closing merges characters into line bars, and
    bars much wider than tall in the lower part of the page are grouped into a band.
    """
    gray = grey(img)
    small, f = scale_to_width(gray, 800)
    h, w = small.shape
    blackhat = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, _kernel((15, 7)))
    grad = cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=-1)
    grad = np.absolute(grad)
    grad = (255 * (grad - grad.min()) / max(1e-6, float(grad.max() - grad.min()))).astype(np.uint8)
    grad = cv2.morphologyEx(grad, cv2.MORPH_CLOSE, _kernel((21, 3)))
    thresh = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
    thresh = cv2.morphologyEx(thresh, cv2.MORPH_CLOSE, _kernel((35, 13)))
    thresh = cv2.erode(thresh, None, iterations=2)
    contours, _ = cv2.findContours(thresh, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    scored: list[tuple[float, np.ndarray]] = []
    for c in contours:
        rect = cv2.minAreaRect(c)
        (cx, cy), (rw, rh), ang = rect
        if rw < rh:
            rw, rh, ang = rh, rw, ang - 90
        if rw < 0.35 * w or rw / max(rh, 1) < 4 or abs(ang) > 15:
            continue
        score = rw / w + 0.5 * cy / h
        scored.append((score, np.array(rect, dtype=object)))
    scored.sort(key=lambda t: -t[0])
    crops = []
    for _, rect in scored[:max_bands]:
        (cx, cy), (rw, rh), ang = rect
        if rw < rh:
            rw, rh, ang = rh, rw, ang - 90
        pad_w, pad_h = 0.04 * rw + 8, 0.25 * rh + 10
        size = (int((rw + 2 * pad_w) / f), int((rh + 2 * pad_h) / f))
        m = cv2.getRotationMatrix2D((cx / f, cy / f), ang, 1.0)
        m[0, 2] += size[0] / 2 - cx / f
        m[1, 2] += size[1] / 2 - cy / f
        crops.append(
            cv2.warpAffine(gray, m, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
        )
    return crops


def photo_area(card_front: np.ndarray) -> np.ndarray:
    """Return the portrait area of a photographed Chinese ID card front.

    The card is cut out and flattened when it is found, then the portrait box of
    :func:`devices.idcard.photo.crop_photo_area` is taken (the face check's fallback when
    the chip photo cannot be decoded).
    """
    return crop_photo_area(rectify_card(card_front))
