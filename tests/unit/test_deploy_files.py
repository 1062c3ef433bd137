"""The Dockerfile and compose.yaml, checked without a container engine.

This machine has the Docker client but no engine (and no compose plugin), so nothing is
built or started here. Instead: compose.yaml is parsed with PyYAML and its services,
commands, dependencies, health checks and environment names are checked against the
``Settings`` class; the Dockerfile's instructions are parsed and checked (slim base,
non-root user, the command the scale test runs, files copied that exist); and
requirements.lock must pin every runtime dependency of pyproject.toml within its range.
The same entrypoints run as real processes in tests/integration/test_serve_scale.py.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement

from bot.settings import Settings
from tests.fakes.scale import SERVE_COMMAND

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {name.upper() for name in Settings.model_fields}
MIGRATE_COMMAND = ["python", "-m", "bot", "migrate"]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def compose() -> dict[str, Any]:
    """compose.yaml as data."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return data


def test_dockerfile_slim_base_non_root_and_the_tested_command() -> None:
    steps = instructions()
    kinds = [kind for kind, _ in steps]
    assert kinds[0] == "FROM" and re.fullmatch(r"python:3\.1[1-9]-slim", steps[0][1])
    users = [arg for kind, arg in steps if kind == "USER"]
    assert users and users[-1] not in ("root", "0")
    # Nothing runs as root after the switch, and the command is the last word.
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k in ("RUN", "COPY"))
    cmd = json.loads(dict(steps)["CMD"])
    assert cmd == SERVE_COMMAND
    assert "ENTRYPOINT" not in kinds
    health = dict(steps)["HEALTHCHECK"]
    assert "/healthz" in health and "CMD" in health


def test_dockerfile_copies_what_exists_and_sets_known_settings() -> None:
    steps = instructions()
    for kind, arg in steps:
        if kind == "COPY":
            *sources, _ = arg.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: missing"
    copied = {arg.split()[0] for kind, arg in steps if kind == "COPY"}
    # The code and the knowledge data are baked in (the image needs no volume for them).
    assert {"knowledge", "handlers", "storage", "bot", "requirements.lock"} <= copied
    for kind, arg in steps:
        if kind == "ENV":
            names = re.findall(r"([A-Z_]+)=", arg)
            assert names
            wanted = {n for n in names if not n.startswith(("PYTHON", "PIP"))}
            assert wanted <= SETTINGS, wanted - SETTINGS
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored and ".env" in ignored and "var" in ignored


def test_requirements_lock_pins_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            pins[name.lower().replace("_", "-")] = version.strip()
    for spec in project["project"]["dependencies"]:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} not in requirements.lock"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {req.specifier}"


def test_compose_services_commands_and_order() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "migrate", "bot", "caddy"}
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    migrate = services["migrate"]
    assert migrate["command"] == MIGRATE_COMMAND and migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    bot = services["bot"]
    assert bot["command"] == SERVE_COMMAND
    assert bot["image"] == migrate["image"]  # the image migrate builds
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert str(bot["deploy"]["replicas"]).startswith("${BOT_WORKERS")
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])
    caddy = services["caddy"]
    assert caddy["profiles"] == ["tls"]
    mounted = [v.split(":")[0] for v in caddy["volumes"]]
    assert "./deploy/Caddyfile" in mounted and (ROOT / "deploy" / "Caddyfile").exists()
    assert set(compose()["volumes"]) >= {"pgdata", "caddy_data"}


def test_compose_environment_names_are_settings() -> None:
    services = compose()["services"]
    environment = services["bot"]["environment"]
    assert environment == services["migrate"]["environment"]
    assert set(environment) <= SETTINGS, set(environment) - SETTINGS
    assert environment["DATABASE_URL"].startswith("postgresql://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    # Secrets come from .env, never from the file itself.
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "WHATSAPP_TOKEN",
                 "WHATSAPP_APP_SECRET", "LOG_USER_SALT"):
        assert environment[name].startswith("${"), name


def test_caddy_keeps_metrics_inside_and_balances_over_the_workers() -> None:
    text = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert re.search(r"@internal path /healthz /readyz /metrics\s+respond @internal 404", text)
    assert "name bot" in text and "port 8000" in text
