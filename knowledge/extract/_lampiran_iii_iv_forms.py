"""Lampiran IV: the usulan kebutuhan letters (A: from an instansi, B: from a Kemendag unit) and
their forms (Formulir Usulan Kebutuhan Jabatan Fungsional Perdagangan)."""

from __future__ import annotations

from typing import Any

from knowledge.extract._lampiran_iii_spans import (
    DOC,
    between,
    check_inside,
    clean,
    exact,
    item,
    lampiran_iv,
)
from knowledge.provenance import Span

SOURCE = {"doc": DOC, "lampiran": "IV"}

LETTER_PARTS: dict[str, list[tuple[str, str, str]]] = {
    # (part id, first words, last words) in source order.
    "a": [
        ("judul", "A. Format Surat Usulan Kebutuhan", "dari Instansi"),
        ("kop", "KOP INSTANSI PEMERINTAH", "KOP INSTANSI PEMERINTAH"),
        ("kepala_surat", "Nomor : …", "Hal : Usulan Rekomendasi Kebutuhan Jabatan Fungsional "
         "Bidang Perdagangan"),
        ("tujuan", "Yth. (pejabat pimpinan tinggi madya", "di Tempat"),
        ("isi", "Dalam rangka pemenuhan kebutuhan",
         "usulan kebutuhan jabatan fungsional dimaksud."),
        ("lampiran_dokumen", "Sebagai bahan pertimbangan", "4. (dokumen lain yg dipersyaratkan);"),
        ("narahubung", "Selanjutnya untuk mempermudah koordinasi", "sebagai narahubung."),
        ("penutup", "Demikian, atas perhatian", "kami sampaikan terima kasih."),
        ("penandatangan", "Sekretaris Jenderal/Daerah…", "NIP. …"),
        ("tembusan", "Tembusan:", "4. Kepala Dinas …"),
    ],
    "b": [
        ("judul", "B. Format Surat Usulan Kebutuhan", "di Lingkungan Kementerian Perdagangan"),
        ("kop", "KOP UNIT KERJA", "KOP UNIT KERJA"),
        ("kepala_surat", "Nomor : …", "Hal : Usulan Rekomendasi Kebutuhan Jabatan Fungsional "
         "Bidang Perdagangan"),
        ("tujuan", "Yth. (pejabat pimpinan tinggi pratama", "di Tempat"),
        ("isi", "Dalam rangka pemenuhan kebutuhan",
         "usulan kebutuhan jabatan fungsional dimaksud."),
        ("lampiran_dokumen", "Sebagai bahan pertimbangan",
         "4. (dokumen lain yang dipersyaratkan);"),
        ("penutup", "Demikian, atas perhatian", "kami sampaikan terima kasih."),
        ("penandatangan", "Pejabat Pimpinan Tinggi Pratama", "NIP. …"),
        ("tembusan", "Tembusan:", "4. …"),
    ],
}

FORM_HEADS = {
    "a": ["No.", "Nama dan Jenjang Jabatan Fungsional", "Bezetting Pegawai Saat Ini",
          "Hasil Usulan Perhitungan Kebutuhan", "Lowongan Kebutuhan", "Unit Kerja Penempatan"],
    "b": ["NO", "NAMA & JENJANG JABATAN FUNGSIONAL", "BEZETTING PEGAWAI SAAT INI",
          "HASIL USULAN PERHITUNGAN KEBUTUHAN", "LOWONGAN KEBUTUHAN", "UNIT KERJA PENEMPATAN"],
}
FORM_FORMULA = {"a": "(5) = (4) – (3)", "b": "(5) = (3) – (4)"}
FORM_TITLE = {
    "a": "FORMULIR USULAN KEBUTUHAN JABATAN FUNGSIONAL PERDAGANGAN INSTANSI … TAHUN …",
    "b": "FORMULIR USULAN KEBUTUHAN JABATAN FUNGSIONAL PERDAGANGAN UNIT KERJA … TAHUN …",
}
EXAMPLE_ROWS = [
    "Analis Perdagangan Ahli Pertama", "Analis Perdagangan Ahli Muda",
    "Analis Perdagangan Ahli Madya", "Penera Ahli Pertama", "Penera Ahli Muda",
    "Penera Ahli Madya",
]
KETERANGAN_A = [
    "(1) Diisi nomor urut;", "(2) Diisi nama dan jenjang JF Perdagangan;",
    "(3) Diisi jumlah PNS eksisting ditambah dengan PPPK;",
    "(4) Diisi kebutuhan berdasarkan hasil perhitungan formulir perhitungan;",
    "(5) Diisi lowongan kebutuhan, perhitungan kolom (4) dikurangi kolom (3);",
    "(6) Diisi penempatan dan/atau rencana penempatan JF Perdagangan.",
]
SIGNER = {"a": "Sekretaris Jenderal/Daerah…", "b": "Pejabat Pimpinan Tinggi Pratama"}


def _sections(bounds: tuple[int, int]) -> dict[str, tuple[int, int]]:
    a = exact("A. Format Surat Usulan Kebutuhan", bounds[0]).start
    b = exact("B. Format Surat Usulan Kebutuhan", a).start
    return {"a": (a, b), "b": (b, bounds[1])}


def surat(letter: str) -> dict[str, Any]:
    """Return letter ``a`` or ``b`` of Lampiran IV as its ordered parts."""
    bounds = lampiran_iv()
    lo, hi = _sections(bounds)[letter]
    parts = []
    pos = lo
    for pid, first, last in LETTER_PARTS[letter]:
        span = check_inside(between(first, last, pos, hi), bounds)
        parts.append(item(pid, span))
        pos = span.end
    origin = "instansi" if letter == "a" else "unit kerja di lingkungan Kementerian Perdagangan"
    return {
        "title": f"Lampiran IV, {letter.upper()}. Format Surat Usulan Kebutuhan JF Perdagangan "
        f"dari {origin.capitalize() if letter == 'a' else origin}",
        "source": {**SOURCE, "section": f"{letter.upper()}. Format Surat Usulan Kebutuhan"},
        "notes": [
            "Parts are kept in source order; '…' marks the blanks the sender fills in.",
            "Letter A says 'dokumen lain yg dipersyaratkan', letter B 'yang'; kept as written.",
        ],
        "parts": parts,
    }


def formulir(letter: str) -> dict[str, Any]:
    """Return the Formulir Usulan Kebutuhan attached to letter ``a`` or ``b``."""
    bounds = lampiran_iv()
    lo, hi = _sections(bounds)[letter]
    start = exact("Lampiran Surat Nomor : …", lo, hi).start
    lampiran_surat = between("Lampiran Surat Nomor : …", "Perihal : …", start, hi)
    title = check_inside(exact(FORM_TITLE[letter], start, hi), bounds)
    nama_instansi = exact("NAMA INSTANSI:", title.end, hi)
    heads = " ".join(FORM_HEADS[letter])
    head_span = check_inside(exact(heads, nama_instansi.end, hi), bounds)
    numbers = f"(1) (2) (3) (4) {FORM_FORMULA[letter]} (6)"
    numbers_span = exact(numbers, head_span.end, hi)
    columns = [
        {"number": f"({i + 1})", "header": h} for i, h in enumerate(FORM_HEADS[letter])
    ]
    pos = numbers_span.end
    examples = []
    for i, label in enumerate(EXAMPLE_ROWS, start=1):
        span = exact(f"{i}. {label} … … … …", pos, hi)
        examples.append({"no": i, "label": label, "span": span.to_json()})
        pos = span.end
    jumlah = exact("Jumlah" if letter == "a" else "JUMLAH", pos, hi)
    signer = between(SIGNER[letter], "NIP. …", jumlah.end, hi)
    out: dict[str, Any] = {
        "title": f"Lampiran IV, {letter.upper()}. Formulir Usulan Kebutuhan Jabatan Fungsional "
        "Perdagangan",
        "source": {**SOURCE, "section": f"{letter.upper()}. lampiran surat: Formulir Usulan "
                   "Kebutuhan"},
        "notes": [],
        "lampiran_surat": {"text": lampiran_surat.text, "span": lampiran_surat.to_json()},
        "form_title": {"text": title.text, "span": title.to_json()},
        "nama_instansi": {"text": nama_instansi.text, "span": nama_instansi.to_json()},
        "columns": columns,
        "columns_span": head_span.to_json(),
        "lowongan_formula": {"text": FORM_FORMULA[letter], "span": numbers_span.to_json()},
        "example_rows": examples,
        "total_row": {"label": jumlah.text, "span": jumlah.to_json()},
        "signature": {"jabatan": SIGNER[letter], "nama": "Nama Pejabat", "nip": "NIP. …",
                      "span": signer.to_json()},
    }
    if letter == "a":
        kt: list[dict[str, Any]] = []
        kpos = exact("Keterangan:", signer.end, hi).start
        for note in KETERANGAN_A:
            note_span: Span = exact(note, kpos, hi)
            number, text = note.split(" ", 1)
            kt.append({"number": number, "keterangan": clean(text).rstrip(";."),
                       "span": note_span.to_json()})
            kpos = note_span.end
        out["keterangan"] = kt
        out["notes"] = [
            "Column (5) of this form is (4) – (3): kebutuhan minus bezetting (the Keterangan "
            "repeats it: 'kolom (4) dikurangi kolom (3)'). The form of letter B writes "
            "(5) = (3) – (4), the opposite sign, and has no Keterangan. The calculator follows "
            "this form A (lowongan = kebutuhan - bezetting; a negative value is a surplus).",
            "Column (3) bezetting counts PNS plus PPPK (Keterangan (3)).",
            "The six example rows (Analis Perdagangan and Penera, Ahli Pertama to Madya) only "
            "illustrate the layout; 'Dst…' means one row per JF and jenjang proposed.",
        ]
    else:
        out["notes"] = [
            "This form writes column (5) as (3) – (4) (bezetting minus kebutuhan), the opposite "
            "of form A ('(4) – (3)', confirmed by its Keterangan). The calculator uses form A's "
            "sign for both and says so in its result.",
            "Form B has no Keterangan; read its columns as those of form A.",
        ]
    return out
