"""A fuzzer of the REAL runtime (``bot.service.ChatService`` on a real database).

Used by ``tests/integration/test_fuzz.py`` (bounded, fixed seed) and ``bench/fuzz_bench.py``
(long runs). Every user walks one flow by valid answers (buttons pressed, candidate texts tried
until the question changes) and, at every step, first sends adversarial events: other scripts'
digits, superscripts, zero-width and RTL characters, 100 kB lines, numbers beyond float range,
commands in the middle of the flow, forged or garbled buttons (through the adapters' own
decoders). Rounds restart the runtime; in every third round the admins are removed from
ADMIN_IDS (revoked rights), and no schedule or broadcast row may be written then.

Counted: events, exceptions escaping ``ChatService.handle``, error-id apologies, empty replies.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from bot.service import ChatService
from bot.settings import Settings
from bot.telegram_app import STALE_STEP
from bot.telegram_render import CallbackCodec
from bot.whatsapp_render import decode_choice
from handlers.events import ChoiceIn, Event, NotText, TextIn
from handlers.flows import TANYA, default_registry
from handlers.prompts import Document, Image, Message, Prompt, Question
from handlers.turn import MENU_FLOW, T_AGAIN, T_MENU
from tests.fakes.clock import FakeClock

# The error-id apologies: the engine's (handlers.texts.APOLOGY) and the runtime's
# (bot.errors.APOLOGY) both carry "(kode <8 hex>)".
APOLOGY_RE = re.compile(r"kesalahan.*\(kode [0-9a-f]{8}\)", re.DOTALL)
FLOWS = (*(f.id for f in default_registry().flows), TANYA)
NAV_TOKENS = frozenset({"_prev", "_next", T_MENU, "_restart"})

DIGITS = ["٣", "३", "３", "৭", "๕", "໓", "𝟓", "1٣", "٢٠٢٧", "١/٤/٢٠٢٧", "١ April ٢٠٢٧",
          "١٢,٥", "٨٠", "２+１", "३ jam"]
LOOKALIKES = ["²", "①", "³⁴", "Ⅻ", "½", "⑳", "1²", "²/³/²⁰²⁷", "⁵ menit", "١²"]
INVISIBLE = ["\u200b1", "1\u200d", "\u202eabc", "\u200f2", "\ufeff", "\u2066x\u2069",
             "8\u200b0", "\u202e08", "\u00a0 \u2003", "\u0301", "ya\u200b", "\x00", "\r\n"]
HUGE = ["1e309", "-1e309", "1E309", "inf", "-inf", "nan", "NaN", "Infinity", "1e-400",
        "9" * 5000, "1" + "0" * 400, "0," + "0" * 5000 + "1", "1." + "000." * 1500 + "000",
        "-" + "9" * 4301, "99999999999999999999+1", "1" * 4301 + " jam 5 menit",
        "10 jam " + "9" * 5000 + " menit", "9" * 20 + "/12/2027", "1 April " + "2" * 5000]
NEAR = ["0", "-1", "+5", "1,5,5", "12..5", "1.234,5", "31/02/2027", "29 Februari 2027",
        "00/00/0000", "2027-13-45", "1 Aprril 2027", "0 jam 0 menit", "2+", "+2", "1 + 1 + 1",
        "besok jam 25", "lusa jam 23.60", "hari ini", "365 hari lagi", "999 hari lagi", "j1",
        "r0", "r99", "#3", "rem:5"]
COMMANDS = ["/menu", "/batal", "/kembali", "/bantuan", "/start", "/admin", "/profil",
            "/pengingat", "/hapus_data", "menu", "batal", "kembali", "bantuan", "/unknown", "/",
            "/menu@bot extra", "halo", "tidak", "ya", "lewati", "selesai"]
VALID_TEXTS = ["1", "2", "3", "5", "10", "12", "25", "50", "65", "75", "80", "90", "100",
               "2+1", "0,5", "12,5", "3 jam", "10 menit", "2 jam 30 menit", "45 menit",
               "1 Januari 2020", "15 Juni 2027", "1/1/2024", "1 Desember 2027", "besok",
               "besok jam 9", "senin depan jam 10", "Analisis pasar", "Ya", "lewati",
               "80, 90, 70", "selesai", "penera hadiah", "2020", "1 Maret 2026"]


@dataclass
class Report:
    """What a fuzz run saw."""

    events: int = 0
    escaped: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    revoked_writes: list[str] = field(default_factory=list)
    steps: set[tuple[str, str]] = field(default_factory=set)
    rounds: int = 0  # runtime (re)starts
    revoked_rounds: int = 0  # of which with the admins removed from ADMIN_IDS


def _texts(prompts: Sequence[Prompt]) -> list[str]:
    out: list[str] = []
    for p in prompts:
        if isinstance(p, Message):
            out.append(p.text)
        elif isinstance(p, Question):
            out += [p.text, *(o.label for o in p.options)]
        elif isinstance(p, (Document, Image)):
            out.append(getattr(p, "caption", "") or "doc")
    return out


def _random_text(rng: random.Random) -> str:
    alphabet = string.printable + "ÀéñüßЖж中文٣३²①\u200b\u202e\U0001f600"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def adversarial(rng: random.Random, question: Question | None, codec: CallbackCodec) -> Event:
    """Return one hostile event for the question on screen."""
    step = question.step_token if question is not None else "menu"
    options = [o.token for o in question.options] if question is not None else []
    kind = rng.randrange(12)
    if kind == 0:
        return TextIn(rng.choice(DIGITS))
    if kind == 1:
        return TextIn(rng.choice(LOOKALIKES))
    if kind == 2:
        return TextIn(rng.choice(INVISIBLE) + rng.choice(["", "1", "ya", "80"]))
    if kind == 3:
        big = rng.choice(["9", "a ", "٣", "x\u200b", "²"]) * 100_000
        return TextIn(big[:100_000])
    if kind == 4:
        return TextIn(rng.choice(HUGE))
    if kind == 5:
        return TextIn(rng.choice(NEAR))
    if kind == 6:
        return TextIn(rng.choice(COMMANDS))
    if kind == 7:  # a forged button of this question, or one of this question elsewhere
        token = rng.choice([*options, "", "x", "²", "_done", "_next", "_again", "flow:admin",
                            "j999", "r²", "sug:²", "sug:x", "jf:x", "catat", "t" * 300])
        where = rng.choice([step, step, "deadbeef", "", STALE_STEP, "rem:²", "rem:9" * 9,
                            "rem:1", "rem:" + "9" * 30, "rem:" + "9" * 18, "rem:2147483648"])
        return ChoiceIn(token, where or None)
    if kind == 8:  # Telegram callback data as a forger would send it, through the codec
        data = rng.choice([f"v1|{step}|#²", f"v1|{step}|#{'9' * 30}", "v2|s|t", "garbage",
                           f"v1|{step}|" + "x" * 80, f"v1|{step}|#٣", "v1||#1", "",
                           f"v1|{step}|{rng.choice(options) if options else 'x'}"])
        pressed = codec.decode(data)
        if pressed is None or pressed.token is None:
            return ChoiceIn("", STALE_STEP)
        return ChoiceIn(pressed.token, pressed.step_token)
    if kind == 9:  # a WhatsApp reply id as a forger would send it
        return decode_choice(rng.choice(["s²:abc", "s9999999999999999999:x", "s-1:x", "t:",
                                         f"s{len(step)}:{step}²", "s٣:abcdef", "sx:y",
                                         f"s{len(step)}:{step}" + "x" * 300, "t:" + "²" * 9]))
    if kind == 10:
        return NotText()
    return TextIn(_random_text(rng))


@dataclass
class Walker:
    """One user walking one flow through the runtime."""

    channel: str
    user: str
    flow: str
    rng: random.Random
    report: Report
    fuzz_per_step: int
    reader: sa.Engine
    codec: CallbackCodec = field(default_factory=CallbackCodec)
    question: Question | None = None
    keys: int = 0

    async def send(self, service: ChatService, event: Event) -> list[Prompt]:
        """Send one event; count what came back."""
        self.keys += 1
        self.report.events += 1
        what = f"{self.flow}/{self.user}: {event!r}"[:300]
        try:
            prompts = await service.handle(self.channel, self.user,
                                           f"{self.user}-{self.keys}", event)
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            self.report.escaped.append(f"{what} -> {exc!r}"[:500])
            return []
        texts = _texts(prompts or [])
        if not prompts or not texts or not all(t.strip() for t in texts):
            self.report.empty.append(what)
        if any(APOLOGY_RE.search(t) for t in texts):
            self.report.apologies.append(f"{what} -> {texts[0][:120]}")
        questions = [p for p in prompts or [] if isinstance(p, Question)]
        if questions:
            self.question = questions[-1]
        return prompts or []

    async def enter(self, service: ChatService) -> None:
        """Open the menu and start this walker's flow by its button."""
        await self.send(service, TextIn("/menu"))
        want = TANYA if self.flow == TANYA else MENU_FLOW + self.flow
        q = self.question
        flow = default_registry().get(self.flow)
        keywords = flow.keywords if flow is not None else ()
        if q is not None and any(o.token == want for o in q.options):
            await self.send(service, ChoiceIn(want, q.step_token))
        elif keywords:  # flows not in the menu open by their words
            await self.send(service, TextIn(keywords[0]))
        else:  # or from the admin menu ("Pertanyaan masuk")
            await self.send(service, TextIn("/admin"))
            q = self.question
            if q is not None and any(o.token == want for o in q.options):
                await self.send(service, ChoiceIn(want, q.step_token))

    async def step(self, service: ChatService) -> None:
        """Fuzz the question on screen, then answer it validly (or re-enter the flow)."""
        flow, step = await where(self.reader, self.channel, self.user)
        if flow != self.flow:
            await self.enter(service)
            return
        self.report.steps.add((self.flow, str(step)))
        for _ in range(self.fuzz_per_step):
            try:  # the adapters' decoders of forged buttons run here
                event = adversarial(self.rng, self.question, self.codec)
            except Exception as exc:  # noqa: BLE001 - counted like one escaping the runtime
                self.report.events += 1
                self.report.escaped.append(f"{self.flow}/{self.user}: decoding -> {exc!r}")
                continue
            await self.send(service, event)
        await self.answer(service)

    async def answer(self, service: ChatService) -> None:
        """Answer validly: press an option, else try candidate texts until the step moves."""
        q = self.question
        if q is None:
            await self.enter(service)
            return
        options = [o for o in q.options if o.token not in NAV_TOKENS]
        if any(o.token == T_AGAIN for o in q.options):  # a finished flow: again
            await self.send(service, ChoiceIn(T_AGAIN, q.step_token))
            return
        if options and self.rng.random() < 0.9:
            pick = self.rng.choice(options)
            await self.send(service, ChoiceIn(pick.token, q.step_token))
            if any(o.token == "_done" for o in q.options) and self.question is not None:
                await self.send(service, ChoiceIn("_done", self.question.step_token))
            return
        for text in self.rng.sample(VALID_TEXTS, 8):
            await self.send(service, TextIn(text))
            if self.question is None or self.question.step_token != q.step_token:
                return


async def where(reader: sa.Engine, channel: str, user: str) -> tuple[str | None, str | None]:
    """Return the user's saved (flow, step), read only (``load_state`` may create the user)."""
    def read() -> tuple[str | None, str | None]:
        with reader.connect() as c:
            row = c.execute(sa.text(
                "SELECT s.flow, s.step FROM conversation_state s JOIN chat_user u "
                "ON u.id = s.user_id WHERE u.channel = :c AND u.external_id = :e"),
                {"c": channel, "e": user}).first()
        return (None, None) if row is None else (row[0], row[1])
    return await asyncio.to_thread(read)


async def admin_rows(reader: sa.Engine) -> tuple[int, str]:
    """Return the number of broadcasts and every schedule row (what an admin may change)."""
    def read() -> tuple[int, str]:
        with reader.connect() as c:
            n = int(c.execute(sa.text("SELECT COUNT(*) FROM broadcast")).scalar() or 0)
            rows = c.execute(sa.text("SELECT * FROM ukom_schedule ORDER BY id")).all()
            return n, repr([tuple(r) for r in rows])
    return await asyncio.to_thread(read)


async def run(db_url: str, *, events: int, seed: int, users: int = 12, fuzz_per_step: int = 3,
              steps_per_round: int = 8, progress: Callable[[Report], None] | None = None,
              service_kwargs: dict[str, Any] | None = None) -> Report:
    """Fuzz the runtime on ``db_url`` until ``events`` events were sent; return the report."""
    rng = random.Random(seed)
    report = Report()
    # The runtime's own engine starts every SQLite transaction with BEGIN IMMEDIATE; the
    # fuzzer's reads must not queue behind its writer.
    reader = sa.create_engine(db_url)
    clock = FakeClock()
    registry = default_registry()
    admin_only = {f for f in FLOWS if (flow := registry.get(f)) is not None and flow.visible}
    n = max(users, len(FLOWS))
    admins = [f"9{i:05d}" for i in range(n) if FLOWS[i % len(FLOWS)] in admin_only]
    walkers = [Walker(rng.choice(["telegram", "whatsapp"]), f"9{i:05d}", FLOWS[i % len(FLOWS)],
                      random.Random(rng.random()), report, fuzz_per_step, reader)
               for i in range(n)]
    round_no = 0
    while report.events < events:
        revoked = round_no % 3 == 2
        settings = Settings(database_url=db_url, admin_ids=[] if revoked else admins)
        service = ChatService(settings, clock=clock, **(service_kwargs or {}))
        try:
            before = await admin_rows(reader)

            async def walk(w: Walker, svc: ChatService = service) -> None:
                for _ in range(steps_per_round):
                    if report.events >= events:
                        return
                    await w.step(svc)

            await asyncio.gather(*(walk(w) for w in walkers))
            after = await admin_rows(reader)
            if revoked and after != before:
                report.revoked_writes.append(f"round {round_no}: {before} -> {after}"[:500])
        finally:
            service.close()
        clock.advance(dt.timedelta(minutes=7))
        round_no += 1
        report.rounds += 1
        report.revoked_rounds += revoked
        if progress is not None:
            progress(report)
    reader.dispose()
    return report
