"""The metric wrappers of ``python -m bot serve`` (``bot/metrics.py``) on real calls."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot import metrics
from handlers.events import Event, TextIn
from handlers.prompts import Message, Prompt


def _value(name: str, **labels: str) -> float:
    found = metrics.REGISTRY.get_sample_value(name, labels or None)
    return 0.0 if found is None else found


class _Index:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.size = 3

    def search(self, query: str) -> list[str]:
        self.asked.append(query)
        return [query.upper()]


def test_timed_index_and_advance_observe_searches_and_asks() -> None:
    index = metrics.TimedIndex(_Index)
    searches, asks = _value("asisten_search_seconds_count"), _value("asisten_ask_seconds_count")

    def advance(state: Any, event: Any, *, now: dt.datetime, services: Any) -> str:
        if event == "tanya":
            return str(services.search("syarat"))
        return "menu"

    timed = metrics.timed_advance(advance)
    now = dt.datetime(2027, 4, 1, tzinfo=dt.UTC)
    assert timed(None, "menu", now=now, services=index) == "menu"
    assert _value("asisten_ask_seconds_count") == asks  # no search: not an "ask"
    assert timed(None, "tanya", now=now, services=index) == "['SYARAT']"
    assert _value("asisten_search_seconds_count") == searches + 1
    assert _value("asisten_ask_seconds_count") == asks + 1
    assert index.size == 3  # everything else passes through to the real index


async def test_metered_handler_counts_answers_and_duplicates_per_channel() -> None:
    seen: set[str | None] = set()

    class Handler:
        async def handle(self, channel: str, external_id: str, update_key: str | None,
                         event: Event) -> list[Prompt] | None:
            if update_key in seen:
                return None
            seen.add(update_key)
            return [Message("Halo")]

    handler = metrics.MeteredHandler(Handler())
    before = (_value("asisten_updates_in_total", channel="uji"),
              _value("asisten_updates_answered_total", channel="uji"),
              _value("asisten_updates_duplicate_total", channel="uji"))

    async def three() -> None:
        for key in ("1", "2", "1"):
            await handler.handle("uji", "42", key, TextIn("x"))

    await three()
    assert _value("asisten_updates_in_total", channel="uji") == before[0] + 3
    assert _value("asisten_updates_answered_total", channel="uji") == before[1] + 2
    assert _value("asisten_updates_duplicate_total", channel="uji") == before[2] + 1
