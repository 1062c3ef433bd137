"""A revoked admin loses power at once (issue 9, item 2): the REAL runtime, engine and admin
flow on real SQLite and PostgreSQL.

An admin starts /admin and gets as far as the confirmation; the runtime restarts with the
admin removed from ADMIN_IDS; the admin answers "Ya". No broadcast row, no schedule change, no
statistics: one polite sentence and the menu. ``bot.effects`` refuses an admin effect of a
non-admin by itself too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.effects import perform
from bot.service import ChatService
from bot.settings import Settings
from handlers import texts
from handlers.domain.effects import DeleteSchedule, SaveSchedule, StartBroadcast
from handlers.domain.records import UkomSchedule
from handlers.events import TextIn
from handlers.flows import admin
from handlers.prompts import Message, Prompt, Question
from storage import repo
from storage.db import session_scope
from tests.fakes.clock import FakeClock

ADMIN = "777001"
PUBLISH = ["/admin", "Terbitkan jadwal uji kompetensi", "Penera", "Semua jenjang",
           "1 Juni 2027", "10 Juni 2027", "Bandung"]
UNTIL_CONFIRMATION = {
    "siaran": ["/admin", "Kirim siaran", "Semua JF", "Semua jenjang", "Ukom dibuka."],
    "terbit": PUBLISH,
    "ubah": ["/admin", "Ubah jadwal", "1", "Catatan", "Jakarta"],
    "hapus": ["/admin", "Hapus jadwal", "1"],
    "statistik": ["/admin"],
}
ANSWER = {"statistik": "Statistik"}  # the others confirm with "Ya"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def started() -> Iterator[list[ChatService]]:
    services: list[ChatService] = []
    yield services
    for service in services:
        service.close()


def runtime(started: list[ChatService], db_url: str, clock: FakeClock,
            admins: list[str]) -> ChatService:
    service = ChatService(Settings(database_url=db_url, admin_ids=admins), clock=clock)
    started.append(service)
    return service


async def talk(service: ChatService, *typed: str, who: str = ADMIN) -> list[Prompt]:
    async def run() -> list[Prompt]:
        last: list[Prompt] | None = []
        for text in typed:
            last = await service.handle("telegram", who, None, TextIn(text))
        assert last is not None
        return last
    return await run()


def admin_rows(service: ChatService) -> tuple[int, list[tuple[object, ...]]]:
    with service.sessions() as s:
        c = s.connection()
        broadcasts = int(c.execute(sa.text("SELECT COUNT(*) FROM broadcast")).scalar_one())
        schedules = [tuple(r) for r in c.execute(sa.text(
            "SELECT id, jf, jenjang, registration_deadline, exam_date, notes "
            "FROM ukom_schedule ORDER BY id")).all()]
    return broadcasts, schedules


def shown(prompts: list[Prompt]) -> str:
    return "\n".join(p.text for p in prompts if isinstance(p, (Message, Question)))


@pytest.mark.parametrize("action", list(UNTIL_CONFIRMATION))
async def test_a_revoked_admin_cannot_finish_an_admin_action(
    started: list[ChatService], db_url: str, clock: FakeClock, action: str
) -> None:
    service = runtime(started, db_url, clock, [ADMIN])
    if action in ("ubah", "hapus"):
        await talk(service, *PUBLISH, "Ya")
    question = (await talk(service, *UNTIL_CONFIRMATION[action]))[-1]
    assert isinstance(question, Question) and question.options  # the admin is still asked
    before = admin_rows(service)
    service.close()

    service = runtime(started, db_url, clock, [])  # restarted without the admin
    reply = await talk(service, ANSWER.get(action, "Ya"))
    assert admin_rows(service) == before
    assert "Pengguna per kanal" not in shown(reply) and "Siaran dimulai" not in shown(reply)
    assert isinstance(reply[0], Message) and reply[0].text == texts.ACCESS_REVOKED
    assert isinstance(reply[-1], Question) and reply[-1].text == texts.MENU_QUESTION
    assert not any(o.token == "flow:admin" for o in reply[-1].options)
    state = await service.load_state("telegram", ADMIN)
    assert state is not None and state.flow is None

    again = await talk(service, "/admin")
    assert texts.FLOW_NOT_VISIBLE in shown(again)
    assert admin_rows(service) == before


async def test_a_revoked_admin_is_told_on_any_event_and_a_command_is_still_carried_out(
    started: list[ChatService], db_url: str, clock: FakeClock
) -> None:
    service = runtime(started, db_url, clock, [ADMIN])
    await talk(service, "/admin", "Kirim siaran")
    service.close()
    service = runtime(started, db_url, clock, [])
    reply = await talk(service, "/bantuan")
    assert isinstance(reply[0], Message) and reply[0].text == texts.ACCESS_REVOKED
    assert texts.HELP_GENERAL in shown(reply)
    assert admin_rows(service) == (0, [])


def test_the_effects_refuse_admin_writes_of_a_user_not_in_admin_ids(
    db_sessions: sessionmaker[Session],
) -> None:
    sessions = db_sessions
    now = FakeClock()()
    schedule = UkomSchedule(None, "penera", None, date(2027, 6, 1), date(2027, 6, 10))
    with session_scope(sessions) as s:
        user_id = repo.get_or_create_user(s, "telegram", ADMIN, now=now).id
        assert user_id is not None
    no_admins, admins = Settings(admin_ids=[]), Settings(admin_ids=[ADMIN])

    def count(table: str) -> int:
        with session_scope(sessions) as s:
            return int(s.connection().execute(
                sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())

    with session_scope(sessions) as s:
        perform(s, user_id, StartBroadcast("Halo"), now=now, settings=no_admins)
        perform(s, user_id, SaveSchedule(schedule), now=now, settings=no_admins)
    assert (count("broadcast"), count("ukom_schedule")) == (0, 0)
    with session_scope(sessions) as s:
        perform(s, user_id, StartBroadcast("Halo"), now=now, settings=admins)
        perform(s, user_id, SaveSchedule(schedule), now=now, settings=admins)
    assert (count("broadcast"), count("ukom_schedule")) == (1, 1)
    with session_scope(sessions) as s:
        schedule_id = s.connection().execute(sa.text("SELECT id FROM ukom_schedule")).scalar_one()
        perform(s, user_id, DeleteSchedule(int(schedule_id)), now=now, settings=no_admins)
    assert count("ukom_schedule") == 1


async def test_an_edit_of_a_schedule_another_admin_deleted_meanwhile_changes_nothing(
    started: list[ChatService], db_url: str, clock: FakeClock
) -> None:
    # Found by the fuzzer: the edit saved a schedule id that was gone (LookupError, apology).
    other = "777002"
    service = runtime(started, db_url, clock, [ADMIN, other])
    await talk(service, *PUBLISH, "Ya")
    await talk(service, *UNTIL_CONFIRMATION["ubah"], who=other)  # the list read now: one schedule
    await talk(service, *UNTIL_CONFIRMATION["hapus"], "Ya")
    assert admin_rows(service) == (0, [])
    reply = await talk(service, "Ya", who=other)
    assert admin_rows(service) == (0, [])
    assert isinstance(reply[0], Message) and reply[0].text == admin.SCHEDULE_GONE
    assert isinstance(reply[-1], Question)
    assert reply[-1].text.endswith("Apa yang ingin Anda lakukan?")
