"""The jenjang of a JF asked as a list: "jenjang penera apa aja dari bawah sampai atas?".

Lampiran I of Permendag 4/2025 gives each JF's jenjang, one "Ruang lingkup kegiatan" per
jenjang; no single passage lists them. A question asking for nothing but that list gets it
from those passages, lowest first per category (keterampilan, then keahlian), with the
citation of Lampiran I. Questions about moving up ("naik jenjang", angka kredit, ukom) are
other questions and are searched as usual.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.ask.model import Answer
from knowledge.ids import CATEGORY_JENJANG, CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS
from knowledge.passage import Passage
from knowledge.search.engine import Hit, QuerySignals
from knowledge.search.textnorm import has_phrase, normalize_chat, raw_tokens

_JENJANG_WORDS = frozenset({"jenjang", "jenjangnya", "tingkatan", "level"})
_LIST_CUES: tuple[tuple[str, ...], ...] = (
    ("apa", "aja"), ("apa", "saja"), ("ada", "berapa"), ("berapa", "jenjang"), ("sebutin",),
    ("sebutkan",), ("urutan",), ("urutannya",), ("daftar",), ("dari", "bawah"),
    ("paling", "bawah"), ("mana", "aja"), ("mana", "saja"), ("terdiri",), ("list",))
# Moving up or what a jenjang needs is another question (Lampiran VI, VII, IX).
_OTHER_TOPICS = frozenset(
    "naik kenaikan angka kredit ak ukom uji kompetensi syarat pangkat formasi kebutuhan "
    "pindah perpindahan tugas ruang lingkup kegiatan hasil kerja skr bobot".split())


def jenjang_request(question: str, signals: QuerySignals, jf: str | None) -> str | None:
    """Return the JF whose jenjang a question asks to list, or None for any other question."""
    words = normalize_chat(raw_tokens(question))
    present = set(words)
    if not present & _JENJANG_WORDS or present & _OTHER_TOPICS:
        return None
    if not any(has_phrase(words, cue) for cue in _LIST_CUES):
        return None
    if any(has_phrase(words, raw_tokens(label)) for label in JENJANG_LABELS.values()):
        return None  # one jenjang named: a question about that jenjang
    jfs = sorted(signals.jf or ({jf} if jf else set()))
    return jfs[0] if len(jfs) == 1 else None


def _scopes(passages: Sequence[Passage], jf: str) -> dict[str, Passage]:
    """Return jenjang → the Lampiran I "ruang lingkup" passage of that jenjang of ``jf``."""
    prefix = f"permendag:lampiran_i:{jf}:"
    return {p.jenjang: p for p in passages
            if p.id.startswith(prefix) and p.id.endswith(":ruang_lingkup") and p.jenjang}


def jenjang_answer(jf: str, passages: Sequence[Passage], hits: Sequence[Hit]) -> Answer | None:
    """Return the list of ``jf``'s jenjang from Lampiran I, or None when it has none there."""
    scopes = _scopes(passages, jf)
    groups = [(cat, [j for j in ladder if j in scopes]) for cat, ladder in
              (("keterampilan", CATEGORY_JENJANG["keterampilan"]),
               ("keahlian", CATEGORY_JENJANG["keahlian"]))]
    groups = [(cat, found) for cat, found in groups if found]
    if not groups:
        return None
    lines = [f"- kategori {CATEGORY_LABELS[cat]}: "
             + ", ".join(JENJANG_LABELS[j] for j in found) for cat, found in groups]
    order = [scopes[j] for _, found in groups for j in found]
    citation = "Permendag Nomor 4 Tahun 2025 (Lampiran) — Lampiran I, " + JF_LABELS[jf]
    text = "\n".join([
        f"Jenjang {JF_LABELS[jf]} (dari yang terendah):", *lines,
        "Ruang lingkup tiap jenjang: tanyakan dengan menyebut jenjangnya "
        f"(mis. \"ruang lingkup {JF_LABELS[jf]} {JENJANG_LABELS[order[0].jenjang or '']}\").",
        f"Sumber: {citation}",
    ])
    top = hits[0].score if hits else 1.0
    shown = [Hit(p, top, 1.0) for p in order]
    rest = [h for h in hits if h.passage.id not in {p.id for p in order}]
    return Answer(
        status="answered",
        text=text,
        quote="; ".join(f"{CATEGORY_LABELS[c]}: " + ", ".join(JENJANG_LABELS[j] for j in f)
                        for c, f in groups),
        citations=(citation,),
        hits=tuple([*shown, *rest][: max(len(hits), 1)]),
        shown_ids=(order[0].id,),
    )
