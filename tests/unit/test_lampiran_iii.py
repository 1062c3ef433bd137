"""Lampiran III and IV data: Tabel 1 (all 54 rows), effective days/hours, rules, forms."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from knowledge.data_files import load_table
from knowledge.extract import permendag_lampiran_iii_iv as mod
from knowledge.sources_text import source_text

TABEL_1 = load_table("permendag/lampiran_iii_tabel_1")
ROWS = {r["id"]: r for r in TABEL_1["rows"]}
ASPEK = load_table("permendag/lampiran_iii_aspek_beban_kerja")
KETENTUAN = load_table("permendag/lampiran_iii_perhitungan_kebutuhan")
TABEL_2 = load_table("permendag/lampiran_iii_tabel_2")
FORM_A = load_table("permendag/lampiran_iv_a_formulir")
FORM_B = load_table("permendag/lampiran_iv_b_formulir")
SURAT_A = load_table("permendag/lampiran_iv_a_surat")
SURAT_B = load_table("permendag/lampiran_iv_b_surat")

# Transcribed by hand from the source text of Lampiran III Tabel 1 (offsets ~147400-163000),
# independently of the parser: id suffix, SKR as written, percentages per jenjang in column
# order ("-" = no column: Penera keterampilan has no Pemula).
HAND = """
analis_perdagangan-keahlian 01 4.63 43 32 20 5 | 02 5.32 37 33 27 3 | 03 75.76 47 39 14 0
analis_perdagangan-keahlian 04 6.10 40 35 20 5 | 05 4.90 43 33 20 4 | 06 22.73 45 38 17 0
analis_perdagangan-keahlian 07 3.54 40 30 25 5 | 08 6.01 41 34 20 5 | 09 22.73 43 33 20 4
analis_perdagangan-keahlian 10 56.82 40 32 25 3 | 11 11.36 48 37 10 5 | 12 22.73 41 38 17 4
analis_perdagangan-keahlian 13 2.29 40 35 18 7
negosiator_perdagangan-keahlian 01 5.68 38 34 25 3 | 02 2.53 36 32 30 2 | 03 6.10 40 36 20 4
pengawas_perdagangan-keahlian 01 18.94 42 36 19 3 | 02 7.14 40 37 20 3 | 03 625.00 43 37 15 5
pengawas_perdagangan-keahlian 04 1250 42 38 17 3 | 05 416.67 45 33 18 4 | 06 7.35 40 34 22 4
pengawas_perdagangan-keahlian 07 11.90 42 33 25 0 | 08 37.88 37 32 30 1 | 09 1.42 25 30 40 5
pengawas_perdagangan-keahlian 10 18.94 28 38 30 4
penera-keahlian 01 312.50 38 32 27 3 | 02 52.08 38 32 27 3 | 03 33.78 28 35 32 5
penera-keahlian 04 7.81 28 35 32 5 | 05 20.83 28 35 32 5 | 06 78.13 28 35 32 5
penera-keahlian 07 113.64 40 30 25 5 | 08 9.33 35 31 27 7 | 09 4.28 26 35 31 8
penera-keahlian 10 5.48 35 28 34 3
penguji_mutu_barang-keahlian 01 227.27 45 35 20 0 | 02 500 41 30 24 5 | 03 312.50 41 30 24 5
penguji_mutu_barang-keahlian 04 4.28 30 35 27 8 | 05 18.94 30 35 27 8 | 06 15.15 30 35 27 8
penguji_mutu_barang-keahlian 07 17.36 35 31 27 7
penera-keterampilan 01 83.33 - 35 33 32 | 02 78.13 - 36 34 30 | 03 5.48 - 35 31 34
penguji_mutu_barang-keterampilan 01 250 7 21 47 25 | 02 1250 4 27 22 47 | 03 416.67 4 32 47 17
penguji_mutu_barang-keterampilan 04 75.76 26 35 31 8 | 05 41.67 46 15 12 27
pengamat_tera-keterampilan 01 89.29 9 41 30 20 | 02 2500.00 10 40 34 16 | 03 1250.00 10 38 30 22
"""
JENJANG = {
    "keahlian": ["ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"],
    "keterampilan": ["pemula", "terampil", "mahir", "penyelia"],
}


def _hand_rows() -> dict[str, tuple[str, dict[str, str]]]:
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for line in HAND.strip().splitlines():
        prefix, rest = line.split(" ", 1)
        category = prefix.split("-")[1]
        for cell in rest.split(" | "):
            seq, skr, *pcts = cell.split()
            shares = {j: p for j, p in zip(JENJANG[category], pcts, strict=True) if p != "-"}
            out[f"{prefix}-{seq}"] = (skr, shares)
    return out


HAND_ROWS = _hand_rows()


def test_tabel_1_has_54_rows_in_the_expected_groups() -> None:
    assert len(TABEL_1["rows"]) == 54
    assert len(HAND_ROWS) == 54
    groups: dict[str, int] = {}
    for r in TABEL_1["rows"]:
        key = f"{r['jf']}/{r['category']}"
        groups[key] = groups.get(key, 0) + 1
    assert groups == {
        "analis_perdagangan/keahlian": 13, "negosiator_perdagangan/keahlian": 3,
        "pengawas_perdagangan/keahlian": 10, "penera/keahlian": 10,
        "penguji_mutu_barang/keahlian": 7, "penera/keterampilan": 3,
        "penguji_mutu_barang/keterampilan": 5, "pengamat_tera/keterampilan": 3,
    }


def test_every_row_matches_the_hand_transcription() -> None:
    assert set(ROWS) == set(HAND_ROWS)
    for rid, (skr, shares) in HAND_ROWS.items():
        assert ROWS[rid]["skr"] == skr, rid
        assert ROWS[rid]["kontribusi"] == shares, rid


@pytest.mark.parametrize("rid", sorted(HAND_ROWS))
def test_every_number_of_a_row_is_in_its_span_as_written(rid: str) -> None:
    row = ROWS[rid]
    text = source_text("permendag")
    values = row["values_span"]
    assert text[values["start"] : values["end"]] == values["text"]
    written = values["text"].split()
    assert written[0] == row["skr"]
    assert written[1:] == [f"{p}%" for p in row["kontribusi"].values()]
    # The whole-row span holds the definisi and the numbers, in that order.
    assert row["span"]["text"].endswith(values["text"])
    assert row["definisi_operasional"] in row["span"]["text"]
    assert row["hasil_akhir"] == row["hasil_akhir_span"]["text"]


def test_every_row_shares_add_up_to_100_percent() -> None:
    for row in TABEL_1["rows"]:
        assert sum(Decimal(p) for p in row["kontribusi"].values()) == 100, row["id"]


def test_penera_keterampilan_has_no_pemula_and_only_three_jf_have_keterampilan() -> None:
    for row in TABEL_1["rows"]:
        if row["jf"] == "penera" and row["category"] == "keterampilan":
            assert list(row["kontribusi"]) == ["terampil", "mahir", "penyelia"]
    keterampilan = {r["jf"] for r in TABEL_1["rows"] if r["category"] == "keterampilan"}
    assert keterampilan == {"penera", "penguji_mutu_barang", "pengamat_tera"}
    keahlian = {r["jf"] for r in TABEL_1["rows"] if r["category"] == "keahlian"}
    assert "pengamat_tera" not in keahlian


def test_spot_check_row_texts() -> None:
    first = ROWS["analis_perdagangan-keahlian-01"]
    assert first["hasil_akhir"] == "pengelolaan Ekspor dan Impor"
    assert first["definisi_operasional"].startswith("Jumlah kebijakan tata kelola ekspor")
    second = ROWS["pengawas_perdagangan-keahlian-10"]
    assert second["no"] == 9 and second["hasil_akhir_shared"]
    assert second["hasil_akhir"] == "Penyidikan dan Penindakan"
    assert second["definisi_operasional"].startswith("Jumlah kegiatan penindakan secara langsung")
    nego = ROWS["negosiator_perdagangan-keahlian-01"]
    assert nego["hasil_akhir"] == "Hasil Kerja sama"
    assert ROWS["analis_perdagangan-keahlian-02"]["definisi_operasional"].startswith("1. Jumlah")
    tipe = [r for r in TABEL_1["rows"] if r["hasil_akhir"].startswith("Pengujian dalam rangka")]
    assert len(tipe) == 4 and {r["no"] for r in tipe} == {2}
    assert "meter kwh" in ROWS["penera-keahlian-05"]["definisi_operasional"]


def _hours(written: str) -> Decimal:
    m = re.fullmatch(r"(\d+) Jam (\d+) Menit", written)
    assert m, written
    return Decimal(m.group(1)) + Decimal(m.group(2)) / 60


def test_effective_days_are_as_written_and_add_up() -> None:
    values = {v["id"]: v for v in ASPEK["hari_kerja_efektif"]["values"]}
    for v in values.values():
        assert v["as_written"] in v["span"]["text"]
        assert re.search(rf"\b{v['value']}\b", v["as_written"]), v
    assert values["hari_kerja_efektif"]["value"] == "235"
    n = {k: int(v["value"]) for k, v in values.items()}
    assert n["libur_sabtu_minggu"] + n["libur_resmi"] + n["cuti"] == n["jumlah_hari_libur"]
    assert n["hari_per_tahun"] - n["jumlah_hari_libur"] == n["hari_kerja_efektif"]


def test_effective_hours_are_as_written() -> None:
    values = {v["id"]: v for v in ASPEK["jam_kerja_efektif"]["values"]}
    for v in values.values():
        assert v["as_written"] in v["span"]["text"]
        if v["as_written"].endswith("Menit"):
            assert _hours(v["as_written"]) == Decimal(v["value"]), v
    assert values["jam_kerja_efektif_per_tahun"]["value"] == "1250"
    assert values["allowance"]["as_written"] == "30%"
    assert values["jam_efektif_per_minggu"]["computed_as_written"] in (
        values["jam_efektif_per_minggu"]["span"]["text"]
    )
    skr = {d["id"]: d for d in ASPEK["definitions"]}["skr"]
    assert "1.250 (seribu dua ratus lima puluh) jam" in skr["text"]


def test_rules_b1_to_b6_and_the_rounding_threshold() -> None:
    rules = KETENTUAN["rules"]
    assert [r["number"] for r in rules] == [1, 2, 3, 4, 5, 6]
    assert rules[4]["text"].endswith("menggunakan rumus berikut:")
    assert KETENTUAN["formula"]["missing_in_source"] is True
    rounding = KETENTUAN["rounding"]
    assert rounding["threshold"] == "0.6"
    for span in rounding["spans"]:
        assert "0,6 (nol koma enam)" in span["text"]
    assert "pembulatan ke atas" in rounding["spans"][0]["text"]
    assert "pembulatan ke bawah" in rounding["spans"][1]["text"]
    assert "nasional maupun internasional" in KETENTUAN["utama"]["span"]["text"]
    assert KETENTUAN["utama"]["jenjang"] == "ahli_utama"


def test_tabel_2_layout() -> None:
    assert [c["number"] for c in TABEL_2["columns"]] == [f"({i})" for i in range(1, 7)]
    assert [f["label"] for f in TABEL_2["header_fields"]] == [
        "Jabatan Fungsional", "Unit Kerja", "Instansi", "Tahun"
    ]
    assert TABEL_2["variants"]["keterampilan"]["jenjang_headers"] == [
        "Pemula", "Terampil", "Mahir", "Penyelia"
    ]
    assert "Total Kebutuhan" in TABEL_2["variants"]["keahlian"]["span"]["text"]


def test_lampiran_iv_forms_disagree_on_the_lowongan_sign() -> None:
    assert FORM_A["lowongan_formula"]["text"] == "(5) = (4) – (3)"
    assert FORM_B["lowongan_formula"]["text"] == "(5) = (3) – (4)"
    assert len(FORM_A["keterangan"]) == 6
    assert "PNS eksisting ditambah dengan PPPK" in FORM_A["keterangan"][2]["keterangan"]
    assert "keterangan" not in FORM_B
    assert len(FORM_A["example_rows"]) == 6 and len(FORM_A["columns"]) == 6
    assert [p["id"] for p in SURAT_A["parts"]][-1] == "tembusan"
    assert "narahubung" in {p["id"] for p in SURAT_A["parts"]}
    assert "narahubung" not in {p["id"] for p in SURAT_B["parts"]}


def test_passages() -> None:
    passages = mod.passages()
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(("permendag:lampiran_iii:", "permendag:lampiran_iv:")) for i in ids)
    rows = [p for p in passages if p.id.startswith("permendag:lampiran_iii:tabel_1:")]
    assert len(rows) == 54
    row = next(p for p in rows if p.id.endswith("pengawas_perdagangan-keahlian-03"))
    # SKR 625.00 is shown the Indonesian way; every percentage and the JF are named.
    assert "Pengawas Perdagangan" in row.text and "625,00" in row.text
    for share in ("Ahli Pertama 43%", "Ahli Muda 37%", "Ahli Madya 15%", "Ahli Utama 5%"):
        assert share in row.text
    assert row.jf == "pengawas_perdagangan"
    b6 = next(p for p in passages if p.id == "permendag:lampiran_iii:perhitungan_kebutuhan:6")
    assert "nasional maupun internasional" in b6.text
    assert "235 hari" in next(p for p in passages if p.id.endswith(":hari_kerja_efektif")).text
    assert {"permendag:lampiran_iv:surat_a", "permendag:lampiran_iv:formulir_b"} <= set(ids)


def test_committed_data_equals_a_fresh_build() -> None:
    built = mod.build()
    for name, content in built.items():
        assert load_table(name) == content, name
