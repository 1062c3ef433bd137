"""Angka kredit flow (``knowledge.calc.credit``): a projection to the AK minimums for kenaikan
pangkat and kenaikan jenjang (with its chart), or the plain predikat → AK conversion.

Jenjang, golongan ranges, predikat, month bounds and the horizon come from
``credit.reference()`` (Lampiran VII and the BKN rules), never from literals here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from handlers.flow import (
    NO_CONTEXT,
    Answers,
    Choice,
    Context,
    Date,
    Flow,
    Invalid,
    Number,
    Services,
    Show,
    Step,
    Text,
    match_option,
)
from handlers.prompts import Image, Message, Option, Prompt
from knowledge import fmt
from knowledge.calc import credit
from knowledge.ids import CATEGORY_LABELS

PROJECTION = "proyeksi"
CONVERSION = "konversi"
PER_YEAR = "per_tahun"  # the predikat option "Berbeda per tahun"

_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_GOLONGAN = re.compile(r"(?:gol(?:ongan)?\.?\s*)?(iv|iii|ii|i|[1-4])\s*[/\-. ]?\s*([a-e])")


@cache
def _ref() -> dict[str, Any]:
    return credit.reference()


def _jenjang(jenjang_id: str) -> dict[str, Any]:
    return next(j for j in _ref()["jenjang"] if j["jenjang"] == jenjang_id)


def _or_list(items: list[str]) -> str:
    """Return "a", "a atau b", "a, b atau c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} atau {items[-1]}"


def _num(value: Any) -> str:
    return fmt.number(Decimal(str(value)))


def _mode(answers: Answers) -> str:
    return str(answers.get("jenis") or PROJECTION)


def _projection(answers: Answers) -> bool:
    return _mode(answers) == PROJECTION


# --- jenis ------------------------------------------------------------------------------------


def _mode_options() -> list[Option]:
    low, high = _ref()["bulan"]["minimal"], _ref()["bulan"]["maksimal"]
    return [
        Option(PROJECTION, "Proyeksi kenaikan pangkat/jenjang", "Proyeksi kenaikan",
               "Kapan AK minimal tercapai, dari AK Anda saat ini"),
        Option(CONVERSION, "Konversi predikat ke AK", "Konversi predikat",
               f"AK dari predikat kinerja untuk {low}–{high} bulan"),
    ]


# --- jenjang ----------------------------------------------------------------------------------


def _jenjang_options() -> list[Option]:
    out = []
    for j in _ref()["jenjang"]:
        gol = j["golongan"]
        span = gol[0] if len(gol) == 1 else f"{gol[0]}–{gol[-1]}"
        out.append(Option(j["jenjang"], j["label"],
                          description=f"{CATEGORY_LABELS[j['kategori']]}, golongan {span}"))
    return out


def _jenjang_hint(answers: Answers) -> str:
    """Say which numbers are keahlian and which keterampilan (the data is grouped)."""
    groups: list[tuple[str, int, int]] = []
    for i, j in enumerate(_ref()["jenjang"], 1):
        if groups and groups[-1][0] == j["kategori"]:
            groups[-1] = (groups[-1][0], groups[-1][1], i)
        else:
            groups.append((j["kategori"], i, i))
    parts = [f"{a}–{b} jenjang {CATEGORY_LABELS[k].lower()}" for k, a, b in groups]
    return f"Pilihan {'; '.join(parts)}."


# --- golongan ---------------------------------------------------------------------------------


def read_golongan(text: str, allowed: list[str], label: str) -> str:
    """Return the golongan typed if the jenjang ``label`` has it, else raise naming ``allowed``."""
    typed = normalize_golongan(text)
    if typed in allowed:
        return typed
    if typed is not None:
        raise Invalid(f"Golongan {typed} tidak termasuk jenjang {label}; "
                      f"pilih {_or_list(allowed)}.")
    raise Invalid(f"Pilih golongan {label}: {_or_list(allowed)}.")


def normalize_golongan(text: str) -> str | None:
    """Return "III/a" from "III/a", "iii a", "3a", "3/a" or "golongan III/a"; else None."""
    m = _GOLONGAN.fullmatch(" ".join(text.casefold().split()))
    if m is None:
        return None
    roman = _ROMAN.get(m[1], m[1].upper())
    return f"{roman}/{m[2]}"


def _golongan_options(answers: Answers) -> list[Option]:
    return [Option(g, g) for g in _jenjang(answers["jenjang"])["golongan"]]


@dataclass(frozen=True, kw_only=True)
class GolonganChoice(Choice):
    """The golongan of the jenjang; a typed golongan is matched exactly, never by similarity
    (the engine itself only takes an exact label or the option number before ``parse``)."""

    fuzzy: bool = False

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the golongan typed ("III/a", "3a"), or raise naming the valid ones."""
        allowed = list(_jenjang(answers["jenjang"])["golongan"])
        label = _jenjang(answers["jenjang"])["label"]
        return read_golongan(text, allowed, label)

    def display(self, value: Any, answers: Answers) -> str:
        """Return the golongan as written ("III/b")."""
        return str(value)


def _golongan_text(answers: Answers) -> str:
    return f"Golongan Anda saat ini ({_jenjang(answers['jenjang'])['label']})?"


# --- angka kredit saat ini --------------------------------------------------------------------


def _ak_hint(answers: Answers) -> str:
    """Explain the calculator's reading of the number, with this jenjang's minimums."""
    j = _jenjang(answers["jenjang"])
    steps = [f"kenaikan pangkat tiap {_num(j['ak_minimal_kenaikan_pangkat'])}"]
    if j["ak_minimal_kenaikan_jenjang"] is not None:
        steps.append(f"kenaikan jenjang pada {_num(j['ak_minimal_kenaikan_jenjang'])}")
    return ("AK kumulatif pada jenjang ini, dihitung sejak pangkat terendah jenjang (misalnya "
            "dari PAK terakhir); ketik 0 bila baru menduduki jenjang ini. Koma desimal boleh, "
            f"misalnya 62,5. ({j['label']}: {' dan '.join(steps)}.)")


# --- predikat ---------------------------------------------------------------------------------


def _predikat_options() -> list[Option]:
    return [Option(p["predikat"], p["label"],
                   description=f"{_num(p['persen'])}% dari koefisien")
            for p in _ref()["predikat"]]


def _predikat_choices(answers: Answers) -> list[Option]:
    out = _predikat_options()
    if _projection(answers):
        out.append(Option(PER_YEAR, "Berbeda per tahun", "Beda per tahun",
                          "Ketik daftar predikat, satu per tahun"))
    return out


def _predikat_text(answers: Answers) -> str:
    if _projection(answers):
        return "Predikat kinerja yang Anda harapkan setiap tahun?"
    return "Predikat kinerja?"


def _labels() -> str:
    return ", ".join(p["label"] for p in _ref()["predikat"])


def parse_predikat_list(text: str, answers: Answers) -> list[str]:
    """Return predikat ids from "baik, sangat baik, baik" (also ";", new lines or "lalu")."""
    parts = [p.strip() for p in re.split(r"[,;\n]|\s+lalu\s+", text) if p.strip()]
    options = _predikat_options()
    out = []
    for part in parts:
        found = match_option(part, options, partial=False)
        if found is None:
            raise Invalid(f"Predikat \"{part}\" tidak dikenal; tulis {_labels()}, "
                          "dipisah koma.")
        out.append(found.token)
    horizon = _ref()["horizon_proyeksi_tahun"]
    if not out or len(out) > horizon:
        raise Invalid(f"Tulis 1 sampai {horizon} predikat dipisah koma, misalnya "
                      "\"baik, sangat baik, baik\".")
    return out


def show_predikat_list(value: Any, answers: Answers) -> str:
    """Return the predikat per year as the user reads them ("Baik, Sangat Baik, Baik")."""
    labels = {p["predikat"]: p["label"] for p in _ref()["predikat"]}
    return ", ".join(labels.get(v, str(v)) for v in value)


# --- result -----------------------------------------------------------------------------------


def _request(answers: Answers, today: dt.date | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"jenjang": answers["jenjang"]}
    if answers["predikat"] == PER_YEAR:
        request["predikat_per_tahun"] = list(answers["predikat_per_tahun"])
    else:
        request["predikat"] = answers["predikat"]
    if _mode(answers) == CONVERSION:
        request["bulan"] = answers["bulan"]
    else:
        request.update(golongan=answers["golongan"], ak_saat_ini=answers["ak_saat_ini"],
                       tanggal=answers["tanggal"])
    if today is not None:
        # The calculator judges past periods and expired rekomendasi against today.
        request["hari_ini"] = today.isoformat()
    return request


def _below_golongan_note(answers: Answers) -> str | None:
    """Warn when the AK is below what the golongan implies: likely not the cumulative figure."""
    j = _jenjang(answers["jenjang"])
    step = Decimal(str(j["ak_minimal_kenaikan_pangkat"]))
    implied = step * j["golongan"].index(answers["golongan"])
    if Decimal(answers["ak_saat_ini"]) >= implied:
        return None
    return (f"Catatan: pada golongan {answers['golongan']}, AK kumulatif jenjang {j['label']} "
            f"biasanya sudah paling sedikit {fmt.number(implied)}. Bila angka Anda dihitung "
            f"sejak kenaikan pangkat terakhir, hitung lagi dengan angka itu ditambah "
            f"{fmt.number(implied)}.")


def render(answers: Answers, services: Services, context: Context) -> list[Prompt]:
    """Run the calculator: its explanation (with assumptions and sources), then the chart."""
    out = credit.run(_request(answers, context.today))
    prompts: list[Prompt] = [Message(out.text)]
    if _projection(answers):
        note = _below_golongan_note(answers)
        if note:
            prompts.append(Message(note))
    # Without any target left (top golongan of Ahli Utama/Penyelia) a chart would say nothing.
    if out.png is not None and out.json["proyeksi"]["target"]:
        label = _jenjang(answers["jenjang"])["label"]
        name = f"proyeksi-angka-kredit-{answers['jenjang'].replace('_', '-')}.png"
        prompts.append(Image(name, out.png(), caption=f"Grafik proyeksi angka kredit {label} "
                                                      f"({answers['golongan']})."))
    return prompts


def steps(answers: Answers) -> list[Step]:
    """Return the steps: the projection path (the default) or the short conversion path."""
    low, high = _ref()["bulan"]["minimal"], _ref()["bulan"]["maksimal"]
    return [
        Choice(id="jenis", text="Apa yang ingin Anda hitung?", options=_mode_options(),
               branches=True,  # the two paths differ in length
               help="Proyeksi: kapan AK minimal kenaikan pangkat dan jenjang tercapai. "
                    "Konversi: berapa AK dari satu predikat kinerja (Lampiran VII)."),
        Choice(id="jenjang", text="Jenjang jabatan Anda saat ini?", options=_jenjang_options(),
               hint=_jenjang_hint,
               help="Jenjang JF Anda; koefisien dan AK minimal berbeda per jenjang."),
        GolonganChoice(id="golongan", text=_golongan_text, options=_golongan_options,
                       when=_projection,
                       help="Hanya golongan dalam rentang jenjang Anda (Lampiran VII)."),
        Number(id="ak_saat_ini", text="Berapa angka kredit (AK) Anda saat ini?", minimum=0,
               hint=_ak_hint, when=_projection,
               help="Kalkulator menganggap angka ini AK kumulatif pada jenjang saat ini: "
                    "kelebihan AK setelah kenaikan pangkat tetap dihitung, dan AK kembali "
                    "ke 0 setelah kenaikan jenjang."),
        Date(id="tanggal", text="Per tanggal berapa angka kredit itu?",
             hint="Misalnya tanggal PAK terakhir: 1 Januari 2025 atau 1/1/2025.",
             when=_projection, not_after_today=True,
             help="Proyeksi dihitung per bulan mulai tanggal ini."),
        # "Berbeda per tahun" adds a question: no total is shown before this is answered.
        Choice(id="predikat", text=_predikat_text, options=_predikat_choices,
               branches=_projection,
               help="Persentase predikat dikalikan koefisien jenjang (Lampiran VII)."),
        Text(id="predikat_per_tahun", text="Predikat per tahun, mulai tahun pertama?",
             parser=parse_predikat_list, shower=show_predikat_list,
             hint="Pisahkan dengan koma, misalnya: baik, sangat baik, baik. Predikat "
                  "terakhir dipakai untuk tahun-tahun berikutnya.",
             when=lambda a: _projection(a) and a.get("predikat") == PER_YEAR),
        Number(id="bulan", text="Untuk berapa bulan?", minimum=low, maximum=high, unit="bulan",
               integer=True, when=lambda a: not _projection(a),
               hint=f"Ketik {high} untuk setahun penuh, atau {low} sampai {high - 1} bulan "
                    "untuk sebagian tahun."),
        Show(id="hasil", render_at=render),
    ]


FLOW = Flow(
    id="credit",
    menu_position=30,
    keywords=("angka kredit", "hitung ak", "hitung angka kredit", "konversi predikat"),
    calc_module="knowledge.calc.credit",
    title="Angka kredit",
    steps=steps,
    help=("Saya memproyeksikan kapan AK minimal kenaikan pangkat dan kenaikan jenjang "
          "tercapai (dengan grafik), atau mengonversi predikat kinerja menjadi angka kredit "
          "(Lampiran VII)."),
    intro=("Hitung angka kredit: proyeksi kenaikan pangkat dan jenjang dari AK Anda saat ini, "
           "atau konversi predikat kinerja ke angka kredit."),
)
