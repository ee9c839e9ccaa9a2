"""The hub's settings (from ``kiosk hub`` options or the terminal's embedded start)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class HubSettings:
    """Everything a hub process needs; the defaults serve one branch from a SQLite file."""

    db_url: str = "hub.db"
    host: str = "127.0.0.1"
    port: int = 8790
    tls_cert: str = ""  # PEM paths; both set: the hub serves https/wss
    tls_key: str = ""
    secret: str = ""  # token signing secret; empty: one generated and kept in the database
    token_ttl_s: float = 8 * 3600.0
    stun_urls: list[str] = field(default_factory=list)
    turn_urls: list[str] = field(default_factory=list)
    turn_secret: str = ""  # coturn --static-auth-secret (REST scheme)
    turn_ttl_s: float = 3600.0
    reconnect_grace_s: float = 60.0  # an active call survives a terminal's network loss this long
    record_calls: bool = True  # terminals record calls (the customer is told before connecting)
    recording_retention_days: float = 90.0
    otp_secret: str = ""  # hex, shared with terminals' [maintenance] otp_secret (technician codes)
    otp_step_seconds: float = 300.0
    preapp_expiry_days: float = 7.0  # a pre-filled application's personal fields live this long
    public_url: str = ""  # base URL phones reach the hub at (QR codes); "": the request's own
    static_dir: Path = Path(__file__).resolve().parent / "static"
    # Appointments and queue tickets (issue 12, hub.queue).
    queue_timezone: str = "Asia/Shanghai"  # the branches' local time: slots, ticket days
    queue_opening: str = "09:00-17:00"  # appointment slots are offered within these hours
    slot_minutes: int = 15
    slot_capacity: int = 2  # bookings per slot and service
    booking_days: int = 7  # how far ahead a slot can be booked
    checkin_early_s: float = 1800.0  # check-in opens this long before the slot
    checkin_late_s: float = 600.0  # later than this after the slot start: walk-in queue
    max_recalls: int = 2  # a called ticket recalled this often is dropped at the next recall
    booking_rate: tuple[int, float] = (10, 600.0)  # bookings per client address and window
    second_factor_rate: tuple[int, float] = (5, 900.0)  # wrong phone digits per code/address
    display_rotate_s: float = 12.0  # between calls the display rotates the branch's pages
    display_pages: list[dict] = field(default_factory=lambda: [
        {"zh": "营业时间：周一至周五 09:00–17:00", "en": "Opening hours: Mon–Fri 09:00–17:00"},
        {"zh": "手机预约，到店扫码签到，免排队", "en": "Book on your phone, check in by QR code"},
        {"zh": "请勿向任何人透露密码或验证码", "en": "Never tell anyone your PIN or codes"},
    ])

    @property
    def scheme(self) -> str:
        """``https`` when TLS is configured, else ``http``."""
        return "https" if self.tls_cert and self.tls_key else "http"
