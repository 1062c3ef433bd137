"""``python -m bot whatsapp`` as an operator runs it: refused without secrets, served otherwise.

The served case starts the real uvicorn process on a free loopback port with the real
ChatService (temporary SQLite), then talks to it over HTTP like Meta does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.whatsapp_app import WEBHOOK_PATH
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.whatsapp_api import FakeGraphAPI

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # generous: a busy 2-core machine imports pywa/fastapi slowly


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("WHATSAPP_")}
    env.update(
        PYTHONPATH=str(ROOT),
        BOT_LOG_FILE=str(tmp_path / "bot.log"),
        LOG_FILE=str(tmp_path / "bot.log"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'wa.sqlite3'}",
    )
    env.update(settings)
    return env


def _run(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "whatsapp", "--port", "9"],
        cwd=tmp_path, env=_env(tmp_path, **settings),
        capture_output=True, text=True, timeout=120,
    )


FULL = {
    "WHATSAPP_PHONE_ID": wp.PHONE_ID,
    "WHATSAPP_TOKEN": wp.ACCESS_TOKEN,
    "WHATSAPP_APP_SECRET": wp.APP_SECRET,
    "WHATSAPP_VERIFY_TOKEN": wp.VERIFY_TOKEN,
}


def test_refuses_to_start_without_the_app_secret(tmp_path: Path) -> None:
    settings = {k: v for k, v in FULL.items() if k != "WHATSAPP_APP_SECRET"}
    result = _run(tmp_path, **settings)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WHATSAPP_APP_SECRET" in lines[0]
    assert "Traceback" not in result.stderr


def test_an_empty_app_secret_counts_as_missing(tmp_path: Path) -> None:
    result = _run(tmp_path, **{**FULL, "WHATSAPP_APP_SECRET": "  "})
    assert result.returncode == 2 and "WHATSAPP_APP_SECRET" in result.stderr


def test_names_every_missing_setting(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    for name in FULL:
        assert name in line


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, FakeGraphAPI]]:
    """``python -m bot whatsapp`` running against the fake Graph API; yields its base URL."""
    with FakeGraphAPI(token=wp.ACCESS_TOKEN) as api:
        port = _free_port()
        env = _env(tmp_path, **FULL, WHATSAPP_API_BASE_URL=api.base_url)
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "whatsapp", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                assert process.poll() is None, process.communicate()[1]
                try:
                    httpx.get(base + WEBHOOK_PATH, timeout=2)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.1)  # polling a subprocess's readiness: no clock to inject
            yield base, api
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_the_served_app_verifies_and_answers_over_http(
    served: tuple[str, FakeGraphAPI]
) -> None:
    base, api = served
    url = base + WEBHOOK_PATH
    ok = httpx.get(url, params={"hub.mode": "subscribe", "hub.verify_token": wp.VERIFY_TOKEN,
                                "hub.challenge": "4242"})
    assert (ok.status_code, ok.text) == (200, "4242")
    raw = wp.encode(wp.text_message("menu"))
    assert httpx.post(url, content=raw).status_code == 401
    assert api.requests == []
    response = httpx.post(url, content=raw, headers=wp.signed_headers(raw), timeout=60)
    assert response.status_code == 200
    # Acknowledged only after handling: the reply is already at the Graph API.
    sent = api.messages()
    assert sent and all(m["to"] == wp.WA_ID for m in sent)
