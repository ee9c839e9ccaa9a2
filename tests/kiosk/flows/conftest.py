import pytest

from kiosk.config import KioskConfig, LimitsConfig
from kiosk.terminal import local_bank


@pytest.fixture
def bank(tmp_path):
    cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=8.0))
    link = local_bank(tmp_path / "bank", cfg, max_retries=1)
    yield link
    link.close()
