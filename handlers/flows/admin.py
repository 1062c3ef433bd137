"""Admin flow (``/admin``, admins only): publish, edit or delete an uji kompetensi schedule,
send a broadcast, or read the statistics.

Pure like every flow: the stored schedules are read once through ``Services.user`` when the
flow starts (a hidden answer, see ``_admin_parts.SNAPSHOT``); every write is an effect
(``SaveSchedule``, ``DeleteSchedule``, ``StartBroadcast``) the runtime performs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from handlers import texts
from handlers.domain.effects import DeleteSchedule, ReminderEffect, SaveSchedule, StartBroadcast
from handlers.domain.records import UkomSchedule
from handlers.feedback import TanyaEffect
from handlers.flow import (
    FLOW_LINK,
    Answers,
    Ask,
    Choice,
    Context,
    Date,
    Flow,
    Invalid,
    Services,
    Show,
    Step,
    Text,
    YesNo,
    progress_line,
)
from handlers.flows._admin_parts import (
    ALL_JENJANG,
    BROADCAST_MAX,
    NOTES_MAX,
    SNAPSHOT,
    audience_label,
    day,
    jenjang_options,
    jf_options,
    or_none,
    schedule_label,
    schedule_lines,
    schedule_named,
    schedule_options,
    snapshot,
    statistics_text,
    today_of,
)
from handlers.prompts import Message, Option, Prompt
from knowledge import fmt
from knowledge.errors import InputError
from knowledge.ids import JF_LABELS

# "aksi" option tokens.
PUBLISH, EDIT, DELETE, BROADCAST, STATISTICS = (
    "terbitkan", "ubah", "hapus", "siaran", "statistik")
ACTIONS = (
    Option(PUBLISH, "Terbitkan jadwal uji kompetensi", "Terbitkan jadwal"),
    Option(EDIT, "Ubah jadwal"),
    Option(DELETE, "Hapus jadwal"),
    Option(BROADCAST, "Kirim siaran"),
    Option(STATISTICS, "Statistik"),
    Option(FLOW_LINK + "pertanyaan", "Pertanyaan masuk"),  # handlers/flows/pertanyaan.py
)
# "ubah:bagian" option tokens: what of a schedule to change.
F_JF, F_JENJANG, F_DEADLINE, F_EXAM, F_NOTES = "jf", "jenjang", "batas", "ujian", "catatan"
FIELDS = (
    Option(F_JF, "JF dan jenjang"),
    Option(F_JENJANG, "Jenjang"),
    Option(F_DEADLINE, "Batas pendaftaran"),
    Option(F_EXAM, "Tanggal ujian"),
    Option(F_NOTES, "Catatan"),
)

SCHEDULE_GONE = ("Jadwal itu sudah dihapus oleh admin lain, jadi tidak ada yang diubah; "
                 "pilih aksi lain.")
NO_SCHEDULES = "Belum ada jadwal uji kompetensi yang diterbitkan; pilih aksi lain."
REMINDER_TIMES = "H-14, H-7, H-1 sebelum batas pendaftaran dan H-1 sebelum ujian"
BROADCAST_STARTED = ("Siaran dimulai. Anda akan menerima laporan kemajuan dan jumlah akhir "
                     "(terkirim, gagal).")
Condition = Callable[[Answers], bool]
# The step id prefix of each action's branch.
_STEP_PREFIX = {PUBLISH: "terbit", EDIT: "ubah", DELETE: "hapus", BROADCAST: "siaran"}
NOTES_HINT = f"Paling banyak {NOTES_MAX} karakter, misalnya tempat ujian atau tautan pendaftaran."


# --- conditions -----------------------------------------------------------------------------


def _has_schedules(answers: Answers) -> bool:
    return bool(answers.get(SNAPSHOT))


def _action(*tokens: str) -> Condition:
    """Return a ``when`` that is true for these actions (edit/delete only with schedules)."""
    def when(answers: Answers) -> bool:
        action = answers.get("aksi")
        if action in (EDIT, DELETE) and not _has_schedules(answers):
            return False
        return action in tokens
    return when


def _confirmed(action: str, value: bool) -> Condition:
    """Return a ``when`` for the Show after the "<prefix>:ok" confirmation."""
    def when(answers: Answers) -> bool:
        return _action(action)(answers) and answers.get(f"{_STEP_PREFIX[action]}:ok") is value
    return when



def _editing(*fields: str) -> Condition:
    """Return a ``when`` for the edit steps of these fields."""
    def when(answers: Answers) -> bool:
        return _action(EDIT)(answers) and answers.get("ubah:bagian") in fields
    return when


# --- rights ---------------------------------------------------------------------------------
# The engine leaves this flow on any event once the user is no longer an admin
# (``Turn.revoked``); the effects and the statistics check again right where they happen.

Act = Callable[[Answers, Services, Context], Sequence[ReminderEffect | TanyaEffect]]


def admin_only(act: Act) -> Act:
    """Return ``act`` guarded: no effect at all unless the user is an admin at this moment."""
    def guarded(answers: Answers, services: Services,
                context: Context) -> Sequence[ReminderEffect | TanyaEffect]:
        return act(answers, services, context) if visible(services) else []
    guarded.__doc__ = act.__doc__
    return guarded


def render_statistics(answers: Answers, services: Services) -> list[Prompt]:
    """Show the statistics (admins only, judged now)."""
    if not visible(services):
        return [Message(texts.ACCESS_REVOKED)]
    return [Message(statistics_text(services.user))]


# --- checks ---------------------------------------------------------------------------------


def _not_before_today(value: Any, context: Context, what: str) -> None:
    today = today_of(context)
    if today is not None and day(value) < today:
        raise Invalid(f"{what} tidak boleh sebelum hari ini ({fmt.date(today)}).")


def check_deadline(value: Any, answers: Answers, context: Context) -> None:
    """Refuse a registration deadline before today."""
    _not_before_today(value, context, "Batas pendaftaran")


def check_exam(value: Any, answers: Answers, context: Context) -> None:
    """Refuse an exam date before the registration deadline just given."""
    deadline = day(answers["terbit:batas"])
    if day(value) < deadline:
        raise Invalid("Tanggal ujian tidak boleh sebelum batas pendaftaran "
                      f"({fmt.date(deadline)}).")


def check_new_deadline(value: Any, answers: Answers, context: Context) -> None:
    """Refuse a new deadline before today or after the schedule's exam date."""
    _not_before_today(value, context, "Batas pendaftaran")
    exam = schedule_named(answers, answers["ubah:jadwal"]).exam_date
    if day(value) > exam:
        raise Invalid(f"Batas pendaftaran tidak boleh setelah tanggal ujian ({fmt.date(exam)}).")


def check_new_exam(value: Any, answers: Answers, context: Context) -> None:
    """Refuse a new exam date before today or before the schedule's deadline."""
    _not_before_today(value, context, "Tanggal ujian")
    deadline = schedule_named(answers, answers["ubah:jadwal"]).registration_deadline
    if day(value) < deadline:
        raise Invalid("Tanggal ujian tidak boleh sebelum batas pendaftaran "
                      f"({fmt.date(deadline)}).")


def parse_broadcast(text: str, answers: Answers) -> str:
    """Return the broadcast text (1 to 1.000 characters), or raise Invalid."""
    if not text:
        raise Invalid("Ketik teks siaran; teks tidak boleh kosong.")
    if len(text) > BROADCAST_MAX:
        raise Invalid(f"Teks siaran terlalu panjang ({fmt.number(len(text))} karakter); "
                      f"paling banyak {fmt.number(BROADCAST_MAX)} karakter.")
    return text


# --- publish --------------------------------------------------------------------------------


def new_schedule(answers: Answers) -> UkomSchedule:
    """Return the schedule the publish answers describe (id None: not stored yet)."""
    return UkomSchedule(None, answers["terbit:jf"], or_none(answers["terbit:jenjang"]),
                        day(answers["terbit:batas"]), day(answers["terbit:ujian"]),
                        answers.get("terbit:catatan") or "")


def _publish_question(answers: Answers) -> str:
    return "\n".join(["Terbitkan jadwal uji kompetensi ini?", *schedule_lines(
        new_schedule(answers))])


def _audience(services: Services, jf: str | None, jenjang: str | None) -> int:
    return services.user.audience_size(jf, jenjang) if services.user is not None else 0


def render_published(answers: Answers, services: Services) -> list[Prompt]:
    """Say the schedule is published and how many users it reaches now."""
    n = _audience(services, answers["terbit:jf"], or_none(answers["terbit:jenjang"]))
    text = ("Jadwal diterbitkan; pengingat dikirim ke pengguna yang profilnya cocok "
            f"({REMINDER_TIMES})")
    if n:
        text += f", saat ini untuk {fmt.number(n)} pengguna."
    else:
        text += (". Saat ini belum ada pengguna yang profilnya cocok; pengguna yang nanti "
                 "mengisi profil yang cocok tetap menerima pengingat.")
    return [Message(text)]


def act_publish(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
    """Ask the runtime to store the new schedule."""
    return [SaveSchedule(new_schedule(answers))]


# --- edit -----------------------------------------------------------------------------------


def _edit_jf(answers: Answers) -> str:
    """Return the JF of the edited schedule (the new one when the JF is being changed)."""
    if answers.get("ubah:bagian") == F_JF and answers.get("ubah:jf"):
        return str(answers["ubah:jf"])
    return schedule_named(answers, answers["ubah:jadwal"]).jf


def edited_schedule(answers: Answers) -> UkomSchedule:
    """Return the chosen schedule with the changed field (same id)."""
    old = schedule_named(answers, answers["ubah:jadwal"])
    field = answers["ubah:bagian"]
    if field in (F_JF, F_JENJANG):
        return replace(old, jf=_edit_jf(answers), jenjang=or_none(answers["ubah:jenjang"]))
    if field == F_DEADLINE:
        return replace(old, registration_deadline=day(answers["ubah:batas"]))
    if field == F_EXAM:
        return replace(old, exam_date=day(answers["ubah:ujian"]))
    return replace(old, notes=answers.get("ubah:catatan") or "")


def _field_question(answers: Answers) -> str:
    old = schedule_named(answers, answers["ubah:jadwal"])
    return "\n".join([*schedule_lines(old), "", "Apa yang ingin diubah?"])


def _edit_question(answers: Answers) -> str:
    old = schedule_lines(schedule_named(answers, answers["ubah:jadwal"]))
    new = schedule_lines(edited_schedule(answers))
    lines = ["Simpan perubahan jadwal ini?"]
    for before, after in zip(old, new, strict=True):
        if before == after:
            lines.append(after)
        else:
            lines.append(f"{after} (sebelumnya: {before.split(': ', 1)[1]})")
    return "\n".join(lines)


def _current(answers: Answers) -> UkomSchedule:
    return schedule_named(answers, answers["ubah:jadwal"])


def render_edited(answers: Answers, services: Services) -> list[Prompt]:
    """Say the schedule is saved and how many users it reaches now (back to "aksi" when
    another admin deleted it meanwhile: the list was read when the flow started)."""
    schedule = edited_schedule(answers)
    if services.user is not None and schedule.id not in {s.id for s in services.user.schedules()}:
        raise InputError("aksi", SCHEDULE_GONE)
    n = _audience(services, schedule.jf, schedule.jenjang)
    return [Message("Jadwal diperbarui; pengingat disesuaikan untuk pengguna yang profilnya "
                    f"cocok (saat ini {fmt.number(n)} pengguna).")]


def act_edit(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
    """Ask the runtime to update the schedule (same id)."""
    return [SaveSchedule(edited_schedule(answers))]


# --- delete ---------------------------------------------------------------------------------


def _delete_question(answers: Answers) -> str:
    schedule = schedule_named(answers, answers["hapus:jadwal"])
    return (f"Hapus jadwal {schedule_label(schedule)} (ujian {fmt.date(schedule.exam_date)})? "
            "Pengingat yang belum terkirim dibatalkan.")


def act_delete(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
    """Ask the runtime to delete the schedule (its pending deliveries are cancelled)."""
    schedule = schedule_named(answers, answers["hapus:jadwal"])
    assert schedule.id is not None  # snapshot schedules always have one
    return [DeleteSchedule(schedule.id)]


# --- broadcast ------------------------------------------------------------------------------


def _broadcast_target(answers: Answers) -> tuple[str | None, str | None]:
    return or_none(answers["siaran:jf"]), or_none(answers["siaran:jenjang"])


def render_preview(answers: Answers, services: Services) -> list[Prompt]:
    """Show the broadcast as it will be read, its audience and how many users that is."""
    jf, jenjang = _broadcast_target(answers)
    n = _audience(services, jf, jenjang)
    text = (f"Pratinjau siaran:\n\n{answers['siaran:teks']}\n\n"
            f"Sasaran: {audience_label(jf, jenjang)}. "
            f"Siaran ini akan dikirim ke {fmt.number(n)} pengguna.")
    if not n:
        text += " Saat ini belum ada pengguna yang cocok dengan sasaran ini."
    return [Message(text)]


def act_broadcast(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
    """Ask the runtime to start the broadcast."""
    jf, jenjang = _broadcast_target(answers)
    return [StartBroadcast(answers["siaran:teks"], jf, jenjang)]


# --- the flow -------------------------------------------------------------------------------


def _no_schedules(answers: Answers, services: Services) -> list[Prompt]:
    """Send the admin back to "aksi" with one sentence (the engine re-asks that step)."""
    raise InputError("aksi", NO_SCHEDULES)


def _said(text: str) -> Callable[[Answers, Services], list[Prompt]]:
    return lambda answers, services: [Message(text)]


def steps(answers: Answers) -> list[Step]:
    """Return every step; ``when`` conditions pick the branch of the chosen action."""
    return [
        Choice(id="aksi", text="Apa yang ingin Anda lakukan?", options=ACTIONS,
               help="Jadwal uji kompetensi mengirim pengingat ke pengguna yang profilnya "
                    "cocok; siaran mengirim satu pesan ke pengguna yang Anda pilih."),
        Show(id="kosong", end=False, render=_no_schedules,
             when=lambda a: a.get("aksi") in (EDIT, DELETE) and not _has_schedules(a)),
        # publish
        Choice(id="terbit:jf", when=_action(PUBLISH), text="Untuk JF apa?",
               options=jf_options()),
        Choice(id="terbit:jenjang", when=_action(PUBLISH), page_size=10,
               text=lambda a: f"Untuk jenjang apa ({JF_LABELS[a['terbit:jf']]})?",
               options=lambda a: jenjang_options(a["terbit:jf"]),
               help=f"Pilih \"{ALL_JENJANG}\" bila uji kompetensi terbuka untuk semua jenjang "
                    "JF ini."),
        Date(id="terbit:batas", when=_action(PUBLISH), check=check_deadline,
             text="Batas akhir pendaftaran?",
             help="Pengingat dikirim H-14, H-7 dan H-1 sebelum tanggal ini pukul 09.00."),
        Date(id="terbit:ujian", when=_action(PUBLISH), check=check_exam,
             text="Tanggal ujian?", help="Pengingat dikirim H-1 sebelum tanggal ini."),
        Text(id="terbit:catatan", when=_action(PUBLISH), optional=True, max_length=NOTES_MAX,
             text="Catatan untuk peserta?", hint=NOTES_HINT),
        YesNo(id="terbit:ok", when=_action(PUBLISH), text=_publish_question),
        Show(id="terbit:hasil", when=_confirmed(PUBLISH, True), render=render_published,
             act=admin_only(act_publish)),
        Show(id="terbit:batal", when=_confirmed(PUBLISH, False),
             render=_said("Jadwal tidak diterbitkan.")),
        # edit
        Choice(id="ubah:jadwal", when=_action(EDIT), text="Jadwal mana yang ingin diubah?",
               options=schedule_options),
        Choice(id="ubah:bagian", when=_action(EDIT), text=_field_question, options=FIELDS,
               branches=True),  # the part chosen sets the questions that follow
        Choice(id="ubah:jf", when=_editing(F_JF), text="JF yang baru?", options=jf_options()),
        Choice(id="ubah:jenjang", when=_editing(F_JF, F_JENJANG), page_size=10,
               text=lambda a: f"Jenjang yang baru ({JF_LABELS[_edit_jf(a)]})?",
               options=lambda a: jenjang_options(_edit_jf(a))),
        Date(id="ubah:batas", when=_editing(F_DEADLINE), check=check_new_deadline,
             text=lambda a: "Batas akhir pendaftaran yang baru (sekarang "
                            f"{fmt.date(_current(a).registration_deadline)})?"),
        Date(id="ubah:ujian", when=_editing(F_EXAM), check=check_new_exam,
             text=lambda a: "Tanggal ujian yang baru (sekarang "
                            f"{fmt.date(_current(a).exam_date)})?"),
        Text(id="ubah:catatan", when=_editing(F_NOTES), optional=True, max_length=NOTES_MAX,
             text="Catatan yang baru?",
             hint=f"Paling banyak {NOTES_MAX} karakter; bila dilewati, catatan dikosongkan."),
        YesNo(id="ubah:ok", when=_action(EDIT), text=_edit_question),
        Show(id="ubah:hasil", when=_confirmed(EDIT, True), render=render_edited,
             act=admin_only(act_edit)),
        Show(id="ubah:batal", when=_confirmed(EDIT, False),
             render=_said("Jadwal tidak diubah.")),
        # delete
        Choice(id="hapus:jadwal", when=_action(DELETE), text="Jadwal mana yang ingin dihapus?",
               options=schedule_options),
        YesNo(id="hapus:ok", when=_action(DELETE), text=_delete_question),
        Show(id="hapus:hasil", when=_confirmed(DELETE, True), act=admin_only(act_delete),
             render=_said("Jadwal dihapus; pengingat yang belum terkirim dibatalkan.")),
        Show(id="hapus:batal", when=_confirmed(DELETE, False),
             render=_said("Jadwal tidak dihapus.")),
        # broadcast
        Choice(id="siaran:jf", when=_action(BROADCAST), text="Siaran untuk JF apa?",
               options=jf_options(with_all=True)),
        Choice(id="siaran:jenjang", when=_action(BROADCAST), page_size=10,
               text="Untuk jenjang apa?",
               options=lambda a: jenjang_options(or_none(a["siaran:jf"]))),
        Text(id="siaran:teks", when=_action(BROADCAST), parser=parse_broadcast,
             max_length=BROADCAST_MAX, text="Teks siaran?",
             hint=f"Paling banyak {fmt.number(BROADCAST_MAX)} karakter; dikirim persis seperti "
                  "yang Anda ketik."),
        Show(id="siaran:pratinjau", when=_action(BROADCAST), end=False, render=render_preview),
        YesNo(id="siaran:ok", when=_action(BROADCAST), text="Kirim siaran ini sekarang?"),
        Show(id="siaran:hasil", when=_confirmed(BROADCAST, True), act=admin_only(act_broadcast),
             render=_said(BROADCAST_STARTED)),
        Show(id="siaran:batal", when=_confirmed(BROADCAST, False),
             render=_said("Siaran tidak dikirim.")),
        # statistics
        Show(id="statistik", when=_action(STATISTICS),
             render=render_statistics),
    ]


def progress(step_id: str, answers: Answers) -> str | None:
    """Return "Langkah i dari n" over the chosen action's questions ("aksi" is a menu: none)."""
    if step_id == "aksi":
        return ""  # the engine shows no progress line
    mine = [s for s in steps(answers)
            if isinstance(s, Ask) and s.active(answers) and s.id != "aksi"]
    if step_id not in [s.id for s in mine]:
        return None
    return progress_line(mine, step_id, answers)


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return the hidden snapshot of the published schedules (read once, at the start)."""
    user = services.user
    return {SNAPSHOT: snapshot(user.schedules()) if user is not None else []}


def visible(services: Services) -> bool:
    """Return True for admins only."""
    return services.user is not None and services.user.is_admin()


FLOW = Flow(
    id="admin",
    menu_position=90,
    commands=("admin",),
    title="Admin",
    steps=steps,
    help=("Menu admin: terbitkan, ubah atau hapus jadwal uji kompetensi, kirim siaran, dan "
          "lihat statistik."),
    progress=progress,
    prefill=prefill,
    visible=visible,
    again="Aksi admin lainnya",
)
