"""The journeys' run-time back end from the default configuration, and the tiles it enables."""

from kiosk.config import KioskConfig
from ui.journey_host import JourneyRegistry
from ui.journeys import register
from ui.journeys.backend import start_journey_backend


def test_backend_from_default_config_publishes_tiles(qapp, qtbot, tmp_path, make_ui):
    cfg = KioskConfig()
    cfg.storage.data_dir = str(tmp_path / "data")
    backend = start_journey_backend(cfg)  # sandbox, simulated reader and printer
    try:
        assert backend.identity.reader is not None and backend.receipts is not None
        # The simulated camera has no source configured: the demo customer stands there
        # (kiosk.demo_customer: a drawn face), with the same face on the tray's card.
        assert backend.identity.camera_factory is not None
        assert backend.identity.scanner is not None
        record = backend.identity.reader.read()
        assert record.text.id_number[-1] in "0123456789X"
        registry = JourneyRegistry()
        register(registry)
        ui = make_ui(registry)
        ui.to_home()
        assert ui.find("tile_open_account") is None  # nothing published yet: no tiles
        ui.t.shell.devices.publish("journeys", backend)
        qtbot.waitUntil(lambda: ui.find("tile_open_account") is not None)
        ui.tap("tile_transfer")
        qtbot.waitUntil(lambda: ui.t.shell.journey is not None)
        vm = ui.t.shell.journey
        assert vm.property("step") == "identity"
        assert backend.qt_services is not None
        ui.cancel()
        qtbot.waitUntil(lambda: ui.screen() == "attract")
    finally:
        backend.close()
