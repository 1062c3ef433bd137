"""Permendag 4/2025 Lampiran I (ruang lingkup, cakupan kegiatan and output per JF × jenjang)
and the establishment facts printed before it; their data files and search passages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from knowledge import fmt
from knowledge.data_files import load_table
from knowledge.extract._lampiran_i_parse import DOC, Block, Row, Table, parse, tight
from knowledge.ids import JENJANG_LABELS, JF_LABELS
from knowledge.passage import Passage
from knowledge.provenance import SourceNotFound, Span, locate

LAMPIRAN_I = "permendag/lampiran_i"
PENETAPAN = "permendag/penetapan"

NOTES = [
    "The source is a flattened PDF table with columns No. | Jabatan Fungsional | Jenjang Jabatan "
    "| Ruang Lingkup | Cakupan Kegiatan | Kriteria Hasil Kerja | Contoh. Blocks (JF x jenjang) "
    "and rows (one per Cakupan Kegiatan) are anchored on hand-checked needles "
    "(knowledge/extract/_lampiran_i_layout.py).",
    "On every page break the repeated table header is dropped (it is page furniture) and the "
    "cells of the row being broken continue below it, column after column. Fragments of the Ruang "
    "Lingkup cell pushed below a header are moved back into ruang_lingkup (listed in the layout "
    "module); everything else below a header stays with the row it belongs to.",
    "Kriteria Hasil Kerja and Contoh are always kept together, in source order, as "
    "kriteria_dan_contoh. On a page break their fragments interleave (e.g. a kriteria item "
    "continues after the first contoh items), so such rows are never split. A row without page "
    "break is also given separate kriteria_hasil_kerja and contoh only when the Contoh list "
    "visibly restarts at '1.' or '➢' after a Kriteria list numbered 1..n (or lettered) that ends "
    "with a full stop; otherwise both fields are null and the passage shows the combined text.",
    "cakupan_kegiatan is the row's first cell up to the word that opens the Kriteria Hasil Kerja "
    "cell (Dokumen / Laporan / Lembar / Daftar / Rekapitulasi / Formulir). When the cakupan cell "
    "itself is broken by a page break, its tail stays at the start of the next page's fragment "
    "inside kriteria_dan_contoh (e.g. Analis Perdagangan Ahli Muda no. 4 'Hasil verifikasi "
    "dokumen perizinan/non-' ... 'perizinan di bidang perdagangan').",
    "Pengamat Tera has no number in the No. column (the other JF are numbered 1-5, with or "
    "without a dot); it is the sixth JF of the table.",
    "Penera has no Pemula block and the keahlian JF (Analis, Negosiator, Pengawas Perdagangan) "
    "have no keterampilan blocks: the table lists 31 JF x jenjang blocks.",
    "A few rows do not begin with 'Hasil ...': Analis Perdagangan Ahli Madya no. 1 and Pengawas "
    "Perdagangan Ahli Muda no. 1 / Ahli Madya no. 1-2 begin with 'Dokumen ...', Penguji Mutu "
    "Barang Penyelia no. 3-4 with 'Penyelesaian' / 'Penjaminan', Pengamat Tera Terampil no. 4 "
    "with 'Data hasil ...'; they are kept as rows because they stand in the Cakupan Kegiatan "
    "column with their own kriteria and contoh.",
]


def _span_json(spans: tuple[Span, ...] | list[Span]) -> list[dict[str, Any]]:
    return [s.to_json() for s in spans]


def _joined(spans: tuple[Span, ...] | list[Span]) -> str:
    return " ".join(s.text for s in spans)


def _cell(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "span": span.to_json()}


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "no": row.no,
        "cakupan_kegiatan": _cell(row.cakupan),
        "kriteria_dan_contoh": {"text": _joined(row.uraian), "spans": _span_json(row.uraian)},
        "kriteria_hasil_kerja": _cell(row.kriteria),
        "contoh": _cell(row.contoh),
        "page_breaks": row.page_breaks,
    }


def _block_json(block: Block) -> dict[str, Any]:
    return {
        "id": f"{block.jf}:{block.jenjang}",
        "jf": block.jf,
        "jenjang": block.jenjang,
        "label": f"{JF_LABELS[block.jf]} {JENJANG_LABELS[block.jenjang]}",
        "heading": block.heading.to_json(),
        "ruang_lingkup": {
            "text": _joined(block.ruang_lingkup),
            "spans": _span_json(block.ruang_lingkup),
        },
        "kegiatan": [_row_json(r) for r in block.rows],
    }


def _lampiran_i(table: Table) -> dict[str, Any]:
    return {
        "title": "Cakupan kegiatan dan output: ruang lingkup kegiatan JF di bidang perdagangan",
        "source": {"doc": DOC, "section": "Lampiran I", "span": table.title.to_json()},
        "notes": NOTES,
        "columns": [
            "No.", "Jabatan Fungsional", "Jenjang Jabatan", "Ruang Lingkup", "Cakupan Kegiatan",
            "Kriteria Hasil Kerja", "Contoh",
        ],
        "table_header": table.headers[0].to_json(),
        "page_headers": len(table.headers),
        "signature": table.signature.to_json(),
        "jf": [
            {
                "jf": jf,
                "label": JF_LABELS[jf],
                "heading": span.to_json(),
                "blocks": [_block_json(b) for b in table.blocks if b.jf == jf],
            }
            for jf, span in table.jf_headings.items()
        ],
    }


def _fact(needle: str, start: int, **values: Any) -> dict[str, Any]:
    span = locate(DOC, needle, start)
    return {**values, "span": span.to_json()}


def _penetapan() -> dict[str, Any]:
    title = locate(
        DOC,
        "Peraturan Menteri Nomor 4 Tahun 2025 tentang Petunjuk Pelaksanaan dan Petunjuk Teknis "
        "Jabatan Fungsional di Bidang Perdagangan",
    )
    start = locate(DOC, "Peraturan Menteri ini mulai berlaku", title.end).start
    end = locate(DOC, "LAMPIRAN I PERATURAN", start).start
    block = tight(start, end)
    if block is None:
        raise SourceNotFound("penetapan block")
    return {
        "title": "Penetapan dan pengundangan Permendag 4/2025",
        "source": {"doc": DOC, "section": "bagian akhir batang tubuh", "span": block.to_json()},
        "notes": [
            "The source keeps only the closing of the body of the regulation (before Lampiran I).",
            "The date of promulgation (diundangkan) and the Berita Negara number were images in "
            "the PDF; the conversion shows placeholder glyphs (Д, Ж) there, so both are unknown "
            "(null) here.",
        ],
        "judul": {"text": title.text, "span": title.to_json()},
        "mulai_berlaku": _fact(
            "Peraturan Menteri ini mulai berlaku pada tanggal diundangkan.", start,
            text="pada tanggal diundangkan",
        ),
        "ditetapkan": _fact(
            "Ditetapkan di Jakarta pada tanggal 14 Januari 2025", start,
            tempat="Jakarta", tanggal="2025-01-14",
        ),
        "menteri": _fact(
            "MENTERI PERDAGANGAN REPUBLIK INDONESIA, Œ BUDI SANTOSO", start,
            jabatan="Menteri Perdagangan Republik Indonesia", nama="Budi Santoso",
        ),
        "diundangkan": _fact(
            "Diundangkan di Jakarta pada tanggal Д", start, tempat="Jakarta", tanggal=None,
        ),
        "pengundang": _fact(
            "DIREKTUR JENDERAL PERATURAN PERUNDANG-UNDANGAN KEMENTERIAN HUKUM REPUBLIK "
            "INDONESIA, Ѽ DHAHANA PUTRA", start,
            jabatan="Direktur Jenderal Peraturan Perundang-undangan Kementerian Hukum Republik "
            "Indonesia",
            nama="Dhahana Putra",
        ),
        "berita_negara": _fact(
            "BERITA NEGARA REPUBLIK INDONESIA TAHUN 2025 NOMOR Ж", start, tahun=2025, nomor=None,
        ),
    }


def build() -> dict[str, Any]:
    """Return the Lampiran I and penetapan data files."""
    return {LAMPIRAN_I: _lampiran_i(parse()), PENETAPAN: _penetapan()}


def _sentence(text: str) -> str:
    return text if text.endswith((".", ":", ";")) else text + "."


def _section(label: str, extra: str) -> str:
    return f"Lampiran I, {label}, {extra}"


def _details(row: dict[str, Any]) -> str:
    if row["kriteria_hasil_kerja"] is not None:
        return (
            f"Kriteria hasil kerja: {row['kriteria_hasil_kerja']['text']}\n"
            f"Contoh: {row['contoh']['text']}"
        )
    return (
        "Kriteria hasil kerja dan contoh (kedua kolom digabung sesuai urutan naskah): "
        f"{row['kriteria_dan_contoh']['text']}"
    )


def _block_passages(jf: dict[str, Any], block: dict[str, Any]) -> list[Passage]:
    jf_id, jenjang = block["jf"], block["jenjang"]
    name = f"{JF_LABELS[jf_id]} {JENJANG_LABELS[jenjang]}"
    pretty = f"{JF_LABELS[jf_id]} — {JENJANG_LABELS[jenjang]}"
    base = f"permendag:lampiran_i:{jf_id}:{jenjang}"
    rows = block["kegiatan"]
    listing = "\n".join(f"{r['no']}. {_sentence(r['cakupan_kegiatan']['text'])}" for r in rows)
    out = [
        Passage(
            id=f"{base}:ruang_lingkup",
            source=DOC,
            title=f"Ruang lingkup kegiatan {name}",
            section=_section(pretty, "ruang lingkup"),
            text=(
                f"Ruang lingkup kegiatan {name}: {_sentence(block['ruang_lingkup']['text'])}\n"
                f"Cakupan kegiatan (hasil kerja) {name}:\n{listing}"
            ),
            jf=jf_id,
            jenjang=jenjang,
            kind="ruang_lingkup",
            extra={"kegiatan": len(rows)},
        )
    ]
    for row in rows:
        out.append(
            Passage(
                id=f"{base}:kegiatan:{row['no']}",
                source=DOC,
                title=f"{name}: {row['cakupan_kegiatan']['text']}",
                section=_section(pretty, f"kegiatan no. {row['no']}"),
                text=(
                    f"Cakupan kegiatan {name} no. {row['no']}: "
                    f"{_sentence(row['cakupan_kegiatan']['text'])}\n{_details(row)}"
                ),
                jf=jf_id,
                jenjang=jenjang,
                kind="kegiatan",
                extra={"no": row["no"], "jf_label": jf["label"]},
            )
        )
    return out


def _penetapan_passage() -> Passage:
    data = load_table(PENETAPAN)
    ditetapkan, menteri = data["ditetapkan"], data["menteri"]
    pengundang = data["pengundang"]
    when = fmt.date(date.fromisoformat(ditetapkan["tanggal"]))
    return Passage(
        id="permendag:penetapan",
        source=DOC,
        title="Penetapan Permendag 4/2025",
        section="Penetapan",
        text=(
            f"{data['judul']['text']}. Peraturan Menteri ini mulai berlaku "
            f"{data['mulai_berlaku']['text']}. Ditetapkan di {ditetapkan['tempat']} pada tanggal "
            f"{when} oleh {menteri['jabatan']}, {menteri['nama']}. Diundangkan di "
            f"{data['diundangkan']['tempat']} oleh {pengundang['jabatan']}, {pengundang['nama']}, "
            f"dalam Berita Negara Republik Indonesia Tahun {data['berita_negara']['tahun']} "
            "(tanggal pengundangan dan nomor Berita Negara tidak terbaca pada naskah sumber)."
        ),
        kind="penetapan",
    )


def passages() -> list[Passage]:
    """Return one passage per JF × jenjang ruang lingkup, one per activity row, and penetapan."""
    data = load_table(LAMPIRAN_I)
    out: list[Passage] = []
    for jf in data["jf"]:
        for block in jf["blocks"]:
            out.extend(_block_passages(jf, block))
    out.append(_penetapan_passage())
    return out
