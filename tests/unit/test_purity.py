"""The pure core (knowledge/, handlers/) imports no channel, scheduler, database or network."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "telegram", "pywa", "apscheduler", "sqlmodel", "sqlalchemy", "alembic", "fastapi",
    "uvicorn", "httpx", "requests", "psycopg", "psycopg2", "urllib3", "aiohttp",
    "storage", "bot",
}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_pure_packages_import_no_io_library_in_source() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_roots(path) & FORBIDDEN)
        for pkg in ("knowledge", "handlers")
        for path in (ROOT / pkg).rglob("*.py")
        if _imported_roots(path) & FORBIDDEN
    }
    assert offenders == {}


def test_pure_packages_pull_in_no_io_library_at_runtime() -> None:
    # Transitive imports count too: import every module, then look at sys.modules.
    code = (
        "import importlib, pkgutil, sys\n"
        "import knowledge, handlers\n"
        "for pkg in (knowledge, handlers):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        f"bad = sorted({{n.split('.')[0] for n in sys.modules}} & set({sorted(FORBIDDEN)!r}))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
