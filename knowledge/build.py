"""Rebuild every data file under ``knowledge/data`` from the sources.

Each module in ``knowledge.extract`` exposes ``build() -> dict[str, object]`` mapping a data file
name (relative to ``knowledge/data``, without ``.json``) to its JSON-ready content. Modules are
discovered, so adding an extractor needs no change here.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import knowledge.extract
from knowledge.paths import DATA_DIR


def extractor_modules() -> list[str]:
    """Return the dotted names of all extractor modules, sorted."""
    return sorted(
        f"knowledge.extract.{m.name}"
        for m in pkgutil.iter_modules(knowledge.extract.__path__)
        if not m.name.startswith("_")
    )


def build_all(only: str | None = None) -> dict[str, Any]:
    """Run every extractor (or just the module named ``only``) and return data files by name."""
    files: dict[str, Any] = {}
    names = extractor_modules()
    if only is not None:
        names = [n for n in names if n.rsplit(".", 1)[-1] == only]
        if not names:
            raise ValueError(f"no extractor module named {only!r}")
    for name in names:
        produced = importlib.import_module(name).build()
        clash = files.keys() & produced.keys()
        if clash:
            raise RuntimeError(f"{name} produces files another extractor made: {sorted(clash)}")
        files.update(produced)
    return files


def dump(content: Any) -> str:
    """Serialise a data file deterministically (reviewable diffs)."""
    return json.dumps(content, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_all(data_dir: Path = DATA_DIR, only: str | None = None) -> list[Path]:
    """Write every data file (or those of extractor ``only``); return the paths written."""
    written = []
    for name, content in sorted(build_all(only).items()):
        path = data_dir / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(content), encoding="utf-8")
        written.append(path)
    return written
