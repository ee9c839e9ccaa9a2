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

    @property
    def scheme(self) -> str:
        """``https`` when TLS is configured, else ``http``."""
        return "https" if self.tls_cert and self.tls_key else "http"
