"""Lampiran II passages: stable ids, self-contained text, found by the usual questions."""

from __future__ import annotations

from knowledge.extract.permendag_lampiran_ii import passages
from knowledge.search.engine import SearchIndex

KEGIATAN = ["penera_tera_ulang", "penera_pengujian_tipe", "penera_verifikasi_standar",
            "pmb_pengambilan_contoh", "pmb_pengujian", "pmb_kalibrasi"]


def test_ids_are_structural_and_unique() -> None:
    ps = passages()
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids))
    # Per kegiatan: cara, bobot, kelas (6 x 3); keterangan per PMB kegiatan (3) and one shared
    # Penera Keterangan (1); formulir for the three Penera forms (3); the worked example (1).
    assert len(ps) == 18 + 3 + 1 + 3 + 1
    for k in KEGIATAN:
        for part in ("cara", "bobot", "kelas"):
            assert f"permendag:lampiran_ii:{k}:{part}" in ids
        assert (f"permendag:lampiran_ii:{k}:keterangan" in ids) is k.startswith("pmb")
    shared = next(p for p in ps if p.id == "permendag:lampiran_ii:penera:keterangan")
    assert "14. teknologi, merupakan teknologi yang digunakan dalam pengujian tipe." in shared.text
    assert all(i.startswith("permendag:lampiran_ii:") for i in ids)


def test_passages_cite_the_part_and_table() -> None:
    by_id = {p.id: p for p in passages()}
    cara = by_id["permendag:lampiran_ii:penera_tera_ulang:cara"]
    assert cara.jf == "penera"
    assert "Lampiran II huruf A, Tabel 4" in cara.text and "12-15 = I" in cara.text
    kal = by_id["permendag:lampiran_ii:pmb_kalibrasi:kelas"]
    assert kal.section == "Lampiran II huruf B, Tabel 7"
    assert kal.citation.startswith("Permendag Nomor 4 Tahun 2025")
    rev = by_id["permendag:lampiran_ii:penera_verifikasi_standar:kelas"]
    assert "terbalik" in rev.text and "12-15 = 4" in rev.text
    ex = by_id["permendag:lampiran_ii:contoh_pengambilan_contoh"]
    assert "total bobot 9" in ex.text and "sebenarnya 10" in ex.text


def test_usual_questions_find_lampiran_ii() -> None:
    # Lampiran II alone, without the asked questions of the whole corpus (asked.json).
    index = SearchIndex(passages(), asked={})
    hits = index.search("cara menentukan tingkat kesulitan tera ulang", limit=3)
    assert all(h.passage.id.startswith("permendag:lampiran_ii:penera_tera_ulang") for h in hits)
    hits = index.search("bobot waktu pengujian tipe", limit=1)
    assert hits[0].passage.id.startswith("permendag:lampiran_ii:penera_pengujian_tipe")
    hits = index.search("risiko pengerjaan kalibrasi", limit=1)
    assert hits[0].passage.id.startswith("permendag:lampiran_ii:pmb_kalibrasi")
