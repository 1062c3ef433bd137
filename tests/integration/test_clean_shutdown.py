"""A normal exit of every channel leaves no traceback in the log (issue 12, item 7).

Real processes: the console (input closed, or "keluar", also while the reminder clock's
start-up jobs are still running), ``python -m bot telegram`` long polling the fake Bot API and
stopped by SIGINT or SIGTERM, and ``python -m bot whatsapp`` (uvicorn) stopped the same way.
The log file and stderr of each run must carry no "Traceback" and no "CancelledError".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.whatsapp_app import WEBHOOK_PATH
from tests.adapters.test_whatsapp_cli import FULL, START_TIMEOUT, _free_port
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.telegram_api import (
    FakeBotAPI,
    fake_bot_api_fixture,  # noqa: F401 - provides the fake_bot_api fixture
    message_update,
)
from tests.fakes.whatsapp_api import FakeGraphAPI

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("Traceback", "CancelledError")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "WHATSAPP_", "DATABASE_"))}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite:///{tmp_path}/bot.sqlite3",
               LOG_FILE=str(tmp_path / "bot.log"), DOCUMENTS_DIR=str(tmp_path / "dokumen"),
               **extra)
    return env


def assert_clean(tmp_path: Path, stderr: str) -> str:
    """Assert the run's log and stderr hold no traceback; return the log."""
    log = (tmp_path / "bot.log").read_text(encoding="utf-8")
    for word in FORBIDDEN:
        assert word not in log, log
        assert word not in stderr, stderr
    return log


@pytest.mark.parametrize("typed", ["", "/start\n", "/start\nhitung formasi\nkeluar\n/menu\n"],
                         ids=["closed-at-once", "closed-after-start", "keluar"])
def test_the_console_exits_without_a_traceback(tmp_path: Path, typed: str) -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "console", "--user", "sari"],
                            cwd=tmp_path, env=_env(tmp_path), input=typed,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Sampai jumpa.")
    if "keluar" in typed:  # nothing after "keluar" was read: the "/menu" after it is not shown
        assert "Untuk JF apa" in result.stdout.rsplit("Menu utama — silakan pilih", 1)[-1]
    log = assert_clean(tmp_path, result.stderr)
    assert "reminder clock started" in log  # the clock really ran (and was stopped)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_telegram_polling_stops_without_a_traceback(
        fake_bot_api: FakeBotAPI, tmp_path: Path, signum: signal.Signals) -> None:
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN=fake_bot_api.token,
               TELEGRAM_API_BASE_URL=fake_bot_api.base_url)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "telegram"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        fake_bot_api.feed(message_update(fake_bot_api.next_update_id(), 4501, "/start"))
        assert fake_bot_api.wait_for(lambda: len(fake_bot_api.sent(4501)) >= 2, timeout=60)
    finally:
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    log = assert_clean(tmp_path, err)
    assert "reminder clock started" in log


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_the_whatsapp_server_stops_without_a_traceback(
        tmp_path: Path, signum: signal.Signals) -> None:
    with FakeGraphAPI(token=wp.ACCESS_TOKEN) as api:
        port = _free_port()
        env = _env(tmp_path, **FULL, WHATSAPP_API_BASE_URL=api.base_url)
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "whatsapp", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                assert proc.poll() is None, proc.communicate()[1]
                try:
                    httpx.get(url, timeout=2)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.1)  # polling a subprocess's readiness: no clock to inject
            raw = wp.encode(wp.text_message("menu"))
            answered = httpx.post(url, content=raw, headers=wp.signed_headers(raw), timeout=60)
            assert answered.status_code == 200 and api.messages()
        finally:
            proc.send_signal(signum)
            _, err = proc.communicate(timeout=60)
    # uvicorn re-raises the signal it caught once it has shut down: SIGTERM then ends the
    # process by its default action (-15), the way a service manager expects.
    assert proc.returncode in (0, -signal.SIGTERM if signum == signal.SIGTERM else 0), err
    log = assert_clean(tmp_path, err)
    assert "reminder clock started" in log
