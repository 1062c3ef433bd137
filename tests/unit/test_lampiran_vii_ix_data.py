"""Lampiran VII-IX data files: every number checked against the regulation text."""

from __future__ import annotations

from decimal import Decimal

from knowledge.build import build_all
from knowledge.data_files import load_table
from knowledge.extract.permendag_lampiran_vii_ix import passages
from knowledge.sources_text import source_text

TEXT = source_text("permendag")
VII = TEXT.index("LAMPIRAN VII PERATURAN")
VIII = TEXT.index("LAMPIRAN VIII PERATURAN")
IX = TEXT.index("LAMPIRAN IX PERATURAN")
LAMPIRAN_VII = TEXT[VII:VIII]
LAMPIRAN_VIII = TEXT[VIII:IX]
LAMPIRAN_IX = TEXT[IX:]

# Transcribed by hand from the source (Lampiran VII angka 2), decimal commas as printed:
# jenjang: koefisien, Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang.
KONVERSI_AS_PRINTED = {
    "ahli_pertama": ("Ahli Pertama", "12,5 18,75 12,5 9,38 6,25 3,13"),
    "ahli_muda": ("Ahli Muda", "25 37,50 25 18,75 12,50 6,25"),
    "ahli_madya": ("Ahli Madya", "37,5 56,25 37,5 28,13 18,75 9,375"),
    "ahli_utama": ("Ahli Utama", "50 75 50 37,50 25 12,50"),
    "pemula": ("Pemula", "3,75 5,63 3,75 2,81 1,88 0,94"),
    "terampil": ("Terampil", "5 7,50 5 3,75 2,50 1,25"),
    "mahir": ("Mahir", "12,5 18,75 12,5 9,38 6,25 3,13"),
    "penyelia": ("Penyelia", "25 37,50 25 18,75 12,5 6,25"),
}

# Lampiran VII angka 1, transcribed by hand: golongan, koefisien, min pangkat, min jenjang.
MINIMAL_AS_PRINTED = {
    "ahli_utama": ("Ahli Utama IV/d-IV/e 50 200 -", ["IV/d", "IV/e"], "50", "200", None),
    "ahli_madya": ("Ahli Madya IV/a -IV/b – IV/c 37,5 150 450", ["IV/a", "IV/b", "IV/c"],
                   "37.5", "150", "450"),
    "ahli_muda": ("Ahli Muda III/c-III/d 25 100 200", ["III/c", "III/d"], "25", "100", "200"),
    "ahli_pertama": ("Ahli Pertama III/a-III/b 12,5 50 100", ["III/a", "III/b"], "12.5", "50",
                     "100"),
    "penyelia": ("Penyelia III/c-III/d 25 100 -", ["III/c", "III/d"], "25", "100", None),
    "mahir": ("Mahir III/a-III/b 12,5 50 100", ["III/a", "III/b"], "12.5", "50", "100"),
    "terampil": ("Terampil II/b-II/c-II/d 5 20 60", ["II/b", "II/c", "II/d"], "5", "20", "60"),
    "pemula": ("Pemula II/a 3,75 15 15", ["II/a"], "3.75", "15", "15"),
}


def test_committed_files_equal_a_fresh_build() -> None:
    built = build_all(only="permendag_lampiran_vii_ix")
    assert sorted(built) == [
        "permendag/lampiran_ix_rekomendasi",
        "permendag/lampiran_vii_angka_kredit",
        "permendag/lampiran_vii_konversi",
        "permendag/lampiran_viii_penilaian",
    ]
    for name, content in built.items():
        assert load_table(name) == content, name


def test_predikat_percentages_match_the_source() -> None:
    assert "Sangat Baik Baik Butuh Perbaikan Kurang Sangat Kurang 150% 100% 75% 50% 25%" in (
        LAMPIRAN_VII
    )
    rows = load_table("permendag/lampiran_vii_konversi")["predikat"]
    assert [(r["predikat"], r["persen"]) for r in rows] == [
        ("sangat_baik", "150"), ("baik", "100"), ("butuh_perbaikan", "75"), ("kurang", "50"),
        ("sangat_kurang", "25"),
    ]


def test_every_conversion_cell_matches_the_source() -> None:
    rows = load_table("permendag/lampiran_vii_konversi")["rows"]
    assert len(rows) == 8
    cells = 0
    for row in rows:
        label, printed = KONVERSI_AS_PRINTED[row["jenjang"]]
        assert f"{label} {printed}" in LAMPIRAN_VII
        assert f"{label} {printed}" == row["span"]["text"]
        numbers = [Decimal(n.replace(",", ".")) for n in printed.split()]
        assert Decimal(row["koefisien"]) == numbers[0]
        assert [Decimal(v) for v in row["tercetak"].values()] == numbers[1:]
        cells += len(row["tercetak"])
    assert cells == 40


def test_every_minimum_row_matches_the_source() -> None:
    table = load_table("permendag/lampiran_vii_angka_kredit")
    assert [r["jenjang"] for r in table["rows"]] == list(MINIMAL_AS_PRINTED)
    for row in table["rows"]:
        text, golongan, koef, pangkat, jenjang = MINIMAL_AS_PRINTED[row["jenjang"]]
        assert text in LAMPIRAN_VII
        assert row["span"]["text"] == text
        assert row["golongan"] == golongan
        assert (row["koefisien"], row["kenaikan_pangkat"], row["kenaikan_jenjang"]) == (
            koef, pangkat, jenjang)


def test_koefisien_agrees_between_the_two_tables() -> None:
    konv = {r["jenjang"]: r["koefisien"] for r in
            load_table("permendag/lampiran_vii_konversi")["rows"]}
    mini = {r["jenjang"]: r["koefisien"] for r in
            load_table("permendag/lampiran_vii_angka_kredit")["rows"]}
    assert konv == mini


def test_footnote_is_kept() -> None:
    foot = load_table("permendag/lampiran_vii_angka_kredit")["catatan_kaki"]["teks"]
    assert foot == ("*dapat bersifat proporsional berdasarkan pangkat awal jenjang jabatan pada "
                    "saat menduduki JF")
    assert foot in LAMPIRAN_VII


def test_scoring_forms_match_the_source() -> None:
    pen = load_table("permendag/lampiran_viii_penilaian")
    for needle in ("I SISTEMATIKA PENULISAN 10", "II ISI/SUBSTANSI 60", "III PRESENTASI 30",
                   "I PERSIAPAN/PRA 30", "II PELAKSANAAN 40", "III HASIL 30",
                   "NILAI (0-100)", "Nilai Akhir (rata-rata nilai)"):
        assert needle in LAMPIRAN_VIII
    assert {e["elemen"]: e["maksimal"] for e in pen["seminar"]["elemen"]} == {
        "sistematika": "10", "isi": "60", "presentasi": "30"}
    assert {e["elemen"]: e["maksimal"] for e in pen["praktik"]["elemen"]} == {
        "persiapan": "30", "pelaksanaan": "40", "hasil": "30"}
    assert pen["seminar"]["jumlah_maksimal"] == pen["praktik"]["jumlah_maksimal"] == "100"
    assert LAMPIRAN_VIII.count("Jumlah Nilai Maksimal 100") == 2
    assert (pen["wawancara"]["nilai_minimal"], pen["wawancara"]["nilai_maksimal"]) == ("0", "100")
    # The praktik span must come from form B, not form A's "III PRESENTASI"/"I SISTEMATIKA".
    assert pen["praktik"]["elemen"][0]["span"]["start"] > pen["seminar"]["elemen"][2]["span"][
        "start"]


def test_rekomendasi_weights_and_validity_match_the_source() -> None:
    rek = load_table("permendag/lampiran_ix_rekomendasi")
    assert "Uji Kompetensi Teknis 50% 2 Uji Kompetensi Manajerial dan Sosial Kultural 50%" in (
        LAMPIRAN_IX)
    assert [(b["komponen"], b["persen"]) for b in rek["bobot"]] == [("ukt", "50"), ("ukmsk", "50")]
    assert rek["masa_berlaku"]["tahun"] == "2"
    assert rek["masa_berlaku"]["teks"] in LAMPIRAN_IX


def test_bkn_files_equal_a_fresh_build() -> None:
    built = build_all(only="bkn_rules")
    assert sorted(built) == ["bkn/konversi_predikat", "bkn/periode_kenaikan_pangkat",
                             "bkn/periodisasi_kenaikan_pangkat_2025",
                             "bkn/syarat_kenaikan_jenjang"]
    for name, content in built.items():
        assert load_table(name) == content, name


def test_bkn_4_2025_monthly_periods_from_1_oktober_2025() -> None:
    monthly = load_table("bkn/periodisasi_kenaikan_pangkat_2025")
    assert monthly["external_source"] == "Peraturan BKN Nomor 4 Tahun 2025"
    assert (monthly["regulation"], monthly["nomor"], monthly["tahun"]) == ("Peraturan BKN", 4, 2025)
    assert monthly["berlaku_mulai"] == "2025-10-01"
    assert monthly["mencabut"] == "Peraturan BKN Nomor 4 Tahun 2023"
    assert monthly["bulan"] == list(range(1, 13)) and monthly["tanggal"] == 1
    assert monthly["source"]["confirmed_by"]


def test_bkn_files_name_their_regulation() -> None:
    periode = load_table("bkn/periode_kenaikan_pangkat")
    assert periode["external_source"] == "Peraturan BKN Nomor 4 Tahun 2023"
    assert periode["bulan"] == [2, 4, 6, 8, 10, 12]
    assert periode["tanggal"] == 1
    assert load_table("bkn/konversi_predikat")["external_source"] == (
        "Peraturan BKN Nomor 3 Tahun 2023")


def test_passages() -> None:
    ps = passages()
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids)) == 24  # 1 + 8 konversi, 8 minimal, 1 footnote, 4 VIII, 2 IX
    assert all(i.startswith(("permendag:lampiran_vii:", "permendag:lampiran_viii:",
                             "permendag:lampiran_ix:")) for i in ids)
    by_id = {p.id: p for p in ps}
    assert by_id["permendag:lampiran_vii:minimal:ahli_muda"].text.startswith(
        "Angka kredit kumulatif minimal kenaikan pangkat Ahli Muda: 100; kenaikan jenjang: 200.")
    assert "kenaikan jenjang: tidak ada" in by_id["permendag:lampiran_vii:minimal:penyelia"].text
    assert "Butuh Perbaikan 28,13" in by_id["permendag:lampiran_vii:konversi:ahli_madya"].text
    assert "Sangat Kurang 9,375" in by_id["permendag:lampiran_vii:konversi:ahli_madya"].text
    assert by_id["permendag:lampiran_ix:masa_berlaku"].text == (
        "Surat rekomendasi hasil uji kompetensi berlaku selama 2 (dua) tahun sejak ditetapkan.")
    assert "Isi/Substansi maksimal 60" in by_id["permendag:lampiran_viii:seminar"].text
    assert by_id["permendag:lampiran_vii:minimal:pemula"].jenjang == "pemula"
    assert all(p.source == "permendag" for p in ps)
