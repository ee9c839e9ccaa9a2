import pytest

from kiosk.config import KioskConfig, LimitsConfig
from kiosk.flows.wiring import BankLink


@pytest.fixture
def bank(tmp_path):
    cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=8.0))
    link = BankLink.local(tmp_path / "bank", cfg, max_retries=1)
    yield link
    link.close()
