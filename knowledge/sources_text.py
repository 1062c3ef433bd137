"""Read-only access to the source documents kept in ``knowledge/sources/``."""

from __future__ import annotations

from functools import cache

from knowledge.paths import SOURCES_DIR

# Short document ids used in data files and citations, mapped to their files.
DOCUMENTS: dict[str, str] = {
    "panduan": "panduan-perilaku-jf-perdagangan-2025.txt",
    "permendag": "permendag-4-2025-lampiran.txt",
    "kompeten": "majalah-kompeten-vol3-no1-2024.txt",
    "kode_etik_ntt": "kode-etik-asn-pemprov-ntt-slides-ocr.txt",
    "kode_etik_bengkalis": "kode-etik-diskominfotik-bengkalis-2024.txt",
}

# How each document is named to a user in a citation.
DOCUMENT_TITLES: dict[str, str] = {
    "panduan": "Buku Panduan Perilaku JF Bidang Perdagangan (Kemendag, 2025)",
    "permendag": "Permendag Nomor 4 Tahun 2025 (Lampiran)",
    "kompeten": "Majalah KOMPETEN Vol. 3 No. 1 Tahun 2024",
    "kode_etik_ntt": "Materi Kode Etik ASN (Pemprov NTT)",
    "kode_etik_bengkalis": "Keputusan Kepala Diskominfotik Bengkalis 800.1.6.1/KPTS/9/2024",
}


@cache
def source_text(doc: str) -> str:
    """Return the full text of a source document by its short id."""
    return (SOURCES_DIR / DOCUMENTS[doc]).read_text(encoding="utf-8")
