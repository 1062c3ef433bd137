"""Lampiran II data files: every band, weight and class range checked against the source text."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from knowledge.data_files import all_table_names, load_table
from knowledge.sources_text import source_text

TEXT = source_text("permendag")
LAMP_II = TEXT[TEXT.index("LAMPIRAN II PERATURAN"): TEXT.index("PEDOMAN PERHITUNGAN KEBUTUHAN")]
PART_A = LAMP_II[: LAMP_II.index("B. JABATAN FUNGSIONAL PENGUJI MUTU BARANG")]
PART_B = LAMP_II[LAMP_II.index("B. JABATAN FUNGSIONAL PENGUJI MUTU BARANG"):]

BOBOT = {
    "penera_tera_ulang": "permendag/lampiran_ii_penera_tabel_1_tera_ulang",
    "penera_pengujian_tipe": "permendag/lampiran_ii_penera_tabel_2_pengujian_tipe",
    "penera_verifikasi_standar": "permendag/lampiran_ii_penera_tabel_3_verifikasi_standar",
    "pmb_pengambilan_contoh": "permendag/lampiran_ii_pmb_tabel_2_pengambilan_contoh",
    "pmb_pengujian": "permendag/lampiran_ii_pmb_tabel_3_pengujian",
    "pmb_kalibrasi": "permendag/lampiran_ii_pmb_tabel_4_kalibrasi",
}

# The tables as they read in the source (copied by hand from the text, page-break header
# "No. Unsur Bobot 1 2 3 4" of Tabel 1 left out). Each row: unsur id, then the cells of
# bobot 1..n in column order.
SOURCE_ROWS: dict[str, list[tuple[str, list[str]]]] = {
    "penera_tera_ulang": [
        ("kapasitas", ["Kecil", "Sedang", "Besar", "Sangat besar"]),
        ("akurasi", ["Rendah", "Sedang", "Tinggi", "Sangat tinggi"]),
        ("presisi", ["Rendah", "Sedang", "Tinggi", "Sangat tinggi"]),
        ("konstruksi", ["Sederhana", "sedang", "rumit", "Sangat rumit"]),
        ("instalasi", ["Sederhana", "Sedang", "Rumit", "Sangat rumit"]),
        ("metode", ["Sederhana", "Sedang", "Rumit", "Sangat rumit"]),
        ("standar", ["Rendah", "Sedang", "Tinggi", "Sangat tinggi"]),
        ("dampak", ["Kecil", "Sedang", "Besar", "Sangat Besar"]),
        ("waktu", ["< 30 menit", "30 Menit s.d < 2 Jam", "2 jam s.d < 4 jam", "> 4 jam"]),
        ("perhitungan", ["Sederhana", "Sedang", "Rumit", "Sangat rumit"]),
        ("keamanan_keselamatan_kerja", ["Risiko rendah", "Risiko sedang", "Risiko tinggi",
         "Risiko sangat tinggi, memerlukan protokol keselamatan ketat"]),
        ("jumlah_keterlibatan_stakeholder", ["1 pihak", "2 pihak", "3 Pihak", "> 4 pihak"]),
    ],
    "penera_pengujian_tipe": [
        ("akurasi", ["Rendah", "Sedang", "Tinggi", "Sangat tinggi"]),
        ("presisi", ["Rendah", "Sedang", "Tinggi", "Sangat tinggi"]),
        ("konstruksi", ["Sederhana", "sedang", "rumit", "Sangat rumit"]),
        ("instalasi", ["Sederhana", "Sedang", "Rumit", "Sangat rumit"]),
        ("metode", ["Sederhana", "Sedang", "Rumit", "Sangat rumit"]),
        ("standar", ["Rendah", "Sedang", "Tinggi", "Sangat tinggi"]),
        ("dampak", ["Kecil", "Sedang", "Besar", "Sangat Besar"]),
        ("waktu", ["<4 Jam", ">4 s.d 8 jam", "> 8 jam s.d 16 Jam", "> 16 jam"]),
        ("perhitungan", ["Sederhana", "Sedang", "Rumit", "Sangat rumit"]),
        ("keamanan_keselamatan_kerja", ["Risiko rendah", "Risiko sedang", "Risiko tinggi",
         "Risiko sangat tinggi, memerlukan protokol keselamatan ketat"]),
        ("jumlah_jenis_pengujian", ["< 4", "5 s.d 8", "9 s.d 12", ">12"]),
        ("teknologi", ["Sederhana", "Sedang", "tinggi", "Sangat tinggi"]),
    ],
    "pmb_pengambilan_contoh": [
        ("waktu", ["≤ 3", ">3 - 7", ">7"]),
        ("jumlah_langkah_pengerjaan", ["1-2", "3-4", "5-6"]),
        ("risiko_pengerjaan", ["Rendah (r)", "Sedang (s)", "Tinggi (t)"]),
        ("kesulitan_pengerjaan", ["Mudah", "Sulit", "Sangat Sulit"]),
        ("tempat", ["Gudang, pabrik, pasar", "Kontainer kapal, lini produksi",
                    "Cerobong asap, Perairan (sungai, laut, kolam mata air panas), konveyor, "
                    "stockpile, gunung api"]),
    ],
    "pmb_pengujian": [
        ("waktu", ["≤ 3", ">3 - 7", ">7"]),
        ("jumlah_langkah_pengerjaan", ["≤ 3", ">3 - 7", ">7"]),
        ("risiko_pengerjaan", ["Rendah (r)", "Sedang (s)", "Tinggi (t)"]),
        ("kesulitan_pengerjaan", ["Mudah", "Sedang", "Sulit"]),
    ],
    "pmb_kalibrasi": [
        ("waktu", ["≤ 3", ">3 - 7", ">7"]),
        ("jumlah_langkah_pengerjaan", ["1-2", "> 3 - 7", "5-6"]),
        ("risiko_pengerjaan", ["Rendah (r)", "Sedang (s)", "Tinggi (t)"]),
        ("kesulitan_pengerjaan", ["Mudah", "Sedang", "Sulit"]),
        ("tempat", ["Laboratorium", "Pabrik", "Di Luar Ruangan"]),
    ],
}
# Tabel 3 differs from Tabel 1 only in the spacing of ">4 pihak".
SOURCE_ROWS["penera_verifikasi_standar"] = [
    *SOURCE_ROWS["penera_tera_ulang"][:-1],
    ("jumlah_keterlibatan_stakeholder", ["1 pihak", "2 pihak", "3 Pihak", ">4 pihak"]),
]

# The class tables as they read in the source (copied by hand) and what they must hold.
SOURCE_CLASSES = {
    "permendag/lampiran_ii_penera_tabel_4_klasifikasi": (
        PART_A, "Tingkat Kesulitan 12 s.d 15 I 16 s.d 26 II 27 s.d 37 III 38 s.d 48 IV",
        [(12, 15, "I"), (16, 26, "II"), (27, 37, "III"), (38, 48, "IV")]),
    "permendag/lampiran_ii_penera_tabel_5_klasifikasi_verifikasi": (
        PART_A, "Tingkat Kesulitan 12 s.d 15 4 16 s.d 26 3 27 s.d 37 2 38 s.d 48 1",
        [(12, 15, "4"), (16, 26, "3"), (27, 37, "2"), (38, 48, "1")]),
    "permendag/lampiran_ii_pmb_tabel_5_klasifikasi_pengambilan_contoh": (
        PART_B, "Klasifikasi tingkat kesulitan 5 I 6-8 II 9-11 III 12-13 IV 14-15 V",
        [(5, 5, "I"), (6, 8, "II"), (9, 11, "III"), (12, 13, "IV"), (14, 15, "V")]),
    "permendag/lampiran_ii_pmb_tabel_6_klasifikasi_pengujian": (
        PART_B, "Klasifikasi Tingkat kesulitan 4 I 5-6 II 7-8 III 9-10 IV 11-12 V",
        [(4, 4, "I"), (5, 6, "II"), (7, 8, "III"), (9, 10, "IV"), (11, 12, "V")]),
    "permendag/lampiran_ii_pmb_tabel_7_klasifikasi_kalibrasi": (
        PART_B, "Kalibrasi Kisaran Nilai Bobot Klasifikasi Tingkat kesulitan 5 I 6-8 II 9-11 III "
                "12-13 IV 14-15 V",
        [(5, 5, "I"), (6, 8, "II"), (9, 11, "III"), (12, 13, "IV"), (14, 15, "V")]),
}

# Applied ranges of every measurable band, read from the source by hand:
# (low, low_inclusive, high, high_inclusive); time in hours (30 menit = 0.5).
N = None
APPLIED = {
    ("penera_tera_ulang", "waktu"): [
        (N, False, "0.5", False), ("0.5", True, "2", False), ("2", True, "4", False),
        ("4", True, N, False)],  # exactly 4 jam: deliberate rule -> bobot 4
    ("penera_tera_ulang", "jumlah_keterlibatan_stakeholder"): [
        ("1", True, "1", True), ("2", True, "2", True), ("3", True, "3", True),
        ("4", True, N, False)],  # exactly 4 pihak: deliberate rule -> bobot 4
    ("penera_pengujian_tipe", "waktu"): [
        (N, False, "4", True), ("4", False, "8", True), ("8", False, "16", True),
        ("16", False, N, False)],  # exactly 4 jam: deliberate rule -> bobot 1
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian"): [
        (N, False, "4", True), ("5", True, "8", True), ("9", True, "12", True),
        ("12", False, N, False)],  # exactly 4 jenis: deliberate rule -> bobot 1
    ("pmb_pengambilan_contoh", "waktu"): [
        (N, False, "3", True), ("3", False, "7", True), ("7", False, N, False)],
    ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan"): [
        ("1", True, "2", True), ("3", True, "4", True), ("5", True, N, False)],  # > 6: rule
    ("pmb_pengujian", "waktu"): [
        (N, False, "3", True), ("3", False, "7", True), ("7", False, N, False)],
    ("pmb_pengujian", "jumlah_langkah_pengerjaan"): [
        (N, False, "3", True), ("3", False, "7", True), ("7", False, N, False)],
    ("pmb_kalibrasi", "waktu"): [
        (N, False, "3", True), ("3", False, "7", True), ("7", False, N, False)],
    ("pmb_kalibrasi", "jumlah_langkah_pengerjaan"): [  # from the Keterangan, not the header
        (N, False, "3", True), ("3", False, "7", True), ("7", False, N, False)],
}
APPLIED[("penera_verifikasi_standar", "waktu")] = APPLIED[("penera_tera_ulang", "waktu")]
APPLIED[("penera_verifikasi_standar", "jumlah_keterlibatan_stakeholder")] = APPLIED[
    ("penera_tera_ulang", "jumlah_keterlibatan_stakeholder")]


def _table(kegiatan: str) -> dict[str, Any]:
    data: dict[str, Any] = load_table(BOBOT[kegiatan])
    return data


def test_one_file_per_regulation_table_plus_the_index() -> None:
    names = [n for n in all_table_names() if n.startswith("permendag/lampiran_ii_")]
    # 3 + 2 Penera tables, 3 + 3 PMB tables, 1 index.
    assert len(names) == 12
    for name in names:
        data = load_table(name)
        assert data["title"] and data["source"]["lampiran"] == "II" and data["notes"]


@pytest.mark.parametrize("kegiatan", list(BOBOT))
def test_bobot_rows_match_the_source_cell_by_cell(kegiatan: str) -> None:
    data = _table(kegiatan)
    rows = SOURCE_ROWS[kegiatan]
    assert [u["id"] for u in data["unsur"]] == [r[0] for r in rows]
    part = PART_A if kegiatan.startswith("penera") else PART_B
    start = part.index(data["title"])
    for no, (u, (_, cells)) in enumerate(zip(data["unsur"], rows, strict=True), start=1):
        assert u["no"] == no
        assert [b["wording"] for b in u["bands"]] == cells
        # The weight of a band is its column number: 1..4 for Penera, 1..3 for PMB.
        assert [b["bobot"] for b in u["bands"]] == list(range(1, len(cells) + 1))
        assert len(cells) == (4 if kegiatan.startswith("penera") else 3)
        number = f"{no}." if kegiatan.startswith("pmb") else str(no)
        row_text = f"{number} {u['label_as_written']} " + " ".join(cells)
        pos = part.find(row_text, start)
        assert pos >= 0, row_text  # rows follow each other in the source table
        start = pos + len(row_text)
        for b in u["bands"]:
            assert b["span"]["text"] == b["wording"]


def test_unsur_counts_per_kegiatan() -> None:
    counts = {k: len(_table(k)["unsur"]) for k in BOBOT}
    assert counts == {
        "penera_tera_ulang": 12, "penera_pengujian_tipe": 12, "penera_verifikasi_standar": 12,
        "pmb_pengambilan_contoh": 5, "pmb_pengujian": 4, "pmb_kalibrasi": 5,
    }


@pytest.mark.parametrize("name", list(SOURCE_CLASSES))
def test_class_tables_match_the_source(name: str) -> None:
    part, source_text_, expected = SOURCE_CLASSES[name]
    assert source_text_ in part
    data = load_table(name)
    assert [(r["low"], r["high"], r["class"]) for r in data["rows"]] == expected
    assert data["reversed"] is name.endswith("tabel_5_klasifikasi_verifikasi")


@pytest.mark.parametrize("kegiatan", list(BOBOT))
def test_class_table_covers_every_possible_total_once(kegiatan: str) -> None:
    data = _table(kegiatan)
    rows = load_table(data["class_table"])["rows"]
    lowest = sum(min(b["bobot"] for b in u["bands"]) for u in data["unsur"])
    highest = sum(max(b["bobot"] for b in u["bands"]) for u in data["unsur"])
    covered = [t for r in rows for t in range(r["low"], r["high"] + 1)]
    assert covered == list(range(lowest, highest + 1))


@pytest.mark.parametrize(("kegiatan", "uid"), list(APPLIED))
def test_measurable_ranges_as_read_by_hand(kegiatan: str, uid: str) -> None:
    unsur = next(u for u in _table(kegiatan)["unsur"] if u["id"] == uid)
    got = [(b["range"]["low"], b["range"]["low_inclusive"], b["range"]["high"],
            b["range"]["high_inclusive"]) for b in unsur["bands"]]
    norm = [(None if lo is None else str(Decimal(lo)), li,
             None if hi is None else str(Decimal(hi)), hi_) for lo, li, hi, hi_ in got]
    assert norm == APPLIED[(kegiatan, uid)]


def _contains(r: dict[str, Any], v: Decimal) -> bool:
    if r["low"] is not None:
        lo = Decimal(r["low"])
        if v < lo or (v == lo and not r["low_inclusive"]):
            return False
    if r["high"] is not None:
        hi = Decimal(r["high"])
        if v > hi or (v == hi and not r["high_inclusive"]):
            return False
    return True


@pytest.mark.parametrize(("kegiatan", "uid"), list(APPLIED))
def test_every_valid_measurement_falls_in_exactly_one_band(kegiatan: str, uid: str) -> None:
    unsur = next(u for u in _table(kegiatan)["unsur"] if u["id"] == uid)
    if unsur["measurable"]["integer"]:
        values = [Decimal(i) for i in range(1, 40)]
    else:
        values = [Decimal(i) / 4 for i in range(1, 120)] + [Decimal("0.01"), Decimal("3.999")]
    for v in values:
        hits = [b["bobot"] for b in unsur["bands"] if _contains(b["range"], v)]
        assert len(hits) == 1, (v, hits)


def test_gap_values_carry_a_written_rule() -> None:
    # Exactly 4 jam / 4 pihak / 4 jenis and > 6 langkah are not covered as written.
    expected = {
        ("penera_tera_ulang", "waktu", 4), ("penera_tera_ulang",
                                            "jumlah_keterlibatan_stakeholder", 4),
        ("penera_verifikasi_standar", "waktu", 4),
        ("penera_verifikasi_standar", "jumlah_keterlibatan_stakeholder", 4),
        ("penera_pengujian_tipe", "waktu", 1), ("penera_pengujian_tipe",
                                                "jumlah_jenis_pengujian", 1),
        ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan", 3),
    }
    found = set()
    for k in BOBOT:
        for u in _table(k)["unsur"]:
            for b in u["bands"]:
                if "range_as_written" in b:
                    found.add((k, u["id"], b["bobot"]))
                    assert b["range_rule"] and b["range_rule"] in " ".join(_table(k)["notes"])
    assert found == expected


def test_kalibrasi_langkah_follows_the_keterangan_not_the_header() -> None:
    unsur = next(u for u in _table("pmb_kalibrasi")["unsur"]
                 if u["id"] == "jumlah_langkah_pengerjaan")
    # Header "1-2 > 3 - 7 5-6" vs Keterangan "sampai dengan 3 / diatas 3 ... 7 / lebih dari 7".
    assert "2. jumlah langkah pengerjaan 1-2 > 3 - 7 5-6" in PART_B
    assert [b["keterangan"]["text"] for b in unsur["bands"]] == [
        "Pengerjaan sampai dengan 3 langkah",
        "Pengerjaan diatas 3 langkah sampai dengan 7 langkah",
        "Pengerjaan lebih besar dari 7 langkah",
    ]
    assert all(b["range_from"] == "keterangan" and b["range_rule"] for b in unsur["bands"])


def test_pmb_keterangan_bands_quote_their_weight() -> None:
    for k in ("pmb_pengambilan_contoh", "pmb_pengujian", "pmb_kalibrasi"):
        for u in _table(k)["unsur"]:
            for b in u["bands"]:
                span = b["keterangan"]["span"]
                after = TEXT[span["end"]: span["end"] + 30]
                assert after.startswith(f" diberi nilai bobot {b['bobot']}"), (k, u["id"], after)


def test_penera_keterangan_has_fourteen_definitions() -> None:
    defined = {u["id"]: u["definition"]["text"] for k in BOBOT if k.startswith("penera")
               for u in _table(k)["unsur"]}
    assert len(defined) == 14
    assert defined["kapasitas"] == "kapasitas, merupakan kemampuan ukur maksimum"
    assert defined["teknologi"] == (
        "teknologi, merupakan teknologi yang digunakan dalam pengujian tipe")
    for text in defined.values():
        assert text in PART_A


def test_table_numbering_restarts_in_part_b() -> None:
    assert re.findall(r"Tabel (\d) Bobot", PART_A) == ["1", "2", "3"]
    assert re.findall(r"Tabel (\d) Bobot", PART_B) == ["2", "3", "4"]
    assert _table("pmb_pengambilan_contoh")["source"]["citation"] == "Lampiran II huruf B, Tabel 2"
    assert _table("penera_pengujian_tipe")["source"]["citation"] == "Lampiran II huruf A, Tabel 2"


def test_index_lists_the_six_kegiatan_with_their_procedure() -> None:
    index = load_table("permendag/lampiran_ii_kegiatan")
    assert [k["id"] for k in index["kegiatan"]] == list(BOBOT)
    for k in index["kegiatan"]:
        assert k["bobot_table"] == BOBOT[k["id"]]
        # Each ketentuan names its own bobot table ("... sebagaimana tabel 2;").
        m = re.search(r"sebagaimana tabel (\d)[;.]$", k["ketentuan"]["text"])
        assert m is not None and m[1] == load_table(k["bobot_table"])["source"]["tabel"]
    assert [p["item"] for p in index["prosedur"]["A"]] == ["1", "a", "b", "c", "2", "3"]
    assert [p["item"] for p in index["prosedur"]["B"]] == ["1", "a", "b", "c", "2", "3"]


def test_worked_example_as_written() -> None:
    ex = load_table("permendag/lampiran_ii_kegiatan")["contoh"]
    assert ex["span"]["text"] == "1 Nekton (air laut) 6 2 5 3 S 2 e 3 9 IV"
    w = ex["as_written"]
    assert (w["total_bobot"], w["tingkat_kesulitan"]) == (9, "IV")
    # Its own weights add up to 2 + 3 + 2 + 3 = 10, not the 9 it states.
    parts = [w[k]["bobot"] for k in ("waktu", "jumlah_langkah_pengerjaan",
                                     "risiko_pengerjaan", "tempat")]
    assert sum(parts) == 10 != w["total_bobot"]
