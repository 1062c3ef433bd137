"""Ingatkan flow: an own reminder ("pribadi"), e.g. "ingetin sy tgl 31/12 jam 16.30 upload skp"
typed outside a flow (or in Tanya), or "Buat pengingat baru" in ``/pengingat``.

What the typed request gives is kept as hidden answers (``minta_*``): its date and time and
its text, separated (``handlers.replies.when.parse_own_reminder``); only what is missing is
asked (the date-time, then "Tentang apa?"). The reminder is confirmed back as three fields
(Tanggal / Jam / Isi) before it is saved, and each field can be changed there: round ``k``
has step ``konfirmasi:<k>`` and, after "Ubah tanggal / jam / isi", ``ubah_tanggal:<k>``,
``ubah_jam:<k>`` or ``ubah_isi:<k>``. After saving, ``/pengingat`` changes them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from handlers.domain.effects import ReminderEffect, SaveReminder
from handlers.domain.records import DEFAULT_ZONE, KIND_PRIBADI, ReminderSpec
from handlers.flow import (
    NO_CONTEXT,
    Ambiguous,
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
    clarify_text,
)
from handlers.flows._own_reminder_parts import (
    DATE_HINT,
    TIME_HINT,
    NewDate,
    NewTime,
    fields,
    own_key,
    with_date,
    with_time,
)
from handlers.prompts import Message, Option, Prompt
from handlers.reminders import messages, plan
from handlers.replies import when as when_parse

ZONE = "zona"  # hidden: the profile's zone key ("WIB")
ZONE_NOTE = "zona_catatan"  # hidden: True when there is no profile (say the zone once)
ASKED_TIME = "minta_waktu"  # hidden: {"due": ISO, "timed": bool} read from the request
ASKED_TITLE = "minta_judul"  # hidden: the title read from the request
TIME_PROBLEM = "minta_masalah"  # hidden: why the request's time could not be used
# hidden: both readings of an hour that may be morning or afternoon ("jam 3"), and their
# labels; the step ``jam_mana`` asks which one was meant.
ASKED_READINGS = "minta_waktu_pilihan"
ASKED_LABELS = "minta_waktu_label"
PICK_READING = "jam_mana"
READING_TOKENS = ("pertama", "kedua")  # not digits: a typed "1" is the first option
PICK_EXPECTED = "Pilih salah satu: {options}."
T_YES, T_NO, T_DATE, T_TIME, T_TEXT = "ya", "tidak", "tanggal", "jam", "isi"
CONFIRM_OPTIONS = (Option(T_YES, "Ya, simpan", "Simpan"),
                   Option(T_DATE, "Ubah tanggal"), Option(T_TIME, "Ubah jam"),
                   Option(T_TEXT, "Ubah isi"), Option(T_NO, "Tidak, batal", "Batal"))
CHANGES = (T_DATE, T_TIME, T_TEXT)
HOLD_HINT = "Misalnya: 10 Desember 2026 jam 09.00, besok jam 9, atau Senin depan pukul 14.30."


def _zone(answers: Answers) -> str:
    return str(answers.get(ZONE) or DEFAULT_ZONE)


def _sid(name: str, k: int) -> str:
    return name if k == 1 else f"{name}:{k}"


@dataclass(frozen=True, kw_only=True)
class When(Ask):
    """A date-time (``when_parse.parse_when`` in the user's zone); value {"due": ISO, "timed"}."""

    day_parts: ClassVar[bool] = True

    def reading_named(self, values: list[Any], text: str, answers: Answers,
                      context: Context) -> Any | None:
        """Return the reading a reply such as "sore" or "15.00" names (its date kept)."""
        index = _reading_index(values, text, answers)
        return None if index is None else values[index]

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the moment typed, or raise Invalid (unknown, past, more than 2 years) or
        Ambiguous ("jam 3": pukul 03.00 or 15.00, asked once)."""
        if context.now is None:
            raise Invalid(when_parse.UNKNOWN)
        zone = _zone(answers)
        readings = when_parse.parse_when_readings(text, context.now, zone)
        values = [{"due": moment.isoformat(), "timed": timed} for moment, timed in readings]
        if len(values) > 1:
            raise Ambiguous(values, when_parse.moment_labels(
                [moment for moment, _ in readings], context.now, zone))
        return values[0]

    def display(self, value: Any, answers: Answers) -> str:
        """Return the moment as "Kamis, 10 Desember 2026 pukul 09.00 WIB"."""
        if value is None:
            return super().display(value, answers)
        return messages.format_local(dt.datetime.fromisoformat(value["due"]),
                                     plan.iana_zone(_zone(answers)))


@dataclass(frozen=True, kw_only=True)
class PickReading(Choice):
    """Step ``jam_mana``: which reading of the request's hour was meant — a button, its
    number, "pertama"/"kedua", a part of the day ("sore") or the time itself ("15.00")."""

    day_parts: ClassVar[bool] = True

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the token of the reading named, or raise Invalid naming both."""
        index = _reading_index(answers.get(ASKED_READINGS) or [], text, answers)
        if index is not None:
            return READING_TOKENS[index]
        try:
            return super().parse(text, answers, context)
        except Invalid:
            labels = answers.get(ASKED_LABELS) or []
            raise Invalid(PICK_EXPECTED.format(options=" atau ".join(map(str, labels)))) from None


def _reading_index(readings: list[Any], text: str, answers: Answers) -> int | None:
    """Which of the readings ({"due": ISO, …}) a reply such as "sore" or "15.00" names."""
    moments = [dt.datetime.fromisoformat(r["due"]) for r in readings]
    return when_parse.reading_named(text, moments, _zone(answers))


def _asked(answers: Answers) -> Any:
    """The request's own date-time: as read, or the reading picked at ``jam_mana``."""
    readings = answers.get(ASKED_READINGS)
    picked = answers.get(PICK_READING)
    if readings and picked in READING_TOKENS:
        return readings[READING_TOKENS.index(picked)]
    return answers.get(ASKED_TIME)


def _reading_options(answers: Answers) -> list[Option]:
    readings = answers.get(ASKED_READINGS) or []
    labels = answers.get(ASKED_LABELS) or []
    shown = labels[:len(readings)]
    return [Option(token, str(label))
            for token, label in zip(READING_TOKENS[:len(shown)], shown, strict=True)]


def _state(answers: Answers, rounds: int | None = None) -> tuple[dt.datetime | None, str]:
    """Return the reminder as the answers leave it (after ``rounds`` rounds of changes, all
    when None): its moment and its text."""
    given = answers.get("waktu") or _asked(answers)
    due = None if given is None else dt.datetime.fromisoformat(given["due"])
    title = when_parse.tidy_title(str(answers.get("judul") or answers.get(ASKED_TITLE) or ""))
    zone = _zone(answers)
    k = 1
    while (rounds is None or k <= rounds) and answers.get(_sid("konfirmasi", k)) in CHANGES:
        change = answers[_sid("konfirmasi", k)]
        value = answers.get(f"ubah_{change}:{k}")
        if value is not None and change == T_DATE and due is not None:
            due = with_date(due, zone, dt.date.fromisoformat(value))
        elif value is not None and change == T_TIME and due is not None:
            due = with_time(due, zone, value)
        elif value is not None and change == T_TEXT:
            title = when_parse.tidy_title(str(value))
        k += 1
    return due, title


def _base(k: int) -> Callable[[Answers], tuple[dt.datetime, str]]:
    def base(answers: Answers) -> tuple[dt.datetime, str]:
        due, _ = _state(answers, k - 1)
        assert due is not None  # the confirmation is only asked with a time
        return due, _zone(answers)
    return base


def _pick_text(answers: Answers) -> str:
    """Step ``jam_mana``: "jam 3" in the request may be morning or afternoon."""
    return clarify_text({"labels": answers.get(ASKED_LABELS) or []})


def _time_text(answers: Answers) -> str:
    problem = answers.get(TIME_PROBLEM)
    question = "Kapan saya harus mengingatkan Anda?"
    return f"{problem} {question}" if problem else question


def _confirm_text(answers: Answers, k: int) -> str:
    due, title = _state(answers, k - 1)
    shown = fields(due, _zone(answers), title) if due else ""
    text = f"Pengingat Anda:\n{shown}\nSimpan pengingat ini?"
    if answers.get(ZONE_NOTE):
        text = f"{text}\nZona waktu: {DEFAULT_ZONE} (ubah lewat /profil)."
    return text


def _spec(answers: Answers) -> ReminderSpec | None:
    due, title = _state(answers)
    if due is None:
        return None
    return ReminderSpec(kind=KIND_PRIBADI, source_key=own_key(due, title), due_at=due,
                        timezone=plan.iana_zone(_zone(answers)), offsets=plan.PRIBADI_OFFSETS,
                        title=title)


def _result(k: int) -> Callable[[Answers, Services], list[Prompt]]:
    def render(answers: Answers, services: Services) -> list[Prompt]:
        if answers.get(_sid("konfirmasi", k)) != T_YES:
            return [Message("Baik, pengingat tidak disimpan.")]
        due, title = _state(answers)
        shown = fields(due, _zone(answers), title) if due else ""
        return [Message(f"Baik, pengingat disimpan.\n{shown}\nUbah atau hentikan lewat "
                        "/pengingat.")]
    return render


def _save(k: int) -> Callable[[Answers, Services, Context], list[ReminderEffect]]:
    def act(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
        spec = _spec(answers)
        if answers.get(_sid("konfirmasi", k)) != T_YES or spec is None:
            return []
        return [SaveReminder(spec)]
    return act


def _change_step(change: str, k: int) -> Step:
    """The question that changes one field in round ``k``."""
    sid = f"ubah_{change}:{k}"
    if change == T_DATE:
        return NewDate(id=sid, text="Tanggal yang baru?", hint=DATE_HINT, base=_base(k))
    if change == T_TIME:
        return NewTime(id=sid, text="Jam yang baru?", hint=TIME_HINT, base=_base(k))
    return Text(id=sid, text="Isi pengingat yang baru?", max_length=when_parse.TITLE_MAX,
                hint="Misalnya: upload SKP.")


def steps(answers: Answers) -> list[Step]:
    """Return the missing questions, then per round the confirmation and the field changed."""
    out: list[Step] = [
        PickReading(id=PICK_READING, text=_pick_text, options=_reading_options,
               when=lambda a: bool(a.get(ASKED_READINGS)),
               help="Jam tanpa pagi/siang/sore/malam bisa berarti dua waktu; pilih yang Anda "
                    "maksud."),
        When(id="waktu", text=_time_text, hint=HOLD_HINT,
             when=lambda a: a.get(ASKED_TIME) is None and not a.get(ASKED_READINGS),
             help="Tanggal dan jam pengingat, paling lama 2 tahun dari sekarang; tanpa jam "
                  "saya kirim pukul 09.00."),
        Text(id="judul", text="Tentang apa?", max_length=when_parse.TITLE_MAX,
             hint="Misalnya: kirim berkas usulan kenaikan pangkat.",
             when=lambda a: not a.get(ASKED_TITLE)),
    ]
    k = 1
    while True:
        out.append(Choice(id=_sid("konfirmasi", k), text=partial(_confirm_text, k=k),
                          options=CONFIRM_OPTIONS,
                          help="Periksa tanggal, jam dan isinya; ubah yang belum tepat."))
        change = answers.get(_sid("konfirmasi", k))
        if change not in CHANGES:
            out.append(Show(id="hasil", render=_result(k), act=_save(k)))
            return out
        out.append(_change_step(change, k))
        k += 1


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
    if request.when is not None and request.other is not None:
        moments = [request.when, request.other]
        out[ASKED_READINGS] = [{"due": m.isoformat(), "timed": True} for m in moments]
        out[ASKED_LABELS] = when_parse.moment_labels(moments, context.now, zone)
    elif request.when is not None:
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
