"""Permendag 4/2025 Lampiran V (format daftar riwayat hidup) and Lampiran VI (surat keterangan
pendaftaran uji kompetensi): their data files and search passages.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.data_files import load_table
from knowledge.extract._lampiran_i_parse import tight
from knowledge.passage import Passage
from knowledge.provenance import SourceNotFound, Span, locate
from knowledge.sources_text import source_text

DOC = "permendag"
LAMPIRAN_V = "permendag/lampiran_v_cv"
LAMPIRAN_VI = "permendag/lampiran_vi_surat_keterangan"
SIGNATURE = "MENTERI PERDAGANGAN REPUBLIK INDONESIA, ttd. BUDI SANTOSO"

# Lampiran V, section by section: (number, title, columns of its table). Section I is a list of
# fields, not a table. Every table is followed by a row numbering its columns (1 2 3 ...), which
# the extractor checks against the number of columns read here.
PERORANGAN_FIELDS = (
    "Nama Lengkap", "NIP", "Jenis Kelamin", "Tempat, Tanggal Lahir/ Umur", "TMT CPNS/ Masa Kerja",
    "Pangkat/ Gol. Ruang/ TMT", "Jabatan/ Eselon", "Agama", "Status Perkawinan", "Alamat Rumah",
    "NPWP",
)
CV_TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("II", "RIWAYAT JABATAN", ("No", "Jabatan", "Unit Kerja", "Nomor SK", "Tanggal SK", "TMT")),
    (
        "III", "RIWAYAT KEPANGKATAN",
        ("No", "Pangkat", "Golongan Ruang", "TMT Golongan", "Nomor SK", "Tanggal SK"),
    ),
    (
        "IV.1", "PENDIDIKAN UMUM DI DALAM DAN LUAR NEGERI",
        (
            "No", "Pendidikan", "Sekolah/ Akademi/ Perguruan Tinggi", "Jurusan", "Nomor Ijasah",
            "Tanggal Ijasah",
        ),
    ),
    (
        "IV.2", "PENDIDIKAN DAN PELATIHAN JABATAN STRUKTURAL",
        (
            "No", "Pendidikan dan Pelatihan Struktural", "Instansi Penyelenggara",
            "Nomor Sertifikat", "Tanggal Ijasah",
        ),
    ),
    (
        "IV.3", "PENDIDIKAN DAN PELATIHAN JABATAN FUNGSIONAL",
        (
            "No", "Pendidikan dan Pelatihan Fungsional", "Instansi Penyelenggara",
            "Nomor Sertifikat", "Tanggal Ijasah",
        ),
    ),
    (
        "IV.4", "PENDIDIKAN DAN PELATIHAN TEKNIS",
        (
            "No", "Pendidikan dan Pelatihan Teknis", "Instansi Penyelenggara", "Nomor Sertifikat",
            "Tanggal Ijasah",
        ),
    ),
    (
        "V.1", "SIMPOSIUM/SEMINAR/LOKAKARYA/WORKSHOP/PENGALAMAN LAINNYA",
        (
            "No", "Nama Kegiatan", "Kedudukan/Peranan", "Tanggal Kegiatan",
            "Instansi Penyelenggara",
        ),
    ),
    (
        "V.2", "PENUGASAN KE LUAR NEGERI",
        ("No", "Nama Negara", "Tujuan", "Tahun", "Lama", "Satuan"),
    ),
    (
        "VI", "PENGHARGAAN",
        ("No", "Kategori", "Tahun", "Instansi/Negara Pemberi", "Nomor Sertifikat"),
    ),
    (
        "VII", "DAFTAR PENILAIAN PELAKSANAAN PEKERJAAN",
        ("No", "Tahun", "Nilai Rata-Rata", "Keterangan"),
    ),
    (
        "VIII", "HUKUMAN DISIPLIN",
        ("No", "Jenis Hukuman Disiplin", "Tahun", "Nomor", "Tanggal"),
    ),
    ("IX", "DAFTAR MEDIKAL", ("No", "Tahun", "Indikasi", "Tindakan")),
)
# Group headings of the numbered sub-tables (IV.1-4, V.1-2).
CV_GROUPS = {"IV": "RIWAYAT PENDIDIKAN", "V": "PENGALAMAN"}

# Lampiran VI: one surat keterangan per purpose.
FORMS: tuple[tuple[str, str, str], ...] = (
    ("kenaikan_jenjang", "A", "Kenaikan Jenjang"),
    ("perpindahan_jabatan", "B", "Perpindahan Jabatan"),
    ("promosi", "C", "Promosi (perpindahan diagonal)"),
)
LETTER_FIELDS = ("Nama", "NIP", "Pangkat/golongan ruang", "Jabatan")


def _bounds() -> tuple[int, int, int]:
    """Return where Lampiran V, VI and VII begin."""
    v = locate(DOC, "LAMPIRAN V PERATURAN").start
    vi = locate(DOC, "LAMPIRAN VI PERATURAN", v).start
    vii = locate(DOC, "LAMPIRAN VII PERATURAN", vi).start
    return v, vi, vii


def _table_heading(number: str, title: str) -> str:
    # "IV.2" is printed as "2. TITLE" under the group heading "IV. RIWAYAT PENDIDIKAN".
    return f"{number.split('.')[1]}. {title}" if "." in number else f"{number}. {title}"


def _cv() -> dict[str, Any]:
    v, vi, _ = _bounds()
    title = locate(DOC, "FORMAT DAFTAR RIWAYAT HIDUP", v, vi)
    sec1 = locate(DOC, "I. KETERANGAN PERORANGAN", title.end, vi)
    fields = locate(DOC, " ".join(PERORANGAN_FIELDS), sec1.end, vi)
    sections: list[dict[str, Any]] = [{
        "no": "I",
        "title": "KETERANGAN PERORANGAN",
        "heading": sec1.to_json(),
        "fields": list(PERORANGAN_FIELDS),
        "fields_span": fields.to_json(),
    }]
    cursor = fields.end
    for number, name, columns in CV_TABLES:
        group = number.split(".")[0]
        if number.endswith(".1"):
            heading = locate(DOC, f"{group}. {CV_GROUPS[group]}", cursor, vi)
            sections.append({"no": group, "title": CV_GROUPS[group], "heading": heading.to_json()})
            cursor = heading.end
        heading = locate(DOC, _table_heading(number, name), cursor, vi)
        numbering = " ".join(str(i) for i in range(1, len(columns) + 1))
        header = locate(DOC, " ".join(columns) + " " + numbering, heading.end, vi)
        if header.start - heading.end > 1:
            raise SourceNotFound(f"Lampiran V table {number} header not right after its title")
        sections.append({
            "no": number,
            "title": name,
            "heading": heading.to_json(),
            "columns": list(columns),
            "columns_span": header.to_json(),
        })
        cursor = header.end
    closing_text = "Mengetahui, (Nama Jabatan Pimpinan Tinggi Pratama) NAMA NIP."
    closing = locate(DOC, closing_text, cursor, vi)
    foto = locate(DOC, "Foto", v - len("Foto "), v)
    return {
        "title": "Format daftar riwayat hidup",
        "source": {"doc": DOC, "section": "Lampiran V", "span": title.to_json()},
        "notes": [
            "Each table of the form is printed empty with a row numbering its columns "
            "(1 2 3 ...); the number of columns read here is checked against that row.",
            "Sub-tables IV.1-IV.4 and V.1-V.2 are numbered 1-4 and 1-2 under their group headings "
            "'IV. RIWAYAT PENDIDIKAN' and 'V. PENGALAMAN'; they get dotted numbers here.",
            "The photo box of the form ('Foto') is flattened to just before the Lampiran V "
            "heading, after the signature of Lampiran IV (foto_span).",
            "Column splits follow the printed words: e.g. V.2 'No Nama Negara Tujuan Tahun Lama "
            "Satuan' is read as six columns, matching the six column numbers.",
        ],
        "sections": sections,
        "pengesahan": {
            "text": "Mengetahui, (Nama Jabatan Pimpinan Tinggi Pratama)",
            "span": closing.to_json(),
        },
        "foto_span": foto.to_json(),
    }


_ITEM = re.compile(r"(?:(?<=: )|(?<=; )|(?<=\. ))([a-z])\. ")


def _statements(start: int, end: int) -> list[dict[str, Any]]:
    text = source_text(DOC)
    marks = list(_ITEM.finditer(text, start, end))
    out = []
    for i, m in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else end
        item = tight(m.start(), stop)
        if item is None:
            raise SourceNotFound(f"empty statement at {m.start()}")
        out.append({
            "huruf": m.group(1),
            "text": text[m.end() : item.end],
            "span": item.to_json(),
        })
    return out


def _form(form_id: str, letter: str, purpose: str, start: int, end: int) -> dict[str, Any]:
    heading = locate(DOC, f"{letter}. Dalam rangka {purpose}", start, end)
    title_text = "SURAT KETERANGAN PENDAFTARAN UJI KOMPETENSI DALAM RANGKA"
    title = locate(DOC, title_text, heading.end, end)
    title_end = locate(DOC, " Nomor : …", title.end, end)
    full_title = Span(DOC, title.start, title_end.start)
    fields = [locate(DOC, f"{f} : ", title_end.end, end) for f in LETTER_FIELDS]
    intro = locate(DOC, "menerangkan bahwa, nama yang tercantum dalam surat usulan", title.end, end)
    intro_end = locate(DOC, ":", intro.end, end)
    closing = locate(DOC, "Demikian surat keterangan ini dibuat", intro_end.end, end)
    closing_end = locate(DOC, "Bidang Perdagangan.", closing.end, end)
    signer = locate(DOC, "Yang menerangkan*, (nama pejabat pimpinan tinggi pratama) NIP. …",
                    closing_end.end, end)
    footnote = locate(DOC, "*) Pejabat Pimpinan Tinggi Pratama yang mengusulkan uji kompetensi.",
                      signer.end, end)
    return {
        "id": form_id,
        "huruf": letter,
        "dalam_rangka": purpose,
        "heading": heading.to_json(),
        "judul": {"text": full_title.text, "span": full_title.to_json()},
        "isian": list(LETTER_FIELDS),
        "isian_spans": [f.to_json() for f in fields],
        "pengantar": Span(DOC, intro.start, intro_end.end).to_json(),
        "pernyataan": _statements(intro_end.end, closing.start),
        "penutup": Span(DOC, closing.start, closing_end.end).to_json(),
        "penandatangan": signer.to_json(),
        "keterangan": footnote.to_json(),
    }


def _surat() -> dict[str, Any]:
    _, vi, vii = _bounds()
    title = locate(
        DOC,
        "FORMAT SURAT KETERANGAN TIDAK SEDANG MENJALANI/ DIJATUHI HUKUMAN DISIPLIN SEDANG/BERAT, "
        "TIDAK SEDANG MENJALANKAN TUGAS BELAJAR, TIDAK SEDANG MENJALANKAN CUTI DI LUAR TANGGUNGAN "
        "NEGARA",
        vi,
        vii,
    )
    starts = [
        locate(DOC, f"{letter}. Dalam rangka", title.end, vii).start for _, letter, _ in FORMS
    ]
    ends = [*starts[1:], locate(DOC, SIGNATURE, starts[-1], vii).start]
    forms = [
        _form(fid, letter, purpose, s, e)
        for (fid, letter, purpose), s, e in zip(FORMS, starts, ends, strict=True)
    ]
    return {
        "title": "Format surat keterangan pendaftaran uji kompetensi",
        "source": {"doc": DOC, "section": "Lampiran VI", "span": title.to_json()},
        "notes": [
            "Three letters, one per purpose of the uji kompetensi: A kenaikan jenjang, "
            "B perpindahan jabatan, C promosi (perpindahan diagonal). Each is signed by the "
            "Pejabat Pimpinan Tinggi Pratama who proposes the uji kompetensi.",
            "Letter C's list starts at 'b.': item 'a.' is missing in the source; the letters are "
            "kept as printed.",
            "Letter B item a. is printed 'bebas hukuman disipilin sedang atau berat yang "
            "ditandatangani atau dijatuhi hukuman disiplin sedang atau berat' (typo 'disipilin' "
            "and unclear wording kept as printed).",
            "The letterhead line 'Kop Unit Kerja/Instansi' is flattened before letters B and C "
            "and after the signature; it is page furniture and is not stored.",
        ],
        "surat": forms,
    }


def build() -> dict[str, Any]:
    """Return the Lampiran V and VI data files."""
    return {LAMPIRAN_V: _cv(), LAMPIRAN_VI: _surat()}


def _cv_passages() -> list[Passage]:
    data = load_table(LAMPIRAN_V)
    out: list[Passage] = []
    lines: list[str] = []
    for sec in data["sections"]:
        if "fields" in sec:
            body = ", ".join(sec["fields"])
            lines.append(f"{sec['no']}. {sec['title']}: {body}.")
        elif "columns" in sec:
            body = ", ".join(sec["columns"])
            lines.append(f"{sec['no']}. {sec['title']} (kolom: {body}).")
        else:
            lines.append(f"{sec['no']}. {sec['title']}:")
    out.append(Passage(
        id="permendag:lampiran_v:format_cv",
        source=DOC,
        title="Format daftar riwayat hidup (Lampiran V)",
        section="Lampiran V, Format Daftar Riwayat Hidup",
        text=(
            "Format daftar riwayat hidup (DRH) menurut Lampiran V Permendag 4/2025 memuat bagian "
            "berikut, disertai pas foto dan diketahui oleh Pejabat Pimpinan Tinggi Pratama:\n"
            + "\n".join(lines)
        ),
        kind="cv",
    ))
    return out


def _surat_passages() -> list[Passage]:
    data = load_table(LAMPIRAN_VI)
    out: list[Passage] = []
    for form in data["surat"]:
        items = "\n".join(f"{s['huruf']}. {s['text']}" for s in form["pernyataan"])
        if form["pernyataan"][0]["huruf"] != "a":
            # The source skips item a. of this letter; say so rather than renumber.
            items += "\n(Butir a. tidak tercantum pada naskah Lampiran VI.)"
        out.append(Passage(
            id=f"permendag:lampiran_vi:{form['id']}",
            source=DOC,
            title=f"Surat keterangan pendaftaran uji kompetensi: {form['dalam_rangka']}",
            section=f"Lampiran VI, huruf {form['huruf']}: {form['dalam_rangka']}",
            text=(
                f"Surat keterangan pendaftaran uji kompetensi dalam rangka {form['dalam_rangka']} "
                "(Lampiran VI Permendag 4/2025) ditandatangani Pejabat Pimpinan Tinggi Pratama "
                "yang mengusulkan uji kompetensi, dan menerangkan bahwa nama yang tercantum dalam "
                f"surat usulan:\n{items}\nSurat ini menjadi kelengkapan persyaratan dalam proses "
                "uji kompetensi Jabatan Fungsional di Bidang Perdagangan."
            ),
            kind="ukom_pernyataan",
            extra={"huruf": form["huruf"], "pernyataan": len(form["pernyataan"])},
        ))
    return out


def passages() -> list[Passage]:
    """Return the Lampiran V (CV format) and Lampiran VI (surat keterangan) passages."""
    return _cv_passages() + _surat_passages()
