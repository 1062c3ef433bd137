"""Shared pytest configuration; shared fakes live in ``tests/fakes``."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fakes.databases"]

# Stress tests that start processes, kill them and wait on deadlines: run one after another on
# one xdist worker (``make test`` runs ``-n auto --dist loadgroup``) so that two of them never
# share the 2 CPUs of a CI machine while the other worker takes the quick tests.
HEAVY_MODULES = frozenset({"test_fuzz.py", "test_serve_scale.py", "test_telegram_crash.py",
                           "test_dispatch_telegram.py", "test_graceful_stop.py"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the stress tests into one xdist group."""
    for item in items:
        if item.path.name in HEAVY_MODULES:
            item.add_marker(pytest.mark.xdist_group("heavy"))
