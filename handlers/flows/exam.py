"""Nilai uji kompetensi flow (``knowledge.calc.exam``): the scores, then the result.

Maxima come from ``exam.reference()`` (Lampiran VIII), never from literals here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Any

from handlers.flow import (
    Answers,
    Context,
    Date,
    Flow,
    Invalid,
    Number,
    Services,
    Show,
    Step,
    Text,
    decimal_str,
    read_fitting,
)
from handlers.prompts import Message, Prompt
from knowledge import fmt
from knowledge.calc import exam

MAX_SCORES_TEXT = 500  # a list of interview scores never needs more characters


@cache
def _ref() -> dict[str, Any]:
    return exam.reference()


def _scale() -> tuple[int, int]:
    cat = _ref()["cat"]
    return int(cat["nilai_minimal"]), int(cat["nilai_maksimal"])


def parse_scores(text: str, answers: Answers) -> list[str]:
    """Return wawancara scores from "80, 90, 70" / "80; 90; 70" / "80 90 70" (decimal comma ok).

    A comma followed by a space separates scores; "80,5" stays one score.
    """
    low, high = _scale()
    wrong = (f"Ketik nilai wawancara per kompetensi dari {low} sampai {high}, dipisah koma "
             "dan spasi, misalnya 80, 90, 70.")
    if len(text) > MAX_SCORES_TEXT:
        raise Invalid(wrong)
    raw = [t for t in re.split(r"\s*;\s*|,\s+|\s+", text.strip()) if t]
    parts: list[str] = []
    for token in raw:
        # "80,90,70" cannot be one decimal number: split it on its commas.
        parts.extend(token.split(",") if token.count(",") > 1 else [token])
    # In a list a "8.5" that reads two ways cannot be asked about: it is refused with the hint.
    values = [read_fitting(p, lambda v: low <= v <= high, wrong) for p in parts if p]
    if not values or any(len(v) != 1 for v in values):
        raise Invalid(wrong)
    return [decimal_str(v[0]) for v in values]


def show_scores(value: Any, answers: Answers) -> str:
    """Return the wawancara scores as typed back to the user ("80; 90; 70")."""
    return "; ".join(fmt.number(Decimal(v)) for v in value)


def _score_step(step_id: str, label: str, maximum: int, help_text: str) -> Number:
    return Number(id=step_id, text=f"Nilai {label} (maksimal {maximum})?", minimum=_scale()[0],
                  maximum=maximum,
                  hint=f"Ketik angka {_scale()[0]} sampai {maximum}, misalnya {maximum * 4 // 5}.",
                  help=help_text)


def _request(answers: Answers, today: dt.date | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "cat": answers["cat"],
        "seminar": {k: answers[f"seminar:{k}"] for k in _ref()["seminar"]},
        "praktik": {k: answers[f"praktik:{k}"] for k in _ref()["praktik"]},
        "wawancara": answers["wawancara"],
        "ukmsk": answers["ukmsk"],
    }
    if answers.get("tanggal_rekomendasi"):
        request["tanggal_rekomendasi"] = answers["tanggal_rekomendasi"]
    if today is not None:
        # The calculator judges past periods and expired rekomendasi against today.
        request["hari_ini"] = today.isoformat()
    return request


def render(answers: Answers, services: Services, context: Context) -> list[Prompt]:
    """Run the calculator: its explanation states the assumptions and the rekomendasi expiry."""
    return [Message(exam.run(_request(answers, context.today)).text)]


def steps(answers: Answers) -> list[Step]:
    """Return the steps; the seminar and praktik elements come from Lampiran VIII data."""
    low, high = _scale()
    out: list[Step] = [
        Number(id="cat", text="Nilai CAT (Computer Assisted Test)?", minimum=low, maximum=high,
               hint=f"Ketik angka {low} sampai {high}, misalnya 80.",
               help="Nilai hasil ujian tulis berbasis komputer (CAT)."),
    ]
    for element, maximum in _ref()["seminar"].items():
        out.append(_score_step(f"seminar:{element}", f"seminar, elemen {element}", maximum,
                               "Nilai per elemen dari formulir penilaian seminar "
                               "(Lampiran VIII)."))
    for element, maximum in _ref()["praktik"].items():
        out.append(_score_step(f"praktik:{element}", f"praktik, elemen {element}", maximum,
                               "Nilai per elemen dari formulir penilaian praktik "
                               "(Lampiran VIII)."))
    out += [
        Text(id="wawancara", text="Nilai wawancara per kompetensi?", parser=parse_scores,
             shower=show_scores, confirm=True,
             hint=f"Ketik semua nilai dipisah koma dan spasi, misalnya 80, 90, 70 ({low}–{high}).",
             help="Nilai wawancara adalah rata-rata nilai per kompetensi (Lampiran VIII)."),
        Number(id="ukmsk", text="Nilai UKMSK (uji kompetensi manajerial dan sosial kultural)?",
               minimum=low, maximum=high, hint=f"Ketik angka {low} sampai {high}, misalnya 75."),
        Date(id="tanggal_rekomendasi", optional=True,
             text="Tanggal surat rekomendasi (untuk menghitung masa berlakunya)?",
             help="Surat rekomendasi berlaku 2 tahun sejak ditetapkan (Lampiran IX)."),
        Show(id="hasil", render_at=render),
    ]
    return out


FLOW = Flow(
    id="exam",
    menu_position=40,
    keywords=("nilai uji kompetensi", "ukom", "nilai ukom", "hitung ukom", "uji kompetensi"),
    calc_module="knowledge.calc.exam",
    title="Nilai uji kompetensi",
    short="Nilai ukom",
    steps=steps,
    help=("Saya menghitung nilai UKT (CAT, seminar, praktik, wawancara), nilai akhir bersama "
          "UKMSK, rekomendasi lulus/tidak lulus dan masa berlaku rekomendasi."),
    intro="Hitung nilai uji kompetensi: siapkan nilai CAT, seminar, praktik, wawancara dan UKMSK.",
)
