"""The shipped example configuration is valid and names the package's udev devices."""

import re
from pathlib import Path

from kiosk.config import load_config

ROOT = Path(__file__).resolve().parents[2]


def test_example_terminal_config_loads():
    cfg = load_config(ROOT / "packaging" / "terminal.example.toml", environ={})
    assert cfg.printer.driver == "escpos" and cfg.printer.url == "/dev/branch-kiosk/printer"
    assert cfg.idcard.driver == "sam" and cfg.idcard.url == "/dev/branch-kiosk/idreader"
    assert cfg.sandbox.start is False
    assert cfg.corebank.url.startswith("https://")
    assert cfg.storage.data_dir == "/var/lib/branch-kiosk"
    assert cfg.log.file == ""  # logs go to the journal


def test_udev_rules_give_the_example_config_its_device_names():
    rules = (ROOT / "packaging" / "udev" / "70-branch-kiosk.rules").read_text()
    links = {"/dev/" + m for m in re.findall(r'SYMLINK\+="([^"]+)"', rules)}
    cfg = load_config(ROOT / "packaging" / "terminal.example.toml", environ={})
    assert {cfg.printer.url, cfg.idcard.url} <= links
    for line in rules.splitlines():
        if line and not line.startswith("#"):
            assert re.search(r'ATTRS\{idVendor\}=="[0-9a-f]{4}"', line), line
            assert re.search(r'ATTRS\{idProduct\}=="[0-9a-f]{4}"', line), line
