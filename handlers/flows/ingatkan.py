"""Ingatkan flow: an own reminder ("pribadi"), e.g. "ingatkan saya 10 Desember 2026 jam 09.00
kirim berkas" typed outside a flow (or in Tanya), or "Buat pengingat baru" in ``/pengingat``.

What the typed request gives is kept as hidden answers (``minta_*``); only what is missing is
asked (the date-time, then "Tentang apa?"). The reminder is confirmed back before it is saved;
"Ubah waktu" asks the time again (round ``k``: step ids ``waktu:<k>``, ``konfirmasi:<k>``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handlers.domain.effects import ReminderEffect, SaveReminder
from handlers.domain.records import DEFAULT_ZONE, KIND_PRIBADI, ReminderSpec
from handlers.flow import (
    NO_CONTEXT,
    Answers,
    Ask,
    Choice,
    Context,
    Flow,
    Invalid,
    Services,
    Show,
    Step,
    Text,
)
from handlers.prompts import Message, Option, Prompt
from handlers.reminders import messages, plan
from handlers.reminders import when as when_parse

ZONE = "zona"  # hidden: the profile's zone key ("WIB")
ZONE_NOTE = "zona_catatan"  # hidden: True when there is no profile (say the zone once)
ASKED_TIME = "minta_waktu"  # hidden: {"due": ISO, "timed": bool} read from the request
ASKED_TITLE = "minta_judul"  # hidden: the title read from the request
TIME_PROBLEM = "minta_masalah"  # hidden: why the request's time could not be used
T_YES, T_NO, T_CHANGE = "ya", "tidak", "ubah"
CONFIRM_OPTIONS = (Option(T_YES, "Ya"), Option(T_NO, "Tidak"), Option(T_CHANGE, "Ubah waktu"))
HOLD_HINT = "Misalnya: 10 Desember 2026 jam 09.00, besok jam 9, atau Senin depan pukul 14.30."


def _zone(answers: Answers) -> str:
    return str(answers.get(ZONE) or DEFAULT_ZONE)


def _sid(name: str, k: int) -> str:
    return name if k == 1 else f"{name}:{k}"


@dataclass(frozen=True, kw_only=True)
class When(Ask):
    """A date-time (``when_parse.parse_when`` in the user's zone); value {"due": ISO, "timed"}."""

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the moment typed, or raise Invalid (unknown, past, more than 2 years)."""
        if context.now is None:
            raise Invalid(when_parse.UNKNOWN)
        moment, timed = when_parse.parse_when(text, context.now, _zone(answers))
        return {"due": moment.isoformat(), "timed": timed}

    def display(self, value: Any, answers: Answers) -> str:
        """Return the moment as "Kamis, 10 Desember 2026 pukul 09.00 WIB"."""
        if value is None:
            return super().display(value, answers)
        return messages.format_local(dt.datetime.fromisoformat(value["due"]),
                                     plan.iana_zone(_zone(answers)))


def _due(answers: Answers) -> dt.datetime | None:
    """Return the latest time given: the last "Ubah waktu" answer, else the first."""
    found = answers.get(ASKED_TIME)
    k = 1
    while True:
        if _sid("waktu", k) in answers:
            found = answers[_sid("waktu", k)]
        if answers.get(_sid("konfirmasi", k)) != T_CHANGE:
            break
        k += 1
    return None if found is None else dt.datetime.fromisoformat(found["due"])


def _title(answers: Answers) -> str:
    return str(answers.get("judul") or answers.get(ASKED_TITLE) or "")


def _time_text(answers: Answers) -> str:
    problem = answers.get(TIME_PROBLEM)
    question = "Kapan saya harus mengingatkan Anda?"
    return f"{problem} {question}" if problem else question


def _confirm_text(answers: Answers) -> str:
    due = _due(answers)
    moment = messages.format_local(due, plan.iana_zone(_zone(answers))) if due else ""
    text = f"Saya akan mengingatkan Anda pada {moment}: {_title(answers)}. Benar?"
    if answers.get(ZONE_NOTE):
        text = f"{text}\nZona waktu: {DEFAULT_ZONE} (ubah lewat /profil)."
    return text


def _spec(answers: Answers) -> ReminderSpec | None:
    due = _due(answers)
    if due is None:
        return None
    title = _title(answers)
    utc = due.astimezone(dt.UTC)
    digest = hashlib.sha1(title.encode()).hexdigest()[:8]
    zone = plan.iana_zone(_zone(answers))
    return ReminderSpec(kind=KIND_PRIBADI, source_key=f"pribadi:{utc:%Y-%m-%dT%H:%M}:{digest}",
                        due_at=due, timezone=zone, offsets=plan.PRIBADI_OFFSETS, title=title)


def _result(k: int) -> Callable[[Answers, Services], list[Prompt]]:
    def render(answers: Answers, services: Services) -> list[Prompt]:
        if answers.get(_sid("konfirmasi", k)) != T_YES:
            return [Message("Baik, pengingat tidak disimpan.")]
        due = _due(answers)
        moment = messages.format_local(due, plan.iana_zone(_zone(answers))) if due else ""
        return [Message(f"Baik, pengingat disimpan untuk {moment}. Lihat semua pengingat "
                        "lewat /pengingat.")]
    return render


def _save(k: int) -> Callable[[Answers, Services, Context], list[ReminderEffect]]:
    def act(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
        spec = _spec(answers)
        if answers.get(_sid("konfirmasi", k)) != T_YES or spec is None:
            return []
        return [SaveReminder(spec)]
    return act


def steps(answers: Answers) -> list[Step]:
    """Return the missing questions, the confirmation, and a new time per "Ubah waktu"."""
    out: list[Step] = [
        When(id="waktu", text=_time_text, hint=HOLD_HINT,
             when=lambda a: a.get(ASKED_TIME) is None,
             help="Tanggal dan jam pengingat, paling lama 2 tahun dari sekarang; tanpa jam "
                  "saya kirim pukul 09.00."),
        Text(id="judul", text="Tentang apa?", max_length=when_parse.TITLE_MAX,
             hint="Misalnya: kirim berkas usulan kenaikan pangkat.",
             when=lambda a: not a.get(ASKED_TITLE)),
    ]
    k = 1
    while True:
        out.append(Choice(id=_sid("konfirmasi", k), text=_confirm_text,
                          options=CONFIRM_OPTIONS))
        if answers.get(_sid("konfirmasi", k)) != T_CHANGE:
            out.append(Show(id="hasil", render=_result(k), act=_save(k)))
            return out
        k += 1
        out.append(When(id=_sid("waktu", k), text="Kapan saya harus mengingatkan Anda?",
                        hint=HOLD_HINT))


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return the zone of the profile (WIB, with a note, when there is none)."""
    profile = services.user.profile() if services.user is not None else None
    return {ZONE: profile.zone if profile is not None else DEFAULT_ZONE,
            ZONE_NOTE: profile is None}


def seed(text: str, services: Services, context: Context) -> dict[str, Any]:
    """Return what the typed request already says: its time and its title."""
    if context.now is None:
        return {}
    zone = prefill(services, context)[ZONE]
    try:
        request = when_parse.parse_own_reminder(text, context.now, zone)
    except Invalid as exc:
        return {TIME_PROBLEM: exc.message}
    out: dict[str, Any] = {}
    if request.when is not None:
        out[ASKED_TIME] = {"due": request.when.isoformat(), "timed": request.timed}
    if request.title:
        out[ASKED_TITLE] = request.title
    return out


FLOW = Flow(
    id="ingatkan",
    menu_position=70,
    keywords=("buat pengingat", "pengingat baru", "ingatkan saya"),
    title="Buat pengingat",
    steps=steps,
    prefill=prefill,
    seed=seed,
    opens=when_parse.is_own_reminder_request,
    in_menu=False,
    progress=lambda step_id, answers: "",
    again="Buat pengingat lain",
    help=("Saya mengingatkan Anda pada waktu yang Anda pilih. Anda juga bisa langsung menulis, "
          "misalnya \"ingatkan saya besok jam 9 kirim berkas\"."),
)
