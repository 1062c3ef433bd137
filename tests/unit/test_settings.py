"""bot.settings: defaults, environment override, .env file, parsing and validation."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
FIELDS = sorted(Settings.model_fields)
ENV_NAMES = [name.upper() for name in FIELDS]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No setting in the environment and an empty working directory (so no .env)."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_defaults(clean_env: pytest.MonkeyPatch) -> None:
    s = Settings()
    assert s.database_url == "sqlite:///var/asisten.sqlite3"
    assert s.telegram_bot_token is None
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert s.telegram_webhook_url is None and s.telegram_webhook_secret is None
    assert s.whatsapp_phone_id is None and s.whatsapp_token is None
    assert s.whatsapp_app_secret is None and s.whatsapp_verify_token is None
    assert s.whatsapp_api_base_url is None and s.whatsapp_template_name is None
    assert s.whatsapp_template_language == "id"
    assert s.admin_ids == []
    assert s.documents_dir == "var/dokumen"
    assert s.log_file == "var/bot.log"
    assert s.idle_minutes == 30
    assert s.timezone_default == "Asia/Jakarta"
    assert s.timezone == ZoneInfo("Asia/Jakarta")
    assert not s.telegram_enabled and not s.whatsapp_enabled


def test_environment_overrides_every_default(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATABASE_URL", "postgresql://u:p@db:5432/asisten")
    clean_env.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    clean_env.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/bot")
    clean_env.setenv("TELEGRAM_WEBHOOK_URL", "https://example.org/tg")
    clean_env.setenv("TELEGRAM_WEBHOOK_SECRET", "s3cret")
    clean_env.setenv("WHATSAPP_PHONE_ID", "1055")
    clean_env.setenv("WHATSAPP_TOKEN", "EAAG")
    clean_env.setenv("WHATSAPP_APP_SECRET", "appsecret")
    clean_env.setenv("WHATSAPP_VERIFY_TOKEN", "verify")
    clean_env.setenv("WHATSAPP_API_BASE_URL", "http://127.0.0.1:9000")
    clean_env.setenv("WHATSAPP_TEMPLATE_NAME", "pengingat")
    clean_env.setenv("WHATSAPP_TEMPLATE_LANGUAGE", "en")
    clean_env.setenv("ADMIN_IDS", " 111, 6281234 ,,")
    clean_env.setenv("DOCUMENTS_DIR", "/srv/dok")
    clean_env.setenv("LOG_FILE", "/srv/bot.log")
    clean_env.setenv("IDLE_MINUTES", "5")
    clean_env.setenv("TIMEZONE_DEFAULT", "Asia/Makassar")
    s = Settings()
    assert s.database_url == "postgresql://u:p@db:5432/asisten"
    assert s.telegram_bot_token is not None
    assert s.telegram_bot_token.get_secret_value() == "123:abc"
    assert s.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    assert s.telegram_webhook_url == "https://example.org/tg"
    assert s.telegram_webhook_secret is not None
    assert s.telegram_webhook_secret.get_secret_value() == "s3cret"
    assert s.whatsapp_phone_id == "1055"
    assert s.whatsapp_token is not None and s.whatsapp_token.get_secret_value() == "EAAG"
    assert s.whatsapp_app_secret is not None
    assert s.whatsapp_app_secret.get_secret_value() == "appsecret"
    assert s.whatsapp_verify_token is not None
    assert s.whatsapp_verify_token.get_secret_value() == "verify"
    assert s.whatsapp_api_base_url == "http://127.0.0.1:9000"
    assert s.whatsapp_template_name == "pengingat"
    assert s.whatsapp_template_language == "en"
    assert s.admin_ids == ["111", "6281234"]
    assert s.is_admin("111") and not s.is_admin("112")
    assert s.documents_dir == "/srv/dok" and s.log_file == "/srv/bot.log"
    assert s.idle_minutes == 5
    assert s.timezone == ZoneInfo("Asia/Makassar")
    assert s.telegram_enabled and s.whatsapp_enabled


def test_lower_case_variable_names_also_work(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("idle_minutes", "45")
    assert Settings().idle_minutes == 45


def test_admin_ids_accept_a_json_list(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ADMIN_IDS", '[111, "222"]')
    assert Settings().admin_ids == ["111", "222"]


def test_dotenv_file_is_read_and_environment_wins(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "IDLE_MINUTES=12\nTIMEZONE_DEFAULT=Asia/Jayapura\nTELEGRAM_BOT_TOKEN=\n",
        encoding="utf-8",
    )
    clean_env.setenv("TIMEZONE_DEFAULT", "Asia/Makassar")
    s = Settings()
    assert s.idle_minutes == 12
    assert s.timezone_default == "Asia/Makassar"
    assert s.telegram_bot_token is None  # empty value = not configured
    assert Settings(_env_file=None).idle_minutes == 30  # type: ignore[call-arg]


def test_secrets_never_appear_in_repr(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("TELEGRAM_BOT_TOKEN", "123:very-secret")
    clean_env.setenv("WHATSAPP_TOKEN", "EAAG-very-secret")
    assert "very-secret" not in repr(Settings())
    assert "very-secret" not in str(Settings().model_dump())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IDLE_MINUTES", "0"),
        ("IDLE_MINUTES", "tiga puluh"),
        ("TIMEZONE_DEFAULT", "Asia/Jakarto"),
        ("TIMEZONE_DEFAULT", "WIB"),
    ],
)
def test_bad_values_are_refused(clean_env: pytest.MonkeyPatch, name: str, value: str) -> None:
    clean_env.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings()


def test_env_example_documents_every_setting_with_a_comment() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    assigned = [i for i, line in enumerate(lines) if re.match(r"^[A-Z_]+=", line)]
    names = sorted(lines[i].split("=", 1)[0] for i in assigned)
    assert names == sorted(ENV_NAMES)
    for i in assigned:
        assert lines[i - 1].startswith("#"), f"no comment above {lines[i]}"


def test_env_example_values_parse_to_the_defaults(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        (ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert Settings() == Settings(_env_file=None)  # type: ignore[call-arg]
