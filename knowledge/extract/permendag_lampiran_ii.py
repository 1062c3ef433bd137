"""Lampiran II of Permendag 4/2025: tata cara penentuan tingkat kesulitan (Penera, PMB).

Produces one data file per regulation table (``permendag/lampiran_ii_*``) plus an index of the
six kegiatan (``permendag/lampiran_ii_kegiatan``) with the procedure, the Formulir layouts and
the worked example. Every row, band, class row and Keterangan item carries its span. The table
numbering restarts in part B (Penguji Mutu Barang: Tabel 2-7), so file names and citations
always name the part ("huruf A" / "huruf B").

Measurable bands get a numeric ``range`` parsed from their wording; where the source leaves a
gap or contradicts itself the applied range differs from ``range_as_written`` and the band says
why in ``range_rule`` (also listed in the file's ``notes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from knowledge.data_files import load_table
from knowledge.ids import JF_LABELS
from knowledge.passage import Passage
from knowledge.provenance import SourceNotFound, Span, locate
from knowledge.sources_text import source_text

DOC = "permendag"
AREA = "permendag"
LAMPIRAN_START = "LAMPIRAN II PERATURAN MENTERI PERDAGANGAN"
LAMPIRAN_END = "PEDOMAN PERHITUNGAN KEBUTUHAN JF PERDAGANGAN"
PART_A = "A. JABATAN FUNGSIONAL PENERA"
PART_B = "B. JABATAN FUNGSIONAL PENGUJI MUTU BARANG"
INDEX_FILE = f"{AREA}/lampiran_ii_kegiatan"

# --- what the regulation's rows say, as written (the extractor checks each against the text) ---

_ALAT = ["Rendah", "Sedang", "Tinggi", "Sangat tinggi"]
_RUMIT = ["Sederhana", "Sedang", "Rumit", "Sangat rumit"]
_KONSTRUKSI = ["Sederhana", "sedang", "rumit", "Sangat rumit"]
_K3 = [
    "Risiko rendah", "Risiko sedang", "Risiko tinggi",
    "Risiko sangat tinggi, memerlukan protokol keselamatan ketat",
]
_WAKTU_TERA = ["< 30 menit", "30 Menit s.d < 2 Jam", "2 jam s.d < 4 jam", "> 4 jam"]

# (unsur id, label as written, cells as written, quantity kind or None)
Row = tuple[str, str, list[str], str | None]

PENERA_T1: list[Row] = [
    ("kapasitas", "Kapasitas", ["Kecil", "Sedang", "Besar", "Sangat besar"], None),
    ("akurasi", "Akurasi", _ALAT, None),
    ("presisi", "Presisi", _ALAT, None),
    ("konstruksi", "Konstruksi", _KONSTRUKSI, None),
    ("instalasi", "Instalasi", _RUMIT, None),
    ("metode", "Metode", _RUMIT, None),
    ("standar", "Standar", _ALAT, None),
    ("dampak", "Dampak", ["Kecil", "Sedang", "Besar", "Sangat Besar"], None),
    ("waktu", "Waktu", _WAKTU_TERA, "waktu"),
    ("perhitungan", "Perhitungan", _RUMIT, None),
    ("keamanan_keselamatan_kerja", "Keamanan dan Keselamatan Kerja", _K3, None),
    ("jumlah_keterlibatan_stakeholder", "Jumlah Keterlibatan Stakeholder",
     ["1 pihak", "2 pihak", "3 Pihak", "> 4 pihak"], "pihak"),
]
PENERA_T2: list[Row] = [
    ("akurasi", "Akurasi", _ALAT, None),
    ("presisi", "Presisi", _ALAT, None),
    ("konstruksi", "Konstruksi", _KONSTRUKSI, None),
    ("instalasi", "Instalasi", _RUMIT, None),
    ("metode", "Metode", _RUMIT, None),
    ("standar", "Standar", _ALAT, None),
    ("dampak", "Dampak", ["Kecil", "Sedang", "Besar", "Sangat Besar"], None),
    ("waktu", "Waktu", ["<4 Jam", ">4 s.d 8 jam", "> 8 jam s.d 16 Jam", "> 16 jam"], "waktu"),
    ("perhitungan", "Perhitungan", _RUMIT, None),
    ("keamanan_keselamatan_kerja", "Keamanan dan Keselamatan Kerja", _K3, None),
    ("jumlah_jenis_pengujian", "Jumlah Jenis Pengujian", ["< 4", "5 s.d 8", "9 s.d 12", ">12"],
     "jenis"),
    ("teknologi", "Teknologi", ["Sederhana", "Sedang", "tinggi", "Sangat tinggi"], None),
]
PENERA_T3: list[Row] = [
    *PENERA_T1[:-1],
    ("jumlah_keterlibatan_stakeholder", "Jumlah Keterlibatan Stakeholder",
     ["1 pihak", "2 pihak", "3 Pihak", ">4 pihak"], "pihak"),
]
_RISIKO = ["Rendah (r)", "Sedang (s)", "Tinggi (t)"]
_WAKTU_PMB = ["≤ 3", ">3 - 7", ">7"]
PMB_T2: list[Row] = [
    ("waktu", "Waktu (jam)", _WAKTU_PMB, "waktu"),
    ("jumlah_langkah_pengerjaan", "jumlah langkah pengerjaan", ["1-2", "3-4", "5-6"], "langkah"),
    ("risiko_pengerjaan", "risiko pengerjaan", _RISIKO, None),
    ("kesulitan_pengerjaan", "kesulitan pengerjaan", ["Mudah", "Sulit", "Sangat Sulit"], None),
    ("tempat", "Tempat", [
        "Gudang, pabrik, pasar", "Kontainer kapal, lini produksi",
        "Cerobong asap, Perairan (sungai, laut, kolam mata air panas), konveyor, stockpile, "
        "gunung api",
    ], None),
]
PMB_T3: list[Row] = [
    ("waktu", "Waktu (jam)", _WAKTU_PMB, "waktu"),
    ("jumlah_langkah_pengerjaan", "jumlah langkah pengerjaan", ["≤ 3", ">3 - 7", ">7"], "langkah"),
    ("risiko_pengerjaan", "risiko pengerjaan", _RISIKO, None),
    ("kesulitan_pengerjaan", "kesulitan pengerjaan", ["Mudah", "Sedang", "Sulit"], None),
]
PMB_T4: list[Row] = [
    ("waktu", "Waktu (jam)", _WAKTU_PMB, "waktu"),
    ("jumlah_langkah_pengerjaan", "jumlah langkah pengerjaan", ["1-2", "> 3 - 7", "5-6"],
     "langkah"),
    ("risiko_pengerjaan", "risiko pengerjaan", _RISIKO, None),
    ("kesulitan_pengerjaan", "kesulitan pengerjaan", ["Mudah", "Sedang", "Sulit"], None),
    ("tempat", "Tempat", ["Laboratorium", "Pabrik", "Di Luar Ruangan"], None),
]

# Penera Keterangan items (1-14) by the unsur id they define.
PENERA_DEFINED = [
    "kapasitas", "akurasi", "presisi", "konstruksi", "instalasi", "metode", "standar", "dampak",
    "waktu", "perhitungan", "keamanan_keselamatan_kerja", "jumlah_keterlibatan_stakeholder",
    "jumlah_jenis_pengujian", "teknologi",
]

QUANTITIES: dict[str, dict[str, Any]] = {
    "waktu": {"unit": "jam", "integer": False, "units_accepted": ["jam", "menit"]},
    "pihak": {"unit": "pihak", "integer": True, "units_accepted": ["pihak"]},
    "jenis": {"unit": "jenis pengujian", "integer": True, "units_accepted": ["jenis pengujian"]},
    "langkah": {"unit": "langkah", "integer": True, "units_accepted": ["langkah"]},
}

# --- deliberate choices where the bands leave a gap or contradict the Keterangan --------------

GAP_RULES: dict[tuple[str, str, int], tuple[dict[str, Any], str]] = {
    ("penera_tera_ulang", "waktu", 4): (
        {"low_inclusive": True},
        "Tepat 4 jam tidak tercakup (bobot 3 ditulis '< 4 jam', bobot 4 ditulis '> 4 jam'); "
        "karena bobot 3 secara tegas mengecualikan 4 jam, tepat 4 jam diberi bobot 4.",
    ),
    ("penera_verifikasi_standar", "waktu", 4): (
        {"low_inclusive": True},
        "Tepat 4 jam tidak tercakup (bobot 3 ditulis '< 4 jam', bobot 4 ditulis '> 4 jam'); "
        "karena bobot 3 secara tegas mengecualikan 4 jam, tepat 4 jam diberi bobot 4.",
    ),
    ("penera_tera_ulang", "jumlah_keterlibatan_stakeholder", 4): (
        {"low": "4", "low_inclusive": True},
        "Tepat 4 pihak tidak tercakup (bobot 3 ditulis '3 pihak', bobot 4 ditulis '> 4 pihak'); "
        "bobot 1-3 masing-masing satu jumlah pasti, jadi 4 pihak atau lebih diberi bobot 4.",
    ),
    ("penera_verifikasi_standar", "jumlah_keterlibatan_stakeholder", 4): (
        {"low": "4", "low_inclusive": True},
        "Tepat 4 pihak tidak tercakup (bobot 3 ditulis '3 pihak', bobot 4 ditulis '>4 pihak'); "
        "bobot 1-3 masing-masing satu jumlah pasti, jadi 4 pihak atau lebih diberi bobot 4.",
    ),
    ("penera_pengujian_tipe", "waktu", 1): (
        {"high_inclusive": True},
        "Tepat 4 jam tidak tercakup (bobot 1 ditulis '<4 jam', bobot 2 ditulis '>4 s.d 8 jam'); "
        "karena batas 8 dan 16 jam masuk ke bobot yang lebih rendah ('> a s.d b'), tepat 4 jam "
        "juga diberi bobot 1.",
    ),
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 1): (
        {"high_inclusive": True},
        "Tepat 4 jenis pengujian tidak tercakup (bobot 1 ditulis '< 4', bobot 2 ditulis "
        "'5 s.d 8'); karena bobot 2 secara tegas dimulai dari 5, tepat 4 jenis diberi bobot 1.",
    ),
    ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan", 3): (
        {"high": None, "high_inclusive": False},
        "Tabel dan Keterangan berhenti pada 6 langkah ('5-6'); lebih dari 6 langkah diberi "
        "bobot tertinggi, 3.",
    ),
}

KALIBRASI_LANGKAH_RULE = (
    "Judul kolom Tabel 4 ('1-2', '> 3 - 7', '5-6') bertentangan dengan dirinya sendiri dan "
    "dengan Keterangannya; yang dipakai adalah Keterangan: sampai dengan 3 langkah bobot 1, "
    "di atas 3 sampai dengan 7 langkah bobot 2, lebih dari 7 langkah bobot 3."
)

# --- the six kegiatan ------------------------------------------------------------------------

KEGIATAN: list[dict[str, Any]] = [
    {"id": "penera_tera_ulang", "jf": "penera", "part": "A", "label": "Tera dan Tera Ulang",
     "bobot": ("penera_tabel_1_tera_ulang", "Tabel 1 Bobot tera dan tera ulang", PENERA_T1),
     "kelas": "penera_tabel_4_klasifikasi", "ketentuan": "a. bobot tera dan tera ulang"},
    {"id": "penera_pengujian_tipe", "jf": "penera", "part": "A", "label": "Pengujian Tipe",
     "bobot": ("penera_tabel_2_pengujian_tipe", "Tabel 2 Bobot pengujian tipe", PENERA_T2),
     "kelas": "penera_tabel_4_klasifikasi", "ketentuan": "b. bobot pengujian tipe"},
    {"id": "penera_verifikasi_standar", "jf": "penera", "part": "A",
     "label": "Verifikasi Standar Ukuran",
     "bobot": ("penera_tabel_3_verifikasi_standar", "Tabel 3 Bobot Verifikasi Standar Ukuran",
               PENERA_T3),
     "kelas": "penera_tabel_5_klasifikasi_verifikasi", "ketentuan": "c. bobot verifikasi"},
    {"id": "pmb_pengambilan_contoh", "jf": "penguji_mutu_barang", "part": "B",
     "label": "Pengambilan Contoh",
     "bobot": ("pmb_tabel_2_pengambilan_contoh", "Tabel 2 Bobot Pengambilan Contoh", PMB_T2),
     "kelas": "pmb_tabel_5_klasifikasi_pengambilan_contoh",
     "ketentuan": "a. bobot pengambilan contoh"},
    {"id": "pmb_pengujian", "jf": "penguji_mutu_barang", "part": "B", "label": "Pengujian",
     "bobot": ("pmb_tabel_3_pengujian", "Tabel 3 Bobot Pengujian", PMB_T3),
     "kelas": "pmb_tabel_6_klasifikasi_pengujian", "ketentuan": "b. bobot pengujian"},
    {"id": "pmb_kalibrasi", "jf": "penguji_mutu_barang", "part": "B", "label": "Kalibrasi",
     "bobot": ("pmb_tabel_4_kalibrasi", "Tabel 4 Bobot Kalibrasi", PMB_T4),
     "kelas": "pmb_tabel_7_klasifikasi_kalibrasi", "ketentuan": "c. bobot kalibrasi"},
]

CLASS_TABLES: list[tuple[str, str, str, list[str]]] = [
    ("penera_tabel_4_klasifikasi", "A",
     "Tabel 4 Ketentuan Bobot dan Tingkat Kesulitan Tera dan Tera Ulang serta Pengujian Tipe",
     ["penera_tera_ulang", "penera_pengujian_tipe"]),
    ("penera_tabel_5_klasifikasi_verifikasi", "A",
     "Tabel 5 Ketentuan Bobot dan Tingkat Kesulitan Verifikasi Standar Ukuran",
     ["penera_verifikasi_standar"]),
    ("pmb_tabel_5_klasifikasi_pengambilan_contoh", "B",
     "Tabel 5 Ketentuan Bobot dan Tingkat Kesulitan Pengambilan Contoh",
     ["pmb_pengambilan_contoh"]),
    ("pmb_tabel_6_klasifikasi_pengujian", "B",
     "Tabel 6 Ketentuan Bobot dan Tingkat Kesulitan Pengujian", ["pmb_pengujian"]),
    ("pmb_tabel_7_klasifikasi_kalibrasi", "B",
     "Tabel 7 Ketentuan Bobot dan Tingkat Kesulitan Kalibrasi", ["pmb_kalibrasi"]),
]

# --- helpers ---------------------------------------------------------------------------------


def _bounds() -> tuple[int, int, int]:
    """Return the offsets of Lampiran II's start, part B and the end."""
    start = locate(DOC, LAMPIRAN_START).start
    part_b = locate(DOC, PART_B, start).start
    end = locate(DOC, LAMPIRAN_END, part_b).start
    return start, part_b, end


def _part_start(part: str) -> int:
    start, part_b, _ = _bounds()
    return locate(DOC, PART_A, start).start if part == "A" else part_b


def _span(start: int, end: int) -> dict[str, Any]:
    return Span(DOC, start, end).to_json()


def _table_name(part: str, table: str) -> str:
    """Return the human citation of a table, naming the part because numbering restarts."""
    return f"Lampiran II huruf {part}, {table}"


_UNIT_WORDS = r"menit|jam|pihak|langkah"
_RANGE = re.compile(
    rf"^(?P<op1>[<>≤≥])?\s*(?P<n1>\d+)\s*(?P<u1>{_UNIT_WORDS})?"
    rf"(?:\s*s\.d\s*(?P<op2>[<≤])?\s*(?P<n2>\d+)\s*(?P<u2>{_UNIT_WORDS})?)?$"
)


def parse_range(wording: str) -> dict[str, Any]:
    """Return the numeric range a band's wording states (hours for time, counts otherwise)."""
    text = wording.lower().replace("pekerjaan", "").replace("pengerjaan", "")
    for phrase, symbol in (
        ("lebih besar dari", ">"), ("lebih dari", ">"), ("diatas", ">"), ("sampai dengan", "s.d"),
    ):
        text = text.replace(phrase, symbol)
    text = re.sub(r"(\d)\s*-\s*(\d)", r"\1 s.d \2", text).strip()
    if text.startswith("s.d"):
        text = "≤" + text[3:]
    m = _RANGE.match(text)
    if m is None:
        raise SourceNotFound(f"cannot read a range from {wording!r}")

    def value(num: str, unit: str | None) -> Decimal:
        return Decimal(num) / 60 if unit == "menit" else Decimal(num)

    n1 = value(m["n1"], m["u1"])
    if m["n2"] is not None:
        n2 = value(m["n2"], m["u2"])
        return {"low": str(n1), "low_inclusive": m["op1"] != ">",
                "high": str(n2), "high_inclusive": m["op2"] != "<"}
    op = m["op1"]
    if op in ("<", "≤"):
        return {"low": None, "low_inclusive": False, "high": str(n1), "high_inclusive": op == "≤"}
    if op in (">", "≥"):
        return {"low": str(n1), "low_inclusive": op == "≥", "high": None, "high_inclusive": False}
    return {"low": str(n1), "low_inclusive": True, "high": str(n1), "high_inclusive": True}


def _row(number: str, label: str, cells: Sequence[str], start: int, end: int) -> tuple[
    dict[str, Any], list[dict[str, Any]], int
]:
    """Locate a table row written as '<no> <label> <cell> <cell> ...'; return its spans."""
    needle = f"{number} {label} " + " ".join(cells)
    row = locate(DOC, needle, start, end)
    pos = row.start + len(f"{number} {label} ")
    cell_spans = []
    for cell in cells:
        cell_spans.append(_span(pos, pos + len(cell)))
        pos += len(cell) + 1
    return row.to_json(), cell_spans, row.end


def _keterangan_items(segment_start: int, segment_end: int) -> list[dict[str, Any]]:
    """Return the lettered Keterangan items (a., b., ...) of a PMB table with their bands."""
    text = source_text(DOC)
    seg = text[segment_start:segment_end]
    heads = list(re.finditer(r"\b([a-e])\. ([A-Za-z ]+?): ", seg))
    items = []
    for i, head in enumerate(heads):
        body_start = head.end()
        body_end = heads[i + 1].start() if i + 1 < len(heads) else len(seg)
        body = seg[body_start:body_end]
        first_band = re.search(r"1\) ", body)
        definition = body[: first_band.start() if first_band else len(body)].strip()
        bands = []
        for m in re.finditer(r"(\d)\) (.+?) diberi nilai bobot (\d)", body):
            s = segment_start + body_start + m.start()
            e = segment_start + body_start + m.end()
            bands.append({"bobot": int(m[3]), "text": m[2], "span": _span(s, e),
                          "wording_span": _span(segment_start + body_start + m.start(2),
                                                segment_start + body_start + m.end(2))})
        def_item = None
        if definition:
            d0 = segment_start + body_start + body.index(definition)
            def_item = {"text": definition, "span": _span(d0, d0 + len(definition))}
        items.append({
            "letter": head[1], "name": head[2].strip(),
            "head_span": _span(segment_start + head.start(), segment_start + head.end() - 1),
            "definition": def_item, "bands": bands,
        })
    return items


def _penera_definitions(start: int, end: int) -> dict[str, dict[str, Any]]:
    """Return the Penera Keterangan definitions (items 1-14) keyed by unsur id."""
    text = source_text(DOC)
    head = locate(DOC, "Keterangan: 1. kapasitas", start, end).start
    stop = locate(DOC, "Tabel 4 Ketentuan", head, end).start
    found = list(re.finditer(r"(\d+)\. ([a-z ]+), merupakan (.+?)[;.](?= \d+\. | ?$)",
                             text[head:stop]))
    if [int(m[1]) for m in found] != list(range(1, len(PENERA_DEFINED) + 1)):
        raise SourceNotFound("Penera Keterangan items are not numbered 1-14 in order")
    out = {}
    for uid, m in zip(PENERA_DEFINED, found, strict=True):
        out[uid] = {"term": m[2], "text": f"{m[2]}, merupakan {m[3]}",
                    "span": _span(head + m.start(), head + m.end())}
    return out


# --- builders --------------------------------------------------------------------------------


def _band_ranges(kegiatan: str, uid: str, weight: int, wording: str,
                 keterangan: dict[str, Any] | None) -> dict[str, Any]:
    """Return the band's measurable range fields (as written, applied, and the rule)."""
    written = parse_range(wording) if not (
        kegiatan == "pmb_kalibrasi" and uid == "jumlah_langkah_pengerjaan"
    ) else None
    applied: dict[str, Any]
    rule: str | None = None
    if written is None:
        assert keterangan is not None
        applied = parse_range(keterangan["text"])
        rule = KALIBRASI_LANGKAH_RULE
        range_from = "keterangan"
    else:
        applied = dict(written)
        range_from = "tabel"
        if (kegiatan, uid, weight) in GAP_RULES:
            change, rule = GAP_RULES[(kegiatan, uid, weight)]
            applied.update(change)
    out: dict[str, Any] = {"range": applied, "range_from": range_from}
    if written is not None and written != applied:
        out["range_as_written"] = written
    if written is None:
        out["range_as_written_in_table"] = wording
    if rule is not None:
        out["range_rule"] = rule
    return out


def _bobot_table(keg: dict[str, Any], defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    name, title, rows = keg["bobot"]
    part = keg["part"]
    lo = _part_start(part)
    _, part_b, end = _bounds()
    hi = part_b if part == "A" else end
    title_span = locate(DOC, title, lo, hi)
    next_table = locate(DOC, "Tabel", title_span.end, hi).start if part == "A" else None
    ket_items: list[dict[str, Any]] = []
    pos = title_span.end
    if part == "B":
        ket = locate(DOC, "Keterangan:", title_span.end, hi)
        nxt = locate(DOC, " Tabel ", ket.end, hi).start
        ket_items = _keterangan_items(ket.end, nxt)
        if len(ket_items) != len(rows):
            raise SourceNotFound(f"{title}: {len(ket_items)} Keterangan items for {len(rows)} rows")
    unsur = []
    for i, (uid, label, cells, qty) in enumerate(rows):
        number = f"{i + 1}." if part == "B" else str(i + 1)
        row_span, cell_spans, pos = _row(number, label, cells, pos, next_table or hi)
        ket_item = ket_items[i] if ket_items else None
        bands = []
        for w, (cell, cspan) in enumerate(zip(cells, cell_spans, strict=True), start=1):
            band: dict[str, Any] = {"bobot": w, "wording": cell, "span": cspan}
            ket_band = None
            if ket_item is not None:
                ket_band = ket_item["bands"][w - 1]
                if ket_band["bobot"] != w:
                    raise SourceNotFound(f"{title} {uid}: Keterangan band order")
                band["keterangan"] = {"text": ket_band["text"], "span": ket_band["wording_span"]}
            if qty is not None:
                band.update(_band_ranges(keg["id"], uid, w, cell, ket_band))
            bands.append(band)
        entry: dict[str, Any] = {
            "no": i + 1, "id": uid, "label": _display_label(label), "label_as_written": label,
            "span": row_span,
        }
        if qty is not None:
            entry["measurable"] = {"quantity": qty, **QUANTITIES[qty]}
        if part == "A":
            entry["definition"] = defs[uid]
        elif ket_item is not None:
            entry["keterangan_heading"] = {"text": ket_item["name"], "span": ket_item["head_span"]}
            if ket_item["definition"] is not None:
                entry["definition"] = ket_item["definition"]
        entry["bands"] = bands
        unsur.append(entry)
    notes = _bobot_notes(keg["id"], unsur)
    return {
        "title": title,
        "source": {"doc": DOC, "lampiran": "II", "huruf": part, "tabel": title.split(" ")[1],
                   "citation": _table_name(part, " ".join(title.split(" ")[:2]))},
        "kegiatan": keg["id"],
        "jf": keg["jf"],
        "class_table": f"{AREA}/lampiran_ii_{keg['kelas']}",
        "title_span": title_span.to_json(),
        "notes": notes,
        "unsur": unsur,
    }


def _display_label(label: str) -> str:
    label = label.replace(" (jam)", "")
    return label[0].upper() + label[1:]


def _bobot_notes(kegiatan: str, unsur: list[dict[str, Any]]) -> list[str]:
    notes = [
        "Each unsur is weighed by the band that fits; the weight of a band is its column number "
        "(1-4 for Penera, 1-3 for Penguji Mutu Barang). The total of the weights is classed by "
        "the class_table file.",
        "Measurable bands carry 'range' in hours (time; '30 menit' is stored as 0.5) or counts; "
        "low/high null means open-ended; counts must be whole numbers of at least 1 and time "
        "must be more than 0.",
    ]
    for u in unsur:
        for b in u["bands"]:
            note = f"{u['id']}: deliberate rule (shown to the user): {b.get('range_rule')}"
            if "range_rule" in b and note not in notes:
                notes.append(note)
    if kegiatan in ("pmb_pengujian", "pmb_kalibrasi"):
        notes.append(
            "kesulitan_pengerjaan: the table header reads 'Mudah / Sedang / Sulit' but the "
            "Keterangan reads 'Mudah / Sulit / Sangat Sulit'; the weights (1/2/3) agree, both "
            "wordings are kept (wording, keterangan) and shown."
        )
    if kegiatan == "pmb_pengambilan_contoh":
        notes.append(
            "tempat: the table header writes 'Kontainer kapal' while the Keterangan lists "
            "'lini produksi, kontainer, kapal' as separate places; both are weight 2."
        )
    return notes


def _class_table(name: str, part: str, title: str, kegiatan: list[str]) -> dict[str, Any]:
    lo = _part_start(part)
    _, part_b, end = _bounds()
    hi = part_b if part == "A" else end
    tspan = locate(DOC, title, lo, hi)
    text = source_text(DOC)
    nxt = re.search(r" (Tabel \d|Formulir|Contoh:)", text[tspan.end:hi])
    stop = tspan.end + (nxt.start() if nxt else hi - tspan.end)
    body_start = tspan.end
    rows = []
    for m in re.finditer(r"(\d+)(?:(?: s\.d |-)(\d+))? (IV|V|I{1,3}|\d)(?= |$)",
                         text[body_start:stop]):
        rows.append({"low": int(m[1]), "high": int(m[2] or m[1]), "class": m[3],
                     "span": _span(body_start + m.start(), body_start + m.end())})
    notes = ["Each row: a total from low to high (both inclusive) gets the class as written."]
    if name == "penera_tabel_5_klasifikasi_verifikasi":
        notes.append(
            "Tabel 5 is followed as written: its classes are Arabic numerals in REVERSED order "
            "(12-15 -> 4 ... 38-48 -> 1), unlike Tabel 4 (12-15 -> I ... 38-48 -> IV). The "
            "result states this next to the class."
        )
    if part == "B":
        notes.append("Part B restarts table numbering: this is not Tabel 5/6/7 of part A.")
    return {
        "title": title,
        "source": {"doc": DOC, "lampiran": "II", "huruf": part, "tabel": title.split(" ")[1],
                   "citation": _table_name(part, " ".join(title.split(" ")[:2]))},
        "applies_to": kegiatan,
        "reversed": name == "penera_tabel_5_klasifikasi_verifikasi",
        "title_span": tspan.to_json(),
        "notes": notes,
        "rows": rows,
    }


def _prosedur(part: str) -> list[dict[str, Any]]:
    """Return the numbered procedure (1-3) of a part, item 1's a-c kept apart."""
    lo = _part_start(part)
    end = locate(DOC, "Tabel", lo).start
    text = source_text(DOC)
    seg = text[lo:end]
    marks = list(re.finditer(r"(?:(?<= )|^)(\d\.|[a-c]\.) (?=[A-Z]|bobot)", seg))
    out = []
    for i, m in enumerate(marks):
        e = marks[i + 1].start() if i + 1 < len(marks) else len(seg)
        body = seg[m.start():e].strip()
        out.append({"item": m[1].rstrip("."), "text": body,
                    "span": _span(lo + m.start(), lo + m.start() + len(body))})
    return out


def _formulir_penera(keg: dict[str, Any], bobot: dict[str, Any]) -> dict[str, Any]:
    titles = {
        "penera_tera_ulang": "Formulir Klasifikasi Penentuan Tingkat Kesulitan Tera dan Tera "
                             "Ulang Alat Ukur, Alat Takar, Alat Timbang, dan Alat Perlengkapan",
        "penera_pengujian_tipe": "Formulir Klasifikasi Penentuan Tingkat Kesulitan Pengujian Tipe",
        "penera_verifikasi_standar": "Formulir Klasifikasi Penentuan Tingkat Kesulitan "
                                     "Verifikasi Standar Ukuran",
    }
    objek = {
        "penera_tera_ulang": "Jenis Alat Ukur, Alat Takar, Alat Timbang, dan Alat Perlengkapan",
        "penera_pengujian_tipe": "Jenis, merek, dan model Alat Ukur, Alat Takar, Alat Timbang, "
                                 "dan Alat Perlengkapan",
        "penera_verifikasi_standar": "Standar Ukuran",
    }
    start, part_b, _ = _bounds()
    t = locate(DOC, titles[keg["id"]], start, part_b)
    unit = locate(DOC, "Unit Kerja/Instansi……….", t.end, part_b)
    obj = locate(DOC, f"No. {objek[keg['id']]} ", unit.end, part_b)
    k3 = locate(DOC, " K3 ", obj.end, part_b)
    total = locate(DOC, "Total Bobot", k3.end, part_b)
    kelas = locate(DOC, "Tingkat Kesulitan", total.end, part_b)
    ket = locate(DOC, "Keterangan:", kelas.end, part_b)
    stop = re.search(r" Formulir", source_text(DOC)[ket.end:part_b])
    ket_body = Span(DOC, ket.end + 1, ket.end + stop.start() if stop else part_b - 1)
    lines = [
        {"item": m[1], "text": m[2],
         "span": _span(ket_body.start + m.start(2), ket_body.start + m.end(2))}
        for m in re.finditer(r"\(?(\d)[.)] (.+?;|.+?\.)(?= \(?\d[.)] |$)", ket_body.text)
    ]
    headers = {u["id"]: u["label"] for u in bobot["unsur"]}
    headers["keamanan_keselamatan_kerja"] = k3.text.strip()
    return {
        "layout": "penera",
        "title": {"text": t.text, "span": t.to_json()},
        "unit_kerja": {"text": unit.text, "span": unit.to_json()},
        "objek_header": {"text": objek[keg["id"]],
                         "span": _span(obj.start + 4, obj.end - 1)},
        "unsur_headers": headers,
        "unsur_headers_note": "Column headers follow the unsur labels of the bobot table; the "
                              "form abbreviates keamanan dan keselamatan kerja as 'K3' (kept) "
                              "and misspells 'Jumlahn Keterlibatan Stakeholder' (corrected).",
        "total_header": {"text": total.text, "span": total.to_json()},
        "class_header": {"text": kelas.text, "span": kelas.to_json()},
        "column_numbers": ["(1)", "(2)", "(3)", "(4)", "(5)"],
        "keterangan": lines,
    }


def _formulir_pmb(keg: dict[str, Any]) -> dict[str, Any]:
    _, part_b, end = _bounds()
    contoh = locate(DOC, "Contoh: FORMULIR KLASIFIKASI TINGKAT KESULITAN PENGAMBILAN CONTOH",
                    part_b, end)
    t = locate(DOC, "FORMULIR KLASIFIKASI TINGKAT KESULITAN PENGAMBILAN CONTOH PADA ….",
               contoh.start, end)
    tempat = locate(DOC, "TEMPAT PENGAMBILAN CONTOH: …", t.end, end)
    nama = locate(DOC, "Nama Komoditi/ Barang", tempat.end, end)
    standar = locate(DOC, "Standar yang digunakan", nama.end, end)
    kisaran = locate(DOC, "Kisaran Nilai Bobot", standar.end, end)
    kriteria = locate(DOC, "Kriteria Nilai Bobot", kisaran.end, end)
    label = keg["label"].upper()
    return {
        "layout": "pmb",
        "title": {"text": t.text.replace("PENGAMBILAN CONTOH", label), "span": t.to_json()},
        "place_line": ({"text": tempat.text, "span": tempat.to_json()}
                       if keg["id"] == "pmb_pengambilan_contoh" else None),
        "objek_header": {"text": "Nama Komoditi/Barang", "span": nama.to_json()},
        "value_header_measured": {"text": "Kisaran", "span": kisaran.to_json()},
        "value_header_band": {"text": "Kriteria", "span": kriteria.to_json()},
        "weight_header": {"text": "Nilai Bobot", "span": kisaran.to_json()},
        "standar_header": {"text": standar.text, "span": standar.to_json()},
        "note": "The regulation gives only an example form, for pengambilan contoh, and it omits "
                "kesulitan pengerjaan; the generated form has two columns (kisaran/kriteria, "
                "nilai bobot) for EVERY unsur of the table, and the same layout is used for "
                "pengujian and kalibrasi (title adapted).",
    }


def _contoh() -> dict[str, Any]:
    _, part_b, end = _bounds()
    row = locate(DOC, "1 Nekton (air laut) 6 2 5 3 S 2 e 3 9 IV", part_b, end)
    return {
        "kegiatan": "pmb_pengambilan_contoh",
        "nama": "Nekton (air laut)",
        "span": row.to_json(),
        "as_written": {
            "waktu": {"kisaran": "6", "bobot": 2},
            "jumlah_langkah_pengerjaan": {"kisaran": "5", "bobot": 3},
            "risiko_pengerjaan": {"kriteria": "S", "bobot": 2},
            "tempat": {"kriteria": "e", "bobot": 3},
            "total_bobot": 9,
            "tingkat_kesulitan": "IV",
        },
        "notes": [
            "The example omits the kesulitan pengerjaan unsur that Tabel 2 requires.",
            "Its stated total 9 is not the sum of its own weights (2 + 3 + 2 + 3 = 10).",
            "By Tabel 5 a total of 9 is class III, not the stated IV; with kesulitan pengerjaan "
            "the total is 11-13, which is class IV only when kesulitan weighs 3 (total 13).",
            "The calculator follows the tables and the Keterangan, not this example.",
        ],
    }


def build() -> dict[str, Any]:
    """Return every Lampiran II data file by name."""
    start, part_b, _ = _bounds()
    defs = _penera_definitions(start, part_b)
    files: dict[str, Any] = {}
    index = []
    for keg in KEGIATAN:
        bobot = _bobot_table(keg, defs)
        files[f"{AREA}/lampiran_ii_{keg['bobot'][0]}"] = bobot
        ket_span = locate(DOC, keg["ketentuan"], _part_start(keg["part"]))
        prosedur = _prosedur(keg["part"])
        ketentuan = next(p for p in prosedur if p["span"]["start"] == ket_span.start)
        index.append({
            "id": keg["id"], "jf": keg["jf"], "label": keg["label"], "huruf": keg["part"],
            "bobot_table": f"{AREA}/lampiran_ii_{keg['bobot'][0]}",
            "class_table": f"{AREA}/lampiran_ii_{keg['kelas']}",
            "ketentuan": ketentuan,
            "formulir": (_formulir_penera(keg, bobot) if keg["part"] == "A"
                         else _formulir_pmb(keg)),
        })
    for name, part, title, kegiatan in CLASS_TABLES:
        files[f"{AREA}/lampiran_ii_{name}"] = _class_table(name, part, title, kegiatan)
    heading = locate(DOC, "TATA CARA PENENTUAN TINGKAT KESULITAN", start)
    files[INDEX_FILE] = {
        "title": "Lampiran II — Tata Cara Penentuan Tingkat Kesulitan (indeks kegiatan)",
        "source": {"doc": DOC, "lampiran": "II"},
        "heading_span": heading.to_json(),
        "notes": [
            "Kegiatan ids are stable: penera_tera_ulang, penera_pengujian_tipe, "
            "penera_verifikasi_standar, pmb_pengambilan_contoh, pmb_pengujian, pmb_kalibrasi.",
            "Part B (Penguji Mutu Barang) numbers its tables 2-7; citations always name the part.",
            "The regulation gives Formulir layouts for the three Penera kegiatan and only an "
            "example for pengambilan contoh; pengujian and kalibrasi reuse that layout.",
            "The worked example 'Nekton (air laut)' does not follow the tables (see contoh.notes).",
        ],
        "prosedur": {"A": _prosedur("A"), "B": _prosedur("B")},
        "part_headings": {
            "A": locate(DOC, PART_A, start).to_json(),
            "B": locate(DOC, PART_B, start).to_json(),
        },
        "kegiatan": index,
        "contoh": _contoh(),
    }
    return files


# --- passages --------------------------------------------------------------------------------

_TITLE = "Tata Cara Penentuan Tingkat Kesulitan"


def _range_text(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _sentence(item: str) -> str:
    """Turn a list item like 'a. bobot ... tabel 1;' into a sentence."""
    body = re.sub(r"^[a-z0-9]\. ", "", item).rstrip(";.")
    return body[0].upper() + body[1:] + "."


def _kegiatan_passages(entry: dict[str, Any], jf_label: str) -> list[Passage]:
    bobot = load_table(entry["bobot_table"])
    kelas = load_table(entry["class_table"])
    label = entry["label"]
    pid = f"permendag:lampiran_ii:{entry['id']}"
    cite_b, cite_k = bobot["source"]["citation"], kelas["source"]["citation"]
    weights = sorted({b["bobot"] for u in bobot["unsur"] for b in u["bands"]})
    classes = "; ".join(f"{_range_text(r['low'], r['high'])} = {r['class']}"
                        for r in kelas["rows"])
    cara = (
        f"Cara menentukan tingkat kesulitan {label.lower()} (JF {jf_label}): "
        f"{_sentence(entry['ketentuan']['text'])} Setiap unsur diberi bobot "
        f"{weights[0]}-{weights[-1]} sesuai {cite_b}; bobot semua unsur dijumlahkan, lalu total "
        f"bobot diklasifikasikan menurut {cite_k}: {classes}. Instansi pengguna mengusulkan "
        "daftar klasifikasi kepada unit pembina JF Perdagangan, yang memverifikasi lalu "
        "menetapkannya."
    )
    rows = []
    for u in bobot["unsur"]:
        bands = "; ".join(f"bobot {b['bobot']}: {b['wording']}" for b in u["bands"])
        rows.append(f"{u['no']}. {u['label']} — {bands}.")
    table = f"{bobot['title']} ({cite_b}). " + " ".join(rows)
    out = [
        Passage(id=f"{pid}:cara", source=DOC, title=_TITLE, section=f"Lampiran II huruf "
                f"{entry['huruf']} angka 1", text=cara, jf=entry["jf"], kind="tingkat_kesulitan"),
        Passage(id=f"{pid}:bobot", source=DOC, title=_TITLE, section=cite_b, text=table,
                jf=entry["jf"], kind="tingkat_kesulitan"),
        Passage(id=f"{pid}:kelas", source=DOC, title=_TITLE, section=cite_k,
                text=f"{kelas['title']} ({cite_k}), untuk {label.lower()}: total bobot "
                     f"{classes}." + (" Urutan tabel ini terbalik: total terkecil mendapat "
                                      "tingkat 4." if kelas["reversed"] else ""),
                jf=entry["jf"], kind="tingkat_kesulitan"),
    ]
    defs = []
    for u in bobot["unsur"]:
        parts = [u["definition"]["text"].rstrip(".;")] if "definition" in u else []
        parts += [f"bobot {b['bobot']}: {b['keterangan']['text']}" for b in u["bands"]
                  if "keterangan" in b]
        if parts:
            defs.append(f"{u['label']}: " + ", ".join(parts))
    if defs and entry["huruf"] == "B":  # Penera shares one Keterangan: see passages()
        out.append(Passage(
            id=f"{pid}:keterangan", source=DOC, title=_TITLE, section=f"{cite_b}, Keterangan",
            text=f"Keterangan unsur {label.lower()} (JF {jf_label}): " + "; ".join(defs) + ".",
            jf=entry["jf"], kind="tingkat_kesulitan"))
    form = entry["formulir"]
    if form.get("keterangan"):
        lines = " ".join(f"({x['item']}) {x['text']}" for x in form["keterangan"])
        out.append(Passage(
            id=f"{pid}:formulir", source=DOC, title=_TITLE,
            section=f"Lampiran II huruf {entry['huruf']}, {form['title']['text']}",
            text=f"{form['title']['text']}: kolom No., {form['objek_header']['text']}, bobot "
                 f"tiap unsur, Total Bobot, Tingkat Kesulitan. Keterangan pengisian: {lines}",
            jf=entry["jf"], kind="tingkat_kesulitan"))
    return out


def passages() -> list[Passage]:
    """Return the searchable Lampiran II passages, built from the committed data files."""
    index = load_table(INDEX_FILE)
    out: list[Passage] = []
    for entry in index["kegiatan"]:
        out.extend(_kegiatan_passages(entry, JF_LABELS[entry["jf"]]))
    tera = load_table(index["kegiatan"][0]["bobot_table"])
    tipe = load_table(index["kegiatan"][1]["bobot_table"])
    seen: dict[str, str] = {}
    for u in tera["unsur"] + tipe["unsur"]:
        seen.setdefault(u["id"], u["definition"]["text"].rstrip(".;"))
    out.append(Passage(
        id="permendag:lampiran_ii:penera:keterangan", source=DOC, title=_TITLE,
        section="Lampiran II huruf A, Keterangan Tabel 1-3",
        text="Keterangan unsur tingkat kesulitan JF Penera (tera dan tera ulang, pengujian "
             "tipe, verifikasi standar ukuran): " + "; ".join(
                 f"{i}. {d}" for i, d in enumerate(seen.values(), start=1)) + ".",
        jf="penera", kind="tingkat_kesulitan"))
    ex = index["contoh"]
    out.append(Passage(
        id="permendag:lampiran_ii:contoh_pengambilan_contoh", source=DOC, title=_TITLE,
        section="Lampiran II huruf B, Contoh Formulir Klasifikasi Pengambilan Contoh",
        text=(
            "Contoh formulir klasifikasi tingkat kesulitan pengambilan contoh: Nekton (air laut), "
            "waktu efektif 6 jam (bobot 2), 5 langkah kerja (bobot 3), risiko sedang (bobot 2), "
            "tempat perairan (bobot 3), tertulis total bobot 9 dan tingkat kesulitan IV. "
            "Catatan: jumlah bobot yang tertulis sebenarnya 10, unsur kesulitan pengerjaan tidak "
            "dicantumkan, dan total 9 menurut Tabel 5 adalah tingkat III; yang berlaku adalah "
            "tabel dan keterangannya."
        ),
        jf="penguji_mutu_barang", kind="tingkat_kesulitan", extra={"span": ex["span"]}))
    return out
