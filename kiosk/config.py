"""Typed terminal configuration: defaults, a TOML file, then ``KIOSK_*`` environment overrides.

Precedence (last wins): built-in defaults < TOML file < environment.  An environment
variable names a nested field with double underscores, e.g. ``KIOSK_PRINTER__URL=loop://``
or ``KIOSK_SESSION__IDLE_SECONDS=45``.  Values are parsed as TOML scalars when they can be
(numbers, booleans, quoted strings, arrays), else taken as plain strings.

The defaults run everything locally: simulated devices, a sandbox core bank and a hub
started alongside the terminal.
"""

from __future__ import annotations

import os
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ENV_PREFIX = "KIOSK_"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


class _Section(BaseModel):
    # inf and nan are refused in every float field (``idle_seconds = inf`` never times out).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class BranchConfig(_Section):
    """Who this terminal is."""

    name: str = Field("Demo Branch", min_length=1, max_length=60)
    terminal_id: str = Field("K7", pattern=r"^[A-Za-z0-9]{1,8}$")
    office_id: int = 1


class UiConfig(_Section):
    """Window and presentation."""

    width: int = Field(1280, ge=640, le=7680)
    height: int = Field(800, ge=480, le=4320)
    fullscreen: bool = False
    default_language: str = "zh_CN"
    languages: list[str] = Field(["zh_CN", "en"], min_length=1)
    large_text: bool = False
    # "auto": speech-dispatcher on a real (full-screen) terminal, silent elsewhere; or an
    # engine name ("speechd", "mock").
    speech_engine: str = "auto"

    @field_validator("languages")
    @classmethod
    def _shipped(cls, value: list[str]) -> list[str]:
        missing = [code for code in value if not (LOCALES_DIR / code).is_dir()]
        if missing:
            raise ValueError(f"no translations shipped for {missing} (see {LOCALES_DIR}/)")
        return value

    @model_validator(mode="after")
    def _default_offered(self) -> UiConfig:
        if self.default_language not in self.languages:
            raise ValueError(
                f"default_language {self.default_language!r} is not one of languages "
                f"{self.languages}"
            )
        return self


class SessionConfig(_Section):
    """Customer session timing."""

    idle_seconds: float = Field(60.0, gt=0, le=3600)
    countdown_seconds: float = Field(20.0, gt=0, le=600)


class CorebankConfig(_Section):
    """Core-banking (Fineract) connection. ``url`` empty: use the sandbox started alongside.

    There is no default password: a terminal's file that names a core bank (``url``) must
    set one; without ``url`` the embedded sandbox is used with its own demo credentials.
    """

    url: str = ""
    username: str = "mifos"
    password: str = ""
    tenant: str = "default"
    verify_tls: bool = True
    ca_file: str = ""
    connect_timeout: float = Field(3.05, gt=0, le=120)
    read_timeout: float = Field(10.0, gt=0, le=600)
    max_retries: int = Field(4, ge=0, le=20)
    savings_product_id: int = 1


class SandboxConfig(_Section):
    """The local Fineract-compatible sandbox."""

    start: bool = True
    host: str = "127.0.0.1"
    port: int = Field(0, ge=0, le=65535)
    db: str = ""


class StorageConfig(_Section):
    """Where the terminal keeps its files. Empty paths: under ``data_dir``."""

    data_dir: str = "~/.local/share/branch-kiosk"
    outbox_db: str = ""
    journal_db: str = ""


class PrinterConfig(_Section):
    """Receipt printer. ``driver`` simulator runs the virtual printer on a pseudo-terminal."""

    driver: Literal["escpos", "simulator"] = "simulator"
    url: str = "/dev/ttyUSB0"
    baudrate: int = Field(9600, ge=300, le=921600)
    paper_width_mm: Literal[58, 80] = 80
    chinese_mode: bool = True
    status_timeout: float = Field(0.5, gt=0, le=30)  # s per DLE EOT answer; none -> offline
    monitor_seconds: float = Field(2.0, gt=0, le=3600)  # status polling (status-change events)
    pending_reprints: str = ""  # JSON of pending duplicate reprints; empty: in data_dir
    confirm_timeout: float = Field(0.0, ge=0, le=120)  # >0: end jobs with GS ( H and wait

    @property
    def columns(self) -> int:
        """Characters per line of font A: 48 on 80 mm paper, 32 on 58 mm."""
        return 48 if self.paper_width_mm == 80 else 32


class IdCardConfig(_Section):
    """Chinese second-generation ID card reader (SAM frame protocol).

    ``driver`` simulator runs the simulated reader (a fictitious demo card) on a
    pseudo-terminal; ``poll_seconds`` is how often the reader's worker looks for a card.
    """

    driver: Literal["sam", "simulator", "none"] = "simulator"
    url: str = "/dev/ttyUSB1"
    baudrate: int = Field(115200, ge=300, le=921600)
    timeout: float = Field(2.0, gt=0, le=60)
    poll_seconds: float = Field(0.5, gt=0, le=60)


class CameraConfig(_Section):
    """Camera: an OpenCV device index or URL, or the simulator playing images."""

    driver: Literal["opencv", "simulator"] = "simulator"
    source: str = "0"
    width: int = Field(640, ge=160, le=7680)
    height: int = Field(480, ge=120, le=4320)
    simulator_source: str = ""
    simulator_fps: float = Field(15.0, gt=0, le=120)


class OcrConfig(_Section):
    """Document OCR engines, chosen per document kind.

    The defaults are the better engine measured (docs/identity-documents.md).  ``preload``
    loads the models in a background thread at start-up so the first customer does not wait.
    """

    mrz_engine: Literal["tesseract", "rapidocr"] = "rapidocr"
    cn_id_engine: Literal["tesseract", "rapidocr"] = "rapidocr"
    preload: bool = True


class FaceConfig(_Section):
    """Face verification and liveness."""

    # Calibrated on testdata/face: same person <= 0.432, different >= 0.749 (docs/face.md).
    threshold: float = Field(0.5, gt=0, lt=1.5)
    liveness_timeout: float = Field(8.0, gt=0, le=120)
    max_attempts: int = Field(3, ge=1, le=10)
    # Liveness frames against the ID photo: a turned head's embedding drifts a little.
    liveness_identity_threshold: float = Field(0.6, gt=0, lt=1.5)
    # Longer side of the downscaled copy the face detector searches (speed vs. small faces).
    detect_side: int = Field(320, ge=160, le=1280)
    # Set when the camera delivers a mirror image (turn left/right are swapped).
    mirrored_camera: bool = False
    # Distances within this margin of ``threshold`` (either side) are borderline: a video
    # teller decides when the terminal has a teller link (0: off, the threshold decides).
    teller_margin: float = Field(0.0, ge=0, lt=1.0)


class LimitsConfig(_Section):
    """Transfer limits in the account currency, and the journeys' other business settings.

    ``per_day`` is counted per client on this terminal (see docs/journeys.md).  Transfers
    above ``teller_approval_above`` need a video teller, so they are refused until tellers
    exist.  ``submit_wait_seconds``: how long a customer waits for the core before being
    told "pending" (or "not done" for a transfer that never left).  ``id_salt``: the salt of
    the client externalId derived from an ID number; the same for every terminal of a bank.
    """

    # Money is Decimal, to the currency's minor unit: "5000.00" or 5000 in the TOML file; a
    # float that is not exactly a cent amount (0.1 + 0.2) is refused, with the field named.
    per_transaction: Decimal = Field(Decimal("50000"), gt=0, le=Decimal("1e9"), decimal_places=2)
    per_day: Decimal = Field(Decimal("100000"), gt=0, le=Decimal("1e10"), decimal_places=2)
    teller_approval_above: Decimal = Field(Decimal("20000"), gt=0, le=Decimal("1e9"),
                                           decimal_places=2)  # fmt: skip
    submit_wait_seconds: float = Field(8.0, gt=0, le=600)
    id_salt: str = Field("branch-kiosk-demo", min_length=1)
    # The bank's policy: a human approves every new account (a video teller when the
    # terminal has a teller link, else staff in the branch).
    account_opening_needs_teller: bool = False


class HubConfig(_Section):
    """Teller hub: ``start`` runs one beside the terminal (hub.embedded), else ``url``.

    ``key`` is this terminal's key on an external hub (``branch.terminal_id`` names it; the
    embedded hub enrols the terminal itself).  ``queue_timeout_s``: after this wait the
    customer may continue alone, book a callback or see staff; ``approval_timeout_s``: a
    teller's decision not given by then counts as not approved.
    """

    start: bool = False
    url: str = ""
    host: str = "127.0.0.1"
    port: int = Field(0, ge=0, le=65535)
    key: str = ""
    queue_timeout_s: float = Field(120.0, gt=0)
    approval_timeout_s: float = Field(120.0, gt=0)
    relay_only: bool = False
    # The call's microphone (kiosk.teller.microphone): auto, none, tone, file:PATH,
    # alsa:DEVICE, pipewire:TARGET, pulse:SOURCE.  "auto" finds the session's default source
    # (the packaged echo-cancel one); with none the customer is offered the chat.
    microphone: str = Field("auto", min_length=1)


class SecurityConfig(_Section):
    """Secrets and retention of personal data at rest (docs/security.md).

    ``key_file``: the file with the data key and the ID secret, outside the data folder and
    readable by the terminal only (a systemd credential ``branch-kiosk-keys`` wins over it);
    required unless the terminal runs the demo (no ``corebank.url``).  ``retention_days``:
    finished outbox actions (their sealed results) are deleted after this many days.
    """

    key_file: str = ""
    retention_days: float = Field(30.0, gt=0, le=3650)


class LogConfig(_Section):
    """Structured logs."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    file: str = ""

    @field_validator("level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class MetricsConfig(_Section):
    """The terminal's Prometheus endpoint (``/metrics``). ``port`` 0: not served."""

    port: int = Field(0, ge=0, le=65535)
    host: str = "127.0.0.1"  # the scraping Prometheus's side of the branch network
    poll_seconds: float = Field(15.0, gt=0)  # device status and core reachability checks


class OperationsConfig(_Section):
    """Operations events sent to the hub (``POST {hub_url}/api/events``, docs/operations.md).

    ``hub_url`` empty: events are kept in the durable queue until one is configured.
    ``terminal_key`` is the bearer token the hub issued this terminal (a secret).
    """

    hub_url: str = ""
    terminal_key: str = ""
    events_db: str = ""  # empty: operations.db in data_dir
    batch_size: int = Field(200, ge=1, le=5000)
    send_seconds: float = Field(5.0, gt=0)
    keep_sent_days: float = Field(7.0, ge=0)


class TechnicianConfig(_Section):
    """One field technician allowed into the diagnostics mode."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")
    pin_hash: str = Field("", pattern=r"^(\$argon2(id|i|d)\$.*)?$")  # argon2 hash, never a PIN


class MaintenanceConfig(_Section):
    """The technicians' diagnostics mode (docs/operations.md, "Diagnostics mode").

    ``otp_secret``: the hub's shared secret for one-time entry codes (hex; a secret).
    ``usb_mount``: where support bundles are written (the packaged unit's writable USB path).
    """

    technicians: list[TechnicianConfig] = Field(default_factory=list)
    otp_secret: str = Field("", pattern=r"^([0-9a-fA-F]{32,})?$")
    otp_step_seconds: int = Field(300, ge=30, le=3600)
    max_tries: int = Field(5, ge=1, le=20)
    lockout_seconds: float = Field(30.0, gt=0)  # first lock; doubles with every further one
    usb_mount: str = "/media/branch-kiosk-export"


class RecognitionConfig(_Section):
    """Recognition on arrival of customers who opted in (docs/recognition.md).

    Needs a hub and the terminal's keys; ``threshold`` is stricter than ``face.threshold``
    (a 1:N search of the branch's templates), measured by bench/recognition.py.
    """

    enabled: bool = True
    threshold: float = Field(0.40, gt=0, lt=1.0)
    interval_s: float = Field(0.5, ge=0.05, le=5.0)  # between two frames looked at


class KioskConfig(_Section):
    """The whole terminal configuration."""

    branch: BranchConfig = BranchConfig()
    ui: UiConfig = UiConfig()
    session: SessionConfig = SessionConfig()
    corebank: CorebankConfig = CorebankConfig()
    sandbox: SandboxConfig = SandboxConfig()
    storage: StorageConfig = StorageConfig()
    printer: PrinterConfig = PrinterConfig()
    idcard: IdCardConfig = IdCardConfig()
    camera: CameraConfig = CameraConfig()
    ocr: OcrConfig = OcrConfig()
    face: FaceConfig = FaceConfig()
    limits: LimitsConfig = LimitsConfig()
    hub: HubConfig = HubConfig()
    log: LogConfig = LogConfig()
    metrics: MetricsConfig = MetricsConfig()
    operations: OperationsConfig = OperationsConfig()
    maintenance: MaintenanceConfig = MaintenanceConfig()
    security: SecurityConfig = SecurityConfig()
    recognition: RecognitionConfig = RecognitionConfig()

    @model_validator(mode="after")
    def _has_a_core_bank(self) -> KioskConfig:
        if not self.corebank.url and not self.sandbox.start:
            raise ValueError(
                "corebank.url is empty and sandbox.start is false: there is no core bank"
            )
        if self.corebank.url and not self.corebank.password:
            raise ValueError(
                "corebank.password: must be set when corebank.url names a core bank "
                "(there is no default password)"
            )
        return self

    def data_path(self, name: str, override: str = "") -> Path:
        """Return ``override`` if set, else ``name`` inside the data directory (created).

        Raises ``ConfigError`` naming ``storage.data_dir`` when the folder cannot be made
        or written (read-only disk, no permission).
        """
        if override:
            return Path(override).expanduser()
        base = Path(self.storage.data_dir).expanduser()
        try:
            base.mkdir(parents=True, exist_ok=True)
            if not os.access(base, os.W_OK | os.X_OK):
                raise PermissionError(13, "not writable")
        except OSError as exc:
            raise ConfigError(
                f"storage.data_dir {str(base)!r} cannot be created or written: "
                f"{exc.strerror or exc}"
            ) from None
        return base / name


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and field."""


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _is_text_field(path: list[str]) -> bool:
    """True when ``path`` names a ``str`` field (its value is taken verbatim)."""
    model: Any = KioskConfig
    for part in path:
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return False
        model = fields[part].annotation
    return model is str


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX) or "__" not in key:
            continue
        path = key[len(ENV_PREFIX) :].lower().split("__")
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        # A branch named "2024" or a password "true" stays text.
        node[path[-1]] = raw if _is_text_field(path) else _parse_env_value(raw)
    return tree


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _describe(err: ValidationError, source: str) -> str:
    lines = [f"invalid configuration ({source}):"]
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"])
        msg = "unknown field" if e["type"] == "extra_forbidden" else e["msg"]
        lines.append(f"  {field}: {msg} (got {e.get('input')!r})")
    return "\n".join(lines)


def load_config(
    path: str | Path | None = None, environ: dict[str, str] | None = None
) -> KioskConfig:
    """Load defaults, then ``path`` (TOML), then ``KIOSK_*`` variables; raise ConfigError."""
    data: dict[str, Any] = {}
    source = "defaults"
    if path is not None:
        p = Path(path)
        source = str(p)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"configuration file not found: {p}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"configuration file {p} is not valid TOML: {exc}") from exc
        except RecursionError:  # tomllib recurses per nesting level of arrays and tables
            raise ConfigError(f"configuration file {p} is nested too deeply to be a "
                              "terminal's configuration") from None  # fmt: skip
        except UnicodeDecodeError as exc:
            raise ConfigError(f"configuration file {p} is not UTF-8 text: {exc}") from exc
        except OSError as exc:  # a directory, no permission, an I/O error
            raise ConfigError(f"configuration file {p} cannot be read: {exc.strerror}") from exc
    env = _env_overrides(dict(os.environ if environ is None else environ))
    if env:
        source += " + KIOSK_* environment"
    try:
        return KioskConfig.model_validate(_merge(data, env))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from exc
    except RecursionError:  # nesting deeper than any section: not a configuration
        raise ConfigError(f"invalid configuration ({source}): nested too deeply") from None


def load_config_for(command: str, path: str | Path | None) -> KioskConfig | None:
    """``load_config`` for a command line; None after printing ``command: reason`` to stderr.

    The command then exits with 2, before doing anything else.
    """
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return None
