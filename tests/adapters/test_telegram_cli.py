"""``python -m bot telegram`` as operators run it: a real process long-polling the fake Bot API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.fakes.telegram_api import (
    FakeBotAPI,
    fake_bot_api_fixture,  # noqa: F401 - provides the fake_bot_api fixture
    message_update,
)

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/bot.sqlite3",
               LOG_FILE=str(tmp_path / "bot.log"), **extra)
    return env


def test_polling_process_answers_and_stops_cleanly(
    fake_bot_api: FakeBotAPI, tmp_path: Path
) -> None:
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN=fake_bot_api.token,
               TELEGRAM_API_BASE_URL=fake_bot_api.base_url)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "telegram"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        fake_bot_api.feed(message_update(fake_bot_api.next_update_id(), 4001, "/start"))
        assert fake_bot_api.wait_for(lambda: len(fake_bot_api.sent(4001)) >= 2, timeout=30)
        assert fake_bot_api.sent(4001)[0].text is not None
        assert fake_bot_api.calls_of("setMyCommands")
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
    log = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert fake_bot_api.token not in log  # httpx would log request URLs with the token
    assert "Selamat datang" not in log


def test_missing_token_is_one_clear_sentence(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "telegram"], cwd=tmp_path,
                            env=_env(tmp_path), capture_output=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        "TELEGRAM_BOT_TOKEN: isi token bot Telegram terlebih dahulu.")
