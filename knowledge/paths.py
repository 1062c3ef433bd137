"""Where the project's own copies of the sources and the extracted data live."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCES_DIR = PACKAGE_DIR / "sources"
DATA_DIR = PACKAGE_DIR / "data"
