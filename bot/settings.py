"""Runtime settings read from the environment and an optional ``.env`` file.

Every variable is documented in ``.env.example``. Names are matched case-insensitively
(``DATABASE_URL`` fills ``database_url``). Secrets are ``SecretStr`` so that a settings
object printed into a log never shows them; call ``.get_secret_value()`` where needed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/asisten.sqlite3"
# python-telegram-bot's ``base_url`` format: the bot token is appended to it.
DEFAULT_TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# Meta and Telegram send updates of a few kB; 256 KiB leaves room for batched ones.
DEFAULT_WEBHOOK_MAX_BODY_BYTES = 256 * 1024


class Settings(BaseSettings):
    """Process-wide configuration; relative paths are relative to the working directory."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    database_url: str = DEFAULT_DATABASE_URL
    # SQLite only: FULL fsyncs every commit (survives power loss); NORMAL survives a crash
    # of the process (SIGKILL) but may lose the last commits on power loss. docs/storage.md.
    sqlite_synchronous: Literal["FULL", "NORMAL"] = "FULL"

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_TELEGRAM_API_BASE_URL
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    whatsapp_phone_id: str | None = None
    whatsapp_token: SecretStr | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_api_base_url: str | None = None
    whatsapp_template_name: str | None = None
    whatsapp_template_language: str = "id"
    # The business account's messaging-limit tier: unique template recipients per rolling
    # 24 hours (250, 1000, 10000, 100000 or unlimited); the rest wait (docs/whatsapp.md).
    whatsapp_messaging_limit: Literal["250", "1000", "10000", "100000", "unlimited"] = (
        "unlimited")
    # Both webhooks refuse (413) a POST body larger than this, while it is being read.
    webhook_max_body_bytes: int = Field(default=DEFAULT_WEBHOOK_MAX_BODY_BYTES, gt=0)

    # NoDecode: accept "123,456" as well as a JSON list instead of requiring JSON.
    admin_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)

    documents_dir: str = "var/dokumen"
    log_file: str = "var/bot.log"
    idle_minutes: int = Field(default=30, gt=0)
    timezone_default: str = "Asia/Jakarta"

    # -- ``python -m bot serve`` (docs/deploy.md) ------------------------------------------
    serve_host: str = "127.0.0.1"
    serve_port: int = Field(default=8000, gt=0, lt=65536)
    # "json": one JSON object per line on standard error (containers); "text": LOG_FILE.
    log_format: Literal["text", "json"] = "text"
    # Salt of the hashed user ids in JSON logs (sha256); set it so that hashes are not
    # reversible by hashing every phone number.
    log_user_salt: SecretStr = SecretStr("asisten-jf")
    # A claimed reminder whose worker died is claimed again after this many seconds.
    reminder_lease_seconds: int = Field(default=300, gt=0)
    # How often a process that is not the clock leader tries to become it (PostgreSQL).
    leader_retry_seconds: float = Field(default=5.0, gt=0)
    # Processes dispatching reminders with one bot: each paces itself to 1/N of the
    # channel's limit (Telegram 25/s, WhatsApp 60/s are per bot, not per process).
    dispatch_processes: int = Field(default=1, gt=0)

    @field_validator(
        "telegram_bot_token",
        "telegram_webhook_url",
        "telegram_webhook_secret",
        "whatsapp_phone_id",
        "whatsapp_token",
        "whatsapp_app_secret",
        "whatsapp_verify_token",
        "whatsapp_api_base_url",
        "whatsapp_template_name",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        # ``.env.example`` is copied with empty values: ``FOO=`` means "not configured".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                value = json.loads(text)
            else:
                return [part.strip() for part in text.split(",") if part.strip()]
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        return value

    @field_validator("timezone_default")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone: {value!r}") from None
        return value

    @property
    def timezone(self) -> ZoneInfo:
        """The default time zone as a ``ZoneInfo``."""
        return ZoneInfo(self.timezone_default)

    @property
    def telegram_enabled(self) -> bool:
        """True when a Telegram bot token is configured."""
        return self.telegram_bot_token is not None

    @property
    def whatsapp_enabled(self) -> bool:
        """True when the WhatsApp Cloud API phone id and token are both configured."""
        return self.whatsapp_phone_id is not None and self.whatsapp_token is not None

    def is_admin(self, external_id: str) -> bool:
        """True when ``external_id`` (a chat/user id as text) is listed in ADMIN_IDS."""
        return external_id.strip() in self.admin_ids


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once (tests construct ``Settings`` directly)."""
    return Settings()
