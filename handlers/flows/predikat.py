"""Predikat flow: record last year's predikat kinerja (the January reminder's "Catat predikat").

AK += the annual AK of the predikat for 12 months (``plan.record_predikat``), AK date = 31
December of that year; the profile is saved (which re-plans its reminders).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from handlers.domain.effects import ReminderEffect, SaveProfile
from handlers.domain.records import Profile
from handlers.flow import FLOW_LINK, Answers, Choice, Context, Flow, Services, Show, Step
from handlers.prompts import Message, Option, Prompt
from handlers.reminders import plan
from knowledge import fmt
from knowledge.calc import credit
from knowledge.errors import InputError
from knowledge.ids import JENJANG_LABELS

YEAR = "tahun"  # hidden answer: the year being recorded (last year)
HAS_PROFILE = "punya_profil"  # hidden answer: whether a profile was stored at the start


def _predikat_rows() -> dict[str, dict[str, Any]]:
    return {p["predikat"]: p for p in credit.reference()["predikat"]}


def _options() -> list[Option]:
    return [Option(p, row["label"]) for p, row in _predikat_rows().items()]


def _profile(services: Services) -> Profile | None:
    return services.user.profile() if services.user is not None else None


def _record(answers: Answers, services: Services) -> tuple[Profile, Profile]:
    """Return (old, new) profile; raises InputError when it cannot be recorded."""
    old = _profile(services)
    if old is None:
        raise InputError("profil", "Isi profil Anda dulu lewat /profil.")
    return old, plan.record_predikat(old, int(answers[YEAR]), answers["predikat"])


def render(answers: Answers, services: Services) -> list[Prompt]:
    """Show the old AK, the added AK with its calculation, and the new AK with its date."""
    try:
        old, new = _record(answers, services)
    except InputError as exc:
        return [Message(exc.message)]
    assert old.ak is not None and old.jenjang is not None
    assert new.ak is not None and new.ak_date is not None
    row = next(j for j in credit.reference()["jenjang"] if j["jenjang"] == old.jenjang)
    pred = _predikat_rows()[answers["predikat"]]
    added = new.ak - old.ak
    since = f" (per {fmt.date(old.ak_date)})" if old.ak_date is not None else ""
    lines = [
        f"Angka kredit sebelumnya: {fmt.number(old.ak)}{since}.",
        f"Tambahan tahun {answers[YEAR]} ({JENJANG_LABELS[old.jenjang]}, predikat "
        f"{pred['label']}): koefisien {fmt.number(Decimal(str(row['koefisien'])))} × "
        f"{fmt.number(Decimal(str(pred['persen'])))}% × 12/12 bulan = {fmt.number(added)}.",
        f"Angka kredit sekarang: {fmt.number(new.ak)} per {fmt.date(new.ak_date)}.",
        "Profil disimpan; pengingat angka kredit diperbarui.",
    ]
    return [Message("\n".join(lines))]


def act(answers: Answers, services: Services, context: Context) -> list[ReminderEffect]:
    """Save the profile with the year added (nothing when it cannot be recorded)."""
    try:
        _, new = _record(answers, services)
    except InputError:
        return []
    return [SaveProfile(new)]


def steps(answers: Answers) -> list[Step]:
    """Return the one question (or, without a profile, the way to /profil)."""
    if not answers.get(HAS_PROFILE):
        return [Choice(id="tanpa_profil",
                       text="Untuk mencatat predikat, isi profil jabatan Anda dulu.",
                       options=[Option(FLOW_LINK + "profil", "Isi profil sekarang",
                                       "Isi profil")])]
    return [
        Choice(id="predikat", text=f"Predikat kinerja tahun {answers[YEAR]}?", options=_options(),
               help="Predikat kinerja tahunan Anda; AK bertambah sesuai koefisien jenjang "
                    "(Lampiran VII)."),
        Show(id="hasil", render=render, act=act),
    ]


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return last year and whether a profile exists."""
    year = (context.today.year if context.today is not None else 2000) - 1
    return {YEAR: year, HAS_PROFILE: _profile(services) is not None}


FLOW = Flow(
    id="predikat",
    menu_position=80,
    keywords=("catat predikat", "predikat tahunan", "catat predikat kinerja"),
    title="Catat predikat kinerja",
    short="Catat predikat",
    steps=steps,
    prefill=prefill,
    in_menu=False,
    progress=lambda step_id, answers: "",
    again="Catat lagi",
    help="Saya menambahkan angka kredit satu tahun dari predikat kinerja Anda ke profil.",
)
