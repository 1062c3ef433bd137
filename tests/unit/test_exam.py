"""Nilai uji kompetensi: component sums, UKT, nilai akhir, assumptions, rekomendasi validity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.calc import exam
from knowledge.calc.exam import expiry, reference, run
from knowledge.errors import InputError

EXAMPLE: dict[str, Any] = {
    "cat": 80,
    "seminar": {"sistematika": 8, "isi": 50, "presentasi": 25},
    "praktik": {"persiapan": 25, "pelaksanaan": 35, "hasil": 28},
    "wawancara": [80, 90, 70],
    "ukmsk": 70,
}


def test_issue_example() -> None:
    out = run(dict(EXAMPLE))
    j = out.json
    # seminar 8 + 50 + 25 = 83; praktik 25 + 35 + 28 = 88; wawancara (80 + 90 + 70) / 3 = 80
    assert (j["seminar"], j["praktik"], j["wawancara"], j["cat"]) == (83, 88, 80, 80)
    # equal default weights: UKT = (80 + 83 + 88 + 80) / 4 = 82,75
    assert j["ukt"] == 82.75 and j["bobot_ukt_asumsi"] is True
    assert j["bobot_ukt"] == {"cat": 25, "seminar": 25, "praktik": 25, "wawancara": 25}
    # nilai akhir = 50% x 82,75 + 50% x 70 = 41,375 + 35 = 76,375 -> "76,37" (cut, never up)
    assert j["nilai_akhir"] == 76.375 and j["nilai_akhir_tampil"] == "76,37"
    assert j["bobot_nilai_akhir"] == {"ukt": 50, "ukmsk": 50}
    assert j["nilai_lulus_asumsi"] is True and j["rekomendasi"] == "lulus"
    assert len(j["asumsi"]) == 2 and all("Lampiran VIII/IX" in a for a in j["asumsi"])
    assert "asumsi" in out.text.lower()
    assert [c.split(" — ")[1] for c in out.citations] == ["Lampiran VIII", "Lampiran IX"]


def test_explicit_weights_and_pass_mark() -> None:
    request = dict(EXAMPLE, bobot_ukt={"cat": 40, "seminar": 20, "praktik": 20,
                                       "wawancara": "20"}, nilai_lulus=77)
    j = run(request).json
    # UKT = 0,4 x 80 + 0,2 x 83 + 0,2 x 88 + 0,2 x 80 = 32 + 16,6 + 17,6 + 16 = 82,2
    assert j["ukt"] == 82.2 and j["bobot_ukt_asumsi"] is False
    # nilai akhir = 41,1 + 35 = 76,1 < 77
    assert j["nilai_akhir"] == 76.1
    assert j["rekomendasi"] == "tidak_lulus" and j["nilai_lulus_asumsi"] is False


def test_pass_mark_is_inclusive() -> None:
    # CAT only: UKT 60; nilai akhir = (60 + 70) / 2 = 65 = default pass mark -> lulus
    j = run({"cat": 60, "ukmsk": 70}).json
    assert j["nilai_akhir"] == 65 and j["rekomendasi"] == "lulus"
    assert j["komponen_ukt"] == ["cat"]


def test_without_ukmsk_only_ukt() -> None:
    # wawancara (85 + 90,5) / 2 = 87,75; components given: only wawancara -> UKT 87,75
    j = run({"wawancara": ["85", "90,5"]}).json
    assert j["ukt"] == 87.75
    assert j["nilai_akhir"] is None and j["rekomendasi"] is None


@pytest.mark.parametrize(("day", "end", "shown"), [
    (dt.date(2025, 4, 1), dt.date(2027, 4, 1), "1 April 2027"),
    (dt.date(2024, 2, 29), dt.date(2026, 2, 28), "28 Februari 2026"),
    (dt.date(2026, 2, 28), dt.date(2028, 2, 28), "28 Februari 2028"),
    (dt.date(2026, 12, 31), dt.date(2028, 12, 31), "31 Desember 2028"),
])
def test_rekomendasi_expiry(day: dt.date, end: dt.date, shown: str) -> None:
    assert expiry(day) == end
    j = run({"cat": 70, "tanggal_rekomendasi": day.isoformat()}).json
    assert (j["berlaku_sampai"], j["berlaku_sampai_tampil"]) == (end.isoformat(), shown)


@pytest.mark.parametrize(("request_", "field"), [
    ({"seminar": {"sistematika": 11, "isi": 50, "presentasi": 25}}, "seminar.sistematika"),
    ({"seminar": {"sistematika": 10, "isi": 61, "presentasi": 25}}, "seminar.isi"),
    ({"seminar": {"sistematika": 10, "isi": 50}}, "seminar.presentasi"),
    ({"seminar": {"sistematika": 1, "isi": 1, "presentasi": 1, "gaya": 1}}, "seminar.gaya"),
    ({"praktik": {"persiapan": 31, "pelaksanaan": 35, "hasil": 28}}, "praktik.persiapan"),
    ({"praktik": {"persiapan": 30, "pelaksanaan": 41, "hasil": 28}}, "praktik.pelaksanaan"),
    ({"praktik": {"persiapan": 30, "pelaksanaan": 40, "hasil": -1}}, "praktik.hasil"),
    ({"praktik": [30, 40, 30]}, "praktik"),
    ({"cat": -1}, "cat"),
    ({"cat": 100.5}, "cat"),
    ({"wawancara": []}, "wawancara"),
    ({"wawancara": [80, 101]}, "wawancara[1]"),
    ({}, "ukt"),
    ({"cat": 80, "ukmsk": 120}, "ukmsk"),
    ({"cat": 80, "bobot_ukt": {"cat": 90}}, "bobot_ukt"),
    ({"cat": 80, "bobot_ukt": {"cat": 100, "seminar": 0}}, "bobot_ukt.seminar"),
    ({"cat": 80, "tanggal_rekomendasi": "2025-02-29"}, "tanggal_rekomendasi"),
    ({"cat": 80, "nilai_lulus": "tinggi"}, "nilai_lulus"),
    ({"cat": 80, "tanggal_rekomendasi": "9999-01-01"}, "tanggal_rekomendasi"),
])
def test_bad_input_names_the_field(request_: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as err:
        run(request_)
    assert err.value.field == field
    assert err.value.message.endswith(".")


def test_score_at_the_maximum_is_allowed() -> None:
    j = run({"seminar": {"sistematika": 10, "isi": 60, "presentasi": 30},
             "praktik": {"persiapan": 0, "pelaksanaan": 0, "hasil": 0}}).json
    assert (j["seminar"], j["praktik"], j["ukt"]) == (100, 0, 50)


def test_reference() -> None:
    ref = reference()
    assert ref["seminar"] == {"sistematika": 10, "isi": 60, "presentasi": 30}
    assert ref["praktik"] == {"persiapan": 30, "pelaksanaan": 40, "hasil": 30}
    assert ref["bobot_nilai_akhir"] == {"ukt": 50, "ukmsk": 50}
    assert ref["masa_berlaku_rekomendasi_tahun"] == 2
    assert "asumsi" in ref["asumsi_bawaan"]["nilai_lulus_keterangan"]


def test_shown_nilai_akhir_never_contradicts_the_rekomendasi() -> None:
    # 50 % × 64,99 + 50 % × 65 = 64,995: below 65, so it shows 64,99 beside "Tidak Lulus"
    # (half-up rounding showed 65,00 there).
    out = exam.run({"cat": 64.99, "ukmsk": 65})
    assert out.json["rekomendasi"] == "tidak_lulus"
    assert out.json["nilai_akhir_tampil"] == "64,99"
    assert "= 64,99; rekomendasi: Tidak Lulus (nilai lulus 65)" in out.text
    assert "65,00" not in out.text


def test_pass_mark_finer_than_shown_scores_is_refused() -> None:
    with pytest.raises(InputError) as err:
        exam.run({"cat": 70, "ukmsk": 70, "nilai_lulus": "64,995"})
    assert err.value.field == "nilai_lulus"


def test_expired_rekomendasi_says_since_when() -> None:
    out = exam.run({"cat": 80, "ukmsk": 80, "tanggal_rekomendasi": "2023-04-01",
                    "hari_ini": "2026-12-05"})
    assert out.json["berlaku_sampai"] == "2025-04-01"
    assert out.json["masih_berlaku"] is False
    assert "sudah tidak berlaku sejak 2 April 2025" in out.text
    valid = exam.run({"cat": 80, "ukmsk": 80, "tanggal_rekomendasi": "2025-04-01",
                      "hari_ini": "2027-04-01"})
    assert valid.json["masih_berlaku"] is True
    assert "tidak berlaku" not in valid.text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(cat=st.decimals(min_value=0, max_value=100, places=2),
       ukmsk=st.decimals(min_value=0, max_value=100, places=2),
       lulus=st.decimals(min_value=0, max_value=100, places=2))
def test_shown_score_never_contradicts_the_rekomendasi(cat: Decimal, ukmsk: Decimal,
                                                       lulus: Decimal) -> None:
    out = run({"cat": str(cat), "ukmsk": str(ukmsk), "nilai_lulus": str(lulus)}).json
    exact = (Fraction(cat) + Fraction(ukmsk)) / 2  # the oracle: 50 % UKT (= CAT) + 50 % UKMSK
    assert (out["rekomendasi"] == "lulus") == (exact >= Fraction(lulus))
    shown = Fraction(Decimal(out["nilai_akhir_tampil"].replace(".", "").replace(",", ".")))
    assert (shown >= Fraction(lulus)) == (out["rekomendasi"] == "lulus")
    assert 0 <= exact - shown < Fraction(1, 100)


def test_a_non_whole_score_keeps_two_decimals() -> None:
    assert exam.show(Fraction(157, 2)) == "78,50" and exam.show(Fraction(78)) == "78"


def test_a_score_cut_for_display_is_said_so() -> None:
    """81,333… shows as 81,33 (cut, never rounded up): the text says so; exact figures do
    not get the sentence."""
    cut = run({"cat": 80, "seminar": {"sistematika": 8, "isi": 50, "presentasi": 25},
               "praktik": {"persiapan": 20, "pelaksanaan": 35, "hasil": 26}, "ukmsk": 71})
    assert "Nilai UKT: 81,33." in cut.text and exam.CUT_NOTE in cut.text.split("\n")
    exact = run({"cat": 80, "ukmsk": 70})
    assert exam.CUT_NOTE not in exact.text
