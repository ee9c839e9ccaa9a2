"""A branch's opted-in faces in memory, and the 1:N match against them.

The threshold is stricter than the ID check's (docs/face.md: 0.5): an ID check compares
with one photo the customer presented, recognition with every template of the branch, so
its false-match risk grows with the gallery.  ``DEFAULT_THRESHOLD`` comes from
``bench/recognition.py`` (docs/recognition.md).  A probe whose second-nearest template is less
than ``margin`` farther than the nearest is not matched: it could be either person.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 0.40
DEFAULT_MARGIN = 0.05


@dataclass(frozen=True)
class GalleryMatch:
    """A probe matched to one template (no personal data: the template id only)."""

    template_id: str
    distance: float


class Gallery:
    """Descriptors by template id, in memory only; thread-safe."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD,
                 margin: float = DEFAULT_MARGIN) -> None:
        self.threshold = threshold
        self.margin = margin
        self._lock = threading.Lock()
        self._ids: list[str] = []
        self._vectors = np.zeros((0, 128))

    def replace(self, faces: dict[str, np.ndarray]) -> None:
        """Hold exactly ``faces`` (template id -> descriptor); the old ones are zeroed."""
        ids = list(faces)
        vectors = np.array([faces[i] for i in ids], dtype=np.float64).reshape(len(ids), 128)
        with self._lock:
            self._vectors.fill(0.0)
            self._ids, self._vectors = ids, vectors

    def remove(self, template_id: str) -> None:
        """Forget one template (its consent was revoked)."""
        with self._lock:
            keep = [i for i, t in enumerate(self._ids) if t != template_id]
            self._vectors[[i for i in range(len(self._ids)) if i not in keep]] = 0.0
            self._ids = [self._ids[i] for i in keep]
            self._vectors = self._vectors[keep]

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)

    def __contains__(self, template_id: object) -> bool:
        with self._lock:
            return template_id in self._ids

    def match(self, descriptor: np.ndarray) -> GalleryMatch | None:
        """The template ``descriptor`` matches, or None (nobody, or ambiguous)."""
        with self._lock:
            if not self._ids:
                return None
            d = np.linalg.norm(self._vectors - np.asarray(descriptor).ravel(), axis=1)
            ids = list(self._ids)
        order = np.argsort(d)
        best = int(order[0])
        if d[best] > self.threshold:
            return None
        if len(order) > 1 and d[int(order[1])] - d[best] < self.margin:
            return None
        return GalleryMatch(ids[best], round(float(d[best]), 4))

    def clear(self) -> None:
        """Drop every descriptor (zeroed first)."""
        self.replace({})
