"""Pengingat flow (``/pengingat``): the user's upcoming reminders, what to do with one, the
.ics export and the way to a new own reminder.

The list is snapshot into the answers when the flow starts (hidden ``daftar``), so option
numbers stay the same while the user picks. "Kembali ke daftar" starts round ``k + 1``
(step ids ``pilih:<k>``, ``aksi:<k>``). An own reminder ("pribadi") can also be changed:
"Ubah tanggal / jam / isi" asks the new value (``baru:<k>``) and sends ``EditOwnReminder``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from handlers.domain.effects import (
    EditOwnReminder,
    ReminderEffect,
    Snooze,
    StopKind,
    StopReminder,
)
from handlers.domain.records import KIND_PRIBADI
from handlers.flow import FLOW_LINK, Answers, Choice, Context, Flow, Services, Show, Step, Text
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
from handlers.prompts import Document, Message, Option, Prompt
from handlers.reminders import ics, messages
from handlers.replies.when import TITLE_MAX, tidy_title
from knowledge.digits import read_index

LIST = "daftar"  # hidden answer: the snapshot of upcoming deliveries
LIST_SIZE = 8  # with the two fixed options, one page of ≤ 10 rows
EXPORT_LIMIT = 200
T_ICS = "ics"
T_NEW = FLOW_LINK + "ingatkan"
T_PROFILE = FLOW_LINK + "profil"
T_DAY, T_WEEK, T_STOP, T_STOP_KIND, T_BACK = "tunda_1", "tunda_7", "henti", "henti_jenis", "daftar"
T_EDIT_DATE, T_EDIT_TIME, T_EDIT_TEXT = "ubah_tanggal", "ubah_jam", "ubah_isi"
EDITS = (Option(T_EDIT_DATE, "Ubah tanggal"), Option(T_EDIT_TIME, "Ubah jam"),
         Option(T_EDIT_TEXT, "Ubah isi"))
ACTIONS = (
    Option(T_DAY, "Tunda 1 hari"),
    Option(T_WEEK, "Tunda 1 minggu"),
    Option(T_STOP, "Hentikan pengingat ini", "Hentikan ini"),
    Option(T_STOP_KIND, "Hentikan semua pengingat jenis ini", "Hentikan jenis ini"),
    Option(T_BACK, "Kembali ke daftar", "Kembali"),
)


def _sid(name: str, k: int) -> str:
    return name if k == 1 else f"{name}:{k}"


def _items(answers: Answers) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = answers.get(LIST) or []
    return items


def _item(answers: Answers, token: str) -> dict[str, Any] | None:
    number = read_index(token[1:]) if token.startswith("r") else None
    if number is None:
        return None
    index = number - 1
    items = _items(answers)
    return items[index] if 0 <= index < len(items) else None


def _list_text(answers: Answers) -> str:
    items = _items(answers)
    if not items:
        return ("Belum ada pengingat yang terjadwal. Buat pengingat sendiri, atau isi profil "
                "agar saya mengingatkan angka kredit, predikat tahunan dan rekomendasi.")
    # The reminders themselves are the options (numbered by every channel), not repeated here.
    return (f"Pengingat Anda yang akan datang: {len(items)}. Pilih satu untuk menunda atau "
            "menghentikannya.")


def _list_options(answers: Answers) -> list[Option]:
    items = _items(answers)
    if not items:
        return [Option(T_NEW, "Buat pengingat baru", "Pengingat baru"),
                Option(T_PROFILE, "Isi profil", "Isi profil")]
    out = [Option(f"r{i}", item["line"], f"Pengingat {i}")
           for i, item in enumerate(items, 1)]
    out += [Option(T_ICS, "Unduh kalender (.ics)", "Unduh kalender"),
            Option(T_NEW, "Buat pengingat baru", "Pengingat baru")]
    return out


def _own(item: dict[str, Any] | None) -> bool:
    return item is not None and item["kind"] == KIND_PRIBADI and bool(item.get("event_at"))


def _action_text(k: int) -> Callable[[Answers], str]:
    def text(answers: Answers) -> str:
        item = _item(answers, answers[_sid("pilih", k)])
        line = item["line"] if item else ""
        if item is not None and _own(item):
            line = fields(dt.datetime.fromisoformat(item["event_at"]), item["timezone"],
                          item.get("title") or "")
        return f"{line}\nApa yang ingin dilakukan?"
    return text


def _action_options(k: int) -> Callable[[Answers], list[Option]]:
    def options(answers: Answers) -> list[Option]:
        item = _item(answers, answers[_sid("pilih", k)])
        return [*EDITS, *ACTIONS] if _own(item) else list(ACTIONS)
    return options


def _base(k: int) -> Callable[[Answers], tuple[dt.datetime, str]]:
    def base(answers: Answers) -> tuple[dt.datetime, str]:
        item = _item(answers, answers[_sid("pilih", k)])
        assert item is not None and _own(item)
        return dt.datetime.fromisoformat(item["event_at"]), item["timezone"]
    return base


def _edit_step(action: str, k: int) -> Step:
    """The question asking the new date, time or text of an own reminder."""
    sid = _sid("baru", k)
    if action == T_EDIT_DATE:
        return NewDate(id=sid, text="Tanggal yang baru?", hint=DATE_HINT, base=_base(k))
    if action == T_EDIT_TIME:
        return NewTime(id=sid, text="Jam yang baru?", hint=TIME_HINT, base=_base(k))
    return Text(id=sid, text="Isi pengingat yang baru?", max_length=TITLE_MAX,
                hint="Misalnya: upload SKP.")


def _edited(answers: Answers, k: int) -> tuple[dt.datetime, str, str] | None:
    """Return the changed reminder: (moment, zone, text), or None when it is gone."""
    item = _item(answers, answers[_sid("pilih", k)])
    value = answers.get(_sid("baru", k))
    if item is None or not _own(item) or value is None:
        return None
    due, zone = dt.datetime.fromisoformat(item["event_at"]), item["timezone"]
    title = str(item.get("title") or "")
    action = answers[_sid("aksi", k)]
    if action == T_EDIT_DATE:
        due = with_date(due, zone, dt.date.fromisoformat(value))
    elif action == T_EDIT_TIME:
        due = with_time(due, zone, value)
    else:
        title = tidy_title(str(value))
    return due, zone, title


def _export(answers: Answers, services: Services, context: Context) -> list[Prompt]:
    views = services.user.upcoming(EXPORT_LIMIT) if services.user is not None else []
    if context.now is None:  # only outside the engine
        return []
    return [Document(ics.FILENAME, ics.calendar(views, context.now), mime=ics.MIME,
                     caption="Kalender pengingat Anda; buka berkas ini untuk menambahkannya ke "
                             "aplikasi kalender.")]


def _moved(item: dict[str, Any], days: int) -> dt.datetime:
    return dt.datetime.fromisoformat(item["send_at"]) + dt.timedelta(days=days)


def _done(k: int) -> Callable[[Answers, Services, Context], list[Prompt]]:
    def render(answers: Answers, services: Services, context: Context) -> list[Prompt]:
        item = _item(answers, answers[_sid("pilih", k)])
        action = answers[_sid("aksi", k)]
        if item is None:
            return [Message("Pengingat ini sudah tidak berlaku.")]
        edited = _edited(answers, k)
        if edited is not None:
            due, zone, title = edited
            return [Message(f"Baik, pengingat diubah.\n{fields(due, zone, title)}")]
        if action in (T_DAY, T_WEEK):
            until = _moved(item, 1 if action == T_DAY else 7)
            text = (f"Baik, pengingat ini saya kirim lagi pada "
                    f"{messages.format_local(until, item['timezone'])}.")
        elif action == T_STOP:
            text = "Baik, pengingat ini dihentikan."
        else:
            label = messages.KIND_LABELS.get(item["kind"], item["kind"])
            text = f"Baik, semua pengingat jenis \"{label}\" dihentikan."
        return [Message(text)]
    return render


def _effects(k: int) -> Callable[[Answers, Services, Context], list[ReminderEffect]]:
    def act(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
        item = _item(answers, answers[_sid("pilih", k)])
        action = answers[_sid("aksi", k)]
        if item is None:
            return []
        edited = _edited(answers, k)
        if edited is not None:
            due, _, title = edited
            return [EditOwnReminder(item["reminder_id"], own_key(due, title, item["reminder_id"]),
                                    due, title)]
        if action in (T_DAY, T_WEEK):
            return [Snooze(item["delivery_id"], _moved(item, 1 if action == T_DAY else 7))]
        if action == T_STOP:
            return [StopReminder(item["reminder_id"])]
        return [StopKind(item["kind"])]
    return act


def steps(answers: Answers) -> list[Step]:
    """Return list rounds: pick a reminder, pick an action (or go back to the list)."""
    out: list[Step] = []
    k = 1
    while True:
        pick = _sid("pilih", k)
        out.append(Choice(id=pick, text=_list_text, options=_list_options, page_size=10))
        chosen = answers.get(pick)
        if chosen is None:
            return out
        if chosen == T_ICS:
            out.append(Show(id="kalender", render_at=_export))
            return out
        action = _sid("aksi", k)
        out.append(Choice(id=action, text=_action_text(k), options=_action_options(k)))
        if answers.get(action) in (None, T_BACK):
            if answers.get(action) is None:
                return out
            k += 1
            continue
        if answers[action] in (T_EDIT_DATE, T_EDIT_TIME, T_EDIT_TEXT):
            out.append(_edit_step(answers[action], k))
        out.append(Show(id="hasil", render_at=_done(k), act=_effects(k)))
        return out


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return the snapshot of the next ``LIST_SIZE`` deliveries (hidden)."""
    views = services.user.upcoming(LIST_SIZE) if services.user is not None else []
    return {LIST: [{"delivery_id": v.delivery_id, "reminder_id": v.reminder_id,
                    "kind": v.kind, "timezone": v.timezone,
                    "send_at": v.send_at.isoformat(), "line": messages.describe(v),
                    "title": v.title, "event_at": v.event_at.isoformat()}
                   for v in views[:LIST_SIZE]]}


FLOW = Flow(
    id="pengingat",
    menu_position=60,
    keywords=("daftar pengingat", "lihat pengingat", "jadwal pengingat"),
    commands=("pengingat", "pengingat saya"),
    command_help="Daftar pengingat Anda",
    title="Pengingat",
    steps=steps,
    prefill=prefill,
    progress=lambda step_id, answers: "",
    again="Lihat pengingat lagi",
    help=("Daftar pengingat Anda: tunda atau hentikan satu pengingat, unduh semuanya sebagai "
          "kalender (.ics), atau buat pengingat sendiri, misalnya \"ingatkan saya besok jam 9 "
          "kirim berkas\"."),
)
