"""Projection of AK kumulatif to the kenaikan pangkat/jenjang minimums, and the chart."""

from __future__ import annotations

import datetime as dt
import struct
from typing import Any

import pytest

from knowledge.calc._credit_data import first_period_on_or_after
from knowledge.calc._credit_projection import add_months
from knowledge.calc.credit import run
from knowledge.errors import InputError


def _proj(**kw: Any) -> dict[str, Any]:
    result: dict[str, Any] = run(kw).json["proyeksi"]
    return result


def test_ahli_pertama_baik_from_zero() -> None:
    # 12,5/yr with Baik = 12,5/12 per month. 50 (III/a -> III/b) needs 50 / (12,5/12) = 48
    # months: 2025-01-01 + 48 months = 2029-01-01 (January 2029); first period on or after
    # it: 1 February 2029. 100 (kenaikan jenjang to Ahli Muda, III/c) after 96 months:
    # 2033-01-01 -> 1 February 2033.
    p = _proj(jenjang="ahli_pertama", predikat="baik", golongan="III/a", ak_saat_ini=0,
              tanggal="2025-01-01")
    pangkat, jenjang = p["target"]
    assert (pangkat["jenis"], pangkat["dari_golongan"], pangkat["ke_golongan"]) == (
        "kenaikan_pangkat", "III/a", "III/b")
    assert pangkat["ak_minimal"] == 50
    assert pangkat["bulan_ke"] == 48
    assert pangkat["tanggal_tercapai"] == "2029-01-01"
    assert pangkat["bulan_tercapai"] == "Januari 2029"
    assert pangkat["ak_saat_tercapai"] == 50  # exact: no 49,999.. from twelfths
    # Monthly periods (Peraturan BKN 4/2025): reached on the 1st, that day is a period.
    assert pangkat["periode_kenaikan_pangkat"] == "2029-01-01"
    assert pangkat["periode_kenaikan_pangkat_tampil"] == "1 Januari 2029"
    assert (jenjang["jenis"], jenjang["ke_jenjang"], jenjang["ke_golongan"]) == (
        "kenaikan_jenjang", "ahli_muda", "III/c")
    assert (jenjang["ak_minimal"], jenjang["bulan_ke"]) == (100, 96)
    assert jenjang["periode_kenaikan_pangkat"] == "2033-01-01"
    assert len(p["syarat_kenaikan_jenjang"]) == 4
    assert any("dari 0" in a for a in p["asumsi"])
    assert any("kelebihan angka kredit" in a for a in p["asumsi"])


def test_predikat_per_year_and_targets_beyond_the_horizon() -> None:
    # Ahli Madya IV/a, 20,5 AK on 2025-03-31. Year 1 Baik 37,5; year 2 Sangat Baik 56,25;
    # then Kurang 18,75/yr (last predikat repeats). After 24 months: 20,5 + 37,5 + 56,25 =
    # 114,25. 150 needs 35,75 more at 18,75/12 = 1,5625/month -> 22,88 -> 23 months: month 47,
    # 2025-03-31 + 47 months = 2029-02-28 -> period 1 March 2029 (monthly, BKN 4/2025).
    # After 10 years: 114,25 + 8 x 18,75 = 264,25 < 300 (IV/c) and < 450 (Ahli Utama).
    p = _proj(jenjang="ahli_madya", predikat_per_tahun=["baik", "sangat_baik", "kurang"],
              golongan="IV/a", ak_saat_ini="20,5", tanggal="2025-03-31")
    first, second, up = p["target"]
    assert (first["bulan_ke"], first["tanggal_tercapai"]) == (47, "2029-02-28")
    assert first["periode_kenaikan_pangkat"] == "2029-03-01"
    assert (second["dari_golongan"], second["ke_golongan"], second["ak_minimal"]) == (
        "IV/b", "IV/c", 300)
    assert second["tercapai"] is False and second["periode_kenaikan_pangkat"] is None
    assert up["tercapai"] is False and up["ak_minimal"] == 450
    assert p["ak_akhir_horizon"] == 264.25
    assert p["predikat_per_tahun"] == ["baik", "sangat_baik"] + ["kurang"] * 8
    text = run({"jenjang": "ahli_madya", "predikat_per_tahun": ["baik", "sangat_baik", "kurang"],
                "golongan": "IV/a", "ak_saat_ini": "20,5", "tanggal": "2025-03-31"}).text
    assert "belum tercapai dalam 10 tahun" in text
    assert "di bawah Baik" in text


def test_higher_golongan_counts_earlier_kenaikan_pangkat() -> None:
    # Ahli Madya IV/b: the next kenaikan pangkat (IV/c) is the 2nd in the jenjang: 2 x 150.
    p = _proj(jenjang="ahli_madya", predikat="baik", golongan="IV/b", ak_saat_ini=280,
              tanggal="2026-01-15")
    assert [t["ak_minimal"] for t in p["target"]] == [300, 450]
    # 20 / (37,5/12 = 3,125) = 6,4 -> 7 months: 2026-08-15 -> period 1 September 2026
    assert p["target"][0]["bulan_ke"] == 7
    assert p["target"][0]["periode_kenaikan_pangkat"] == "2026-09-01"


def test_already_reached_is_month_zero() -> None:
    # Ahli Muda III/d with 250 >= 200: kenaikan jenjang minimum already met on the date;
    # 1 June 2025 is itself a period.
    p = _proj(jenjang="ahli_muda", predikat="baik", golongan="III/d", ak_saat_ini=250,
              tanggal="2025-06-01")
    (target,) = p["target"]
    assert target["bulan_ke"] == 0
    assert target["periode_kenaikan_pangkat"] == "2025-06-01"


def test_top_golongan_has_no_further_kenaikan_pangkat() -> None:
    utama = _proj(jenjang="ahli_utama", predikat="baik", golongan="IV/e", ak_saat_ini=0,
                  tanggal="2025-01-01")
    assert utama["target"] == [] and utama["tidak_ada_kenaikan_pangkat_dalam_jenjang"]
    assert utama["syarat_kenaikan_jenjang"] == []
    penyelia = _proj(jenjang="penyelia", predikat="baik", golongan="III/c", ak_saat_ini=0,
                     tanggal="2025-01-01")
    # Penyelia has no kenaikan jenjang ("-"): only III/c -> III/d at 100 = 4 years of 25
    assert [(t["jenis"], t["bulan_ke"]) for t in penyelia["target"]] == [
        ("kenaikan_pangkat", 48)]


def test_pemula_moves_up_only_by_kenaikan_jenjang() -> None:
    # Pemula II/a, 3,5 AK on 2026-02-28, Sangat Baik 5,625/yr = 0,46875/month. 15 needs
    # 11,5 / 0,46875 = 24,53 -> 25 months: 2028-03-28 (March 2028) -> period 1 April 2028.
    p = _proj(jenjang="pemula", predikat="sangat_baik", golongan="II/a", ak_saat_ini="3,5",
              tanggal="2026-02-28")
    (t,) = p["target"]
    assert (t["jenis"], t["ke_jenjang"], t["ke_golongan"]) == ("kenaikan_jenjang", "terampil",
                                                                "II/b")
    assert (t["bulan_ke"], t["tanggal_tercapai"], t["periode_kenaikan_pangkat"]) == (
        25, "2028-03-28", "2028-04-01")


@pytest.mark.parametrize(("day", "period"), [
    # From 1 Oktober 2025 (Peraturan BKN 4/2025): a period on the 1st of every month.
    (dt.date(2025, 12, 2), dt.date(2026, 1, 1)),
    (dt.date(2025, 12, 1), dt.date(2025, 12, 1)),
    (dt.date(2025, 10, 2), dt.date(2025, 11, 1)),
    (dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
    # Before it, the two-monthly periods of Peraturan BKN 4/2023.
    (dt.date(2025, 1, 1), dt.date(2025, 2, 1)),
    (dt.date(2025, 2, 2), dt.date(2025, 4, 1)),
    (dt.date(2025, 8, 2), dt.date(2025, 10, 1)),
    (dt.date(2025, 9, 30), dt.date(2025, 10, 1)),
    (dt.date(2024, 7, 31), dt.date(2024, 8, 1)),
    (dt.date(2023, 5, 1), None),  # before the 2024 rule
])
def test_period_selection(day: dt.date, period: dt.date | None) -> None:
    assert first_period_on_or_after(day) == period


def test_add_months_clamps_the_day() -> None:
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 15), 2) == dt.date(2026, 1, 15)


@pytest.mark.parametrize(("extra", "field"), [
    ({"golongan": "III/c"}, "golongan"),  # III/c belongs to Ahli Muda
    ({"golongan": None}, "golongan"),
    ({"tanggal": "2025-02-30"}, "tanggal"),
    ({"tanggal": "1 Januari 2025"}, "tanggal"),
    ({"tanggal": None}, "tanggal"),
    ({"tanggal": "9999-12-01"}, "tanggal"),
    ({"ak_saat_ini": -1}, "ak_saat_ini"),
    ({"ak_saat_ini": "banyak"}, "ak_saat_ini"),
])
def test_bad_projection_input(extra: dict[str, Any], field: str) -> None:
    request = {"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "III/a",
               "ak_saat_ini": 0, "tanggal": "2025-01-01", **extra}
    with pytest.raises(InputError) as err:
        run(request)
    assert err.value.field == field


def test_golongan_spelling_is_normalised() -> None:
    p = _proj(jenjang="ahli_pertama", predikat="baik", golongan=" iii/A ", tanggal="2025-01-01")
    assert p["golongan"] == "III/a"


def test_chart_is_a_1080_square_png() -> None:
    out = run({"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "III/a",
               "ak_saat_ini": 0, "tanggal": "2025-01-01"})
    assert out.png is not None
    png = out.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1080, 1080)


def test_chart_without_targets_still_renders() -> None:
    out = run({"jenjang": "ahli_utama", "predikat": "kurang", "golongan": "IV/e",
               "tanggal": "2025-01-01"})
    assert out.png is not None and out.png()[:8] == b"\x89PNG\r\n\x1a\n"


def test_reached_in_the_past_names_the_next_possible_period() -> None:
    # Ahli Pertama III/a from 0 on 2025-01-01 at Baik reaches 50 in January 2029; seen from
    # 2029-06-15 that month is past: never "terdekat", the next period is 1 July 2029.
    out = run({"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "III/a",
               "ak_saat_ini": 0, "tanggal": "2025-01-01", "hari_ini": "2029-06-15"})
    first = out.json["proyeksi"]["target"][0]
    assert first["sudah_tercapai"] is True
    assert first["periode_kenaikan_pangkat"] == "2029-07-01"
    assert ("sudah tercapai sejak Januari 2029 (bulan ke-48); periode kenaikan pangkat "
            "berikutnya yang mungkin 1 Juli 2029.") in out.text


def test_target_already_reached_says_so_with_the_next_period() -> None:
    out = run({"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "III/a",
               "ak_saat_ini": 60, "tanggal": "2026-11-20", "hari_ini": "2026-12-05"})
    first = out.json["proyeksi"]["target"][0]
    assert first["bulan_ke"] == 0 and first["sudah_tercapai"] is True
    assert first["periode_kenaikan_pangkat"] == "2027-01-01"
    assert "minimal 50 sudah tercapai; periode kenaikan pangkat berikutnya yang mungkin " \
        "1 Januari 2027." in out.text
    assert "terdekat" not in out.text.split("III/b")[1].split("\n")[0]


def test_impossible_inputs_are_refused_with_the_reason() -> None:
    with pytest.raises(InputError) as err:
        run({"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "III/a",
             "ak_saat_ini": 5000, "tanggal": "2026-01-01"})
    assert err.value.field == "ak_saat_ini" and "200" in err.value.message
    with pytest.raises(InputError) as err:
        run({"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "III/a",
             "predikat_per_tahun": ["kurang"], "ak_saat_ini": 0, "tanggal": "2026-01-01"})
    assert err.value.field == "predikat" and "predikat_per_tahun" in err.value.message


def test_ak_far_above_the_golongan_is_said() -> None:
    # Ahli Madya IV/a: IV/b at 150, IV/c at 300. 310 at IV/a is two kenaikan pangkat beyond.
    out = run({"jenjang": "ahli_madya", "predikat": "baik", "golongan": "IV/a",
               "ak_saat_ini": 310, "tanggal": "2026-01-01"})
    assert out.json["proyeksi"]["peringatan"]
    assert "melampaui dua kali kenaikan pangkat dari golongan IV/a (batas 300)" in out.text
    fine = run({"jenjang": "ahli_madya", "predikat": "baik", "golongan": "IV/a",
                "ak_saat_ini": 160, "tanggal": "2026-01-01"})
    assert fine.json["proyeksi"]["peringatan"] == []
