"""Kebutuhan JF (formasi) flow (``knowledge.calc.formation``): JF, category, outputs, volumes,
national impact, bezetting, then the result and the filled forms (XLSX).

Every row, SKR, jenjang and rule comes from ``formation.reference()`` and the Lampiran III data,
never from literals here. Option tokens of outputs are short ("h01": row 01 of the JF and
category chosen) so callback data stays small; the request uses the full row ids.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import cache
from typing import Any

from handlers.domain.effects import ReminderEffect
from handlers.flow import (
    SHORT_MAX,
    Ambiguous,
    Answers,
    Choice,
    Context,
    Flow,
    Invalid,
    MultiChoice,
    Number,
    Services,
    Show,
    Step,
    Text,
    YesNo,
    capital,
    read_fitting,
)
from handlers.flows import _form_details as details
from handlers.prompts import Document, Message, Option, Prompt
from knowledge import fmt
from knowledge.calc import formation
from knowledge.ids import CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS

DESCRIPTION_MAX = 72  # WhatsApp list row descriptions
DEFINITION_MAX = 220  # the "Yang dihitung" line of a volume question
DIFF_LEAD = 3  # words kept before the first word where twin definitions differ
FILL = "isi"
EMPTY = "nol"
BEZETTING_EXPECTED = (
    "Ketik jumlah orang berupa bilangan bulat 0 atau lebih, misalnya 3, atau \"2+1\" untuk "
    "PNS 2 dan PPPK 1."
)
VOLUME_EXPECTED = "Ketik volume setahun berupa angka 0 atau lebih, misalnya 30 atau 12,5."
_OUTPUT_FIELD = re.compile(r"outputs\[(\d+)\](?:\.(\w+))?")


@cache
def _ref() -> dict[str, Any]:
    """Return the calculator's reference (Tabel 1 rows, categories, jenjang), built once."""
    return formation.reference()


@cache
def _utama() -> tuple[str, str]:
    """Return the jenjang B.6 restricts and its condition, as the Lampiran III data words it."""
    return formation.utama_rule()


def cut(text: str, limit: int) -> str:
    """Return ``text`` cut to at most ``limit`` characters, with "…" when cut.

    The cut falls between words unless that would keep less than 75% of the room (a title
    "Pengembangan…" says less than "Pengembangan Metrol…").
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    by_word = head.rsplit(" ", 1)[0] if " " in head else head
    if len(by_word) >= 0.75 * (limit - 1):
        head = by_word
    return head.rstrip(" ,;:/") + "…"


def categories(jf: str) -> list[str]:
    """Return the categories the JF has in Lampiran III Tabel 1."""
    found: list[str] = _ref()["categories"].get(jf, [])
    return found


def category_of(answers: Answers) -> str | None:
    """Return the chosen category, or the only one the JF has."""
    if answers.get("category"):
        return str(answers["category"])
    cats = categories(answers.get("jf", ""))
    return cats[0] if len(cats) == 1 else None


def rows(jf: str, category: str) -> list[dict[str, Any]]:
    """Return the Tabel 1 rows of a JF and category, in table order."""
    return [r for r in _ref()["rows"] if r["jf"] == jf and r["category"] == category]


def jenjang(jf: str, category: str) -> list[str]:
    """Return the jenjang of a JF and category that have a Tabel 1 column."""
    found: list[str] = _ref()["jenjang"].get(f"{jf}/{category}", [])
    return found


def token_of(row: dict[str, Any]) -> str:
    """Return the option token of a Tabel 1 row ("h01" for ``...-keahlian-01``)."""
    return "h" + str(row["id"]).rsplit("-", 1)[1]


def _skr(row: dict[str, Any]) -> str:
    """Return the SKR as written in Tabel 1, with a decimal comma."""
    return fmt.number(Decimal(str(row["skr_as_written"])))


def _differing_part(text: str, twins: list[str]) -> str:
    """Return the definition from a little before the first word where it differs from its twins.

    Rows sharing one hasil akhir (e.g. "Tera/Tera Ulang Kompleks" for Tingkat Kesulitan IV and
    III) differ only deep inside their definitions; the cut must show that part.
    """
    words = text.split()
    first = 0
    for other in twins:
        others = other.split()
        same = 0
        while same < min(len(words), len(others)) and words[same] == others[same]:
            same += 1
        first = max(first, same)
    start = max(0, first - DIFF_LEAD)
    return " ".join(words[start:]) if start == 0 else "…" + " ".join(words[start:])


@cache
def catalogue(jf: str, category: str) -> dict[str, dict[str, Any]]:
    """Return the outputs of a JF and category by token: row, label, short and description.

    Cached (the engine re-evaluates the steps several times per message); callers only read it.

    Labels are the hasil akhir; rows that share one hasil akhir get "(SKR …)" added so every
    label is unique, and their description starts where their definitions differ.
    """
    table = rows(jf, category)
    counts = Counter(r["hasil_akhir"].casefold() for r in table)
    out: dict[str, dict[str, Any]] = {}
    for row in table:
        label = capital(" ".join(row["hasil_akhir"].split()))
        definition = " ".join(row["definisi_operasional"].split())
        if counts[row["hasil_akhir"].casefold()] > 1:
            label = f"{label} (SKR {_skr(row)})"
            twins = [" ".join(r["definisi_operasional"].split()) for r in table
                     if r is not row and r["hasil_akhir"].casefold()
                     == row["hasil_akhir"].casefold()]
            definition = _differing_part(definition, twins)
        out[token_of(row)] = {
            "row": row,
            "label": label,
            "short": cut(label, SHORT_MAX),
            "description": cut(capital(definition), DESCRIPTION_MAX),
        }
    return out


def _chosen(answers: Answers) -> list[dict[str, Any]]:
    """Return the catalogue entries of the chosen outputs, in the order of the answer."""
    category = category_of(answers)
    if category is None:
        return []
    table = catalogue(answers["jf"], category)
    return [table[t] for t in answers.get("outputs") or [] if t in table]


# --- options -------------------------------------------------------------------------------


def jf_options(answers: Answers) -> list[Option]:
    """Return the JF that have Tabel 1 rows, in the order of ``knowledge.ids``."""
    return [Option(jf, label, cut(label, SHORT_MAX) if len(label) > SHORT_MAX else None)
            for jf, label in JF_LABELS.items() if categories(jf)]


def category_options(answers: Answers) -> list[Option]:
    """Return the categories of the chosen JF, each described by its jenjang."""
    jf = answers.get("jf", "")
    return [Option(c, CATEGORY_LABELS[c],
                   description=", ".join(JENJANG_LABELS[j] for j in jenjang(jf, c)))
            for c in categories(jf)]


def output_options(answers: Answers) -> list[Option]:
    """Return the Tabel 1 outputs of the chosen JF and category (label = hasil akhir)."""
    category = category_of(answers)
    if category is None:
        return []
    return [Option(token, e["label"], e["short"], e["description"])
            for token, e in catalogue(answers["jf"], category).items()]


# --- parsing -------------------------------------------------------------------------------


def _count(text: str) -> list[Decimal]:
    """Return the readings of one typed head count ("3", "dua", "3 orang")."""
    return read_fitting(text, lambda v: v >= 0 and v == v.to_integral_value(),
                        BEZETTING_EXPECTED, "orang")


def parse_bezetting(text: str, answers: Answers) -> int | dict[str, int]:
    """Return a bezetting from "3" (a count) or "2+1" (PNS 2 + PPPK 1); else raise Invalid."""
    parts = text.split("+")
    if len(parts) > 2:
        raise Invalid(BEZETTING_EXPECTED)
    readings = [_count(p) for p in parts]
    if len(parts) == 1:
        if len(readings[0]) > 1:
            raise Ambiguous([int(v) for v in readings[0]], [fmt.number(v) for v in readings[0]])
        return int(readings[0][0])
    if any(len(r) > 1 for r in readings):
        raise Invalid(BEZETTING_EXPECTED)
    return {"pns": int(readings[0][0]), "pppk": int(readings[1][0])}


def show_bezetting(value: Any, answers: Answers) -> str:
    """Return a bezetting as the user reads it again ("3 (PNS 2 + PPPK 1)")."""
    if isinstance(value, dict):
        pns, pppk = int(value.get("pns", 0)), int(value.get("pppk", 0))
        return (f"{fmt.number(pns + pppk)} (PNS {fmt.number(pns)} + PPPK "
                f"{fmt.number(pppk)})")
    return fmt.number(int(value))


class VolumeNumber(Number):
    """A yearly volume: a number ≥ 0, refused with a sentence about volumes."""

    def expected(self, answers: Answers) -> str:
        """Return the sentence saying what a volume must be."""
        return VOLUME_EXPECTED


# --- the request and the result -------------------------------------------------------------


def to_request(answers: Answers) -> dict[str, Any]:
    """Return the calculator request for the answers (skipped bezetting left out = 0)."""
    jf = answers["jf"]
    category = category_of(answers)
    request: dict[str, Any] = {
        "jf": jf,
        "category": category,
        "outputs": [{"id": e["row"]["id"], "volume": answers[f"volume:{token_of(e['row'])}"]}
                    for e in _chosen(answers)],
        "national_impact": bool(answers.get("national_impact") or False),
    }
    bezetting = {j: answers[f"bezetting:{j}"] for j in jenjang(jf, str(category))
                 if answers.get(f"bezetting:{j}") is not None}
    if bezetting:
        request["bezetting"] = bezetting
    request.update({k: v for k, v in form_values(answers).items() if v is not None})
    return request


def filename(answers: Answers) -> str:
    """Return the XLSX file name, e.g. ``kebutuhan-jf-analis-perdagangan-keahlian.xlsx``."""
    return f"kebutuhan-jf-{answers['jf']}-{category_of(answers)}.xlsx".replace("_", "-")


def render(answers: Answers, services: Services) -> list[Prompt]:
    """Run the calculator: its explanation, then both forms in one workbook."""
    out = formation.run(to_request(answers))
    prompts: list[Prompt] = [Message(out.text)]
    if out.xlsx is not None:
        prompts.append(Document(
            filename(answers), out.xlsx(),
            caption="Formulir Perhitungan Kebutuhan (Lampiran III Tabel 2) dan Formulir Usulan "
                    "Kebutuhan (Lampiran IV huruf A), dalam satu berkas."))
    return prompts


def single_category_note(answers: Answers, services: Services) -> list[Prompt]:
    """Say which category is used when the JF has only one (the question is skipped)."""
    category = category_of(answers)
    return [Message(f"{JF_LABELS[answers['jf']]} hanya memiliki kategori "
                    f"{CATEGORY_LABELS[str(category)]} pada Lampiran III Tabel 1.")]


def field_step(field: str, answers: Answers) -> str | None:
    """Return the step of a calculator field (``outputs[1].volume`` → that output's volume)."""
    found = _OUTPUT_FIELD.match(field)
    if found:
        tokens = list(answers.get("outputs") or [])
        index = int(found[1])
        if found[2] == "volume" and index < len(tokens):
            return f"volume:{tokens[index]}"
        return "national_impact" if found[2] == "national_impact" else "outputs"
    parts = field.split(".")
    if parts[0] == "bezetting":
        return f"bezetting:{parts[1]}" if len(parts) > 1 else "bezetting"
    if parts[0] == "category" and len(categories(answers.get("jf", ""))) < 2:
        return "jf"
    if parts[0] in FORM_NAMES:
        return f"{FORM_GATE}:{parts[0]}"
    return {"jf": "jf", "category": "category", "outputs": "outputs",
            "national_impact": "national_impact"}.get(parts[0])


# --- the form details (instansi, unit kerja, tahun, the signing official) -------------------

FORM_GATE = "formulir"
FORM_FILL, FORM_SKIP = "isi", "lewati"
FORM_NAMES = ("instansi", "unit_kerja", "tahun", "pejabat_nama", "pejabat_nip")
FORM_QUESTIONS = {
    "instansi": "Nama instansi untuk formulir?",
    "unit_kerja": "Unit kerja untuk formulir?",
    "tahun": "Tahun usulan kebutuhan?",
    "pejabat_nama": "Nama pejabat yang menandatangani formulir?",
    "pejabat_nip": "NIP pejabat yang menandatangani (18 angka)?",
}
FORM_HINTS = {
    "instansi": "Contoh: Pemerintah Kabupaten Bengkalis. Ketik \"lewati\" bila belum ada.",
    "unit_kerja": "Contoh: Dinas Perdagangan. Ketik \"lewati\" bila belum ada.",
    "tahun": "Contoh: 2027. Ketik \"lewati\" bila belum ada.",
    "pejabat_nama": "Contoh: Budi Santoso, S.E. Ketik \"lewati\" bila belum ada.",
    "pejabat_nip": "Boleh dengan spasi, misalnya 19800101 200501 1 001. Ketik \"lewati\" bila "
                   "belum ada.",
}


def _remembered_lines(answers: Answers) -> list[str]:
    old = details.remembered(answers)
    return [f"- {details.LABELS[n]}: {old[n]}" for n in FORM_NAMES if old.get(n)]


def _gate_text(answers: Answers) -> str:
    """Step ``formulir``: fill the form details now, reuse the remembered ones, or skip."""
    lines = _remembered_lines(answers)
    if lines:
        return "\n".join(["Data formulir: pakai yang sama seperti sebelumnya?", *lines])
    return ("Isi data formulir sekarang (instansi, unit kerja, tahun, pejabat penandatangan)? "
            "Tanpa data ini formulir memakai titik-titik.")


def _gate_options(answers: Answers) -> list[Option]:
    if _remembered_lines(answers):
        return [Option(details.SAME, "Pakai yang sama"), Option(FORM_FILL, "Isi/ubah"),
                Option(FORM_SKIP, "Lewati (titik-titik)", "Lewati")]
    return [Option(FORM_FILL, "Isi sekarang"), Option(FORM_SKIP, "Lewati (titik-titik)",
                                                        "Lewati")]


def form_steps(answers: Answers) -> list[Step]:
    """The gate, then one optional question per detail (listed until the gate skips them)."""
    out: list[Step] = [Choice(
        id=FORM_GATE, text=_gate_text, options=_gate_options,
        help="Data ini mengisi kepala Lampiran III Tabel 2 dan Lampiran IV serta blok tanda "
             "tangan; saya ingat untuk perhitungan berikutnya.",
        branches=True)]  # "Lewati" / "Pakai yang sama" drop the detail questions
    for name in FORM_NAMES:
        out.append(details.detail_step(
            f"{FORM_GATE}:{name}", name, FORM_QUESTIONS[name], hint=FORM_HINTS[name],
            when=lambda a: a.get(FORM_GATE) not in (details.SAME, FORM_SKIP)))
    return out


def form_values(answers: Answers) -> dict[str, str | None]:
    """Return the form details the answers give (None = not given: the placeholder stays)."""
    gate = answers.get(FORM_GATE)
    if gate == details.SAME:
        old = details.remembered(answers)
        return {n: old.get(n) for n in FORM_NAMES}
    if gate != FORM_FILL:
        return dict.fromkeys(FORM_NAMES)
    return {n: details.value_of(answers, f"{FORM_GATE}:{n}", n) for n in FORM_NAMES}


def remember_details(answers: Answers, services: Services,
                     context: Context) -> list[ReminderEffect]:
    """Remember the details given for the next form (after the result was computed)."""
    return list(details.save_effect(form_values(answers)))


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return the remembered form details as hidden data."""
    return details.prefill_details(services)


# --- steps ---------------------------------------------------------------------------------


def _needs_impact(answers: Answers) -> bool:
    """Return True when a chosen output has an Utama share (B.6 then decides whether it counts)."""
    utama, _ = _utama()
    return any(Decimal(str(e["row"]["kontribusi"].get(utama, 0))) > 0 for e in _chosen(answers))


def _outputs_text(answers: Answers) -> str:
    """Step ``outputs``: which Tabel 1 outputs the unit produces."""
    category = category_of(answers)
    return (f"Hasil akhir {JF_LABELS[answers['jf']]} kategori "
            f"{CATEGORY_LABELS[str(category)]} apa saja yang dikerjakan unit kerja Anda?")


def _volume_step(entry: dict[str, Any]) -> VolumeNumber:
    """Step ``volume:<token>``: the yearly volume of one output, with what counts and its SKR."""
    row = entry["row"]
    definition = " ".join(row["definisi_operasional"].split())
    return VolumeNumber(
        id=f"volume:{token_of(row)}",
        text=(f"Berapa volume setahun untuk \"{entry['label']}\"?\n"
              f"Yang dihitung: {cut(capital(definition), DEFINITION_MAX)}\n"
              f"SKR: {_skr(row)} {row['skr_unit']}."),
        minimum=0,
        hint="Ketik angka 0 atau lebih; koma desimal boleh, misalnya 12,5.",
        help=f"Volume = jumlah hasil akhir dalam 1 tahun. Definisi operasional: {definition}",
    )


def _impact_text(answers: Answers) -> str:
    """Step ``national_impact``: the B.6 condition, and that only it lets Utama count."""
    utama, condition = _utama()
    return (f"Apakah hasil akhir yang dipilih memberikan {condition}?\n"
            f"Jenjang {JENJANG_LABELS[utama]} hanya dihitung bila ya (Lampiran III huruf B "
            "angka 6).")


def _bezetting_step(jf: str, level: str) -> Text:
    """Step ``bezetting:<jenjang>``: current officials of one jenjang (PNS + PPPK)."""
    return Text(
        id=f"bezetting:{level}",
        text=f"Bezetting {JF_LABELS[jf]} {JENJANG_LABELS[level]} saat ini (PNS + PPPK)?",
        parser=parse_bezetting, shower=show_bezetting, optional=True, confirm=True,
        # Listed until "Lewati (semua 0)": that answer can only drop questions.
        when=lambda a: a.get("bezetting") != EMPTY,
        hint="Ketik jumlah orang, misalnya 3, atau \"2+1\" untuk PNS 2 dan PPPK 1.",
        help="Bezetting adalah jumlah pejabat yang menduduki jabatan saat ini, PNS dan PPPK "
             "(Lampiran IV huruf A kolom (3)).",
    )


def steps(answers: Answers) -> list[Step]:
    """Return the steps for the answers so far: one volume per output, one bezetting per jenjang."""
    out: list[Step] = [
        Choice(id="jf", text="Untuk JF apa kebutuhan dihitung?", options=jf_options),
        Choice(id="category", text=lambda a: f"Kategori {JF_LABELS[a['jf']]} yang dihitung?",
               options=category_options,
               # Listed until the JF shows it has one category: the total only drops then.
               when=lambda a: "jf" not in a or len(categories(a["jf"])) > 1,
               help="Kategori menentukan jenjang yang dihitung; jenjangnya tertulis di bawah "
                    "tiap pilihan."),
        Show(id="category_note", render=single_category_note, end=False,
             when=lambda a: "jf" in a and len(categories(a["jf"])) == 1),
        # One volume question per output chosen: the total is known once they are chosen.
        MultiChoice(id="outputs", text=_outputs_text, options=output_options, branches=True,
                    hint="Pilih satu per satu (ketik nomor atau sebagian nama); pilih lagi untuk "
                         "membatalkan; lalu \"Selesai memilih\".",
                    help="Hasil akhir dan SKR-nya dari Lampiran III Tabel 1."),
    ]
    out += [_volume_step(e) for e in _chosen(answers)]
    out.append(YesNo(id="national_impact", text=_impact_text,
                     when=lambda a: bool(a.get("outputs")) and _needs_impact(a)))
    out.append(Choice(
        id="bezetting",
        text="Isi bezetting (jumlah pejabat saat ini, PNS + PPPK) per jenjang?",
        options=[Option(FILL, "Isi per jenjang"), Option(EMPTY, "Lewati (semua 0)", "Lewati")],
        hint="Bezetting dipakai untuk menghitung lowongan = kebutuhan − bezetting.",
        branches=True,  # "Lewati" drops the questions per jenjang: no total before it
    ))
    category = category_of(answers)
    if "jf" in answers and category is not None:
        out += [_bezetting_step(answers["jf"], level) for level in jenjang(answers["jf"], category)]
    out += form_steps(answers)
    out.append(Show(id="result", render=render, act=remember_details))
    return out


FLOW = Flow(
    id="formation",
    menu_position=20,
    keywords=("hitung formasi", "formasi", "kebutuhan jf", "kebutuhan jabatan"),
    calc_module="knowledge.calc.formation",
    title="Kebutuhan JF (formasi)",
    short="Kebutuhan JF",
    steps=steps,
    help=("Saya menghitung kebutuhan JF per jenjang dari volume setahun tiap hasil akhir, SKR dan "
          "persentase kontribusi (Lampiran III), lalu lowongan = kebutuhan − bezetting "
          "(Lampiran IV), dan mengirim formulirnya dalam XLSX."),
    intro=("Hitung kebutuhan JF (formasi): siapkan volume setahun tiap hasil akhir dan jumlah "
           "pejabat saat ini per jenjang."),
    field_step=field_step,
    prefill=prefill,
)
