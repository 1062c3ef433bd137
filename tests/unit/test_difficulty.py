"""Tingkat kesulitan calculator: class edges, measured band borders, gaps, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.calc import difficulty
from knowledge.errors import InputError

PENERA_N = 12


def _run(req: dict[str, Any]) -> dict[str, Any]:
    return difficulty.run(req).json


def _weights_for_total(total: int, n: int, wmax: int) -> list[int]:
    """Return n weights (1..wmax) adding up to ``total`` (filled from the first unsur)."""
    weights = [1] * n
    rest = total - n
    for i in range(n):
        add = min(rest, wmax - 1)
        weights[i] += add
        rest -= add
    assert rest == 0
    return weights


# Tabel 4 (huruf A): 12-15 I, 16-26 II, 27-37 III, 38-48 IV.
@pytest.mark.parametrize(("total", "cls"), [
    (12, "I"), (15, "I"), (16, "II"), (26, "II"), (27, "III"), (37, "III"), (38, "IV"),
    (48, "IV"),
])
@pytest.mark.parametrize("kegiatan", ["penera_tera_ulang", "penera_pengujian_tipe"])
def test_tabel_4_edges(kegiatan: str, total: int, cls: str) -> None:
    out = _run({"jf": "penera", "kegiatan": kegiatan,
                "bobot": _weights_for_total(total, PENERA_N, 4)})
    assert (out["total"], out["class"]) == (total, cls)
    assert out["tables"]["kelas"] == "Lampiran II huruf A, Tabel 4"


# Tabel 5 (huruf A) is reversed: 12-15 -> 4, 16-26 -> 3, 27-37 -> 2, 38-48 -> 1.
@pytest.mark.parametrize(("total", "cls"), [
    (12, "4"), (15, "4"), (16, "3"), (26, "3"), (27, "2"), (37, "2"), (38, "1"), (48, "1"),
])
def test_tabel_5_is_reversed(total: int, cls: str) -> None:
    out = _run({"kegiatan": "penera_verifikasi_standar",
                "bobot": _weights_for_total(total, PENERA_N, 4)})
    assert (out["total"], out["class"]) == (total, cls)
    assert out["class_reversed"] is True
    assert any("urutan terbalik" in n for n in out["notes"])


# Huruf B, Tabel 5 (pengambilan contoh) and Tabel 7 (kalibrasi): 5 I, 6-8 II, 9-11 III,
# 12-13 IV, 14-15 V. Tabel 6 (pengujian, 4 unsur): 4 I, 5-6 II, 7-8 III, 9-10 IV, 11-12 V.
@pytest.mark.parametrize(("kegiatan", "n", "total", "cls"), [
    *[("pmb_pengambilan_contoh", 5, t, c) for t, c in [
        (5, "I"), (6, "II"), (8, "II"), (9, "III"), (11, "III"), (12, "IV"), (13, "IV"),
        (14, "V"), (15, "V")]],
    *[("pmb_kalibrasi", 5, t, c) for t, c in [
        (5, "I"), (6, "II"), (8, "II"), (9, "III"), (11, "III"), (12, "IV"), (13, "IV"),
        (14, "V"), (15, "V")]],
    *[("pmb_pengujian", 4, t, c) for t, c in [
        (4, "I"), (5, "II"), (6, "II"), (7, "III"), (8, "III"), (9, "IV"), (10, "IV"),
        (11, "V"), (12, "V")]],
])
def test_pmb_class_edges(kegiatan: str, n: int, total: int, cls: str) -> None:
    out = _run({"jf": "penguji_mutu_barang", "kegiatan": kegiatan,
                "bobot": _weights_for_total(total, n, 3)})
    assert (out["total"], out["class"]) == (total, cls)


def test_hand_worked_tera_ulang() -> None:
    # 2+2+3+2+2+2+2+2+2+2+2+1 = 24 -> Tabel 4: 16-26 -> II.
    out = _run({"jf": "penera", "kegiatan": "penera_tera_ulang",
                "bobot": [2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1]})
    assert (out["total"], out["class"]) == (24, "II")
    assert out["unsur"][2] | {} == {"id": "presisi", "no": 3, "label": "Presisi", "bobot": 3,
                                    "uraian": "Tinggi"}
    assert out["tables"] == {"bobot": "Lampiran II huruf A, Tabel 1",
                               "kelas": "Lampiran II huruf A, Tabel 4"}


def _measure(kegiatan: str, uid: str, value: Any) -> dict[str, Any]:
    """Return the unsur row of a request that measures ``uid`` and weighs all else 1."""
    req: dict[str, Any] = {"kegiatan": kegiatan, "bobot": {}, "ukuran": {uid: value}}
    for u in next(k for k in difficulty.reference()["kegiatan"] if k["id"] == kegiatan)["unsur"]:
        if u["id"] != uid:
            req["bobot"][u["id"]] = 1
    out = _run(req)
    row: dict[str, Any] = next(u for u in out["unsur"] if u["id"] == uid)
    return row


# (kegiatan, unsur, value, expected bobot, gap rule applied?)
BORDERS = [
    # Tabel 1: < 30 menit | 30 menit s.d < 2 jam | 2 jam s.d < 4 jam | > 4 jam
    ("penera_tera_ulang", "waktu", {"nilai": 29, "satuan": "menit"}, 1, False),
    ("penera_tera_ulang", "waktu", {"nilai": 30, "satuan": "menit"}, 2, False),
    ("penera_tera_ulang", "waktu", "0,5", 2, False),
    ("penera_tera_ulang", "waktu", 1.99, 2, False),
    ("penera_tera_ulang", "waktu", 2, 3, False),
    ("penera_tera_ulang", "waktu", 3.99, 3, False),
    ("penera_tera_ulang", "waktu", 4, 4, True),  # the gap: exactly 4 jam
    ("penera_tera_ulang", "waktu", {"nilai": 240, "satuan": "menit"}, 4, True),
    ("penera_tera_ulang", "waktu", 4.01, 4, False),
    ("penera_verifikasi_standar", "waktu", 4, 4, True),
    # 1 pihak | 2 pihak | 3 pihak | > 4 pihak
    ("penera_tera_ulang", "jumlah_keterlibatan_stakeholder", 1, 1, False),
    ("penera_tera_ulang", "jumlah_keterlibatan_stakeholder", 3, 3, False),
    ("penera_tera_ulang", "jumlah_keterlibatan_stakeholder", 4, 4, True),  # the gap
    ("penera_tera_ulang", "jumlah_keterlibatan_stakeholder", 5, 4, False),
    ("penera_verifikasi_standar", "jumlah_keterlibatan_stakeholder", 4, 4, True),
    # Tabel 2: < 4 jam | > 4 s.d 8 jam | > 8 s.d 16 jam | > 16 jam
    ("penera_pengujian_tipe", "waktu", 3.9, 1, False),
    ("penera_pengujian_tipe", "waktu", 4, 1, True),  # the gap
    ("penera_pengujian_tipe", "waktu", 4.1, 2, False),
    ("penera_pengujian_tipe", "waktu", 8, 2, False),
    ("penera_pengujian_tipe", "waktu", 8.01, 3, False),
    ("penera_pengujian_tipe", "waktu", 16, 3, False),
    ("penera_pengujian_tipe", "waktu", 16.5, 4, False),
    # < 4 | 5 s.d 8 | 9 s.d 12 | > 12
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 3, 1, False),
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 4, 1, True),  # the gap
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 5, 2, False),
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 8, 2, False),
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 9, 3, False),
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 12, 3, False),
    ("penera_pengujian_tipe", "jumlah_jenis_pengujian", 13, 4, False),
    # PMB waktu: <= 3 | > 3 - 7 | > 7 (jam)
    ("pmb_pengambilan_contoh", "waktu", 3, 1, False),
    ("pmb_pengambilan_contoh", "waktu", 3.01, 2, False),
    ("pmb_pengambilan_contoh", "waktu", 7, 2, False),
    ("pmb_pengambilan_contoh", "waktu", 7.01, 3, False),
    ("pmb_pengujian", "waktu", {"nilai": 180, "satuan": "menit"}, 1, False),
    ("pmb_kalibrasi", "waktu", 7, 2, False),
    # Pengambilan contoh langkah: 1-2 | 3-4 | 5-6; 7 and more -> 3 by rule
    ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan", 2, 1, False),
    ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan", 3, 2, False),
    ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan", 4, 2, False),
    ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan", 6, 3, False),
    ("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan", 7, 3, True),
    # Pengujian langkah: <= 3 | > 3 - 7 | > 7
    ("pmb_pengujian", "jumlah_langkah_pengerjaan", 3, 1, False),
    ("pmb_pengujian", "jumlah_langkah_pengerjaan", 4, 2, False),
    ("pmb_pengujian", "jumlah_langkah_pengerjaan", 7, 2, False),
    ("pmb_pengujian", "jumlah_langkah_pengerjaan", 8, 3, False),
    # Kalibrasi langkah by the Keterangan (header '1-2 / > 3 - 7 / 5-6' would say otherwise):
    # 3 -> 1 (header: no band), 5 -> 2 (header: both 2 and 3), 8 -> 3 (header: no band).
    ("pmb_kalibrasi", "jumlah_langkah_pengerjaan", 3, 1, True),
    ("pmb_kalibrasi", "jumlah_langkah_pengerjaan", 5, 2, True),
    ("pmb_kalibrasi", "jumlah_langkah_pengerjaan", 8, 3, True),
]


@pytest.mark.parametrize(("kegiatan", "uid", "value", "bobot", "rule"), BORDERS)
def test_measured_values_at_band_borders(kegiatan: str, uid: str, value: Any, bobot: int,
                                         rule: bool) -> None:
    row = _measure(kegiatan, uid, value)
    assert row["bobot"] == bobot
    assert ("aturan" in row) is rule


def test_gap_rule_is_shown_in_the_text() -> None:
    req = {"kegiatan": "penera_tera_ulang", "bobot": [1] * 12, "ukuran": {"waktu": 4}}
    req["bobot"] = {u: 1 for u in ["kapasitas", "akurasi", "presisi", "konstruksi", "instalasi",
                                   "metode", "standar", "dampak", "perhitungan",
                                   "keamanan_keselamatan_kerja",
                                   "jumlah_keterlibatan_stakeholder"]}
    out = difficulty.run(req)
    # 11 x 1 + bobot 4 for exactly 4 jam = 15 -> I.
    assert (out.json["total"], out.json["class"]) == (15, "I")
    assert "Tepat 4 jam tidak tercakup" in out.text
    assert "Waktu: 4 jam → bobot 4 (> 4 jam)" in out.text
    assert "Lampiran II huruf A, Tabel 1" in out.text


def test_measurement_forms_are_equivalent() -> None:
    base = [2] * 8 + [None] + [2, 2, 2]
    a = _run({"kegiatan": "penera_tera_ulang", "bobot": base, "ukuran": {"waktu": 5.5}})
    b = _run({"kegiatan": "penera_tera_ulang",
              "bobot": [*base[:8], {"nilai": "5,5"}, *base[9:]]})
    c = _run({"kegiatan": "penera_tera_ulang",
              "bobot": [*base[:8], {"nilai": 330, "satuan": "menit"}, *base[9:]]})
    # 11 x 2 + 4 (5,5 jam > 4 jam) = 26 -> II.
    assert a["total"] == b["total"] == c["total"] == 26
    assert a["class"] == "II"
    assert a["unsur"][8]["nilai"] == 5.5 and a["unsur"][8]["satuan"] == "jam"
    assert c["unsur"][8]["nilai_tabel"] == 5.5 and c["unsur"][8]["satuan"] == "menit"


def test_nekton_example_does_not_follow_the_tables() -> None:
    # The regulation's example row: waktu 6 jam (bobot 2), 5 langkah (bobot 3), risiko S (2),
    # tempat perairan (3), stated total 9, class IV. Kesulitan pengerjaan is not given.
    ex = difficulty.reference()["contoh"]["as_written"]
    assert (ex["total_bobot"], ex["tingkat_kesulitan"]) == (9, "IV")
    computed = {}
    for kesulitan in (1, 2, 3):
        out = _run({"kegiatan": "pmb_pengambilan_contoh", "nama": "Nekton (air laut)",
                    "ukuran": {"waktu": 6, "jumlah_langkah_pengerjaan": 5},
                    "bobot": {"risiko_pengerjaan": 2, "kesulitan_pengerjaan": kesulitan,
                              "tempat": 3}})
        assert [u["bobot"] for u in out["unsur"]] == [2, 3, 2, kesulitan, 3]
        computed[kesulitan] = (out["total"], out["class"])
    # 2+3+2+3 = 10 plus kesulitan: 11 -> III, 12 -> IV, 13 -> IV (Tabel 5 of huruf B).
    assert computed == {1: (11, "III"), 2: (12, "IV"), 3: (13, "IV")}
    # The stated total 9 itself would be class III (9-11), not the stated IV.
    out9 = _run({"kegiatan": "pmb_pengambilan_contoh", "bobot": [2, 2, 2, 2, 1]})
    assert (out9["total"], out9["class"]) == (9, "III") != (ex["total_bobot"], "IV")


def test_several_instruments_inherit_the_kegiatan() -> None:
    out = _run({"jf": "penguji_mutu_barang", "kegiatan": "pmb_pengujian", "instrumen": [
        {"nama": "A", "bobot": [1, 1, 1, 1]},
        {"nama": "B", "bobot": [3, 3, 3, 3]},
        {"nama": "C", "kegiatan": "pmb_kalibrasi", "bobot": [1, 1, 1, 1, 1]},
    ]})
    assert out["count"] == 3
    # A: 4 -> I; B: 12 -> V; C: 5 (kalibrasi, Tabel 7) -> I.
    assert [(r["nama"], r["total"], r["class"]) for r in out["results"]] == [
        ("A", 4, "I"), ("B", 12, "V"), ("C", 5, "I")]


def test_reference_lists_every_kegiatan() -> None:
    ref = difficulty.reference()
    assert [(k["id"], len(k["unsur"]), len(k["classes"]["rows"])) for k in ref["kegiatan"]] == [
        ("penera_tera_ulang", 12, 4), ("penera_pengujian_tipe", 12, 4),
        ("penera_verifikasi_standar", 12, 4), ("pmb_pengambilan_contoh", 5, 5),
        ("pmb_pengujian", 4, 5), ("pmb_kalibrasi", 5, 5)]
    waktu = ref["kegiatan"][0]["unsur"][8]
    assert waktu["bands"][0]["range"] == {"low": None, "low_inclusive": False, "high": 0.5,
                                          "high_inclusive": False}


BAD = [
    ({"jf": "analis_perdagangan", "kegiatan": "penera_tera_ulang", "bobot": [1] * 12}, "jf"),
    ({"jf": "penguji_mutu_barang", "kegiatan": "penera_tera_ulang", "bobot": [1] * 12}, "jf"),
    ({"jf": "astronot", "kegiatan": "penera_tera_ulang", "bobot": [1] * 12}, "jf"),
    ({"kegiatan": "tera_bulan", "bobot": [1] * 12}, "kegiatan"),
    ({"bobot": [1] * 12}, "kegiatan"),
    ({"kegiatan": "penera_tera_ulang", "bobot": [1] * 11}, "bobot"),
    ({"kegiatan": "penera_tera_ulang", "bobot": [1] * 13}, "bobot"),
    ({"kegiatan": "penera_tera_ulang", "bobot": [5] + [1] * 11}, "bobot[0]"),
    ({"kegiatan": "penera_tera_ulang", "bobot": [0] + [1] * 11}, "bobot[0]"),
    ({"kegiatan": "penera_tera_ulang", "bobot": [2.5] + [1] * 11}, "bobot[0]"),
    ({"kegiatan": "penera_tera_ulang", "bobot": ["tinggi"] + [1] * 11}, "bobot[0]"),
    ({"kegiatan": "pmb_pengujian", "bobot": [4, 1, 1, 1]}, "bobot[0]"),
    ({"kegiatan": "pmb_pengujian", "bobot": {"waktu": 1, "suhu": 2}}, "bobot.suhu"),
    ({"kegiatan": "pmb_pengujian", "bobot": {"waktu": 1}}, "bobot"),
    ({"kegiatan": "pmb_pengujian", "bobot": [None, 1, 1, 1], "ukuran": {"waktu": -1}},
     "ukuran.waktu"),
    ({"kegiatan": "pmb_pengujian", "bobot": [None, 1, 1, 1], "ukuran": {"waktu": 0}},
     "ukuran.waktu"),
    ({"kegiatan": "pmb_pengujian", "bobot": [None, 1, 1, 1], "ukuran": {"waktu": "lama"}},
     "ukuran.waktu"),
    ({"kegiatan": "pmb_pengujian", "bobot": [None, 1, 1, 1],
      "ukuran": {"waktu": {"nilai": 2, "satuan": "hari"}}}, "ukuran.waktu.satuan"),
    ({"kegiatan": "pmb_pengujian", "bobot": [1, 1, 1, 1], "ukuran": {"waktu": 2}},
     "ukuran.waktu"),
    ({"kegiatan": "pmb_pengujian", "bobot": [1, 1, None, 1],
      "ukuran": {"risiko_pengerjaan": 2}}, "ukuran.risiko_pengerjaan"),
    ({"kegiatan": "pmb_pengujian", "bobot": [1, None, 1, 1],
      "ukuran": {"jumlah_langkah_pengerjaan": 2.5}}, "ukuran.jumlah_langkah_pengerjaan"),
    ({"kegiatan": "penera_tera_ulang", "bobot": [1] * 11 + [None],
      "ukuran": {"jumlah_keterlibatan_stakeholder": 0}}, "ukuran.jumlah_keterlibatan_stakeholder"),
    ({"kegiatan": "pmb_pengujian", "bobot": [1, 1, 1, 1], "warna": "merah"}, "warna"),
    ({"instrumen": []}, "instrumen"),
    ({"instrumen": [{"kegiatan": "pmb_pengujian", "bobot": [1, 1, 1, 9]}]},
     "instrumen[0].bobot[3]"),
]


@pytest.mark.parametrize(("request_", "field"), BAD)
def test_bad_input_names_the_field(request_: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as info:
        difficulty.run(request_)
    assert info.value.field == field
    msg = info.value.message
    assert msg.endswith(".") and msg.count("\n") == 0


def test_bad_input_messages_say_what_is_allowed() -> None:
    with pytest.raises(InputError) as info:
        difficulty.run({"kegiatan": "tera_bulan"})
    assert "penera_tera_ulang" in info.value.message and "pmb_kalibrasi" in info.value.message
    with pytest.raises(InputError) as info:
        difficulty.run({"kegiatan": "pmb_pengujian", "bobot": [4, 1, 1, 1]})
    assert "1 sampai 3" in info.value.message
    with pytest.raises(InputError) as info:
        difficulty.run({"jf": "penguji_mutu_barang", "kegiatan": "penera_tera_ulang"})
    assert "pmb_pengambilan_contoh" in info.value.message


def test_converted_minutes_are_shown_exactly_beside_a_strict_border() -> None:
    # PMB waktu: ≤ 3 jam → 1, > 3 jam → 2. 180,5 menit = 3,008333… jam → bobot 2; shown
    # exactly (cut with "…"), never "3,00 jam" or "3,01 jam" beside the band.
    from knowledge.calc._difficulty_data import all_kegiatan
    from knowledge.calc._difficulty_eval import evaluate

    unsur = [u.id for u in all_kegiatan()["pmb_pengambilan_contoh"].unsur]
    item = {"kegiatan": "pmb_pengambilan_contoh",
            "bobot": {u: 1 for u in unsur if u != "waktu"},
            "ukuran": {"waktu": {"nilai": "180,5", "satuan": "menit"}}}
    waktu = next(u for u in evaluate(item)["unsur"] if u["id"] == "waktu")
    assert waktu["bobot"] == 2
    assert waktu["nilai_tabel_tampil"] == "3,008333…"
