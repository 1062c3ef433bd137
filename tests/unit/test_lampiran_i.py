"""Permendag 4/2025 Lampiran I: JF × jenjang blocks, activity rows, coverage, passages."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from knowledge.build import dump
from knowledge.data_files import load_table
from knowledge.extract import permendag_lampiran_i as mod
from knowledge.extract._lampiran_i_layout import BLOCKS, JF_HEADINGS
from knowledge.extract._lampiran_i_parse import TABLE_HEADER
from knowledge.ids import JENJANG_LABELS, JF_LABELS
from knowledge.sources_text import source_text

SRC = source_text("permendag")
LAMPIRAN_I = SRC[SRC.index("LAMPIRAN I PERATURAN") : SRC.index("LAMPIRAN II PERATURAN")]

# Read off the source: each jenjang heading is the label followed by the first verb of its
# Ruang Lingkup. Keahlian-only JF have 4 blocks; Penera has no Pemula; Penguji Mutu Barang has
# all 8; Pengamat Tera is keterampilan only. 4+4+4+7+8+4 = 31.
EXPECTED_BLOCKS: dict[str, list[str]] = {
    "analis_perdagangan": ["ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"],
    "negosiator_perdagangan": ["ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"],
    "pengawas_perdagangan": ["ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"],
    "penera": [
        "terampil", "mahir", "penyelia", "ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama",
    ],
    "penguji_mutu_barang": [
        "pemula", "terampil", "mahir", "penyelia", "ahli_pertama", "ahli_muda", "ahli_madya",
        "ahli_utama",
    ],
    "pengamat_tera": ["pemula", "terampil", "mahir", "penyelia"],
}

# Rows (Cakupan Kegiatan cells) per block, counted by reading the source block by block.
EXPECTED_ROWS: dict[str, list[int]] = {
    "analis_perdagangan": [3, 4, 4, 2],
    "negosiator_perdagangan": [3, 5, 3, 2],
    "pengawas_perdagangan": [2, 3, 2, 3],
    "penera": [4, 5, 4, 8, 12, 10, 2],
    "penguji_mutu_barang": [3, 6, 5, 5, 5, 5, 4, 3],
    "pengamat_tera": [3, 4, 3, 3],
}


@pytest.fixture(scope="module")
def data() -> Any:
    return load_table("permendag/lampiran_i")


def _blocks(data: Any) -> list[dict[str, Any]]:
    return [b for jf in data["jf"] for b in jf["blocks"]]


def _block(data: Any, jf: str, jenjang: str) -> dict[str, Any]:
    return next(b for b in _blocks(data) if b["jf"] == jf and b["jenjang"] == jenjang)


def _row_text(row: dict[str, Any]) -> str:
    return row["cakupan_kegiatan"]["text"] + " " + row["kriteria_dan_contoh"]["text"]


def test_committed_data_matches_a_fresh_build(data: Any) -> None:
    built = mod.build()
    assert json.loads(dump(built["permendag/lampiran_i"])) == data
    assert json.loads(dump(built["permendag/penetapan"])) == load_table("permendag/penetapan")


def test_block_count_matches_the_raw_headings_in_the_source(data: Any) -> None:
    # Independent of the layout needles: a jenjang label directly followed by a Ruang Lingkup
    # verb occurs exactly once per block in the raw text.
    heads = re.findall(
        r"\b(?:Ahli Pertama|Ahli Muda|Ahli Madya|Ahli Utama|Pemula|Terampil|Mahir|Penyelia) "
        r"(?:Melaksanakan|Melakukan|Penyiapan|Pengambilan|Evaluasi|Pengembangan)\b",
        LAMPIRAN_I,
    )
    assert len(heads) == 31
    assert len(_blocks(data)) == 31 == sum(len(v) for v in EXPECTED_BLOCKS.values())


def test_blocks_per_jf_in_table_order(data: Any) -> None:
    assert [jf["jf"] for jf in data["jf"]] == [jf for jf, _ in JF_HEADINGS]
    assert {jf["jf"]: [b["jenjang"] for b in jf["blocks"]] for jf in data["jf"]} == EXPECTED_BLOCKS
    # Penera Pemula does not exist in the table.
    assert "Penera Pemula" not in LAMPIRAN_I


def test_rows_per_block(data: Any) -> None:
    got = {jf["jf"]: [len(b["kegiatan"]) for b in jf["blocks"]] for jf in data["jf"]}
    assert got == EXPECTED_ROWS
    assert sum(sum(v) for v in got.values()) == 130


def test_headings_quote_their_labels(data: Any) -> None:
    for jf in data["jf"]:
        assert jf["heading"]["text"].endswith(JF_LABELS[jf["jf"]])
        for b in jf["blocks"]:
            assert b["heading"]["text"] == JENJANG_LABELS[b["jenjang"]]
    assert data["jf"][0]["heading"]["text"] == "1. Analis Perdagangan"
    assert data["jf"][5]["heading"]["text"] == "Pengamat Tera"  # no "6" in the source


def test_block_starts_and_ends(data: Any) -> None:
    ap1 = _block(data, "analis_perdagangan", "ahli_pertama")
    assert ap1["ruang_lingkup"]["text"] == (
        "Melaksanakan identifikasi, inventarisasi dan penyiapan bahan, pemeriksaan dokumen di "
        "bidang Perdagangan"
    )
    assert ap1["kegiatan"][0]["cakupan_kegiatan"]["text"] == (
        "Hasil identifikasi dan inventarisasi data dan informasi di bidang perdagangan"
    )
    assert ap1["kegiatan"][0]["kriteria_dan_contoh"]["text"].startswith(
        "Dokumen memuat antara lain: 1. Judul matriks/tabel/narasi"
    )
    ap3 = _block(data, "analis_perdagangan", "ahli_madya")
    assert ap3["ruang_lingkup"]["text"] == (
        "Melaksanakan perencanaan, evaluasi pelaksanaan kebijakan, dan perumusan rekomendasi "
        "teknis di bidang Perdagangan"
    )
    assert [r["cakupan_kegiatan"]["text"] for r in ap3["kegiatan"]] == [
        "Dokumen rencana pelaksanaan kebijakan di bidang perdagangan",
        "Hasil evaluasi pelaksanaan kebijakan di bidang perdagangan",
        "Hasil perumusan rekomendasi teknis di bidang perdagangan",
        "Hasil validasi dokumen perizinan/non- perizinan di bidang perdagangan",
    ]
    # The last row of the table ends right before the signature of Lampiran I.
    last = _block(data, "pengamat_tera", "penyelia")["kegiatan"][-1]
    assert last["kriteria_dan_contoh"]["text"].endswith(
        "Laporan hasil evaluasi pelaksanaan pemeriksaan dokumen dan pengamatan kasat mata"
    )
    assert data["signature"]["text"] == "MENTERI PERDAGANGAN REPUBLIK INDONESIA, ttd. BUDI SANTOSO"


def test_ruang_lingkup_fragments_after_a_page_break_are_rejoined(data: Any) -> None:
    ng2 = _block(data, "negosiator_perdagangan", "ahli_muda")
    # In the source the header of the next page sits between "serta" and "penyusunan".
    assert ng2["ruang_lingkup"]["text"].endswith(
        "penanganan hambatan perdagangan, serta penyusunan bahan untuk ratifikasi dan aktivasi "
        "terkait hasil perundingan bidang perdagangan internasional"
    )
    assert (TABLE_HEADER + " penyusunan bahan untuk ratifikasi") in SRC
    assert len(ng2["ruang_lingkup"]["spans"]) == 2
    pw1 = _block(data, "pengawas_perdagangan", "ahli_pertama")
    assert pw1["ruang_lingkup"]["text"].startswith(
        "Melakukan pengawasan dan melaksanakan identifikasi, inventarisasi serta penyiapan bahan"
    )
    row1 = pw1["kegiatan"][0]["kriteria_dan_contoh"]["text"]
    assert "melaksanakan identifikasi, inventarisasi serta penyiapan" not in row1
    pmb = _block(data, "penguji_mutu_barang", "penyelia")
    assert pmb["ruang_lingkup"]["text"].endswith(
        "perhitungan ketidakpastian Pengukuran dengan jumlah faktor atau variabel ≥5"
    )


def test_page_break_inside_a_row_stays_in_the_row(data: Any) -> None:
    ap2 = _block(data, "analis_perdagangan", "ahli_muda")
    row = ap2["kegiatan"][3]
    assert row["cakupan_kegiatan"]["text"] == "Hasil verifikasi dokumen perizinan/non-"
    assert row["page_breaks"] == 1
    # Source order: kriteria item 1, contoh items, page header, cakupan tail, kriteria items 2-4.
    assert row["kriteria_dan_contoh"]["text"] == (
        "Dokumen memuat antara lain: 1. Identifikasi kelengkapan dokumen. 1. Matriks verifikasi "
        "dokumen 2. Dokumen hasil verifikasi perizinan di bidang perdagangan 2. Persyaratan "
        "kelengkapan dokumen. 3. Kesesuaian dokumen dengan ketentuan yang berlaku. 4. Hasil "
        "analisis kesesuaian dokumen."
    )
    assert len(row["kriteria_dan_contoh"]["spans"]) == 2


def test_no_row_swallows_a_heading_or_a_page_header(data: Any) -> None:
    headings = [b.heading for b in BLOCKS] + [h for _, h in JF_HEADINGS if h[0].isdigit()]
    for block in _blocks(data):
        texts = [block["ruang_lingkup"]["text"]] + [_row_text(r) for r in block["kegiatan"]]
        for text in texts:
            assert TABLE_HEADER not in text
            for h in headings:
                assert h not in text, (block["id"], h)


def test_spans_are_ordered_disjoint_and_inside_lampiran_i(data: Any) -> None:
    start, end = data["source"]["span"]["start"], data["signature"]["end"]
    spans: list[dict[str, Any]] = []
    for jf in data["jf"]:
        spans.append(jf["heading"])
        for b in jf["blocks"]:
            spans += [b["heading"], *b["ruang_lingkup"]["spans"]]
            for r in b["kegiatan"]:
                spans += [r["cakupan_kegiatan"]["span"], *r["kriteria_dan_contoh"]["spans"]]
                assert r["cakupan_kegiatan"]["text"] == r["cakupan_kegiatan"]["span"]["text"]
                assert r["kriteria_dan_contoh"]["text"] == " ".join(
                    s["text"] for s in r["kriteria_dan_contoh"]["spans"]
                )
    spans.sort(key=lambda s: s["start"])
    for a, b in zip(spans, spans[1:], strict=False):
        assert a["end"] <= b["start"]
    assert start <= spans[0]["start"] and spans[-1]["end"] <= end


def test_the_whole_table_is_covered(data: Any) -> None:
    # Non-blank characters of Lampiran I that are not page furniture (title, the repeated
    # table header, signature) must all be in some stored span.
    start, end = data["source"]["span"]["start"], data["signature"]["end"]
    covered = bytearray(end - start)
    for span in _content_spans(data):
        covered[span["start"] - start : span["end"] - start] = b"\x01" * (
            span["end"] - span["start"]
        )
    for m in re.finditer(re.escape(TABLE_HEADER), SRC[start:end]):
        covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for furniture in (data["source"]["span"], data["signature"]):
        covered[furniture["start"] - start : furniture["end"] - start] = b"\x01" * (
            furniture["end"] - furniture["start"]
        )
    missing = [i for i, c in enumerate(SRC[start:end]) if not c.isspace() and not covered[i]]
    total = sum(1 for c in SRC[start:end] if not c.isspace())
    assert 1 - len(missing) / total >= 0.999, SRC[start + missing[0] : start + missing[0] + 80]
    assert data["page_headers"] == SRC[start:end].count(TABLE_HEADER) == 95


def _content_spans(data: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for jf in data["jf"]:
        out.append(jf["heading"])
        for b in jf["blocks"]:
            out += [b["heading"], *b["ruang_lingkup"]["spans"]]
            for r in b["kegiatan"]:
                out += [r["cakupan_kegiatan"]["span"], *r["kriteria_dan_contoh"]["spans"]]
    return out


def test_every_cakupan_is_a_hasil_kerja_name(data: Any) -> None:
    allowed = ("Hasil ", "Dokumen ", "Penyelesaian ", "Penjaminan ", "Data hasil ")
    for b in _blocks(data):
        for r in b["kegiatan"]:
            assert r["cakupan_kegiatan"]["text"].startswith(allowed), r["cakupan_kegiatan"]
            assert 10 < len(r["cakupan_kegiatan"]["text"]) < 450


def test_penetapan() -> None:
    p = load_table("permendag/penetapan")
    assert p["ditetapkan"]["tanggal"] == "2025-01-14"
    assert "14 Januari 2025" in p["ditetapkan"]["span"]["text"]
    assert p["menteri"]["nama"].upper() in p["menteri"]["span"]["text"]
    assert p["pengundang"]["nama"].upper() in p["pengundang"]["span"]["text"]
    assert p["diundangkan"]["tanggal"] is None and p["berita_negara"]["nomor"] is None
    assert p["source"]["span"]["end"] <= SRC.index("LAMPIRAN I PERATURAN")


def test_passages() -> None:
    ps = mod.passages()
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids)) == 31 + 130 + 1
    by_id = {p.id: p for p in ps}
    madya = by_id["permendag:lampiran_i:analis_perdagangan:ahli_madya:ruang_lingkup"]
    assert madya.text.startswith(
        "Ruang lingkup kegiatan Analis Perdagangan Ahli Madya: Melaksanakan perencanaan, "
        "evaluasi pelaksanaan kebijakan, dan perumusan rekomendasi teknis"
    )
    assert "2. Hasil evaluasi pelaksanaan kebijakan di bidang perdagangan." in madya.text
    assert (madya.jf, madya.jenjang, madya.kind) == ("analis_perdagangan", "ahli_madya",
                                                     "ruang_lingkup")
    row = by_id["permendag:lampiran_i:analis_perdagangan:ahli_madya:kegiatan:2"]
    assert row.section == "Lampiran I, Analis Perdagangan — Ahli Madya, kegiatan no. 2"
    assert row.text.startswith("Cakupan kegiatan Analis Perdagangan Ahli Madya no. 2: Hasil ")
    assert row.kind == "kegiatan" and row.jenjang == "ahli_madya"
    assert by_id["permendag:penetapan"].text.count("14 Januari 2025") == 1
    for p in ps:
        assert p.citation.startswith("Permendag Nomor 4 Tahun 2025")


def test_kriteria_and_contoh_are_split_only_where_unambiguous(data: Any) -> None:
    rows = [r for b in _blocks(data) for r in b["kegiatan"]]
    split = [r for r in rows if r["contoh"] is not None]
    # 66 rows fit on one page; 37 of them show a Contoh list restarting after a complete,
    # gap-free Kriteria list (counted by reading the rows).
    assert sum(1 for r in rows if r["page_breaks"] == 0) == 66
    assert len(split) == 37
    for r in rows:
        assert (r["kriteria_hasil_kerja"] is None) == (r["contoh"] is None)
        if r["contoh"] is None:
            continue
        assert r["page_breaks"] == 0
        assert r["kriteria_hasil_kerja"]["text"] + " " + r["contoh"]["text"] == (
            r["kriteria_dan_contoh"]["text"]
        )
        assert r["contoh"]["text"].startswith(("1. ", "➢"))
    ap1 = _block(data, "analis_perdagangan", "ahli_pertama")["kegiatan"][2]
    assert ap1["kriteria_hasil_kerja"]["text"] == (
        "Dokumen memuat antara lain: 1. Identifikasi kelengkapan dokumen. 2. Persyaratan "
        "kelengkapan dokumen. 3. Kesesuaian dokumen dengan ketentuan yang berlaku."
    )
    assert ap1["contoh"]["text"] == (
        "1. Checklist Manual 2. Tangkapan layar dari Sistem Informasi perizinan 3. Matriks"
    )
    # Analis Ahli Madya no. 1: the Contoh cell has its own heading ("Dokumen rencana
    # pelaksanaan kebijakan antara lain:") glued to the end of the kriteria list, so no split.
    ap3 = _block(data, "analis_perdagangan", "ahli_madya")["kegiatan"][0]
    assert ap3["page_breaks"] == 0 and ap3["contoh"] is None
    # Penera Ahli Madya no. 6: "a. Sertifikat Evaluasi Tipe: 1. ..." is a sub-list, not Contoh.
    pe3 = _block(data, "penera", "ahli_madya")["kegiatan"][5]
    assert pe3["contoh"] is None
