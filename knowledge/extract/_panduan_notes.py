"""Deliberate choices and source oddities recorded in the panduan data files' ``notes``."""

from __future__ import annotations

from knowledge.extract._panduan_parse import JfSection, Piece
from knowledge.ids import VALUE_LABELS

COMMON = [
    "Items are listed in reading order; `n` numbers them 1..N within JF x value x kind and is "
    "the number used in passage ids and citations. `number` is the number printed in the "
    "source (null where the source uses '- ' bullets).",
    "A value printed over several pages is merged into one entry; the definition and kode "
    "etik are taken from its first page (continuation pages repeat them; differences are "
    "listed below).",
    "Display text strips bold markers ('**'), check marks and doubled final full stops and "
    "collapses whitespace; wording, spelling and typos are kept as printed.",
]

BY_JF: dict[str, list[str]] = {
    "analis_perdagangan": [
        "The motto paragraph and the organisation logo caption say 'Analisis Perdagangan' "
        "(sic) for Analis Perdagangan.",
        "Wajib and dilarang lists are printed on separate pages, each page repeating the value "
        "heading, definition and kode etik.",
    ],
    "pengawas_perdagangan": [
        "List headings are written in four ways: 'W/A/J/I/B' one letter per line and "
        "'D I L A R A N G' (Berorientasi Pelayanan), then 'Perilaku Wajib'/'Perilaku Dilarang'.",
        "Akuntabel uses '- ' bullets on both of its pages; all other values are numbered.",
        "This chapter has no organisation page of its own: the guide's PERWASDAG page (printed "
        "after the Pengamat Tera chapter) captions its logo 'JF Pengawas Perdagangan dan "
        "Pengamat Tera', so PERWASDAG is recorded for both JF with the spans of that page.",
        "The motto paragraph is printed without quotation marks.",
    ],
    "pengamat_tera": [
        "Several lists carry no heading above them but a vertical label printed one letter per "
        "line AFTER the list (W/A/J/I/B after the Loyal wajib list; D/I/L/A/R/A/N/G after the "
        "Berorientasi Pelayanan and Kolaboratif dilarang lists); such a label names the "
        "unlabelled list just before it. Every such placement was checked against the content "
        "(prohibitions vs obligations).",
        "Harmonis' wajib heading is printed 'Perilaku Wajib ✓'; a lone '-' line precedes two "
        "dilarang lists.",
        "Kompeten dilarang no. 9 ends without a full stop; no text follows it in the source.",
        "The PERWASDAG logo caption reads 'JF Pengawas Perdagangan dan Pengamat Tera': the "
        "organisation is shared with Pengawas Perdagangan.",
    ],
    "negosiator_perdagangan": [
        "List headings are split over two lines: 'Panduan Perilaku' then 'Wajib'/'Dilarang'.",
        "Bold markers ('**') in the motto paragraph are removed in the display text.",
    ],
    "penera": [
        "Every value is printed on two pages, each with its own 'Perilaku Wajib' and 'Perilaku "
        "Dilarang' bullet lists; the second page repeats no value heading. Both pages' items "
        "are merged in reading order.",
        "The organisation logo caption reads 'JF Penerima' (sic) for Penera.",
    ],
    "penguji_mutu_barang": [
        "Headings are 'WAJIB'/'DILARANG'; every value has two wajib and two dilarang lists "
        "(two pages, no repeated value heading), merged in reading order.",
        "Definitions are printed in lower case without a full stop; the display text only "
        "capitalises the first letter.",
        "Kompeten, second page: 'WAJIB' and 'DILARANG' are stacked above two lists separated by "
        "a blank line (a two-column page); the first list is wajib, the second dilarang, which "
        "their content confirms.",
        "Adaptif, second page: both list headings are missing, leaving one run of 18 bullets. "
        "The first 10 describe obligations and are recorded as wajib; from 'Menolak "
        "peningkatan kompetensi ...' on, the 8 remaining describe prohibitions and are "
        "recorded as dilarang.",
        "Kolaboratif: the kode etik printed under Kolaboratif repeats Adaptif's points "
        "('Cepat menyesuaikan diri menghadapi perubahan', ...); recorded as printed.",
        "Loyal kode etik point 2 reads 'Menjaga nama baik AS, instansi dan negara' (sic, ASN).",
    ],
}


def _norm(text: str) -> str:
    return " ".join(text.lower().rstrip(".;").split())


def _repeat_notes(section: JfSection) -> list[str]:
    notes = []
    for value, sec in section.values.items():
        label = VALUE_LABELS[value]
        first: Piece | None = sec.definitions[0] if sec.definitions else None
        for d in sec.definitions[1:]:
            if first is not None and _norm(d.text) != _norm(first.text):
                notes.append(f"{label}: a continuation page prints the definition as {d.text!r}.")
        for page in sec.kode_etik[1:]:
            for a, b in zip(sec.kode_etik[0], page, strict=False):
                if _norm(a.text) != _norm(b.text):
                    notes.append(f"{label}: a continuation page prints kode etik point "
                                 f"{b.number} as {b.text!r} (first page: {a.text!r}).")
        for kind, items in sec.items.items():
            seen: dict[str, int] = {}
            for n, item in enumerate(items, 1):
                if item.text in seen:
                    notes.append(f"{label}: {kind} item {n} repeats item {seen[item.text]} word "
                                 "for word; both are kept as printed.")
                seen.setdefault(item.text, n)
    return notes


def notes_for(section: JfSection) -> list[str]:
    """Return the notes of one JF data file."""
    return COMMON + BY_JF.get(section.jf, []) + _repeat_notes(section)
