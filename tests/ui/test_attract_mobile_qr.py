"""The attract screen shows a QR code of the hub's phone page once a hub is linked."""

from __future__ import annotations

import cv2
import zxingcpp


def test_attract_screen_shows_the_phone_pages_qr_code(ui, tmp_path):
    assert ui.screen() == "attract"
    assert not ui.find("mobileQrPanel").isVisible()  # no hub linked: no code to show
    url = "http://127.0.0.1:8790/m/"
    ui.t.shell.set_mobile_url(url)
    ui.qtbot.waitUntil(lambda: ui.find("mobileQrPanel").isVisible())
    shot = tmp_path / "attract.png"

    def readable() -> bool:  # the screen may still be fading in: read until it is drawn
        assert ui.t.window.grabWindow().save(str(shot))
        return [r.text for r in zxingcpp.read_barcodes(cv2.imread(str(shot)))] == [url]

    ui.qtbot.waitUntil(readable, timeout=5000)
