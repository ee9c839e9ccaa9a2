import pytest

from kiosk.config import KioskConfig, LimitsConfig
from kiosk.flows.wiring import BankLink
from kiosk.sandbox.store import cn_id

# The sandbox's demo customers (kiosk/sandbox/store.py).
ZHANG_WEI_ID = cn_id("11010519800101001")  # 张伟, one account 52,300.00
LI_NA_ID = cn_id("31010419920315002")  # Li Na, one account 8,800.00


@pytest.fixture
def bank(tmp_path):
    cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=8.0))
    link = BankLink.local(tmp_path / "bank", cfg, max_retries=1)
    yield link
    link.close()
