"""Shared pytest configuration; shared fakes live in ``tests/fakes``."""

pytest_plugins = ["tests.fakes.databases"]
