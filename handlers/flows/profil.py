"""Profil flow (``/profil``): the data the reminders are planned from (``model.Profile``).

First time: every field in order, then a summary, ``SaveProfile`` and the planned reminders.
With a saved profile: "Data mana yang ingin diubah?" lists every field with its value; one
field is asked (with the fields it invalidates, e.g. jenjang -> golongan), saved, and the
list comes back (edit round ``k``: step ids ``<field>:<k>``) until "Selesai".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from handlers.domain.effects import ReminderEffect, SaveProfile
from handlers.domain.records import (
    DEFAULT_ZONE,
    KIND_AK,
    KIND_PREDIKAT,
    KIND_REKOMENDASI,
    ZONES,
    Profile,
    ReminderSpec,
)
from handlers.flow import (
    NO_CONTEXT,
    Answers,
    Ask,
    Choice,
    Context,
    Date,
    Flow,
    Invalid,
    Number,
    Services,
    Show,
    Step,
)
from handlers.flows.credit import read_golongan
from handlers.prompts import Message, Option, Prompt
from handlers.reminders import messages, plan
from knowledge import fmt
from knowledge.calc import credit
from knowledge.ids import CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS
from knowledge.jenjang import jenjang_of as knowledge_jenjang_of

SAVED = "tersimpan"  # hidden answer: the stored profile (JSON) when the flow started
DONE = "selesai"  # the option that leaves the edit list
FIELDS = ("jf", "jenjang", "golongan", "jenjang_since", "ak", "ak_date", "predikat", "zone",
          "rekomendasi_date")
FIELD_LABELS = {
    "jf": "Jabatan fungsional",
    "jenjang": "Jenjang",
    "golongan": "Golongan",
    "jenjang_since": "Mulai menduduki jenjang",
    "ak": "Angka kredit",
    "ak_date": "Tanggal angka kredit",
    "predikat": "Predikat yang diharapkan",
    "zone": "Zona waktu",
    "rekomendasi_date": "Tanggal rekomendasi ukom",
}
FIELD_SHORT = {
    "jf": "JF", "jenjang": "Jenjang", "golongan": "Golongan", "jenjang_since": "Mulai jenjang",
    "ak": "Angka kredit", "ak_date": "Tanggal AK", "predikat": "Predikat", "zone": "Zona waktu",
    "rekomendasi_date": "Rekomendasi",
}
NOT_FILLED = "(belum diisi)"
NONE_GIVEN = "(tidak ada)"
ZONE_HELP = {
    "WIB": "Sumatra, Jawa, Kalimantan Barat dan Kalimantan Tengah",
    "WITA": "Bali, NTB, NTT, Kalimantan Selatan, Timur dan Utara, Sulawesi",
    "WIT": "Maluku dan Papua",
}
ZONE_OFFSET = {"WIB": "UTC+7", "WITA": "UTC+8", "WIT": "UTC+9"}


# --- the profile as JSON answers ------------------------------------------------------------


def profile_values(profile: Profile) -> dict[str, Any]:
    """Return a profile as JSON-able answers keyed by field name."""
    def iso(day: dt.date | None) -> str | None:
        return None if day is None else day.isoformat()

    return {
        "jf": profile.jf, "jenjang": profile.jenjang, "golongan": profile.golongan,
        "jenjang_since": iso(profile.jenjang_since),
        "ak": None if profile.ak is None else str(profile.ak),
        "ak_date": iso(profile.ak_date), "predikat": profile.predikat, "zone": profile.zone,
        "rekomendasi_date": iso(profile.rekomendasi_date),
    }


def values_profile(values: Answers) -> Profile:
    """Return the profile JSON answers describe (missing fields None; zone WIB by default)."""
    def day(key: str) -> dt.date | None:
        value = values.get(key)
        return None if value is None else dt.date.fromisoformat(value)

    ak = values.get("ak")
    return Profile(
        jf=values.get("jf"), jenjang=values.get("jenjang"), golongan=values.get("golongan"),
        jenjang_since=day("jenjang_since"), ak=None if ak is None else Decimal(ak),
        ak_date=day("ak_date"), predikat=values.get("predikat"),
        zone=values.get("zone") or DEFAULT_ZONE, rekomendasi_date=day("rekomendasi_date"),
    )


def _sid(name: str, k: int) -> str:
    """Return the step id of a field in round ``k`` (0 = the first filling)."""
    return name if k == 0 else f"{name}:{k}"


def _edit_values(answers: Answers, rounds: int) -> dict[str, Any]:
    out = dict(answers.get(SAVED) or {})
    for j in range(1, rounds + 1):
        for name in FIELDS:
            if _sid(name, j) in answers:
                out[name] = answers[_sid(name, j)]
    return out


def values_at(answers: Answers, k: int) -> dict[str, Any]:
    """Return the field values as of round ``k`` (0: the first filling's answers)."""
    if k == 0:
        return {name: answers[name] for name in FIELDS if name in answers}
    return _edit_values(answers, k)


# --- reference data -------------------------------------------------------------------------


@cache
def _jenjang_rows() -> dict[str, dict[str, Any]]:
    return {j["jenjang"]: j for j in credit.reference()["jenjang"]}


def jenjang_of(jf: str | None) -> list[str]:
    """Return the jenjang of a JF (knowledge.jenjang: Lampiran I, no Penera Pemula)."""
    return list(knowledge_jenjang_of(jf))


def golongan_of(jenjang: str | None) -> list[str]:
    """Return the golongan range of a jenjang (Lampiran VII), [] when unknown."""
    row = _jenjang_rows().get(jenjang or "")
    return list(row["golongan"]) if row else []


def show_value(name: str, value: Any) -> str:
    """Return one field's value as the user reads it."""
    if value is None:
        return NONE_GIVEN if name == "rekomendasi_date" else NOT_FILLED
    if name == "jf":
        return JF_LABELS.get(value, str(value))
    if name == "jenjang":
        return JENJANG_LABELS.get(value, str(value))
    if name in ("jenjang_since", "ak_date", "rekomendasi_date"):
        return fmt.date(dt.date.fromisoformat(value))
    if name == "ak":
        return fmt.number(Decimal(value))
    if name == "predikat":
        return next((p["label"] for p in credit.reference()["predikat"]
                     if p["predikat"] == value), str(value))
    if name == "zone":
        return f"{value} ({ZONE_OFFSET.get(value, '')})"
    return str(value)


# --- the steps of one field -----------------------------------------------------------------


def _jf_options() -> list[Option]:
    return [Option(k, v) for k, v in JF_LABELS.items()]


def _jenjang_options(k: int) -> Callable[[Answers], list[Option]]:
    def options(answers: Answers) -> list[Option]:
        out = []
        for j in jenjang_of(values_at(answers, k).get("jf")):
            row = _jenjang_rows()[j]
            gol = row["golongan"]
            span = gol[0] if len(gol) == 1 else f"{gol[0]}–{gol[-1]}"
            out.append(Option(j, row["label"], description=(
                f"{CATEGORY_LABELS[row['kategori']]}, golongan {span}")))
        return out
    return options


@dataclass(frozen=True, kw_only=True)
class ProfileGolongan(Choice):
    """The golongan within the jenjang of round ``k``; typed "III/a", "3a" (never a typo)."""

    k: int = 0
    fuzzy: bool = False

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the golongan typed, or raise naming the valid ones."""
        jenjang = values_at(answers, self.k).get("jenjang")
        allowed = golongan_of(jenjang)
        return read_golongan(text, list(allowed), JENJANG_LABELS.get(jenjang or "", ""))

    def display(self, value: Any, answers: Answers) -> str:
        """Return the golongan as written."""
        return str(value)


def _ak_date_check(k: int) -> Callable[[Any, Answers, Context], None]:
    def check(value: Any, answers: Answers, context: Context) -> None:
        since = values_at(answers, k).get("jenjang_since")
        if since is not None and value < since:
            raise Invalid("Tanggal angka kredit tidak boleh sebelum tanggal mulai jenjang "
                          f"({fmt.date(dt.date.fromisoformat(since))}).")
    return check


def _predikat_options() -> list[Option]:
    return [Option(p["predikat"], p["label"],
                   description=f"{fmt.number(Decimal(str(p['persen'])))}% dari koefisien")
            for p in credit.reference()["predikat"]]


def _zone_options() -> list[Option]:
    return [Option(z, f"{z} ({ZONE_OFFSET[z]})", description=ZONE_HELP[z]) for z in ZONES]


def field_step(name: str, k: int, when: Callable[[Answers], bool] | None = None) -> Ask:
    """Return the question of one profile field in round ``k``."""
    sid = _sid(name, k)
    if name == "jf":
        return Choice(id=sid, when=when, text="Jabatan fungsional Anda?", options=_jf_options(),
                      help="Salah satu dari enam JF bidang perdagangan.")
    if name == "jenjang":
        return Choice(id=sid, when=when, text="Jenjang jabatan Anda saat ini?",
                      options=_jenjang_options(k),
                      help="Hanya jenjang yang ada pada JF Anda.")
    if name == "golongan":
        return ProfileGolongan(
            id=sid, when=when, k=k,
            text=lambda a: (f"Golongan Anda saat ini "
                            f"({JENJANG_LABELS.get(values_at(a, k).get('jenjang') or '', '')})?"),
            options=lambda a: [Option(g, g) for g in golongan_of(values_at(a, k).get("jenjang"))],
            help="Hanya golongan dalam rentang jenjang Anda (Lampiran VII).")
    if name == "jenjang_since":
        return Date(id=sid, when=when, text="Sejak tanggal berapa Anda menduduki jenjang ini?",
                    hint="Tanggal TMT jenjang, misalnya 1 Januari 2024 atau 1/1/2024.",
                    not_after_today=True)
    if name == "ak":
        return Number(id=sid, when=when, text="Berapa angka kredit (AK) kumulatif Anda saat ini?",
                      minimum=0,
                      hint="AK kumulatif pada jenjang ini, misalnya dari PAK terakhir; ketik 0 "
                           "bila baru menduduki jenjang ini. Koma desimal boleh, misalnya 62,5.")
    if name == "ak_date":
        return Date(id=sid, when=when, text="Per tanggal berapa angka kredit itu?",
                    hint="Misalnya tanggal PAK terakhir: 1 Januari 2025 atau 1/1/2025.",
                    not_after_today=True, check=_ak_date_check(k))
    if name == "predikat":
        return Choice(id=sid, when=when, text="Predikat kinerja yang Anda harapkan setiap tahun?",
                      options=_predikat_options(),
                      help="Dipakai untuk memperkirakan kapan AK minimal tercapai.")
    if name == "zone":
        return Choice(id=sid, when=when, text="Zona waktu Anda? Pengingat dikirim pukul 09.00 "
                                               "waktu setempat.",
                      options=_zone_options(), hint="WIB bila ragu.")
    return Date(id=sid, when=when, optional=True,
                text="Tanggal rekomendasi uji kompetensi Anda, bila ada?",
                hint="Rekomendasi berlaku 2 tahun; saya ingatkan 90 dan 30 hari sebelum habis.",
                not_after_today=True)


def _needed(name: str, picked: str, k: int) -> Callable[[Answers], bool]:
    """Return when field ``name`` is asked in edit round ``k`` where ``picked`` was chosen."""
    def when(answers: Answers) -> bool:
        if name == picked:
            return True
        before = _edit_values(answers, k - 1)
        after = _edit_values(answers, k)
        jenjang_changed = (_sid("jenjang", k) in answers
                           and answers[_sid("jenjang", k)] != before.get("jenjang"))
        jf_changed = _sid("jf", k) in answers and answers[_sid("jf", k)] != before.get("jf")
        if name == "jf":
            return picked in ("jenjang", "golongan") and not before.get("jf")
        if name == "jenjang":
            return ((picked == "jf" and jf_changed
                     and before.get("jenjang") not in jenjang_of(after.get("jf")))
                    or (picked == "golongan" and not before.get("jenjang")))
        if name == "golongan":
            return (picked in ("jf", "jenjang") and jenjang_changed
                    and before.get("golongan") not in golongan_of(after.get("jenjang")))
        if name in ("jenjang_since", "ak"):
            return picked in ("jf", "jenjang") and jenjang_changed
        if name == "ak_date":
            old, since = before.get("ak_date"), after.get("jenjang_since")
            return ((picked in ("jf", "jenjang") and jenjang_changed) or picked == "ak"
                    or (picked == "jenjang_since" and old is not None and since is not None
                        and old < since))
        return False
    return when


# --- summary and planned reminders ----------------------------------------------------------


def summary(values: Answers, today: dt.date | None = None) -> str:
    """Return every field with its value, one per line; with ``today``, an expired
    rekomendasi says since when it is no longer valid."""
    lines = ["Profil Anda:"]
    for n in FIELDS:
        line = f"- {FIELD_LABELS[n]}: {show_value(n, values.get(n))}"
        if n == "rekomendasi_date" and values.get(n) and today is not None:
            expiry = plan.rekomendasi_expiry(dt.date.fromisoformat(values[n]))
            if expiry < today:
                line += (f" (berlaku sampai {fmt.date(expiry)}; sudah tidak berlaku sejak "
                         f"{fmt.date(plan.rekomendasi_void_from(expiry))})")
        lines.append(line)
    return "\n".join(lines)


def _target(key: str | None) -> str:
    return JENJANG_LABELS.get(key or "", key or "")


def _passed_line(item: plan.PlanItem) -> str:
    """Return one "sudah lewat" line of the plan (an AK item whose date is before today)."""
    day = fmt.date(item.day)
    if item.item == plan.ITEM_CAPAI:
        return f"AK minimal untuk {_target(item.target)} diperkirakan tercapai {day}"
    following = ("" if item.next_day is None
                 else f"; periode berikutnya {fmt.date(item.next_day)}")
    return f"periode kenaikan pangkat ke {_target(item.target)} {day}{following}"


def _spec_line(spec: ReminderSpec) -> str:
    parts = spec.source_key.split(":")
    if spec.kind == KIND_AK and len(parts) == 4:
        target = JENJANG_LABELS.get(parts[2], parts[2])
        day = fmt.date(dt.date.fromisoformat(parts[3]))
        if parts[1] == "capai":
            return f"AK minimal untuk {target} diperkirakan tercapai"
        return f"siapkan usulan kenaikan ke {target} (periode {day})"
    if spec.kind == KIND_PREDIKAT:
        return f"catat predikat kinerja tahun {parts[-1]}"
    if spec.kind == KIND_REKOMENDASI:
        return (f"rekomendasi uji kompetensi berakhir "
                f"{fmt.date(dt.date.fromisoformat(parts[-1]))}")
    return messages.KIND_LABELS.get(spec.kind, spec.kind)


def planned_text(profile: Profile, now: dt.datetime) -> str:
    """Return which profile reminders are planned and when they are sent."""
    specs = plan.profile_reminders(profile, now)
    # Two sends may fall on the same moment: order them by their key too (specs don't compare).
    sends = sorted(((moment, spec) for spec in specs for moment in plan.send_times(spec)
                    if moment >= now), key=lambda pair: (pair[0], pair[1].source_key))
    if not sends:
        lines = ["Belum ada pengingat yang bisa direncanakan dari profil ini."]
    else:
        lines = ["Pengingat angka kredit, predikat tahunan dan rekomendasi akan dikirim pada:"]
        lines += [f"- {messages.format_local(moment, spec.timezone)}: {_spec_line(spec)}"
                  for moment, spec in sends]
    # Passed milestones are listed as passed, never silently dropped (the rekomendasi's
    # expiry is said in the summary above).
    passed = [item for item in plan.profile_plan(profile, now)
              if item.passed and item.item != plan.ITEM_REKOMENDASI]
    if passed:
        lines.append("Sudah lewat:")
        lines += [f"- {_passed_line(item)}" for item in passed]
    return "\n".join(lines)


ValuesFn = Callable[[Answers], dict[str, Any]]


def _after_rounds(rounds: int) -> ValuesFn:
    """Return the values after edit rounds 1..rounds."""
    return lambda answers: _edit_values(answers, rounds)


def _save(values_fn: ValuesFn) -> Callable[[Answers, Services, Context], list[ReminderEffect]]:
    def act(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
        return [SaveProfile(values_profile(values_fn(answers)))]
    return act


def _final(values_fn: ValuesFn) -> Callable[[Answers, Services, Context], list[Prompt]]:
    def render(answers: Answers, services: Services, context: Context) -> list[Prompt]:
        values = values_fn(answers)
        today = (None if context.now is None
                 else plan.local_today(context.now, values.get("zone") or DEFAULT_ZONE))
        out: list[Prompt] = [Message(summary(values, today))]
        if context.now is not None:
            out.append(Message(planned_text(values_profile(values), context.now)))
        return out
    return render


def _saved_round(k: int) -> Callable[[Answers, Services], list[Prompt]]:
    def render(answers: Answers, services: Services) -> list[Prompt]:
        values = values_at(answers, k)
        changed = [n for n in FIELDS if _sid(n, k) in answers]
        text = "; ".join(f"{FIELD_LABELS[n]} {show_value(n, values.get(n))}" for n in changed)
        return [Message(f"Tersimpan: {text}.")]
    return render


# --- the flow -------------------------------------------------------------------------------


def _edit_options(k: int) -> Callable[[Answers], list[Option]]:
    def options(answers: Answers) -> list[Option]:
        values = _edit_values(answers, k - 1)
        out = [Option(n, f"{FIELD_LABELS[n]}: {show_value(n, values.get(n))}", FIELD_SHORT[n])
               for n in FIELDS]
        out.append(Option(DONE, "Selesai"))
        return out
    return options


def steps(answers: Answers) -> list[Step]:
    """Return the steps: the whole form the first time, else edit rounds until "Selesai"."""
    if SAVED not in answers:
        first: list[Step] = [field_step(n, 0) for n in FIELDS]
        def first_values(a: Answers) -> dict[str, Any]:
            return values_at(a, 0)

        first.append(Show(id="simpan", render_at=_final(first_values), act=_save(first_values)))
        return first
    out: list[Step] = []
    k = 1
    while True:
        choose = _sid("ubah", k)
        out.append(Choice(id=choose, text="Data mana yang ingin diubah?",
                          options=_edit_options(k), page_size=10,
                          help="Pilih satu data; setelah disimpan daftar ini muncul lagi."))
        picked = answers.get(choose)
        if picked is None:
            return out
        if picked == DONE:
            out.append(Show(id="selesai", render_at=_final(_after_rounds(k - 1))))
            return out
        out += [field_step(n, k, _needed(n, picked, k)) for n in FIELDS]
        out.append(Show(id=_sid("simpan", k), end=False, render=_saved_round(k),
                        act=_save(_after_rounds(k))))
        k += 1


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return the stored profile as the hidden starting point (nothing the first time)."""
    profile = services.user.profile() if services.user is not None else None
    return {} if profile is None else {SAVED: profile_values(profile)}


def progress(step_id: str, answers: Answers) -> str | None:
    """Return no progress line in the edit list (the engine's count the first time)."""
    return "" if SAVED in answers else None


FLOW = Flow(
    id="profil",
    menu_position=50,
    keywords=("ubah profil", "isi profil", "data saya", "profil jabatan"),
    commands=("profil", "profil saya"),
    command_help="Profil jabatan untuk pengingat",
    title="Profil saya",
    steps=steps,
    prefill=prefill,
    progress=progress,
    again="Ubah profil",
    help=("Profil jabatan Anda (JF, jenjang, golongan, angka kredit, predikat yang diharapkan, "
          "zona waktu, rekomendasi) dipakai untuk mengirim pengingat angka kredit, predikat "
          "tahunan dan masa berlaku rekomendasi."),
    intro=("Profil jabatan Anda dipakai untuk pengingat angka kredit, predikat kinerja tahunan "
           "dan masa berlaku rekomendasi uji kompetensi."),
)
