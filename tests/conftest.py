"""Shared pytest configuration; shared fakes live in ``tests/fakes``."""
