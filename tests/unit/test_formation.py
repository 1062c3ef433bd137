"""Kebutuhan JF (formasi) calculator: formula, rounding, Utama rule, bezetting, bad input."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from knowledge.calc import formation
from knowledge.data_files import load_table
from knowledge.errors import InputError

THRESHOLD = Decimal(load_table("permendag/lampiran_iii_perhitungan_kebutuhan")["rounding"]
                    ["threshold"])


def run(request: dict[str, Any]) -> dict[str, Any]:
    return formation.run(request).json


@pytest.mark.parametrize(
    ("value", "need"),
    [
        ("0", 0), ("0.59", 0), ("0.5999", 0), ("0.6", 1), ("0.61", 1), ("1", 1), ("1.59", 1),
        ("2", 2), ("2.4", 2), ("2.6", 3), ("2.599999", 2), ("3.0", 3), ("9.99", 10),
    ],
)
def test_rounding_edges(value: str, need: int) -> None:
    assert formation.round_need(Fraction(value), Fraction(THRESHOLD)) == need


def test_threshold_comes_from_the_data() -> None:
    assert THRESHOLD == Decimal("0.6")


def test_worked_example_single_output() -> None:
    # Analis Perdagangan, pengelolaan Ekspor dan Impor: SKR 4.63; 43/32/20/5 %. V = 30.
    # 30 / 4.63 = 6.479481...
    #   Pertama 6.479481 × 0.43 = 2.786177 → shown 2.78, fraction .786 >= .6 → 3
    #   Muda    6.479481 × 0.32 = 2.073434 → 2.07 → 2
    #   Madya   6.479481 × 0.20 = 1.295896 → 1.29 → 1
    #   Utama   6.479481 × 0.05 = 0.323974 → 0.32 → 0
    # Total need 6. Bezetting Ahli Pertama 1 → lowongan 2.
    res = run({
        "jf": "analis_perdagangan", "category": "keahlian",
        "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}],
        "national_impact": True, "bezetting": {"ahli_pertama": 1},
    })
    per = res["per_jenjang"]
    assert {j: v["raw"] for j, v in per.items()} == {
        "ahli_pertama": 2.78, "ahli_muda": 2.07, "ahli_madya": 1.29, "ahli_utama": 0.32
    }
    assert {j: v["need"] for j, v in per.items()} == {
        "ahli_pertama": 3, "ahli_muda": 2, "ahli_madya": 1, "ahli_utama": 0
    }
    assert per["ahli_pertama"]["raw_precise"] == "2.786177"
    assert per["ahli_pertama"]["lowongan"] == 2 and per["ahli_pertama"]["surplus"] == 0
    assert res["total_need"] == 6 and res["total_bezetting"] == 1 and res["total_lowongan"] == 5
    assert res["outputs"][0]["kebutuhan"]["ahli_muda"] == 2.07


def test_worked_example_two_outputs_sum_per_jenjang() -> None:
    # Add Penyuluhan dan edukasi (SKR 22.73; 45/38/17/0 %) with V = 10: 10 / 22.73 = 0.439947
    #   Pertama 0.197976, Muda 0.167180, Madya 0.074791, Utama 0.
    # Totals: Pertama 2.786177 + 0.197976 = 2.984153 → 2.98 → 3
    #         Muda 2.073434 + 0.167180 = 2.240614 → 2.24 → 2
    #         Madya 1.295896 + 0.074791 = 1.370687 → 1.37 → 1;  Utama 0.323974 → 0
    res = run({
        "jf": "analis_perdagangan",
        "outputs": [
            {"id": "analis_perdagangan-keahlian-01", "volume": "30"},
            {"id": "analis_perdagangan-keahlian-06", "volume": "10,0"},
        ],
        "national_impact": True,
    })
    per = res["per_jenjang"]
    assert res["category"] == "keahlian"  # the only category of Analis Perdagangan
    assert [per[j]["raw"] for j in res["jenjang"]] == [2.98, 2.24, 1.37, 0.32]
    assert [per[j]["need"] for j in res["jenjang"]] == [3, 2, 1, 0]
    # Shown K_ij are apportioned so each column adds up to its shown total: Pertama
    # 2,78 + 0,20 = 2,98 (row 2 keeps the larger dropped remainder), Muda 2,07 + 0,17 = 2,24.
    assert res["outputs"][1]["kebutuhan"] == {
        "ahli_pertama": 0.20, "ahli_muda": 0.17, "ahli_madya": 0.07, "ahli_utama": 0
    }


@pytest.mark.parametrize(
    ("volume", "needs", "raws"),
    [
        # Pengamat Tera, Hasil Pemeriksaan dokumen: SKR 2500.00; 10/40/34/16 %.
        # V = 15000 → V/SKR = 6: 0.6 → 1; 2.4 → 2; 2.04 → 2; 0.96 → 1
        (15000, [1, 2, 2, 1], [0.6, 2.4, 2.04, 0.96]),
        # V = 14750 → 5.9: 0.59 → 0; 2.36 → 2; 2.006 → 2; 0.944 → 1
        (14750, [0, 2, 2, 1], [0.59, 2.36, 2.0, 0.94]),
        # V = 25000 → 10: exact 1.0 → 1; 4.0 → 4; 3.4 → 3; 1.6 → 2
        (25000, [1, 4, 3, 2], [1, 4, 3.4, 1.6]),
    ],
)
def test_threshold_edges_through_the_calculator(
    volume: int, needs: list[int], raws: list[float]
) -> None:
    res = run({"jf": "pengamat_tera", "outputs": [
        {"id": "pengamat_tera-keterampilan-02", "volume": volume}
    ]})
    per = res["per_jenjang"]
    assert res["jenjang"] == ["pemula", "terampil", "mahir", "penyelia"]
    assert [per[j]["need"] for j in res["jenjang"]] == needs
    assert [per[j]["raw"] for j in res["jenjang"]] == raws


def test_two_point_six_rounds_up() -> None:
    # Pengamat Tera, pengamatan kasat mata: SKR 1250.00; 10/38/30/22 %. V = 32500 → 26:
    # Pemula 2.6 → 3; Terampil 9.88 → 10; Mahir 7.8 → 8; Penyelia 5.72 → 6; total 27.
    res = run({"jf": "pengamat_tera", "category": "keterampilan", "outputs": [
        {"id": "pengamat_tera-keterampilan-03", "volume": 32500}
    ]})
    assert [v["need"] for v in res["per_jenjang"].values()] == [3, 10, 8, 6]
    assert res["total_need"] == 27


def test_cut_display_never_contradicts_the_rounding() -> None:
    # SKR 2500.00, Pemula 10 %: V = 14975 → 14975/2500 × 0.1 = 0.599 → shown 0.59, need 0.
    res = run({"jf": "pengamat_tera", "outputs": [
        {"id": "pengamat_tera-keterampilan-02", "volume": 14975}
    ]})
    assert res["per_jenjang"]["pemula"]["raw"] == 0.59
    assert res["per_jenjang"]["pemula"]["need"] == 0


def test_national_impact_off_leaves_utama_out_and_says_so() -> None:
    # Kebijakan bidang perdagangan: SKR 2.29, Utama 7 %. V = 20 → 20/2.29 × 0.07 = 0.611354
    # → 1 Ahli Utama with national impact, none without.
    base = {"jf": "analis_perdagangan", "outputs": [
        {"id": "analis_perdagangan-keahlian-13", "volume": 20}
    ]}
    with_impact = run({**base, "national_impact": True})
    assert with_impact["per_jenjang"]["ahli_utama"]["raw"] == 0.61
    assert with_impact["per_jenjang"]["ahli_utama"]["need"] == 1
    without = formation.run({**base, "national_impact": False})
    per = without.json["per_jenjang"]
    assert per["ahli_utama"]["raw"] == 0 and per["ahli_utama"]["need"] == 0
    assert without.json["outputs"][0]["excluded_jenjang"] == ["ahli_utama"]
    # The other jenjang keep their own shares (no redistribution): 8.733624 × 0.40 = 3.49
    assert per["ahli_pertama"]["raw"] == with_impact["per_jenjang"]["ahli_pertama"]["raw"] == 3.49
    assert any("angka 6" in n for n in without.json["notes"])
    assert "tidak dihitung" in without.text
    # Missing national_impact defaults to false (B.6 asks for the impact to be stated).
    assert run(base)["per_jenjang"]["ahli_utama"]["need"] == 0


def test_per_output_national_impact_override() -> None:
    res = run({
        "jf": "analis_perdagangan", "national_impact": True,
        "outputs": [
            {"id": "analis_perdagangan-keahlian-13", "volume": 20, "national_impact": False},
            {"id": "analis_perdagangan-keahlian-01", "volume": 30},
        ],
    })
    # Only the second output keeps its Utama share: 0.323974 → 0.32.
    assert res["outputs"][0]["excluded_jenjang"] == ["ahli_utama"]
    assert res["outputs"][1]["excluded_jenjang"] == []
    assert res["per_jenjang"]["ahli_utama"]["raw"] == 0.32
    assert any("analis_perdagangan-keahlian-13" in n for n in res["notes"])


def test_bezetting_surplus_and_pns_pppk() -> None:
    # Need as in the single-output example: Pertama 3, Muda 2, Madya 1, Utama 0.
    res = run({
        "jf": "analis_perdagangan", "national_impact": True,
        "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}],
        "bezetting": {"ahli_muda": {"pns": 2, "pppk": 3}, "ahli_madya": "1", "ahli_utama": 1},
    })
    per = res["per_jenjang"]
    assert per["ahli_muda"]["bezetting"] == 5
    assert per["ahli_muda"]["bezetting_detail"] == {"pns": 2, "pppk": 3}
    assert (per["ahli_muda"]["selisih"], per["ahli_muda"]["lowongan"],
            per["ahli_muda"]["surplus"], per["ahli_muda"]["status"]) == (-3, 0, 3, "surplus")
    assert per["ahli_madya"]["status"] == "sesuai" and per["ahli_madya"]["lowongan"] == 0
    assert per["ahli_utama"]["surplus"] == 1
    assert res["total_bezetting"] == 7 and res["total_need"] == 6
    assert res["total_selisih"] == -1 and res["total_lowongan"] == 3 and res["total_surplus"] == 4


def test_penera_keterampilan_has_three_jenjang() -> None:
    # Tera/Tera Ulang Sederhana: SKR 83.33; Terampil 35, Mahir 33, Penyelia 32.
    # V = 250 → 250/83.33 = 3.000120: 1.050042 → 1; 0.990039 → 1; 0.960038 → 1
    res = run({"jf": "penera", "category": "keterampilan",
               "outputs": [{"id": "penera-keterampilan-01", "volume": 250}]})
    assert res["jenjang"] == ["terampil", "mahir", "penyelia"]
    assert [v["raw"] for v in res["per_jenjang"].values()] == [1.05, 0.99, 0.96]
    assert [v["need"] for v in res["per_jenjang"].values()] == [1, 1, 1]


def test_contract_fields_formula_and_citations() -> None:
    out = formation.run({
        "jf": "analis_perdagangan", "category": "keahlian",
        "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}],
        "national_impact": True, "bezetting": {"ahli_pertama": 1},
    })
    res = out.json
    assert set(res["per_jenjang"]["ahli_pertama"]) >= {"raw", "need", "lowongan"}
    assert "total_need" in res and res["formula"]["per_output"] == "K_ij = V_i / SKR_i × P_ij"
    joined = " ".join(res["citations"])
    for cite in ("Tabel 1", "angka 3–4", "angka 6"):
        assert cite in joined
    assert "0,6" in res["rounding"]["rule"]
    assert out.citations == res["citations"]
    # Indonesian text with decimal commas.
    assert "2,78" in out.text and "30 ÷ 4,63 × 43% = 2,78" in out.text
    assert "gambar" in out.text  # the missing formula is admitted
    assert out.xlsx is not None


def test_reference_lists_every_row() -> None:
    ref = formation.reference()
    assert ref["count"] == 54 and len(ref["rows"]) == 54
    row = next(r for r in ref["rows"] if r["id"] == "pengawas_perdagangan-keahlian-03")
    assert row["skr"] == 625 and row["skr_as_written"] == "625.00"
    assert row["kontribusi"] == {"ahli_pertama": 43, "ahli_muda": 37, "ahli_madya": 15,
                                 "ahli_utama": 5}
    assert set(row) >= {"id", "jf", "category", "hasil_akhir", "definisi_operasional", "skr",
                        "kontribusi", "skr_unit"}
    assert ref["jenjang"]["penera/keterampilan"] == ["terampil", "mahir", "penyelia"]


GOOD = {"jf": "penera", "category": "keahlian",
        "outputs": [{"id": "penera-keahlian-01", "volume": 10}]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"jf": "penyuluh"}, "jf"),
        ({"jf": None}, "jf"),
        ({"category": "keterampilan", "jf": "pengawas_perdagangan"}, "category"),
        ({"category": None}, "category"),  # Penera has two categories
        ({"category": "ahli"}, "category"),
        ({"outputs": []}, "outputs"),
        ({"outputs": "penera-keahlian-01"}, "outputs"),
        ({"outputs": [{"id": "penera-keahlian-99", "volume": 1}]}, "outputs[0].id"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 1}]}, "outputs[0].id"),
        ({"outputs": [{"id": "penera-keterampilan-01", "volume": 1}]}, "outputs[0].id"),
        ({"outputs": [{"id": "penera-keahlian-01", "volume": -1}]}, "outputs[0].volume"),
        ({"outputs": [{"id": "penera-keahlian-01", "volume": "banyak"}]}, "outputs[0].volume"),
        ({"outputs": [{"id": "penera-keahlian-01"}]}, "outputs[0].volume"),
        ({"outputs": [{"id": "penera-keahlian-01", "volume": True}]}, "outputs[0].volume"),
        ({"outputs": [{"id": "penera-keahlian-01", "volume": 1},
                      {"id": "penera-keahlian-01", "volume": 2}]}, "outputs[1].id"),
        ({"outputs": [{"id": "penera-keahlian-01", "volume": 1, "vol": 2}]}, "outputs[0].vol"),
        ({"outputs": [{"id": "penera-keahlian-01", "volume": 1, "national_impact": "ya"}]},
         "outputs[0].national_impact"),
        ({"bezetting": {"ahli_pertama": -1}}, "bezetting.ahli_pertama"),
        ({"bezetting": {"ahli_pertama": 1.5}}, "bezetting.ahli_pertama"),
        ({"bezetting": {"ahli_pertama": {"pns": 1, "pppk": -2}}}, "bezetting.ahli_pertama.pppk"),
        ({"bezetting": {"ahli_pertama": {"honorer": 1}}}, "bezetting.ahli_pertama.honorer"),
        ({"bezetting": {"pemula": 1}}, "bezetting.pemula"),
        ({"bezetting": [1, 2]}, "bezetting"),
        ({"national_impact": "true"}, "national_impact"),
        ({"bezeting": {}}, "bezeting"),
    ],
)
def test_bad_input(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as err:
        formation.run({**GOOD, **change})
    assert err.value.field == field
    message = err.value.message
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message


def test_bad_input_messages_name_what_is_allowed() -> None:
    with pytest.raises(InputError) as err:
        formation.run({**GOOD, "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 1}]})
    assert "Analis Perdagangan" in err.value.message and "penera-keahlian-10" in err.value.message
    with pytest.raises(InputError) as err:
        formation.run({**GOOD, "bezetting": {"pemula": 1}, "category": "keterampilan",
                       "outputs": [{"id": "penera-keterampilan-01", "volume": 1}]})
    assert "terampil, mahir, penyelia" in err.value.message


def test_penera_keterampilan_rejects_pemula_bezetting() -> None:
    with pytest.raises(InputError) as err:
        formation.run({"jf": "penera", "category": "keterampilan", "bezetting": {"pemula": 1},
                       "outputs": [{"id": "penera-keterampilan-01", "volume": 1}]})
    assert err.value.field == "bezetting.pemula"


def test_zero_volume_is_allowed_and_needs_nobody() -> None:
    res = run({**GOOD, "outputs": [{"id": "penera-keahlian-01", "volume": 0}]})
    assert res["total_need"] == 0


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"bulann": 6}, "bulann", "kolom tidak dikenal"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 1, "volum": 2}]},
         "outputs[0].volum", "kolom tidak dikenal"),
        ({"instansi": "x" * 10_000_000}, "instansi", "terlalu panjang"),
        ({"bezetting": {"ahli_pertama": 10**30}}, "bezetting.ahli_pertama", "terlalu panjang"),
        ({"bezetting": {"ahli_pertama": 100_001}}, "bezetting.ahli_pertama", "100.000"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": "1000000001"}]},
         "outputs[0].volume", "salah ketik"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": float("nan")}]},
         "outputs[0].volume", "NaN"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": float("inf")}]},
         "outputs[0].volume", "NaN"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": Decimal("1e999999")}]},
         "outputs[0].volume", "terlalu panjang"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": "1e5"}]},
         "outputs[0].volume", "angka"),
        ({"outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": "9" * 5000}]},
         "outputs[0].volume", "terlalu panjang"),
    ],
)
def test_strict_contract_refuses_by_name(change: dict[str, Any], field: str, words: str) -> None:
    good = {"jf": "analis_perdagangan",
            "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}]}
    with pytest.raises(InputError) as err:
        formation.run({**good, **change})
    assert err.value.field == field
    assert words in err.value.message
