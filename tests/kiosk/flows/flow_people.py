"""The sandbox's demo customers (kiosk/sandbox/store.py) as the flow tests use them."""

from kiosk.sandbox.store import cn_id

ZHANG_WEI_ID = cn_id("11010519800101001")  # 张伟, one account 52,300.00
LI_NA_ID = cn_id("31010419920315002")  # Li Na, one account 8,800.00
