"""Fuzz the REAL runtime (issue 9, item 6): ``bot.service.ChatService`` on real SQLite and
PostgreSQL, the real engine and every flow, with the fuzzer of ``tests/fakes/fuzz.py``.

Every flow is walked step by step by valid answers, and at every step hostile events come
first: other scripts' digits, superscripts, zero-width and RTL characters, 100 kB lines,
numbers beyond float range, commands mid-flow, forged buttons (through the Telegram and
WhatsApp decoders), and restarts that revoke the admins. Fixed seed, bounded (about half a
minute per database); the long run is ``bench/fuzz_bench.py``.
"""

from __future__ import annotations

from bot.service import ChatService
from bot.settings import Settings
from handlers import texts
from handlers.events import ChoiceIn, TextIn
from handlers.prompts import Message, Question
from tests.fakes.fuzz import FLOWS, run

EVENTS = 2_000
SEED = 20260409


async def test_no_exception_no_apology_no_empty_reply_and_no_revoked_write(db_url: str) -> None:
    report = await run(db_url, events=EVENTS, seed=SEED, users=20, steps_per_round=3)
    assert report.events >= EVENTS
    assert report.escaped == []
    assert report.apologies == []
    assert report.empty == []
    assert report.revoked_writes == []
    assert report.revoked_rounds >= 1  # the admins walked on after losing their rights
    # The walk reached questions of every flow (pengingat and predikat have one or two).
    reached = {flow for flow, _ in report.steps}
    assert reached == set(FLOWS), set(FLOWS) - reached
    assert len(report.steps) >= 60


async def test_a_forged_reminder_button_beyond_the_key_range_is_a_stale_button(db_url: str) -> None:
    # Found by the fuzzer: "rem:2147483648" reached PostgreSQL as an INTEGER key and the
    # whole update failed with the runtime's apology.
    service = ChatService(Settings(database_url=db_url))
    try:
        async def talk() -> list[list[object] | None]:
            replies: list[list[object] | None] = [
                await service.handle("telegram", "5501", None, TextIn("/menu"))]
            for step in ("rem:2147483648", "rem:" + "9" * 18, "rem:2147483647"):
                replies.append(list(await service.handle(
                    "telegram", "5501", None, ChoiceIn("selesai", step)) or []))
            return replies
        replies = await talk()
    finally:
        service.close()
    for reply in replies[1:]:
        assert reply is not None
        first, last = reply[0], reply[-1]
        assert isinstance(first, Message)
        assert first.text in (texts.STALE_BUTTON, texts.REMINDER_GONE)
        assert isinstance(last, Question) and last.text == texts.MENU_QUESTION


async def test_a_nul_byte_in_a_question_is_dropped_before_the_database(db_url: str) -> None:
    # Found by the fuzzer: "\x00ya" typed as a question was stored for the admins, and
    # PostgreSQL text refused the NUL, failing the whole update.
    service = ChatService(Settings(database_url=db_url))
    try:
        reply = await service.handle("telegram", "5502", None, TextIn("\x00ya\x0b"))
    finally:
        service.close()
    assert reply
    assert not any(isinstance(p, Message) and "kesalahan" in p.text for p in reply)
