"""Tingkat kesulitan flow (``knowledge.calc.difficulty``, Permendag 4/2025 Lampiran II).

Per instrument (a repeated group of steps): JF → kegiatan → name → every unsur of the kegiatan's
bobot table in table order → the instrument's result. "Tambah instrumen lain?" then adds the
next instrument (same kegiatan, or JF and kegiatan chosen again) until "Tidak, selesai", which
shows a summary of every instrument and sends ONE Formulir Klasifikasi (XLSX) holding them all.

Band unsur are a choice of the table's wordings; measurable unsur (waktu, jumlah langkah,
pihak, jenis pengujian) take the measured number typed, or one of their bands pressed.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from handlers import texts
from handlers.domain.effects import ReminderEffect
from handlers.flow import (
    Answers,
    Ask,
    Context,
    Flow,
    Services,
    Show,
    Step,
    Text,
    capital,
    progress_line,
)
from handlers.flows import _form_details as details
from handlers.flows._difficulty_parts import (
    Measure,
    Pick,
    band_notes,
    jf_ids,
    kegiatan_table,
    measure_expected,
    rules,
    sentence,
    short_title,
    weights,
)
from handlers.flows._form_details import Detail
from handlers.prompts import Document, Message, Option, Prompt
from knowledge.calc import difficulty
from knowledge.digits import read_index
from knowledge.errors import InputError
from knowledge.ids import JF_LABELS

MAX_INSTRUMENTS = 20  # rows per session's form; a product limit, not a regulation number
SAME, OTHER, DONE = "sama", "lain", "selesai"
NAME_MAX = 80


# --- answers → instruments ------------------------------------------------------------------


def chosen_again(answers: Answers, i: int) -> bool:
    """Return True when instrument ``i`` asks its own JF and kegiatan (the first, or "lain")."""
    return i == 0 or answers.get(f"lagi:{i - 1}") == OTHER


def jf_of(answers: Answers, i: int) -> str | None:
    """Return the JF of instrument ``i`` (inherited from the one before on "kegiatan sama")."""
    if not chosen_again(answers, i):
        return jf_of(answers, i - 1)
    jf = answers.get(f"jf:{i}")
    return jf if jf in jf_ids() else None


def kegiatan_of(answers: Answers, i: int) -> str | None:
    """Return the kegiatan id of instrument ``i``, or None while it is not chosen yet."""
    if not chosen_again(answers, i):
        return kegiatan_of(answers, i - 1)
    keg = answers.get(f"kegiatan:{i}")
    table = kegiatan_table()
    return keg if keg in table and table[keg]["jf"] == jf_of(answers, i) else None


def name_of(answers: Answers, i: int) -> str:
    """Return the instrument's name, "Instrumen n" when the user skipped it."""
    return str(answers.get(f"nama:{i}") or f"Instrumen {i + 1}")


def count(answers: Answers) -> int:
    """Return how many instruments the answers hold so far (complete or not)."""
    n = 1
    while n < MAX_INSTRUMENTS and answers.get(f"lagi:{n - 1}") in (SAME, OTHER):
        n += 1
    return n


def instrument(answers: Answers, i: int) -> dict[str, Any]:
    """Return the calculator request item of instrument ``i`` (bobot keyed by unsur id)."""
    keg = kegiatan_of(answers, i)
    assert keg is not None
    bobot: dict[str, Any] = {}
    for u in kegiatan_table()[keg]["unsur"]:
        value: Any = answers.get(f"ukur:{i}:{u['id']}")
        if not isinstance(value, dict) and not (isinstance(value, str) and value.isdigit()):
            # A band unsur, or a state saved when "rentang" led to a separate band step.
            value = answers.get(f"bobot:{i}:{u['id']}")
        if isinstance(value, dict):  # a measurement; else the band's token, its bobot
            bobot[u["id"]] = {"nilai": value["nilai"], "satuan": value["satuan"]}
        else:
            bobot[u["id"]] = int(value)
    out = {"jf": kegiatan_table()[keg]["jf"], "kegiatan": keg, "nama": name_of(answers, i),
           "bobot": bobot}
    standar = details.value_of(answers, f"standar:{i}", "standar")
    if standar is not None:
        out["standar"] = standar
    return out


# --- results --------------------------------------------------------------------------------


def render_one(i: int, answers: Answers, services: Services) -> list[Prompt]:
    """Weigh instrument ``i`` and show the calculator's explanation (bands, reasons, class)."""
    try:
        out = difficulty.run(instrument(answers, i))
    except InputError as exc:  # name the instrument so the engine finds the step
        raise InputError(f"instrumen[{i}].{exc.field}", exc.message) from exc
    return [Message(f"Hasil instrumen {i + 1}:\n{out.text}")]


def form_name(results: list[dict[str, Any]]) -> str:
    """Return the XLSX file name: per JF when every instrument has the same JF."""
    jfs = sorted({r["jf"] for r in results})
    suffix = "-" + jfs[0].replace("_", "-") if len(jfs) == 1 else ""
    return f"formulir-klasifikasi{suffix}.xlsx"


def render_all(answers: Answers, services: Services) -> list[Prompt]:
    """Sum up every instrument and send ONE Formulir Klasifikasi holding them all."""
    n = count(answers)
    out = difficulty.run({"instrumen": [instrument(answers, i) for i in range(n)]})
    results: list[dict[str, Any]] = out.json["results"]
    lines = [f"Ringkasan tingkat kesulitan ({len(results)} instrumen):"]
    for i, r in enumerate(results, 1):
        lines.append(f"{i}. {r['nama']} — {r['kegiatan_label']} ({r['jf_label']}): total bobot "
                     f"{r['total']}, tingkat kesulitan {r['class']}.")
    if n >= MAX_INSTRUMENTS:
        lines.append(f"Satu formulir memuat paling banyak {MAX_INSTRUMENTS} instrumen; "
                     "hitung lagi untuk instrumen berikutnya.")
    lines.append(out.text.rsplit("\n\n", 1)[-1])  # the calculator's "Sumber: …" line
    prompts: list[Prompt] = [Message("\n".join(lines))]
    if out.xlsx is not None:
        prompts.append(Document(form_name(results), out.xlsx(),
                                caption=f"Formulir Klasifikasi Tingkat Kesulitan "
                                        f"({len(results)} instrumen)"))
    return prompts


def remember_standar(answers: Answers, services: Services,
                     context: Context) -> list[ReminderEffect]:
    """Remember the last standar given, offered as "Pakai yang sama" next time."""
    given = [details.value_of(answers, f"standar:{i}", "standar") for i in range(count(answers))]
    typed = [v for v in given if v is not None]
    return list(details.save_effect({"standar": typed[-1] if typed else None}))


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return the remembered standar (hidden data)."""
    return details.prefill_details(services)


def field_step(field_name: str, answers: Answers) -> str | None:
    """Return the step of a calculator field ("instrumen[1].bobot.waktu" → "ukur:1:waktu")."""
    m = re.match(r"instrumen\[(\d+)\]\.(\w+)(?:[.\[](\w+))?", field_name)
    if not m:
        return None
    i, key, sub = int(m[1]), m[2], m[3]
    keg = kegiatan_of(answers, i)
    if key == "bobot" and sub and keg:
        unsur = [u["id"] for u in kegiatan_table()[keg]["unsur"]]
        n = read_index(sub)
        uid = unsur[n] if n is not None and n < len(unsur) else sub
        return f"ukur:{i}:{uid}" if f"ukur:{i}:{uid}" in answers else f"bobot:{i}:{uid}"
    if key == "nama":
        return f"nama:{i}"
    if key == "standar":
        return f"standar:{i}"
    if key in ("jf", "kegiatan"):
        return f"kegiatan:{i}" if chosen_again(answers, i) else f"lagi:{i - 1}"
    return None


# --- questions ------------------------------------------------------------------------------


def jf_step(i: int) -> Pick:
    """JF of the instrument: only the JF that have Lampiran II tables."""
    labels = [JF_LABELS[j] for j in jf_ids()]
    return Pick(id=f"jf:{i}",
                text="Tingkat kesulitan untuk JF apa?" if i == 0
                else f"Instrumen {i + 1}: untuk JF apa?",
                options=[Option(j, JF_LABELS[j], short_title(JF_LABELS[j])) for j in jf_ids()],
                wrong=f"Tingkat kesulitan hanya diatur untuk {' dan '.join(labels)}; "
                      "pilih salah satu.",
                help="Lampiran II Permendag 4/2025 mengatur tingkat kesulitan untuk "
                     f"{' dan '.join(labels)}.")


def kegiatan_options(i: int, answers: Answers) -> list[Option]:
    """Return the kegiatan of the instrument's JF (description: its bobot table)."""
    jf = jf_of(answers, i)
    return [Option(k["id"], k["label"], short_title(k["label"]), k["tables"]["bobot"])
            for k in kegiatan_table().values() if k["jf"] == jf]


def kegiatan_step(i: int) -> Pick:
    """Kegiatan of the instrument, among those of its JF (each has its own bobot table)."""
    return Pick(id=f"kegiatan:{i}", branches=True,  # the kegiatan sets the unsur asked
                text=lambda answers: f"Kegiatan {JF_LABELS.get(jf_of(answers, i) or '', '')} "
                                     "yang mana?",
                options=partial(kegiatan_options, i),
                wrong="Pilih salah satu kegiatan di bawah.",
                help="Tiap kegiatan punya tabel bobot dan tabel tingkat kesulitannya sendiri "
                     "(Lampiran II).")


def name_step(i: int) -> Text:
    """The instrument's name for the form (skipped: "Instrumen n")."""
    return Text(id=f"nama:{i}", optional=True, max_length=NAME_MAX,
                text=f"Nama instrumen {i + 1} (alat ukur, contoh uji atau alat yang dikalibrasi)?",
                hint=f"Contoh: Timbangan sentisimal. Tanpa nama ditulis \"Instrumen {i + 1}\".",
                help="Nama ini ditulis di kolom objek pada Formulir Klasifikasi.")


def band_options(unsur: dict[str, Any]) -> list[Option]:
    """Return one option per band: label = the wording, description = its weight."""
    return [Option(str(b["bobot"]), capital(b["wording"]), short_title(capital(b["wording"])),
                   f"bobot {b['bobot']}") for b in unsur["bands"]]


def band_step(step_id: str, head: str, unsur: dict[str, Any]) -> Pick:
    """A band unsur: one of its bands (typed: the wording, or "bobot n")."""
    low, high = weights(unsur)
    lines = [head, f"{unsur['label']}?", *band_notes(unsur)]
    help_parts = [sentence(unsur["definition"])] if unsur["definition"] else []
    help_parts += rules(unsur)
    return Pick(id=step_id, text="\n".join(lines), options=band_options(unsur),
                hint=f"Pilih salah satu, atau ketik bobotnya ({low}–{high}).",
                help=" ".join(help_parts) or None,
                words={f"bobot {b['bobot']}": str(b["bobot"]) for b in unsur["bands"]},
                wrong=f"Bobot {unsur['label']} hanya {low} sampai {high}; pilih salah satu "
                      "pilihan di bawah.")


def measure_step(step_id: str, head: str, unsur: dict[str, Any]) -> Measure:
    """A measurable unsur: the measured quantity typed, or one of its bands pressed."""
    q = unsur["measurable"]
    help_parts = [sentence(unsur["definition"])] if unsur["definition"] else []
    help_parts.append("Bobotnya ditentukan dari rentang tabel: " + "; ".join(
        f"{b['wording']} → bobot {b['bobot']}" for b in unsur["bands"]) + ".")
    help_parts += rules(unsur)
    return Measure(id=step_id, unsur=unsur, options=band_options(unsur),
                   text="\n".join([head, f"{unsur['label']}: berapa {q['unit']}?",
                                   *band_notes(unsur)]),
                   hint=measure_expected(unsur), help=" ".join(help_parts))


def unsur_steps(answers: Answers, i: int, keg: str) -> list[Step]:
    """Every unsur of the kegiatan's table, in the table's order."""
    unsur = kegiatan_table()[keg]["unsur"]
    name = answers.get(f"nama:{i}")
    out: list[Step] = []
    for n, u in enumerate(unsur, 1):
        head = f"Unsur {n} dari {len(unsur)}" + (f" ({name})" if name else "")
        if u["measurable"] is None:
            out.append(band_step(f"bobot:{i}:{u['id']}", head, u))
        else:
            out.append(measure_step(f"ukur:{i}:{u['id']}", head, u))
    return out


def standar_step(i: int, keg: str) -> Detail:
    """The standar used (the form's last column), for kegiatan whose form has that column."""
    header = kegiatan_table()[keg]["standar_header"]
    return details.detail_step(
        f"standar:{i}", "standar", f"{header} untuk instrumen {i + 1}?",
        hint="Contoh: SNI 3554:2015. Ketik \"lewati\" bila tidak ada; kolomnya dibiarkan "
             "kosong.")


def again_step(i: int, keg: str) -> Pick:
    """Another instrument (same kegiatan, or chosen again), or done: the form."""
    label = kegiatan_table()[keg]["label"]
    words = {w: SAME for w in texts.YES_WORDS} | {w: DONE for w in texts.NO_WORDS}
    words |= {w: DONE for w in texts.MULTI_DONE_WORDS}
    return Pick(id=f"lagi:{i}", text="Tambah instrumen lain?",
                options=[Option(SAME, f"Ya, kegiatan sama ({label})", "Ya, kegiatan sama"),
                         Option(OTHER, "Ya, JF/kegiatan lain", "Ya, kegiatan lain"),
                         Option(DONE, "Tidak, selesai")],
                words=words,
                hint=f"Semua instrumen masuk ke satu Formulir Klasifikasi (paling banyak "
                     f"{MAX_INSTRUMENTS}).",
                wrong="Pilih \"Ya, kegiatan sama\", \"Ya, JF/kegiatan lain\" atau "
                      "\"Tidak, selesai\".",
                help="Instrumen berikutnya bisa memakai kegiatan yang sama atau JF dan kegiatan "
                     "lain; semuanya masuk ke satu formulir.")


def steps(answers: Answers) -> list[Step]:
    """Return the steps for the answers so far: one group per instrument, then the form."""
    out: list[Step] = []
    for i in range(MAX_INSTRUMENTS):
        if chosen_again(answers, i):
            # Kegiatan and name are listed before they can be answered, so that the
            # progress of the first questions reads "Langkah 1 dari 3", not "1 dari 1".
            out += [jf_step(i), kegiatan_step(i)]
        out.append(name_step(i))
        keg = kegiatan_of(answers, i)
        if keg is None:
            return out
        out += unsur_steps(answers, i, keg)
        if kegiatan_table()[keg]["standar_header"]:
            out.append(standar_step(i, keg))
        out.append(Show(id=f"hasil:{i}", render=partial(render_one, i), end=False))
        if i + 1 < MAX_INSTRUMENTS:
            out.append(again_step(i, keg))
            if answers.get(f"lagi:{i}") in (SAME, OTHER):
                continue
        break
    out.append(Show(id="hasil", render=render_all, act=remember_standar))
    return out


def progress(step_id: str, answers: Answers) -> str | None:
    """Return "Instrumen 2 — Langkah 3 dari 13": the questions of that instrument only."""
    m = re.match(r"[a-z]+:(\d+)(?::|$)", step_id)
    if not m:
        return None
    mine = [s for s in steps(answers) if isinstance(s, Ask) and s.active(answers)
            and s.id.split(":")[1] == m[1]]
    if step_id not in [s.id for s in mine]:
        return None
    return f"Instrumen {int(m[1]) + 1} — {progress_line(mine, step_id, answers)}"


FLOW = Flow(
    id="difficulty",
    menu_position=10,
    keywords=("tingkat kesulitan", "kesulitan", "klasifikasi jabatan"),
    calc_module="knowledge.calc.difficulty",
    title="Tingkat kesulitan",
    steps=steps,
    help=("Saya menentukan tingkat kesulitan kegiatan Penera dan Penguji Mutu Barang menurut "
          "Lampiran II: tiap unsur diberi bobot, totalnya menentukan tingkatnya. Beberapa "
          "instrumen bisa dimasukkan ke satu Formulir Klasifikasi."),
    intro=("Hitung tingkat kesulitan (Lampiran II Permendag 4/2025): pilih JF dan kegiatan, "
           "lalu isi tiap unsur. Beberapa instrumen bisa masuk ke satu Formulir Klasifikasi."),
    field_step=field_step,
    progress=progress,
    prefill=prefill,
)
