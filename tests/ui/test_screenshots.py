"""`make screenshots` renders the shell's screens and every journey's sample states."""

from __future__ import annotations

from PySide6.QtGui import QImage

from ui.gallery import GALLERY, GalleryViewModel
from ui.journey_host import JourneyRegistry, JourneySpec
from ui.screenshots import render_all


def samples(ctx):
    empty = GalleryViewModel(ctx)
    yield "empty", empty
    filled = GalleryViewModel(ctx)
    filled.setProperty("name", "Ann Lee")
    yield "filled", filled


def test_renders_every_screen_and_journey_samples(qapp, tmp_path):
    registry = JourneyRegistry()
    registry.register(
        JourneySpec(
            id="sampled",
            title="Open an account",
            icon="open_account.svg",
            create=GalleryViewModel,
            samples=samples,
            available=lambda ctx: False,
        )
    )
    registry.register(GALLERY)
    paths = render_all(tmp_path, languages=["en"], registry=registry, sizes=("large",))
    names = {p.name for p in paths}
    for screen in (
        "01-attract",
        "02-language",
        "03-home",
        "03-home-all-tiles",
        "04-help",
        "05-countdown",
        "06-gallery",
        "06-gallery-kb1",
        "06-gallery-kb2",
        "07-journey-sampled-empty",
        "07-journey-sampled-filled",
    ):
        assert f"{screen}-en-large.png" in names, sorted(names)
    for path in paths:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800)
    # A rendered picture really shows the screen: high contrast means a black background.
    attract = QImage(str(tmp_path / "01-attract-en-large.png"))
    assert attract.pixelColor(5, 400).name() == "#000000"
    # Different screens give different pictures.
    assert (tmp_path / "03-home-en-large.png").read_bytes() != (
        tmp_path / "03-home-all-tiles-en-large.png"
    ).read_bytes()
