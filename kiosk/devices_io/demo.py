"""The demo terminal's customer and cards: what the simulated cameras and reader show.

``card_front`` is a flat card with the ID photo in its portrait box (what the tray camera
sees), ``specimen_scene`` a photographed synthetic ID card with a real face in it, and
``card_text`` a fictitious person's chip text.  ``demo_customer`` gives ``kiosk run`` on
simulated devices someone to stand in front of the camera.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

def card_front(photo: np.ndarray, width: int = 856, height: int = 540) -> np.ndarray:
    """A flat, plain card front with ``photo`` in the portrait box (what the tray camera sees)."""
    import cv2

    from devices.idcard.photo import PHOTO_BOX

    card = np.full((height, width, 3), 235, np.uint8)
    x0, y0, x1, y1 = (int(f * s) for f, s in zip(PHOTO_BOX, (width, height) * 2, strict=True))
    card[y0:y1, x0:x1] = cv2.resize(photo, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    return card


def specimen_scene(seed: int, face_photo: np.ndarray) -> tuple[Any, np.ndarray]:
    """A synthetic ID card front with a real face in its portrait box, photographed.

    The card is devices.idcard.specimen's (fictitious person); returns (person, scene), the
    scene being what the document camera sees on the tray.
    """
    import random

    from devices.idcard import specimen
    from devices.idcard.photo import PHOTO_BOX

    rng = random.Random(seed)
    person = specimen.make_person(rng)
    front = specimen.render_front(person, rng)
    h, w = front.shape[:2]
    flat = card_front(face_photo, w, h)
    x0, y0, x1, y1 = (int(f * s) for f, s in zip(PHOTO_BOX, (w, h) * 2, strict=True))
    front[y0:y1, x0:x1] = flat[y0:y1, x0:x1]
    scene, _settings = specimen.photograph(front, rng)
    return person, scene


def card_text(name: str, id_number: str, address: str = "北京市东城区示例路1号") -> Any:
    """A card's typed text for the reader simulator (fictitious person)."""
    from devices.idcard.textblock import IdCardText

    born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return IdCardText(
        name=name,
        sex_code="1" if int(id_number[16]) % 2 else "2",
        ethnicity_code="01",
        birth_date=born,
        address=address,
        id_number=id_number,
        issuing_authority="北京市公安局东城分局",
        valid_from=dt.date(2016, 5, 20),
        valid_to=dt.date(2036, 5, 20),
    )


def demo_customer() -> tuple[Any, Any]:
    """The demo terminal's customer: a card on the tray and a face that does what it is asked.

    With the simulated camera and no ``camera.simulator_source``, ``kiosk run`` needs
    someone to stand in front of it: ``kiosk.demo_customer`` draws one (nobody's likeness,
    no sample data, no dlib in this process).  Returns (tray camera, customer camera factory).
    """
    from devices.camera.acting import ActingCamera
    from devices.camera.simulated import SimulatedCamera
    from kiosk.demo_customer import camera_clips
    from kiosk.demo_customer import demo_customer as drawn_customer

    customer = drawn_customer()
    tray = SimulatedCamera([customer.tray_image], fps=0, loop=True)
    # The customer reads the screen: blinks and turns as the terminal's own plan asks.
    return tray, functools.partial(ActingCamera, camera_clips(), fps=0, loop=True, noise=1.0)
