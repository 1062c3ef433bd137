"""Indonesian rendering of search hits and the stable JSON shape."""

from __future__ import annotations

from knowledge.passage import Passage
from knowledge.search import Hit
from knowledge.search.render import hit_json, hits_text, labels

P = Passage(
    "t:1", "panduan", "Penera — Akuntabel", "Penera › Akuntabel › Perilaku Dilarang no. 5",
    "Menerima gratifikasi dilarang.", jf="penera", value="akuntabel", kind="dilarang",
)
G = Passage("t:2", "permendag", "Masa berlaku", "Lampiran IX", "Berlaku 2 (dua) tahun.",
            jenjang="ahli_muda")


def test_hits_text_numbers_hits_and_cites_each() -> None:
    text = hits_text([Hit(P, 3.5, 0.9), Hit(G, 1.25, 0.4)])
    assert text == (
        "1. Penera — Akuntabel\n"
        "Menerima gratifikasi dilarang.\n"
        "Sumber: Buku Panduan Perilaku JF Bidang Perdagangan (Kemendag, 2025) — "
        "Penera › Akuntabel › Perilaku Dilarang no. 5 (JF Penera, nilai Akuntabel)\n\n"
        "2. Masa berlaku\n"
        "Berlaku 2 (dua) tahun.\n"
        "Sumber: Permendag Nomor 4 Tahun 2025 (Lampiran) — Lampiran IX (jenjang Ahli Muda)"
    )


def test_no_hits_is_one_polite_sentence() -> None:
    assert hits_text([]) == "Maaf, tidak ada bagian dokumen yang cocok dengan pertanyaan itu."


def test_labels_are_empty_for_general_passages() -> None:
    general = Passage("t:3", "kompeten", "Artikel", "Artikel", "Teks.")
    assert labels(Hit(general, 1.0)) == ""


def test_hit_json_is_the_cli_contract() -> None:
    assert hit_json(Hit(P, 3.5, 0.9)) == {
        "id": "t:1", "source": "panduan", "title": "Penera — Akuntabel",
        "section": "Penera › Akuntabel › Perilaku Dilarang no. 5",
        "text": "Menerima gratifikasi dilarang.", "score": 3.5,
    }
