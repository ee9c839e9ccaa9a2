"""The shipped example configuration is valid against the schema."""

from pathlib import Path

from kiosk.config import load_config

ROOT = Path(__file__).resolve().parents[2]


def test_example_terminal_config_loads():
    cfg = load_config(ROOT / "packaging" / "terminal.example.toml", environ={})
    assert cfg.printer.driver == "escpos" and cfg.printer.url == "/dev/kiosk-printer"
    assert cfg.idcard.driver == "sam" and cfg.sandbox.start is False
    assert cfg.corebank.url.startswith("https://")
