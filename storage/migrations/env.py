"""Alembic environment: programmatic runs pass a connection, the CLI builds one from a URL.

URL precedence for the ``alembic`` command line: ``-x db_url=...``, then ``sqlalchemy.url``
in alembic.ini (left empty in the repo), then ``DATABASE_URL`` via ``bot.settings``.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401 - registers every table on SQLModel.metadata
from storage.db import check_foreign_keys, make_engine, normalise_url
from storage.models import UTCDateTime

config = context.config
target_metadata = SQLModel.metadata


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Revisions must not import application code: render our column type as plain SQLAlchemy.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and type(obj).__module__.startswith("sqlmodel"):
        length = getattr(obj, "length", None)
        return f"sa.String(length={length!r})" if length is not None else "sa.String()"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        render_item=_render_item,
        **kwargs,
    )


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("db_url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        from bot.settings import Settings

        url = Settings().database_url
    return normalise_url(url)


def _run_online(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Run migrations offline (SQL script) or online (on a connection)."""
    given = config.attributes.get("connection")
    if given is not None:
        _run_online(given)
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    if context.is_offline_mode():
        _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
        with context.begin_transaction():
            context.run_migrations()
        return
    # Foreign keys off on SQLite, as in storage.db._run (table rebuilds would cascade).
    engine = make_engine(_url(), sqlite_foreign_keys=False)
    try:
        with engine.connect() as connection:
            _run_online(connection)
            check_foreign_keys(connection)
            connection.commit()
    finally:
        engine.dispose()


main()
