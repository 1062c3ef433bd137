"""Parser of Lampiran III Tabel 1 (Nilai SKR dan Persentase Kontribusi), flattened into one line.

Each table row ends with its numbers, ``<SKR> <p>% <p>% <p>%[ <p>%]``; that pattern is the only
reliable row separator. Between two such ends lie: a repeated page header, perhaps the
"Kategori Keterampilan" header, the row number, the JF name (first row of a JF), the hasil
akhir (absent in continuation rows, whose hasil akhir cell is merged with the row above) and
the definisi operasional, which always starts with "Jumlah"/"jumlah" (maybe numbered "1.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from knowledge.ids import CATEGORY_JENJANG, JF_LABELS
from knowledge.provenance import SourceNotFound, Span, locate
from knowledge.sources_text import source_text

DOC = "permendag"
TABLE_START = "Tabel 1 Nilai SKR dan Persentase Kontribusi JF Perdagangan"
TABLE_END = "Tabel 2 Formulir Perhitungan Kebutuhan JF Perdagangan"
PAGE_HEADER = "No. JF Perdagangan Hasil Akhir Definisi Operasional SKR Persentase Kontribusi"
KEAHLIAN_HEADER = "Kategori Keahlian Pertama Muda Madya Utama"
KETERAMPILAN_HEADER = "Kategori Keterampilan Pemula Terampil Mahir Penyelia"

ROW_END = re.compile(r"(?P<skr>\d+(?:\.\d+)?) (?P<pcts>\d+%(?: \d+%){2,3})(?= |$)")
ROW_NO = re.compile(r"^(?P<no>\d+) ")
DEFINISI_START = re.compile(r"(?:\d\. )?[Jj]umlah\b")
JF_BY_LABEL = {label: jf for jf, label in JF_LABELS.items()}


@dataclass(frozen=True)
class Row:
    """One row of Tabel 1 with the spans of its parts."""

    jf: str
    category: str
    no: int
    seq: int  # 1-based position among the rows of the same JF and category
    hasil_akhir: str
    hasil_akhir_span: Span
    hasil_akhir_shared: bool  # True when the cell is merged with the row above
    definisi: str
    definisi_span: Span
    skr: str
    percents: list[str]
    jenjang: list[str]
    values_span: Span
    row_span: Span


def _table_bounds() -> tuple[int, int]:
    start = locate(DOC, TABLE_START).start
    end = locate(DOC, TABLE_END, start).start
    return start, end


def _strip_prefix(text: str, pos: int, prefix: str) -> int:
    """Return the position after ``prefix`` (and one space) if the text continues with it."""
    if text.startswith(prefix, pos):
        pos += len(prefix)
        while pos < len(text) and text[pos] == " ":
            pos += 1
    return pos


def _jenjang_for(category: str, count: int, jf: str) -> list[str]:
    names = CATEGORY_JENJANG[category]
    if count == len(names):
        return list(names)
    # Penera keterampilan has three columns: the JF has no Pemula jenjang (Lampiran I starts
    # Penera keterampilan at Terampil), so the values belong to the three upper jenjang.
    if category == "keterampilan" and count == 3 and jf == "penera":
        return names[1:]
    raise SourceNotFound(f"unexpected {count} percentages for {jf} {category}")


def parse_rows() -> list[Row]:
    """Return the 54 rows of Tabel 1 in source order."""
    text = source_text(DOC)
    start, end = _table_bounds()
    pos = start + len(TABLE_START)
    pos = _strip_prefix(text, pos, "")
    pos = _strip_prefix(text, pos, PAGE_HEADER)
    category = "keahlian"
    pos = _strip_prefix(text, pos, KEAHLIAN_HEADER)
    jf: str | None = None
    no = 0
    last_hasil: tuple[str, Span] | None = None
    seq: dict[tuple[str, str], int] = {}
    rows: list[Row] = []
    while True:
        m = ROW_END.search(text, pos, end)
        if m is None:
            break
        cur = _strip_prefix(text, _strip_prefix(text, pos, ""), PAGE_HEADER)
        if text.startswith(KETERAMPILAN_HEADER, cur):
            category = "keterampilan"
            cur = _strip_prefix(text, cur, KETERAMPILAN_HEADER)
            last_hasil = None
        row_start = cur
        nm = ROW_NO.match(text[cur : m.start()])
        if nm:
            no = int(nm.group("no"))
            cur += nm.end()
            for label, jf_id in JF_BY_LABEL.items():
                if text.startswith(label + " ", cur):
                    jf = jf_id
                    cur += len(label) + 1
                    break
        if jf is None:
            raise SourceNotFound(f"Tabel 1 row without JF at {cur}")
        dm = DEFINISI_START.search(text, cur, m.start())
        if dm is None:
            raise SourceNotFound(f"Tabel 1 row without definisi operasional at {cur}")
        shared = dm.start() == cur
        if shared:
            if last_hasil is None:
                raise SourceNotFound(f"continuation row without a hasil akhir above at {cur}")
            hasil, hasil_span = last_hasil
        else:
            hasil = text[cur : dm.start()].strip()
            hasil_span = Span(DOC, cur, cur + len(hasil))
            last_hasil = (hasil, hasil_span)
        definisi = text[dm.start() : m.start()].strip()
        pcts = [p.rstrip("%") for p in m.group("pcts").split()]
        key = (jf, category)
        seq[key] = seq.get(key, 0) + 1
        rows.append(
            Row(
                jf=jf,
                category=category,
                no=no,
                seq=seq[key],
                hasil_akhir=hasil,
                hasil_akhir_span=hasil_span,
                hasil_akhir_shared=shared,
                definisi=definisi,
                definisi_span=Span(DOC, dm.start(), dm.start() + len(definisi)),
                skr=str(Decimal(m.group("skr"))),
                percents=pcts,
                jenjang=_jenjang_for(category, len(pcts), jf),
                values_span=Span(DOC, m.start(), m.end()),
                row_span=Span(DOC, row_start, m.end()),
            )
        )
        pos = m.end()
    return rows
