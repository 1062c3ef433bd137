"""Keputusan Kepala Diskominfotik Bengkalis 800.1.6.1/KPTS/9/2024: structure and counts."""

from __future__ import annotations

import re
from typing import Any

from knowledge.data_files import load_table
from knowledge.extract import kode_etik_bengkalis
from knowledge.sources_text import source_text

SRC = source_text("kode_etik_bengkalis")


def _kep() -> dict[str, Any]:
    return load_table("kode_etik_bengkalis/keputusan")  # type: ignore[no-any-return]


def _lamp() -> dict[str, Any]:
    return load_table("kode_etik_bengkalis/lampiran")  # type: ignore[no-any-return]


def _source_labels(start: str, end: str, pattern: str) -> list[str]:
    """The list labels the raw source prints between two headings (independent of the parser)."""
    a = SRC.index(start)
    region = SRC[a + len(start) : SRC.index(end, a + len(start))]
    return re.findall(pattern, region, flags=re.M)


def test_decree_header() -> None:
    kep = _kep()
    assert kep["nomor"]["text"] == "800.1.6.1/KPTS/9/2024"
    assert kep["tanggal_ditetapkan"]["text"] == "3 Januari 2024"
    assert kep["penandatangan"]["text"] == "SUWARTO, S.Pd., M.Pd."


def test_menimbang_mengingat_diktum_counts_match_the_source() -> None:
    kep = _kep()
    assert [m["label"] for m in kep["menimbang"]] == ["a", "b"]
    assert [m["label"] for m in kep["mengingat"]] == [
        str(n) for n in range(1, 8)
    ] == _source_labels("- Mengingat", "MEMUTUSKAN", r"(?:^|: )(\d+)\. ")
    assert [d["label"] for d in kep["diktum"]] == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT"]
    # KEEMPAT continues after a page break ("... kekeliruan dalam" / "penetapannya ...").
    assert kep["diktum"][3]["text"].endswith("akan dilakukan perbaikan sebagaimana mestinya.")
    assert len(kep["diktum"][3]["src"]) == 2
    assert "diberikan Sanksi secara lisan dan tertulis" in kep["diktum"][2]["text"]


def test_value_groups_and_item_counts() -> None:
    nilai = _lamp()["nilai"]
    assert [g["nama"]["text"] for g in nilai] == [
        "Nilai Dasar", "Nilai Integritas", "Nilai Profesionalisme", "Nilai Sinergi",
        "Nilai Pelayanan", "Nilai Kesempurnaan",
    ]
    counts = [len(g["butir"]) for g in nilai]
    assert counts == [15, 16, 16, 10, 6, 6]
    # Independent check: the last letter of each group as printed in the source
    # (o = 15th, p = 16th, j = 10th, f = 6th letter).
    assert [g["butir"][-1]["label"] for g in nilai] == ["o", "p", "p", "j", "f", "f"]
    for g in nilai:
        assert [b["label"] for b in g["butir"]] == list("abcdefghijklmnop"[: len(g["butir"])])


def test_lampiran_lists_match_the_source() -> None:
    lamp = _lamp()
    sections = {
        "landasan_asas": ("A. Landasan", "B. Kode etik", r"^- ([a-l])\) "),
        "hak": ("Hak pelaksana pelayanan publik meliputi", "Kewajiban Pelaksana",
                r"^\s*(\d+)\. "),
        "kewajiban": ("Kewajiban Pelaksana pelayanan publik meliputi", "C. Larangan",
                      r"^(\d+)\. "),
        "larangan": ("C. Larangan", "D. Budaya", r"^(\d+)\. "),
        "budaya_pelayanan": ("D. Budaya", "E. Penghargaan", r"^(\d+)\. "),
        "penghargaan": ("E. Penghargaan", "Penunjukan dan", r"^(\d+)\. "),
        "tata_aturan_perilaku": ("Tata aturan perilaku", "b) Hak dan", r"^\s*(\d+)\. "),
    }
    expected = {"landasan_asas": 12, "hak": 12, "kewajiban": 10, "larangan": 11,
                "budaya_pelayanan": 6, "penghargaan": 10, "tata_aturan_perilaku": 6}
    for key, (start, end, pattern) in sections.items():
        labels = [b["label"] for b in lamp[key]["butir"]]
        assert len(labels) == expected[key], key
        assert labels == _source_labels(start, end, pattern), key
    assert len(lamp["tujuan"]) == 2


def test_spot_checks_and_recorded_fixes() -> None:
    lamp = _lamp()
    larangan = {b["label"]: b for b in lamp["larangan"]["butir"]}
    assert larangan["3"]["text"] == (
        "Meminta dan/atau menerima imbalan/biaya di luar ketentuan atau melakukan pungutan "
        "liar (pungli);"
    )
    assert larangan["3"]["ocr_fixes"] == [["dan garing atau", "dan/atau"]]
    assert larangan["11"]["text"] == (
        "Membuat perjanjian kerjasama dengan pihak lain tanpa persetujuan atasan."
    )
    integritas_a = lamp["nilai"][1]["butir"][0]
    assert len(integritas_a["src"]) == 2  # "di berbagai" / "- forum, ..." across a page break
    assert integritas_a["text"].endswith("Bengkulu di berbagai forum, baik formal maupun "
                                         "informal di dalam maupun di luar negeri;")
    dasar_e = lamp["nilai"][0]["butir"][4]
    assert dasar_e["text"] == "membuat keputusan berdasarkan prinsip keahlian;"
    sanksi = lamp["sanksi"]["ketentuan"]
    assert "sanksi moral berupa permohonan maaf" in sanksi["text"]
    assert "garing" not in sanksi["text"] and len(sanksi["src"]) == 2


def test_passages() -> None:
    ps = kode_etik_bengkalis.passages()
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids))
    by_id = {p.id: p for p in ps}
    assert [i for i in ids if i.startswith("kode_etik_bengkalis:larangan:")] == [
        f"kode_etik_bengkalis:larangan:{n}" for n in range(1, 12)
    ]
    p = by_id["kode_etik_bengkalis:larangan:3"]
    assert p.kind == "larangan" and p.section == "Lampiran huruf C (Larangan) angka 3"
    assert "Meminta dan/atau menerima imbalan" in p.text and p.text.endswith("(pungli).")
    assert by_id["kode_etik_bengkalis:diktum:ketiga"].kind == "sanksi"
    assert by_id["kode_etik_bengkalis:nilai:5:a"].value == "berorientasi_pelayanan"
    assert by_id["kode_etik_bengkalis:nilai:2:k"].kind == "larangan"  # "tidak bertindak ..."
    assert all(p.source == "kode_etik_bengkalis" and p.text for p in ps)
    assert sum(p.kind == "kewajiban" for p in ps) == 10
