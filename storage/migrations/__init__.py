"""Alembic migrations of the durable layer (``script_location`` = this folder)."""
