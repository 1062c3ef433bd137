"""JSON log lines of ``python -m bot serve``: one object per line, hashed users, no text."""

from __future__ import annotations

import io
import json
import logging

from bot.json_logs import configure_json_logging, hash_user


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_json_object_per_line_with_the_hashed_user_only() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_json_logging("garam-uji", stream)
        logging.getLogger("bot.updates").info(
            "update handled", extra={"channel": "whatsapp", "user": "6281234567890", "ms": 4.2})
        said = "".join(["isi pesan ", "rahasia ", "6281234567890"])  # not in a source line
        try:
            raise ValueError(said)
        except ValueError:
            logging.getLogger("bot.errors").exception("unexpected error %s", "1a2b3c4d")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    first, second = _lines(stream)
    assert first["msg"] == "update handled" and first["channel"] == "whatsapp"
    assert first["ms"] == 4.2 and first["level"] == "INFO" and first["logger"] == "bot.updates"
    assert first["user_hash"] == hash_user("6281234567890", "garam-uji")
    assert "user" not in first
    # The exception's own message (it may quote a user) is not written; type and frames are.
    assert second["exc_type"] == "ValueError" and "raise ValueError" in str(second["stack"])
    assert "6281234567890" not in stream.getvalue()
    assert "rahasia" not in stream.getvalue()


def test_the_hash_depends_on_the_salt_and_is_stable() -> None:
    assert hash_user("42", "a") == hash_user("42", "a")
    assert hash_user("42", "a") != hash_user("42", "b")
    assert hash_user("42", "a") != hash_user("43", "a")
    assert len(hash_user("42", "a")) == 16
