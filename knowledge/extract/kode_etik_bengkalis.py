"""Structured extraction of Keputusan Kepala Diskominfotik Bengkalis 800.1.6.1/KPTS/9/2024.

Two data files: ``kode_etik_bengkalis/keputusan`` (the decree: number, menimbang, mengingat,
diktum) and ``kode_etik_bengkalis/lampiran`` (the code itself: the six value groups, purpose,
asas, tata aturan perilaku, hak, kewajiban, larangan, budaya pelayanan, penghargaan, sanksi).
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.data_files import load_table
from knowledge.extract._secondary_common import (
    Fix,
    chunk,
    display,
    item,
    lines,
    trim,
    verbatim,
)
from knowledge.passage import Passage
from knowledge.provenance import Span, locate
from knowledge.sources_text import DOCUMENT_TITLES

DOC = "kode_etik_bengkalis"
TITLE = DOCUMENT_TITLES[DOC]

# Conversion defects corrected where the intended text is certain. "dan garing atau" is how
# the converter read "dan/atau" (the slash glyph); the others are split or misread words.
_FIXES: tuple[Fix, ...] = (
    ("dan garing atau", "dan/atau"),
    ("pemerin tahan", "pemerintahan"),
    ("implemen tasinya", "implementasinya"),
    ("e.membuat", "membuat"),
    ("pencapaian basil", "pencapaian hasil"),
    ("bercakap- cakap", "bercakap-cakap"),
)

_LABEL = re.compile(r"^(?:[-•]\s*)?(?P<label>[a-z]|\d{1,2})[.)]\s+")
_DIKTUM = re.compile(r"^- (?P<label>KESATU|KEDUA|KETIGA|KEEMPAT) : ")


def _fixes_for(spans: list[Span]) -> list[Fix]:
    joined = verbatim(spans)
    return [f for f in _FIXES if f[0] in joined]


def _items(region: Span, pattern: re.Pattern[str] = _LABEL) -> list[dict[str, Any]]:
    """Return the labelled items of a region; unlabelled lines continue the item before them."""
    parsed: list[tuple[str, list[Span]]] = []
    for line in lines(region):
        m = pattern.match(line.text)
        if m:
            parsed.append((m.group("label"), [trim(line, m.end())]))
        elif parsed:
            cont = re.match(r"^[-•]\s*", line.text)
            parsed[-1][1].append(trim(line, cont.end()) if cont else line)
    return [item(spans, _fixes_for(spans), label=label) for label, spans in parsed]


def _region(start_needle: str, end_needle: str, start: int = 0) -> Span:
    """Return the text after the heading ``start_needle`` up to ``end_needle``."""
    head = locate(DOC, start_needle, start)
    tail = locate(DOC, end_needle, head.end)
    return Span(DOC, head.end, tail.start)


def _keputusan() -> dict[str, Any]:
    body = locate(DOC, "KEPUTUSAN\nKEPALA DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK")
    nomor = locate(DOC, "800.1.6.1/KPTS/9/2024", body.start)
    tentang = locate(DOC, "KODE ETIK DAN KODE PERILAKU APARATUR PELAYANAN", body.start)
    tanggal = locate(DOC, "3 Januari 2024", body.start)
    signer = locate(DOC, "SUWARTO, S.Pd., M.Pd.", tanggal.end)
    menimbang = _items(_region("- Menimbang : ", "- Mengingat", body.start))
    mengingat = _items(_region("- Mengingat : ", "MEMUTUSKAN", body.start))
    diktum = _items(_region("- Menetapkan :", "Ditetapkan di Bengkalis", body.start), _DIKTUM)
    return {
        "title": "Keputusan Kepala Diskominfotik Kabupaten Bengkalis tentang Kode Etik dan Kode "
        "Perilaku Aparatur Pelayanan",
        "source": {"doc": DOC, "section": "batang tubuh keputusan"},
        "notes": [
            "Menimbang huruf a reads 'Kependudukan dan Bengkalis' in the source (apparently a "
            "template left-over); kept verbatim.",
            "The signer's name is garbled by the conversion ('BENGKALIS SUWARTO', "
            "'Dr. NGKSUWARTO'); only the readable 'SUWARTO, S.Pd., M.Pd.' is kept.",
            "Fixes of conversion defects are recorded per item in 'ocr_fixes' as "
            "[original, corrected]; the rest of each text is verbatim.",
        ],
        "nomor": item([nomor]),
        "tentang": item([tentang]),
        "tanggal_ditetapkan": item([tanggal]),
        "penandatangan": item([signer], jabatan="Kepala Dinas Komunikasi, Informatika dan "
                              "Statistik Kabupaten Bengkalis"),
        "menimbang": menimbang,
        "mengingat": mengingat,
        "diktum": diktum,
    }


def _line_of(span: Span) -> Span:
    """Return the rest of the line that starts at ``span``."""
    return Span(DOC, span.start, locate(DOC, "\n", span.start).start)


_NILAI = ("Dasar", "Integritas", "Profesionalisme", "Sinergi", "Pelayanan", "Kesempurnaan")


def _lampiran() -> dict[str, Any]:
    lamp = locate(DOC, "LAMPIRAN : KEPUTUSAN KEPALA DINAS")
    intro = locate(DOC, "Dalam berperilaku sehari-hari", lamp.end)
    intro = _line_of(intro)
    nilai = []
    for n, name in enumerate(_NILAI, start=1):
        head = locate(DOC, f"{n}. Nilai {name}", lamp.end)
        nxt = (
            f"{n + 1}. Nilai {_NILAI[n]}" if n < len(_NILAI) else "Kode Etik dan Kode Perilaku "
            "pelayanan publik dimaksudkan"
        )
        region = Span(DOC, head.end, locate(DOC, nxt, head.end).start)
        nilai.append(
            {"nomor": n, "nama": item([Span(DOC, head.start + 3, head.end)]),
             "butir": _items(region)}
        )
    maksud = _line_of(locate(DOC, "Kode Etik dan Kode Perilaku pelayanan publik dimaksudkan"))
    tujuan = _items(_region("bertujuan untuk:", "Ruang lingkup kode etik"))
    ruang = _line_of(locate(DOC, "Ruang lingkup kode etik dan kode perilaku pelayanan publik"))
    asas = _items(_region("A. Landasan kode etik dan kode perilaku pelayanan publik:",
                          "B. Kode etik pelayanan publik"))
    tata = _items(_region("Tata aturan perilaku pelayanan publik terdiri dari:**",
                          "b) Hak dan kewajiban"))
    hak = _items(_region("Hak pelaksana pelayanan publik meliputi :**", "• **Kewajiban"))
    kewajiban = _items(_region("Kewajiban Pelaksana pelayanan publik meliputi :**",
                               "C. Larangan"))
    larangan = _items(_region("C. Larangan pelaksana pelayanan publik meliputi:", "D. Budaya"))
    budaya = _items(_region("D. Budaya pelayanan meliputi ;", "E. Penghargaan"))
    penghargaan = _items(_region("E. Penghargaan dapat berupa:", "Penunjukan dan pemberian"))
    penunjukan = _line_of(locate(DOC, "Penunjukan dan pemberian penghargaan"))
    sanksi_region = _region("F. Pengawasan dan sanksi", "KEPALA DINAS KOMUNIKASI")
    sanksi_lines = lines(sanksi_region)

    def judul(needle: str) -> dict[str, Any]:
        return item([locate(DOC, needle, lamp.end)])

    return {
        "title": "Lampiran: Kode Etik dan Kode Perilaku Pelaksana Pelayanan Publik "
        "Diskominfotik Kabupaten Bengkalis",
        "source": {"doc": DOC, "section": "Lampiran Keputusan 800.1.6.1/KPTS/9/2024"},
        "notes": [
            "Numbering follows the source: value groups 1-6 with lettered items, then "
            "sections A-F; 'Hak' and 'Kewajiban' are the two bullets under B huruf b).",
            "Nilai Integritas huruf a is split over two lines in the source ('di berbagai' / "
            "'- forum, ...'); it is one item with two spans.",
            "Nilai Integritas huruf a says 'Kabupaten Bengkulu' and Nilai Profesionalisme "
            "huruf f 'Kementerian Keuangan' (the value list was evidently adapted from a "
            "Kementerian Keuangan code); both kept verbatim, not corrected.",
            "The sanksi paragraph (F) is broken over two blocks mid-sentence; it is one item "
            "with two spans.",
            "Fixes of conversion defects ('dan garing atau' -> 'dan/atau', split words) are "
            "recorded per item in 'ocr_fixes'.",
        ],
        "pengantar": item([intro]),
        "nilai": nilai,
        "maksud": item([maksud]),
        "tujuan": tujuan,
        "ruang_lingkup": item([ruang]),
        "landasan_asas": {"judul": judul("Landasan kode etik dan kode perilaku pelayanan "
                                           "publik"), "butir": asas},
        "tata_aturan_perilaku": {"judul": judul("Tata aturan perilaku pelayanan publik"),
                                 "butir": tata},
        "hak": {"judul": judul("Hak pelaksana pelayanan publik"), "butir": hak},
        "kewajiban": {"judul": judul("Kewajiban Pelaksana pelayanan publik"),
                      "butir": kewajiban},
        "larangan": {"judul": judul("Larangan pelaksana pelayanan publik"),
                     "butir": larangan},
        "budaya_pelayanan": {"judul": judul("Budaya pelayanan"), "butir": budaya},
        "penghargaan": {"judul": judul("Penghargaan dapat berupa"), "butir": penghargaan,
                        "penetapan": item([penunjukan])},
        "sanksi": {"judul": judul("Pengawasan dan sanksi"),
                   "ketentuan": item(sanksi_lines, _fixes_for(sanksi_lines))},
    }


def build() -> dict[str, Any]:
    """Return the decree's data files."""
    return {"kode_etik_bengkalis/keputusan": _keputusan(),
            "kode_etik_bengkalis/lampiran": _lampiran()}


# ---------------------------------------------------------------- passages

_LIST_SECTIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    # (data key, kind, section label, lead-in, whole list as one passage: the items are short)
    ("landasan_asas", "asas", "Lampiran huruf A (Landasan)",
     "Landasan kode etik dan kode perilaku pelayanan publik", True),
    ("tata_aturan_perilaku", "tata_aturan", "Lampiran huruf B huruf a) (Tata aturan perilaku)",
     "Tata aturan perilaku pelayanan publik", True),
    ("hak", "hak", "Lampiran huruf B huruf b) (Hak pelaksana)",
     "Hak pelaksana pelayanan publik", False),
    ("kewajiban", "kewajiban", "Lampiran huruf B huruf b) (Kewajiban pelaksana)",
     "Kewajiban pelaksana pelayanan publik", False),
    ("larangan", "larangan", "Lampiran huruf C (Larangan)",
     "Larangan bagi pelaksana pelayanan publik", False),
    ("budaya_pelayanan", "budaya_pelayanan", "Lampiran huruf D (Budaya pelayanan)",
     "Budaya pelayanan", True),
    ("penghargaan", "penghargaan", "Lampiran huruf E (Penghargaan)",
     "Bentuk penghargaan bagi pelaksana pelayanan publik", True),
)

_UNIT = "Diskominfotik Kabupaten Bengkalis"


def _p(pid: str, section: str, text: str, kind: str, value: str | None = None) -> Passage:
    return Passage(id=f"{DOC}:{pid}", source=DOC, title=TITLE, section=section,
                   text=display(text), kind=kind, value=value)


def _sentence(text: str, capital: bool = True) -> str:
    """Return an item as a sentence: closing ';' / '; dan' replaced by a period."""
    body = re.sub(r"(;\s*(dan|serta)?|[.,])\s*$", "", text.strip())
    return (body[:1].upper() if capital else body[:1].lower()) + body[1:] + "."


def passages() -> list[Passage]:
    """Return one passage per item of the decree and its lampiran, from the committed data."""
    kep = load_table("kode_etik_bengkalis/keputusan")
    lamp = load_table("kode_etik_bengkalis/lampiran")
    out: list[Passage] = []
    for d in kep["diktum"]:
        out.append(_p(f"diktum:{d['label'].lower()}", f"Diktum {d['label']}",
                      f"Keputusan Kepala {_UNIT} tentang kode etik, Diktum {d['label']}: "
                      f"{d['text']}", "sanksi" if d["label"] == "KETIGA" else "diktum"))
    for m in kep["menimbang"]:
        out.append(_p(f"menimbang:{m['label']}", f"Menimbang huruf {m['label']}",
                      f"Menimbang huruf {m['label']} keputusan kode etik {_UNIT}: {m['text']}",
                      "menimbang"))
    for m in kep["mengingat"]:
        out.append(_p(f"mengingat:{m['label']}", f"Mengingat angka {m['label']}",
                      f"Dasar hukum (mengingat angka {m['label']}) keputusan kode etik "
                      f"{_UNIT}: {m['text']}", "dasar_hukum"))
    for group in lamp["nilai"]:
        name = group["nama"]["text"]
        value = "berorientasi_pelayanan" if name == "Nilai Pelayanan" else None
        for b in group["butir"]:
            section = f"Lampiran angka {group['nomor']} ({name}), huruf {b['label']}"
            kind = "larangan" if b["text"].startswith("tidak ") else "nilai"
            out.append(_p(f"nilai:{group['nomor']}:{b['label']}", section,
                          f"{name} dalam kode etik {_UNIT}: setiap pegawai "
                          f"{_sentence(b['text'], capital=False)}",
                          kind, value))
    out.append(_p("maksud", "Lampiran (maksud dan tujuan)",
                  f"{lamp['maksud']['text']} Tujuannya: "
                  + " ".join(f"({t['label']}) {t['text']}" for t in lamp["tujuan"]), "tujuan"))
    for key, kind, section, lead, whole in _LIST_SECTIONS:
        items = lamp[key]["butir"]
        if whole:
            listed = "; ".join(f"({b['label']}) {_sentence(b['text'])[:-1]}" for b in items)
            out.append(_p(kind, section, f"{lead} ({_UNIT}): {listed}.", kind))
            continue
        for b in items:
            word = "angka" if b["label"].isdigit() else "huruf"
            out.append(_p(f"{kind}:{b['label']}", f"{section} {word} {b['label']}",
                          f"{lead} ({_UNIT}), {word} {b['label']}: {_sentence(b['text'])}",
                          kind))
    out.append(_p("penghargaan:penetapan", "Lampiran huruf E (Penghargaan)",
                  lamp["penghargaan"]["penetapan"]["text"], "penghargaan"))
    for n, text in enumerate(chunk(lamp["sanksi"]["ketentuan"]["text"], 40, 90), start=1):
        out.append(_p(f"sanksi:{n}", "Lampiran huruf F (Pengawasan dan sanksi)",
                      f"Pengawasan dan sanksi kode etik {_UNIT}: {text}", "sanksi"))
    return out
