"""ChatService with the REAL engine on real SQLite and PostgreSQL (``db_url`` runs both).

The conversations use the exam flow (``handlers/flows/exam.py``): it needs no search index,
so these tests stay fast. The runtime's own guarantees with a counting engine are in
``test_service_runtime.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.service import ChatService
from bot.settings import Settings
from handlers.events import ChoiceIn, TextIn
from handlers.flow import Flow, Number, Services, Show
from handlers.flows import Registry
from handlers.prompts import Message, Prompt, Question
from storage import repo
from tests.fakes.clock import FakeClock

# One answer per question of the exam flow, in order (Langkah 1..10), and what follows.
EXAM = ["80", "8", "50", "25", "25", "35", "25", "80, 90, 70", "75", "lewati"]
# Hand computation: seminar 8+50+25 = 83, praktik 25+35+25 = 85, wawancara (80+90+70)/3 = 80;
# UKT = (80+83+85+80)/4 = 82; nilai akhir = 50% × 82 + 50% × 75 = 78,50 → Lulus (≥ 65).
EXAM_RESULT = "78,50"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, idle_minutes=30)


@pytest.fixture
def made() -> Iterator[list[ChatService]]:
    made: list[ChatService] = []
    yield made
    for service in made:
        service.close()


def _new(made: list[ChatService], settings: Settings, clock: FakeClock,
         **kwargs: Any) -> ChatService:
    service = ChatService(settings, clock=clock, **kwargs)
    made.append(service)
    return service


def _text(prompts: list[Prompt] | None) -> str:
    assert prompts is not None
    parts: list[str] = []
    for p in prompts:
        if isinstance(p, Message):
            parts.append(p.text)
        elif isinstance(p, Question):
            parts += [p.progress or "", p.text, *(o.label for o in p.options), p.hint or ""]
    return "\n".join(parts)


def _question(prompts: list[Prompt] | None) -> Question:
    assert prompts is not None
    questions = [p for p in prompts if isinstance(p, Question)]
    assert questions, prompts
    return questions[-1]


async def _talk(service: ChatService, user: str, *texts: str,
          channel: str = "telegram") -> list[list[Prompt] | None]:
    async def run() -> list[list[Prompt] | None]:
        return [await service.handle(channel, user, None, TextIn(t)) for t in texts]

    return await run()


async def test_a_flow_survives_a_restart_of_the_service(
    made: list[ChatService], settings: Settings, clock: FakeClock
) -> None:
    first = _new(made, settings, clock)
    replies = await _talk(first, "42", "ukom", *EXAM[:3])
    assert _question(replies[-1]).progress == "Langkah 4 dari 10"
    first.close()

    second = _new(made, settings, clock)  # a new process on the same database
    state = await second.load_state("telegram", "42")
    assert state is not None and state.flow == "exam" and state.step == "seminar:presentasi"
    assert state.user_answers() == {"cat": "80", "seminar:sistematika": "8", "seminar:isi": "50"}
    replies = await _talk(second, "42", *EXAM[3:])
    assert EXAM_RESULT in _text(replies[-1]) and "Lulus" in _text(replies[-1])
    back = (await _talk(second, "42", "kembali"))[0]
    assert "Langkah 10 dari 10" in _text(back)


async def test_a_redelivered_update_gets_none_and_changes_no_state(
    made: list[ChatService], settings: Settings, clock: FakeClock
) -> None:
    service = _new(made, settings, clock)

    async def run() -> list[list[Prompt] | None]:
        return [
            await service.handle("telegram", "42", "1001", TextIn("ukom")),
            await service.handle("telegram", "42", "1002", TextIn("80")),
            await service.handle("telegram", "42", "1002", TextIn("80")),  # redelivered
            await service.handle("telegram", "42", "1001", TextIn("ukom")),  # redelivered
        ]

    replies = await run()
    assert replies[2] is None and replies[3] is None
    assert _question(replies[1]).progress == "Langkah 2 dari 10"
    with service.sessions() as s:
        user = repo.get_or_create_user(s, "telegram", "42", touch=False)
        assert user.id is not None
        row = repo.load_state(s, user.id)
        statuses = s.connection().execute(
            sa.text("SELECT update_key, status FROM processed_update ORDER BY update_key")
        ).all()
    assert row.version == 2  # two saves, none for the redeliveries
    assert row.step == "seminar:sistematika" and row.answers["cat"] == "80"
    assert [tuple(r) for r in statuses] == [("1001", "done"), ("1002", "done")]


async def test_twenty_concurrent_messages_of_one_user_are_applied_in_order(
    made: list[ChatService], settings: Settings, clock: FakeClock
) -> None:
    service = _new(made, settings, clock)
    # 22 messages fired at once: the whole exam, "Hitung lagi", the whole exam again. Each
    # answer only fits the question left by the previous one, so a lost or parallel update
    # would misplace answers and the flow would not reach its results.
    texts = ["ukom", *EXAM, "Hitung lagi", *EXAM]

    async def burst() -> list[list[Prompt] | None]:
        return await asyncio.gather(
            *(service.handle("telegram", "42", f"u{i}", TextIn(t)) for i, t in enumerate(texts))
        )

    replies = await burst()
    progress = [_question(r).progress for r in replies]
    assert progress[:10] == [f"Langkah {i} dari 10" for i in range(1, 11)]
    assert progress[12:21] == [f"Langkah {i} dari 10" for i in range(2, 11)]
    assert EXAM_RESULT in _text(replies[10]) and EXAM_RESULT in _text(replies[21])
    state = await service.load_state("telegram", "42")
    assert state is not None and state.step == "_end"
    assert state.history == ["cat", "seminar:sistematika", "seminar:isi", "seminar:presentasi",
                             "praktik:persiapan", "praktik:pelaksanaan", "praktik:hasil",
                             "wawancara", "ukmsk", "tanggal_rekomendasi"]


async def test_different_users_progress_independently_when_interleaved(
    made: list[ChatService], settings: Settings, clock: FakeClock
) -> None:
    service = _new(made, settings, clock)

    async def both() -> list[list[Prompt] | None]:
        texts_a = ["ukom", *EXAM[:5]]
        texts_b = ["ukom", *EXAM[:2]]
        calls = [service.handle("telegram", "a", None, TextIn(t)) for t in texts_a]
        calls += [service.handle("whatsapp", "a", None, TextIn(t)) for t in texts_b]
        return await asyncio.gather(*calls)

    await both()
    a = await service.load_state("telegram", "a")
    b = await service.load_state("whatsapp", "a")  # same id, other channel: other user
    assert a is not None and a.step == "praktik:pelaksanaan"
    assert b is not None and b.step == "seminar:isi"


async def test_erase_leaves_nothing_of_the_user_in_any_table(
    made: list[ChatService], settings: Settings, clock: FakeClock
) -> None:
    service = _new(made, settings, clock)

    async def run() -> list[list[Prompt] | None]:
        out = []
        for i, text in enumerate(["ukom", "80", "hapus data", "Ya, hapus"]):
            out.append(await service.handle("whatsapp", "628111", f"wamid.{i}", TextIn(text)))
        out.append(await service.handle("whatsapp", "628222", "wamid.x", TextIn("ukom")))
        return out

    replies = await run()
    # Before confirming: the list of what will go (from the erase's own discovery); after:
    # what went, with counts (4 messages recorded by then: "ukom", "80", "hapus data", "Ya").
    assert ("Yang akan dihapus:\n- percakapan yang sedang berjalan beserta jawabannya\n"
            "- 3 catatan pesan yang diterima (tanpa isi pesan)\n- akun Anda di asisten ini\n"
            "Tindakan ini tidak dapat dibatalkan.") in _text(replies[2])
    assert ("Data Anda sudah dihapus:\n- percakapan yang sedang berjalan beserta jawabannya\n"
            "- 4 catatan pesan yang diterima (tanpa isi pesan)\n- akun Anda di asisten ini\n"
            ) in _text(replies[3])
    with service.sessions() as s:
        conn = s.connection()
        tables = repo.user_data_columns(conn)
        ids = {row[0] for row in conn.execute(
            sa.text("SELECT id FROM chat_user WHERE external_id = '628111'"))}
        other = conn.execute(
            sa.text("SELECT id FROM chat_user WHERE external_id = '628222'")).scalar_one()
        per_table = {
            f"{table}.{column}": conn.execute(
                sa.text(f"SELECT COUNT(*) FROM {table} WHERE {column} != :other"),
                {"other": other},
            ).scalar_one()
            for table, column in tables
        }
    assert ids == set()
    assert {"chat_user.id", "conversation_state.user_id",
            "processed_update.user_id"} <= set(per_table)
    assert per_table == dict.fromkeys(per_table, 0)
    # The other user is untouched, and the erased one starts afresh.
    assert await service.load_state("whatsapp", "628222") is not None
    assert await service.load_state("whatsapp", "628111") is None


async def test_a_storage_failure_gives_an_apology_and_loses_nothing(
    made: list[ChatService], settings: Settings, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    service = _new(made, settings, clock)
    await _talk(service, "42", "ukom", "80")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(repo, "save_state", broken)
    monkeypatch.setattr(repo, "save_state_record", broken)
    reply = await service.handle("telegram", "42", "77", TextIn("8"))
    monkeypatch.undo()

    text = _text(reply)
    assert text.startswith("Maaf, terjadi kesalahan") and "kode " in text
    error_id = text.split("kode ")[1][:8]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
    state = await service.load_state("telegram", "42")
    assert state is not None and state.step == "seminar:sistematika"
    assert state.user_answers() == {"cat": "80"}
    with service.sessions() as s:
        status = s.connection().execute(
            sa.text("SELECT status FROM processed_update WHERE update_key = '77'")).scalar_one()
    assert status == "failed"
    # The same update redelivered is not processed half again; a new message goes on.
    assert await service.handle("telegram", "42", "77", TextIn("8")) is None
    again = await service.handle("telegram", "42", "78", TextIn("8"))
    assert _question(again).progress == "Langkah 3 dari 10"


async def test_an_engine_error_is_logged_under_the_id_the_user_sees(
    made: list[ChatService], settings: Settings, clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def boom(answers: Any, services: Any) -> list[Prompt]:
        raise ZeroDivisionError("a bug")

    flow = Flow(id="exam", title="Rusak", keywords=("ukom",), steps=[
        Number(id="angka", text="Angka?"), Show(id="hasil", render=boom)])
    service = _new(made, settings, clock, services=Services(registry=Registry([flow])))
    replies = await _talk(service, "42", "ukom", "secret 5")
    replies += await _talk(service, "42", "5")
    text = _text(replies[-1])
    error_id = text.split("kode ")[1][:8]
    records = [r for r in caplog.records if error_id in r.getMessage()]
    assert records and records[0].exc_info and records[0].exc_info[0] is ZeroDivisionError
    assert not any("secret" in r.getMessage() for r in caplog.records)
    state = await service.load_state("telegram", "42")
    assert state is not None and state.step == "angka"  # the state before the failing step


async def test_opening_shows_the_menu_then_the_current_question_then_the_idle_offer(
    made: list[ChatService], settings: Settings, clock: FakeClock
) -> None:
    service = _new(made, settings, clock)
    first = await service.opening("console", "me")
    assert "Selamat datang" in _text(first) and _question(first).text.startswith("Menu utama")
    await _talk(service, "me", "ukom", "80", channel="console")

    again = await service.opening("console", "me")
    assert _question(again).progress == "Langkah 2 dari 10"
    clock.advance(timedelta(minutes=31))
    later = await service.opening("console", "me")
    offer = _question(later)
    assert [o.label for o in offer.options] == ["Lanjutkan", "Mulai dari awal"]
    cont = await service.handle("console", "me", None,
                                ChoiceIn(offer.options[0].token, offer.step_token))
    assert _question(cont).progress == "Langkah 2 dari 10"
    state = await service.load_state("console", "me")
    assert state is not None and state.user_answers() == {"cat": "80"}
