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
    ui.qtbot.waitUntil(lambda: ui.find("mobileQr").property("paintedWidth") > 0)
    assert ui.t.window.grabWindow().save(str(tmp_path / "attract.png"))
    screen = cv2.imread(str(tmp_path / "attract.png"))
    assert [r.text for r in zxingcpp.read_barcodes(screen)] == [url]  # readable on the screen
