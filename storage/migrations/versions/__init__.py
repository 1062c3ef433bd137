"""Alembic revision files, named ``NNNN_slug.py`` with revision id ``NNNN``."""
