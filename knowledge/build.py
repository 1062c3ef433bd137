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


def build_all() -> dict[str, Any]:
    """Run every extractor and return all data files by name."""
    files: dict[str, Any] = {}
    for name in extractor_modules():
        produced = importlib.import_module(name).build()
        clash = files.keys() & produced.keys()
        if clash:
            raise RuntimeError(f"{name} produces files another extractor made: {sorted(clash)}")
        files.update(produced)
    return files


def dump(content: Any) -> str:
    """Serialise a data file deterministically (reviewable diffs)."""
    return json.dumps(content, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_all(data_dir: Path = DATA_DIR) -> list[Path]:
    """Write every data file; return the paths written."""
    written = []
    for name, content in sorted(build_all().items()):
        path = data_dir / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(content), encoding="utf-8")
        written.append(path)
    return written
