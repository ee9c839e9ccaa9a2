"""Typed configuration: defaults, TOML, KIOSK_* overrides, and clear messages for bad input."""

from __future__ import annotations

import os

import pytest

from kiosk.config import ConfigError, KioskConfig, load_config


def write(tmp_path, text, name="kiosk.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_run_locally():
    cfg = load_config(environ={})
    assert cfg.ui.width == 1280 and cfg.ui.height == 800 and not cfg.ui.fullscreen
    assert cfg.ui.default_language == "zh_CN" and cfg.ui.languages == ["zh_CN", "en"]
    assert cfg.session.idle_seconds > 0 and cfg.session.countdown_seconds > 0
    assert cfg.printer.driver == "simulator"
    assert cfg.log.level == "INFO"


def test_toml_then_environment(tmp_path):
    path = write(
        tmp_path,
        '[branch]\nname = "上海分行"\n[session]\nidle_seconds = 45\n'
        '[ui]\ndefault_language = "en"\n',
    )
    cfg = load_config(path, environ={"KIOSK_SESSION__IDLE_SECONDS": "30", "OTHER": "x"})
    assert cfg.branch.name == "上海分行"
    assert cfg.session.idle_seconds == 30  # environment wins over the file
    assert cfg.ui.default_language == "en"


def test_environment_text_fields_stay_text():
    """A branch called "2024" or a password "true" must not turn into a number/bool."""
    cfg = load_config(
        environ={
            "KIOSK_BRANCH__NAME": "2024",
            "KIOSK_COREBANK__PASSWORD": "true",
            "KIOSK_UI__LARGE_TEXT": "true",
            "KIOSK_UI__LANGUAGES": '["en"]',
            "KIOSK_UI__DEFAULT_LANGUAGE": "en",
        }
    )
    assert cfg.branch.name == "2024"
    assert cfg.corebank.password == "true"
    assert cfg.ui.large_text is True
    assert cfg.ui.languages == ["en"]


@pytest.mark.parametrize(
    ("toml", "field", "words"),
    [
        ("[session]\nidle_seconds = -5\n", "session.idle_seconds", "greater than 0"),
        ('[session]\nidle_seconds = "soon"\n', "session.idle_seconds", "number"),
        ("[ui]\nwidht = 1024\n", "ui.widht", "unknown field"),
        ("[nonsense]\nx = 1\n", "nonsense", "unknown field"),
        ('[ui]\ndefault_language = "fr"\n', "ui", "default_language 'fr'"),
        ('[ui]\nlanguages = ["zh_CN", "xx"]\n', "ui.languages", "no translations shipped"),
        ('[log]\nlevel = "LOUD"\n', "log.level", "INFO"),
        ('[branch]\nterminal_id = "not valid!"\n', "branch.terminal_id", "pattern"),
        ('[branch]\nname = ""\n', "branch.name", "at least 1"),
        ("session = 5\n", "session", "dictionary"),
        ("[session]\nidle_seconds = inf\n", "session.idle_seconds", "finite number"),
        ("[session]\ncountdown_seconds = nan\n", "session.countdown_seconds", "finite number"),
        ("[session]\nidle_seconds = 1e9\n", "session.idle_seconds", "less than or equal"),
        ("[corebank]\nmax_retries = 1000000\n", "corebank.max_retries", "less than or equal"),
        ("[face]\nmax_attempts = 99999\n", "face.max_attempts", "less than or equal"),
        ("[printer]\nbaudrate = 0\n", "printer.baudrate", "greater than or equal"),
        ("[limits]\nsubmit_wait_seconds = inf\n", "limits.submit_wait_seconds", "finite"),
    ],
)
def test_bad_values_name_the_field(tmp_path, toml, field, words):
    path = write(tmp_path, toml)
    with pytest.raises(ConfigError) as err:
        load_config(path, environ={})
    message = str(err.value)
    assert str(path) in message
    assert f"  {field}" in message
    assert words in message


def test_bad_environment_value_names_variable_source():
    with pytest.raises(ConfigError) as err:
        load_config(environ={"KIOSK_SESSION__COUNTDOWN_SECONDS": "0"})
    assert "KIOSK_* environment" in str(err.value)
    assert "session.countdown_seconds" in str(err.value)


def test_all_errors_reported_at_once(tmp_path):
    path = write(tmp_path, "[session]\nidle_seconds = 0\ncountdown_seconds = 0\n")
    with pytest.raises(ConfigError) as err:
        load_config(path, environ={})
    assert "idle_seconds" in str(err.value) and "countdown_seconds" in str(err.value)


@pytest.mark.parametrize("kind", ["missing", "syntax", "directory", "binary", "unreadable"])
def test_unreadable_files_get_a_message(tmp_path, kind):
    if kind == "missing":
        path, words = tmp_path / "nope.toml", "not found"
    elif kind == "syntax":
        path, words = write(tmp_path, "[session\nidle = 1\n"), "not valid TOML"
    elif kind == "directory":
        path, words = tmp_path, "cannot be read"
    elif kind == "binary":
        path = tmp_path / "x.toml"
        path.write_bytes(b"\xff\xfe\x00bad")
        words = "not UTF-8"
    else:
        if os.geteuid() == 0:
            pytest.skip("root reads files whatever their permissions")
        path = write(tmp_path, "[ui]\n")
        path.chmod(0)
        words = "cannot be read"
    with pytest.raises(ConfigError, match=words):
        load_config(path, environ={})


def test_assignment_is_validated_too():
    cfg = KioskConfig()
    with pytest.raises(ValueError):
        cfg.session.idle_seconds = -1


def test_data_path(tmp_path):
    cfg = load_config(environ={"KIOSK_STORAGE__DATA_DIR": str(tmp_path / "d")})
    assert cfg.data_path("outbox.db") == tmp_path / "d" / "outbox.db"
    assert (tmp_path / "d").is_dir()
    assert cfg.data_path("outbox.db", "/x/y.db").as_posix() == "/x/y.db"


def test_a_named_core_bank_needs_a_password_and_the_sandbox_needs_none(tmp_path):
    with pytest.raises(ConfigError, match="corebank.password: must be set"):
        load_config(environ={"KIOSK_COREBANK__URL": "https://core.example/api/v1"})
    assert load_config(environ={}).corebank.password == ""  # no default password anywhere


def test_deeply_nested_toml_is_a_clear_error(tmp_path):
    path = write(tmp_path, "x = " + "[" * 20000 + "]" * 20000 + "\n")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_config(path, environ={})


def test_an_unwritable_data_folder_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    blocked = tmp_path / "ro"
    blocked.write_text("a file where the folder should be")
    cfg = load_config(environ={"KIOSK_STORAGE__DATA_DIR": str(blocked / "data")})
    with pytest.raises(ConfigError, match="storage.data_dir .* cannot be created or written"):
        cfg.data_path("outbox.db")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "outbox", "status"], cwd=root,
                         env={**os.environ, "KIOSK_STORAGE__DATA_DIR": str(blocked / "data")},
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 2 and "storage.data_dir" in out.stderr
    assert "Traceback" not in out.stderr


def test_no_core_bank_at_all_is_refused():
    with pytest.raises(ConfigError, match="no core bank"):
        load_config(environ={"KIOSK_SANDBOX__START": "false"})
    cfg = load_config(
        environ={
            "KIOSK_SANDBOX__START": "false",
            "KIOSK_COREBANK__URL": "https://core.example/api/v1",
            "KIOSK_COREBANK__PASSWORD": "s3cret",
        }
    )
    assert cfg.sandbox.start is False


def test_money_limits_are_decimal_and_compare_exactly(tmp_path):
    from decimal import Decimal

    from kiosk.flows.limits import check_limits

    path = tmp_path / "t.toml"
    path.write_text('[limits]\nper_transaction = 0.3\nper_day = "0.30"\n'
                    "teller_approval_above = 1000\n")  # fmt: skip
    limits = load_config(path, environ={"KIOSK_LIMITS__TELLER_APPROVAL_ABOVE": "0.3"}).limits
    assert limits.per_transaction == limits.per_day == limits.teller_approval_above
    assert {type(v) for v in (limits.per_transaction, limits.per_day)} == {Decimal}
    assert limits.teller_approval_above == Decimal("0.3")
    # 0.1 + 0.2 is 0.3 exactly: at the limit, not above it (as floats it would be above).
    assert 0.1 + 0.2 > 0.3
    assert check_limits(limits, Decimal("0.1"), Decimal("0.2")) is None
    assert check_limits(limits, Decimal("0.11"), Decimal("0.2")) == "limit.per_day"
    assert check_limits(limits, Decimal("0.31"), Decimal(0)) == "limit.per_transaction"
    # A float that is no cent amount is refused with the field named, never rounded.
    path.write_text(f"[limits]\nper_day = {0.1 + 0.2!r}\n")
    with pytest.raises(ConfigError, match="limits.per_day"):
        load_config(path, environ={})
