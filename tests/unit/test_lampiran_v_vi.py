"""Permendag 4/2025 Lampiran V (format DRH) and VI (surat keterangan uji kompetensi)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from knowledge.build import dump
from knowledge.data_files import load_table
from knowledge.extract import permendag_lampiran_v_vi as mod
from knowledge.sources_text import source_text

SRC = source_text("permendag")


@pytest.fixture(scope="module")
def cv() -> Any:
    return load_table("permendag/lampiran_v_cv")


@pytest.fixture(scope="module")
def surat() -> Any:
    return load_table("permendag/lampiran_vi_surat_keterangan")


def test_committed_data_matches_a_fresh_build(cv: Any, surat: Any) -> None:
    built = mod.build()
    assert json.loads(dump(built["permendag/lampiran_v_cv"])) == cv
    assert json.loads(dump(built["permendag/lampiran_vi_surat_keterangan"])) == surat


def test_cv_sections(cv: Any) -> None:
    # I-IX plus the sub-tables IV.1-IV.4 and V.1-V.2 = 9 + 6 = 15.
    assert [s["no"] for s in cv["sections"]] == [
        "I", "II", "III", "IV", "IV.1", "IV.2", "IV.3", "IV.4", "V", "V.1", "V.2", "VI", "VII",
        "VIII", "IX",
    ]
    for s in cv["sections"]:
        assert s["title"] in s["heading"]["text"]


def test_cv_columns_match_the_printed_column_numbers(cv: Any) -> None:
    tables = [s for s in cv["sections"] if "columns" in s]
    assert len(tables) == 12
    for s in tables:
        text = s["columns_span"]["text"]
        n = len(s["columns"])
        assert text == " ".join(s["columns"]) + " " + " ".join(str(i) for i in range(1, n + 1))
        # The numbering row stops at n: the next token in the source is not n+1.
        after = SRC[s["columns_span"]["end"] : s["columns_span"]["end"] + 4]
        assert not after.strip().startswith(str(n + 1))
    v2 = next(s for s in tables if s["no"] == "V.2")
    assert v2["columns"] == ["No", "Nama Negara", "Tujuan", "Tahun", "Lama", "Satuan"]


def test_cv_personal_fields(cv: Any) -> None:
    first = cv["sections"][0]
    assert len(first["fields"]) == 11
    assert first["fields_span"]["text"].startswith("Nama Lengkap NIP Jenis Kelamin")
    assert first["fields_span"]["text"].endswith("Alamat Rumah NPWP")
    assert cv["foto_span"]["text"] == "Foto"
    assert SRC[cv["foto_span"]["end"] :].startswith(" LAMPIRAN V PERATURAN")


def test_surat_letters_and_statements(surat: Any) -> None:
    letters = surat["surat"]
    assert [f["huruf"] for f in letters] == ["A", "B", "C"]
    assert [len(f["pernyataan"]) for f in letters] == [3, 4, 5]
    # Letter C starts at b.: item a. is missing from the source.
    assert [s["huruf"] for s in letters[2]["pernyataan"]] == ["b", "c", "d", "e", "f"]
    assert letters[0]["pernyataan"][1]["text"] == (
        "tidak sedang menjalankan tugas belajar lebih dari 6 (enam) bulan;"
    )
    assert letters[1]["pernyataan"][3]["text"].endswith(
        "paling sedikit 2 (dua) tahun secara kumulatif."
    )
    assert letters[2]["judul"]["text"] == (
        "SURAT KETERANGAN PENDAFTARAN UJI KOMPETENSI DALAM RANGKA PROMOSI (PERPINDAHAN DIAGONAL)"
    )
    for f in letters:
        assert [s["text"] for s in f["isian_spans"]] == [
            "Nama : ", "NIP : ", "Pangkat/golongan ruang : ", "Jabatan : ",
        ]
        for s in f["pernyataan"]:
            assert s["span"]["text"] == f"{s['huruf']}. {s['text']}"
            assert "Demikian" not in s["text"]


def test_passages() -> None:
    ps = mod.passages()
    assert [p.id for p in ps] == [
        "permendag:lampiran_v:format_cv",
        "permendag:lampiran_vi:kenaikan_jenjang",
        "permendag:lampiran_vi:perpindahan_jabatan",
        "permendag:lampiran_vi:promosi",
    ]
    assert ps[0].kind == "cv" and "V.2. PENUGASAN KE LUAR NEGERI" in ps[0].text
    assert all(p.kind == "ukom_pernyataan" for p in ps[1:])
    assert "Butir a. tidak tercantum" in ps[3].text
    assert "Butir a. tidak tercantum" not in ps[1].text
    assert ps[1].section == "Lampiran VI, huruf A: Kenaikan Jenjang"
