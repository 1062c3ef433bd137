"""Three ``python -m bot serve`` workers on one PostgreSQL database, under load, with kills.

One ``python -m bot migrate``, then three workers (real processes, the Dockerfile's command)
with the fake Telegram Bot API and the fake WhatsApp Graph API on loopback. ``Driver`` sends
the exam conversation (``tests/fakes/scale.py``) from 200 users, half Telegram, half
WhatsApp, each delivery to a random worker, 5 % of the updates delivered twice at once to
two workers, failed deliveries retried on another worker. During the run:

- at 20 %: broadcast A to every user is created and fanned out (due now): reminders exist;
- at 35 %: a worker that is not the clock leader is drained and SIGKILLed, and restarted;
- at 55 %: the clock leader (the process holding the advisory lock) is drained and
  SIGKILLed, and not restarted; broadcast B is created right after the kill, so only the NEW
  leader's planning can fan it out.

Both kills wait until no reminder send of the victim can be half-way: a Telegram reminder
send of the victim reaching the fake kills it there and is cut (never delivered; sent again
after the lease), else the victim is killed once it holds no claim.

Then every user must have received exactly the messages the pure engine gives for their
script, in order (nothing lost, nothing doubled: duplicates and retries answered once), and
exactly one message of each broadcast; a new leader took over within a minute.

Kills are at moments when the killed worker has no webhook request in flight: a kill
between an update's COMMIT and its reply's arrival loses that reply by design
(docs/runtime.md, "Limits"; tests/integration/test_telegram_crash.py kills at protocol
moments inside a request). The test sends ``SCALE_TEST_UPDATES`` updates (default 1,200:
the same shape as the 5,000 of ``bench/scale_bench.py``, which the 10-minute suite budget
on 2 cores cannot afford; ``SCALE_TEST_UPDATES=5000`` runs the full size — see
docs/serve.md, "Open findings", for what it found).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

from bot.leader import CLOCK_LOCK
from bot.reminder_planning import plan_once
from storage import broadcasts
from storage.db import make_engine
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.scale import (
    Driver,
    Load,
    ServeProcess,
    Target,
    migrate,
    reference,
    reminders_received,
    serve_env,
    telegram_transcript,
    whatsapp_transcripts,
)
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.whatsapp_api import FakeGraphAPI

UPDATES = int(os.environ.get("SCALE_TEST_UPDATES", "1200"))
USERS = 200
MARKER = "SIARAN-UJI"
TAKEOVER_LIMIT = 60.0
WORKER_ENV = {"REMINDER_LEASE_SECONDS": "10", "LEADER_RETRY_SECONDS": "5",
              "DISPATCH_PROCESSES": "3"}


def leader_pid(engine: sa.Engine) -> int | None:
    """The pid of the process holding the clock lock (from its application_name)."""
    with engine.connect() as conn:
        name = conn.execute(sa.text(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = :key"
        ), {"key": CLOCK_LOCK}).scalar()
    return int(str(name).rsplit(":", 1)[1]) if name else None


def create_broadcast(engine: sa.Engine, label: str, *, fan_out: bool) -> int:
    """A broadcast to every active user; fanned out here (as the planner does) if asked."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        bid = broadcasts.create_broadcast(conn, f"{MARKER} {label}: uji skala.", None, None,
                                          None, now)
    if fan_out:
        plan_once(engine, now)  # idempotent, like the leader's own run
    return bid


def claimed_by_pids(engine: sa.Engine, chat: str) -> set[int]:
    """The pids of the workers holding claims of ``chat``'s deliveries."""
    with engine.connect() as conn:
        workers = conn.execute(sa.text(
            "SELECT d.claimed_by FROM reminder_delivery d JOIN chat_user u ON u.id = d.user_id"
            " WHERE u.external_id = :chat AND d.status = 'claimed'"), {"chat": chat}).scalars()
        return {int(str(w).rsplit(":", 1)[1]) for w in workers if w}


def holds_claims(engine: sa.Engine, pid: int) -> bool:
    """True while the worker ``pid`` holds a claimed delivery."""
    with engine.connect() as conn:
        return bool(conn.execute(sa.text(
            "SELECT count(*) FROM reminder_delivery WHERE status = 'claimed'"
            " AND claimed_by LIKE :worker"), {"worker": f"%:{pid}"}).scalar_one())


def test_three_workers_answer_every_update_once_through_kills(
    postgres_module_db: str, tmp_path: Path
) -> None:
    engine = make_engine(postgres_module_db)
    with FakeBotAPI() as bot, FakeGraphAPI(wa.ACCESS_TOKEN) as graph:
        env = serve_env(tmp_path, postgres_module_db, bot.base_url, graph.base_url,
                        **WORKER_ENV)
        done = migrate(env)
        assert done.returncode == 0, done.stderr[-2000:]
        workers = [ServeProcess(env, tmp_path / f"worker{i}.log").start() for i in range(3)]
        try:
            for worker in workers:
                worker.wait_ready()
            events = _run(workers, engine, bot, graph)
            _wait_for_broadcasts(engine, expected=2 * USERS)
            pages = [httpx.get(w.base + "/metrics", timeout=10).text for w in workers
                     if w.proc is not None and w.proc.poll() is None]
        finally:
            for worker in workers:
                worker.stop()
        load = Load(users=USERS, updates=UPDATES)
        wrong = []
        wa_got = whatsapp_transcripts(graph, MARKER)
        for chat, count in zip(load.chats(), load.counts(), strict=True):
            expected = [line for update in reference(chat.channel, count) for line in update]
            got = (telegram_transcript(bot, chat.external_id, MARKER)
                   if chat.channel == "telegram" else wa_got.get(chat.external_id, []))
            if got != expected:
                wrong.append((chat, len(expected), len(got)))
        assert not wrong, f"{len(wrong)} chats differ, e.g. {wrong[:3]}"
        received = reminders_received(bot, graph, MARKER)
        assert len(received) == USERS and set(received.values()) == {2}, received
        _check_logs(tmp_path, load)
    # The live workers' metrics: nothing due is left, and they counted what they sent.
    assert len(pages) == 2 and all("asisten_reminder_backlog 0.0" in p for p in pages)
    sent = sum(float(line.rsplit(" ", 1)[1]) for p in pages for line in p.splitlines()
               if line.startswith('asisten_reminder_deliveries_total{status="sent"}'))
    answered = sum(float(line.rsplit(" ", 1)[1]) for p in pages for line in p.splitlines()
                   if line.startswith("asisten_updates_answered_total"))
    assert 0 < sent <= 2 * USERS and 0 < answered < UPDATES
    with engine.connect() as conn:
        fanned = conn.execute(sa.text("SELECT id, fanned_out_at FROM broadcast ORDER BY id")).all()
    engine.dispose()
    assert events["worker_killed"] and events["leader_killed"]
    assert events["new_leader"] not in (None, events["leader_killed"])
    assert events["takeover_seconds"] < TAKEOVER_LIMIT
    # Broadcast B was created after the kill: only the new leader's planning fanned it out.
    assert fanned[1][1] is not None and fanned[1][1].replace(tzinfo=UTC) >= events["kill_at"]


def _check_logs(tmp_path: Path, load: Load) -> None:
    """Every worker log line is JSON, with no chat id, phone number or typed text in it."""
    lines = [line for path in sorted(tmp_path.glob("worker*.log"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    assert any('"user_hash"' in line for line in lines)
    assert all(line.startswith("{") and line.endswith("}") for line in lines)
    text = "\n".join(lines)
    for chat in load.chats()[:20]:
        assert chat.external_id not in text
    for typed in ("80, 90, 70", "Nilai uji kompetensi", "1 April 2025", MARKER):
        assert typed not in text


def _run(workers: list[ServeProcess], engine: sa.Engine, bot: FakeBotAPI,
         graph: FakeGraphAPI) -> dict[str, object]:
    load = Load(users=USERS, updates=UPDATES)
    driver = Driver([Target.serve(w.base) for w in workers], load)
    events: dict[str, object] = {"worker_killed": None, "leader_killed": None,
                                 "worker_cut_send": None, "leader_cut_send": None,
                                 "new_leader": None, "takeover_seconds": None, "kill_at": None}

    async def broadcast_a() -> None:
        await asyncio.to_thread(create_broadcast, engine, "A", fan_out=True)

    async def kill_safely(index: int) -> bool:
        """Drain, then SIGKILL when no reminder send of the worker can be half-way.

        While armed, a Telegram reminder send of the victim reaching the fake kills it and is
        cut (never delivered: its claim is sent again after the lease). Without such a send
        the victim is killed once it holds no claim (a send recorded before arming has had a
        second to be marked). Returns whether a send was cut.
        """
        await driver.drain(index)
        pid = workers[index].pid
        cut = threading.Event()

        def victims(chat: str) -> bool:
            return not cut.is_set() and pid in claimed_by_pids(engine, chat)

        def stop_here() -> bool:
            workers[index].kill()
            cut.set()
            return False  # hang up: this reminder never reached the user

        def on_telegram(method: str, params: dict[str, object]) -> bool:
            text = str(params.get("text", ""))
            if method == "sendMessage" and MARKER in text and victims(str(params["chat_id"])):
                return stop_here()
            return True

        bot.before_call = on_telegram
        await asyncio.sleep(1.0)
        deadline = time.monotonic() + 60
        while not cut.is_set() and time.monotonic() < deadline:
            if not await asyncio.to_thread(holds_claims, engine, pid):
                break
            await asyncio.sleep(0.1)
        workers[index].kill()
        bot.before_call = None
        return cut.is_set()

    async def kill_worker() -> None:
        leader = await asyncio.to_thread(leader_pid, engine)
        victim = next(i for i, w in enumerate(workers) if w.pid != leader)
        events["worker_killed"] = workers[victim].pid
        events["worker_cut_send"] = await kill_safely(victim)
        await asyncio.sleep(1.0)
        workers[victim] = ServeProcess(workers[victim].env, workers[victim].log_path).start()
        await asyncio.to_thread(workers[victim].wait_ready)
        driver.targets[victim] = Target.serve(workers[victim].base)
        driver.excluded.discard(victim)

    async def kill_leader() -> None:
        pid = await asyncio.to_thread(leader_pid, engine)
        assert pid is not None, "no clock leader"
        index = next(i for i, w in enumerate(workers) if w.pid == pid)
        events["leader_cut_send"] = await kill_safely(index)
        events["kill_at"] = datetime.now(UTC)
        events["leader_killed"] = pid
        killed = time.monotonic()
        await asyncio.to_thread(create_broadcast, engine, "B", fan_out=False)
        while time.monotonic() - killed < 2 * TAKEOVER_LIMIT:
            new = await asyncio.to_thread(leader_pid, engine)
            if new is not None and new != pid:
                events["new_leader"] = new
                events["takeover_seconds"] = time.monotonic() - killed
                return
            await asyncio.sleep(0.2)

    driver.at(0.20, broadcast_a)
    driver.at(0.35, kill_worker)
    driver.at(0.55, kill_leader)
    result = asyncio.run(_play(driver))
    print(result.summary(), events)
    return events


async def _play(driver: Driver) -> object:
    result = await driver.run()
    # The hooks may still run (a restart, the takeover): wait for them.
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    await asyncio.gather(*pending)
    return result


def _wait_for_broadcasts(engine: sa.Engine, expected: int, timeout: float = 150.0) -> None:
    deadline = time.monotonic() + timeout
    sent = -1
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            sent = conn.execute(sa.text(
                "SELECT count(*) FROM reminder_delivery WHERE status = 'sent'")).scalar_one()
        if sent >= expected:
            return
        time.sleep(0.5)
    raise AssertionError(f"{sent} of {expected} broadcast deliveries sent")


def test_serve_metrics_and_readiness_of_a_worker(postgres_module_db: str,
                                                 tmp_path: Path) -> None:
    """Before ``migrate`` /readyz says why it is not ready; after it, 200 and metrics."""
    with FakeBotAPI() as bot:
        env = serve_env(tmp_path, postgres_module_db, bot.base_url, None)
        with sa.create_engine(postgres_module_db.replace("postgresql://",
                                                         "postgresql+psycopg://")).begin() as c:
            c.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        worker = ServeProcess(env, tmp_path / "worker.log").start()
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    health = httpx.get(worker.base + "/healthz", timeout=2)
                    break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline
                    time.sleep(0.1)
            assert health.status_code == 200
            ready = httpx.get(worker.base + "/readyz", timeout=5)
            assert ready.status_code == 503
            assert ready.json()["reason"].startswith("migrations pending: none")
            assert migrate(env).returncode == 0
            worker.wait_ready()
            page = httpx.get(worker.base + "/metrics", timeout=5).text
            assert "asisten_clock_leader 1.0" in page  # the only process: it leads
            assert "asisten_reminder_backlog 0.0" in page
        finally:
            assert worker.stop() in (0, -15)
        logged = (tmp_path / "worker.log").read_text(encoding="utf-8").splitlines()
        assert logged and all(line.startswith("{") for line in logged)
