"""Angka kredit conversion: all 40 Lampiran VII cells, months, display and bad input."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from knowledge.calc._credit_data import jenjang_rules, predikat_rules
from knowledge.calc.credit import annual_ak, display, reference, run
from knowledge.errors import InputError

# Exact annual AK, computed by hand (koefisien x persentase), for every cell of the table.
EXACT = {
    "ahli_pertama": ["18.75", "12.5", "9.375", "6.25", "3.125"],  # 12,5 x 150/100/75/50/25 %
    "ahli_muda": ["37.5", "25", "18.75", "12.5", "6.25"],  # 25 x ...
    "ahli_madya": ["56.25", "37.5", "28.125", "18.75", "9.375"],  # 37,5 x ...
    "ahli_utama": ["75", "50", "37.5", "25", "12.5"],  # 50 x ...
    "pemula": ["5.625", "3.75", "2.8125", "1.875", "0.9375"],  # 3,75 x ...
    "terampil": ["7.5", "5", "3.75", "2.5", "1.25"],  # 5 x ...
    "mahir": ["18.75", "12.5", "9.375", "6.25", "3.125"],  # 12,5 x ...
    "penyelia": ["37.5", "25", "18.75", "12.5", "6.25"],  # 25 x ...
}
CELLS = [(j, p, i) for j in EXACT for i, p in enumerate(predikat_rules())]


def _half_up(value: Fraction | Decimal) -> Decimal:
    exact = Fraction(value)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(("jenjang", "predikat", "i"), CELLS)
def test_each_conversion_cell(jenjang: str, predikat: str, i: int) -> None:
    rule = jenjang_rules()[jenjang]
    exact = annual_ak(rule, predikat, 12)
    assert exact == Decimal(EXACT[jenjang][i])
    printed = Decimal(rule.tercetak[predikat])
    # The table prints either the 2-decimal half-up rounding or, where it prints more
    # decimals (Ahli Madya Sangat Kurang 9,375), the exact value.
    assert printed in (_half_up(exact), exact)
    assert display(exact) == f"{_half_up(exact):.2f}".replace(".", ",")


def test_forty_cells_and_the_table_inconsistency() -> None:
    assert len(CELLS) == 40
    unrounded = [
        (j, p) for j, p, _ in CELLS
        if Decimal(jenjang_rules()[j].tercetak[p]) != _half_up(annual_ak(jenjang_rules()[j], p, 12))
    ]
    assert unrounded == [("ahli_madya", "sangat_kurang")]
    # Cells whose exact value has more than 2 decimals: 9 are printed rounded, 1 is not.
    long = [(j, p) for j, p, _ in CELLS if annual_ak(jenjang_rules()[j], p, 12) != _half_up(
        annual_ak(jenjang_rules()[j], p, 12))]
    assert len(long) == 10


def test_issue_example() -> None:
    out = run({"jenjang": "ahli_madya", "predikat": "butuh_perbaikan", "bulan": 12})
    # 37,5 x 75% x 12/12 = 28,125, shown half-up as 28,13
    assert out.json["angka_kredit"] == 28.125
    assert out.json["angka_kredit_tampil"] == "28,13"
    assert out.json["koefisien"] == 37.5
    assert out.json["persentase"] == 75
    assert out.json["nilai_tabel"] == "28,13"
    assert "proyeksi" not in out.json
    assert out.png is None
    assert "Lampiran VII angka 2" in out.citations[0]
    assert "28,13" in out.text


def test_unrounded_cell_is_explained() -> None:
    out = run({"jenjang": "ahli_madya", "predikat": "sangat_kurang"})
    assert out.json["angka_kredit"] == 9.375
    assert out.json["angka_kredit_tampil"] == "9,38"
    assert out.json["nilai_tabel"] == "9,375"
    assert out.json["catatan"] and "tanpa pembulatan" in out.json["catatan"][0]


def test_month_edges_and_strings() -> None:
    # Ahli Pertama Baik 12,5/yr: 1 month = 12,5/12 = 1,041666..; 6 months = 6,25; 12 = 12,5
    one = run({"jenjang": "ahli_pertama", "predikat": "baik", "bulan": 1})
    assert one.json["angka_kredit_tampil"] == "1,04"
    assert Decimal(repr(one.json["angka_kredit"])).quantize(Decimal("0.000001")) == Decimal(
        "1.041667")
    assert one.json["nilai_tabel"] is None
    assert any("BKN Nomor 3 Tahun 2023" in c for c in one.citations)
    assert run({"jenjang": "ahli_pertama", "predikat": "baik", "bulan": "6"}).json[
        "angka_kredit"] == 6.25
    assert run({"jenjang": "ahli_pertama", "predikat": "baik", "bulan": 12}).json[
        "angka_kredit"] == 12.5
    # Pemula Kurang 3 months: 3,75 x 50% x 3/12 = 0,46875
    assert run({"jenjang": "pemula", "predikat": "kurang", "bulan": 3}).json[
        "angka_kredit"] == 0.46875


@pytest.mark.parametrize("bulan", [0, 13, -1, "6,5", 6.5, True, "x"])
def test_months_outside_range_rejected(bulan: object) -> None:
    with pytest.raises(InputError) as err:
        run({"jenjang": "ahli_pertama", "predikat": "baik", "bulan": bulan})
    assert err.value.field == "bulan"


@pytest.mark.parametrize(("request_", "field"), [
    ({"jenjang": "ahli_super", "predikat": "baik"}, "jenjang"),
    ({"predikat": "baik"}, "jenjang"),
    ({"jenjang": "ahli_muda", "predikat": "bagus"}, "predikat"),
    ({"jenjang": "ahli_muda"}, "predikat"),
    ({"jenjang": "ahli_muda", "predikat_per_tahun": []}, "predikat_per_tahun"),
    ({"jenjang": "ahli_muda", "predikat_per_tahun": ["baik", "bagus"]},
     "predikat_per_tahun[1]"),
])
def test_bad_input_names_the_field(request_: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as err:
        run(request_)
    assert err.value.field == field
    assert err.value.message.endswith(".")


def test_reference_lists_everything() -> None:
    ref = reference()
    assert [p["persen"] for p in ref["predikat"]] == [150, 100, 75, 50, 25]
    assert len(ref["jenjang"]) == 8
    madya = next(j for j in ref["jenjang"] if j["jenjang"] == "ahli_madya")
    assert madya["ak_minimal_kenaikan_pangkat"] == 150
    assert madya["ak_minimal_kenaikan_jenjang"] == 450
    assert madya["konversi_tahunan"]["butuh_perbaikan"] == 28.125
    assert madya["konversi_tercetak"]["sangat_kurang"] == "9.375"
    utama = next(j for j in ref["jenjang"] if j["jenjang"] == "ahli_utama")
    assert utama["ak_minimal_kenaikan_jenjang"] is None
    assert ref["periode_kenaikan_pangkat"]["bulan"] == list(range(1, 13))
    assert ref["periode_kenaikan_pangkat"]["berlaku_mulai"] == "2025-10-01"
    assert ref["periode_kenaikan_pangkat_sebelumnya"]["bulan"] == [2, 4, 6, 8, 10, 12]


def test_nilai_tabel_is_every_cell_exactly_as_printed() -> None:
    # Read Lampiran VII angka 2 from the source text itself: "Ahli Muda 25 37,50 25 18,75 …".
    text = (Path(__file__).parents[2] / "knowledge/sources/permendag-4-2025-lampiran.txt"
            ).read_text(encoding="utf-8")
    start = text.index("2. KONVERSI PREDIKAT KINERJA TAHUNAN MENJADI ANGKA KREDIT TAHUNAN")
    table = text[start:text.index("MENTERI PERDAGANGAN", start)]
    number = r"(\d+(?:,\d+)?)"
    trailing_zero = 0
    for jid, rule in jenjang_rules().items():
        m = re.search(rf"{rule.label} {number} " + " ".join([number] * 5), table)
        assert m is not None, jid
        for i, predikat in enumerate(rule.tercetak):
            printed = m.group(i + 2)
            out = run({"jenjang": jid, "predikat": predikat})
            assert out.json["nilai_tabel"] == printed, (jid, predikat)
            trailing_zero += printed.endswith("0") and "," in printed
    assert trailing_zero == 7  # 37,50 12,50 7,50 2,50 37,50 12,50 37,50: kept as printed
