"""``kiosk hub`` as a command (clear refusals of bad options) and the hub over TLS (https and
wss with the configured certificate; the terminal's link trusts it)."""

from __future__ import annotations

import datetime
import ssl
import subprocess
import sys
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hub import accounts
from hub.server import start_hub
from hub.settings import HubSettings
from kiosk.teller.link import TellerLink

ROOT = Path(__file__).resolve().parents[2]


def _kiosk_hub(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "hub", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_bad_options_are_refused_with_a_clear_message(tmp_path) -> None:
    out = _kiosk_hub("--port", "0", "--db", "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert out.returncode == 2 and "cannot open the database postgresql" in out.stderr
    not_a_db = tmp_path / "hub.db"
    not_a_db.write_text("this is not a database")
    out = _kiosk_hub("--port", "0", "--db", str(not_a_db))
    assert out.returncode == 2 and "cannot open the database" in out.stderr
    out = _kiosk_hub("--port", "0", "--db", str(tmp_path / "ok.db"), "--tls-cert", "no.pem",
                     "--tls-key", "no.key")
    assert out.returncode == 2 and "cannot load the TLS certificate" in out.stderr
    assert not_a_db.read_text() == "this is not a database"  # nothing lost


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "hub.pem", folder / "hub.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_the_hub_serves_https_and_wss_with_its_certificate(tmp_path) -> None:
    cert, key = _self_signed(tmp_path)
    handle = start_hub(HubSettings(db_url=str(tmp_path / "hub.db"), port=0,
                                   tls_cert=str(cert), tls_key=str(key)))

    async def seed():
        async with handle.hub.engine.begin() as conn:
            return await accounts.enrol_device(conn, "t1", "terminal", "b1")

    link = None
    try:
        assert handle.url.startswith("https://")
        device_key = handle.run(seed())
        r = requests.get(f"{handle.url}/console/", verify=str(cert), timeout=10)
        assert r.status_code == 200
        trust = ssl.create_default_context(cafile=str(cert))
        link = TellerLink(handle.url, "t1", device_key, video=None, audio=None,
                          ssl_context=trust).start()
        assert link.connected_to_hub  # over wss
        untrusting = TellerLink(handle.url, "t1", device_key, video=None, audio=None,
                                ssl_context=ssl.create_default_context()).start(timeout=2)
        assert not untrusting.connected_to_hub  # an unknown certificate is refused
        untrusting.stop()
    finally:
        if link is not None:
            link.stop()
        handle.stop()
