from __future__ import annotations

import numpy as np

from devices.idcard import specimen
from devices.idcard.photo import PHOTO_BOX, crop_photo_area, decode_photo, set_photo_decoder


class _GreyDecoder:
    """A stand-in for a licensed WLT library: any object with decode(bytes) -> image."""

    def decode(self, wlt: bytes) -> np.ndarray:
        return np.full((126, 102, 3), wlt[0], np.uint8)


def test_no_decoder_means_no_chip_photo():
    set_photo_decoder(None)
    assert decode_photo(b"\x01" * 1024) is None


def test_pluggable_decoder():
    set_photo_decoder(_GreyDecoder())
    try:
        img = decode_photo(b"\x07" * 1024)
        assert img.shape == (126, 102, 3) and img[0, 0, 0] == 7
        assert decode_photo(bytes(1024)) is None  # an all-zero block is no photo
    finally:
        set_photo_decoder(None)


def test_specimens_are_reproducible_and_valid():
    from kiosk.identity.idnumber import is_valid

    a, b = specimen.generate(11), specimen.generate(11)
    assert np.array_equal(a.front, b.front) and np.array_equal(a.back, b.back)
    assert a.person == b.person
    people = [specimen.generate(s).person for s in range(12, 18)]
    assert all(is_valid(p.id_number) for p in people)
    assert len({p.name for p in people}) > 3
    assert all(abs(specimen.generate(s).render["front"]["angle"]) <= 10 for s in range(3))


def test_crop_photo_area_is_the_portrait_box():
    card = specimen.generate(3).front_flat
    crop = crop_photo_area(card, margin=0)
    h, w = card.shape[:2]
    assert crop.shape[1] == int(PHOTO_BOX[2] * w) - int(PHOTO_BOX[0] * w)
    # The drawn portrait is darker (hair, clothes) than the card background around it.
    assert crop.mean() < card[:, : int(0.5 * w)].mean()
