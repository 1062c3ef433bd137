"""Lampiran VII (angka kredit), VIII (uji kompetensi scoring forms), IX (rekomendasi) of
Permendag 4/2025: the data the credit and exam calculators use, and their search passages.

Values are parsed out of located source text, so each row carries the span it was read from.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.data_files import load_table
from knowledge.ids import JENJANG_LABELS, PREDIKAT_LABELS
from knowledge.passage import Passage
from knowledge.provenance import SourceNotFound, Span, locate
from knowledge.sources_text import source_text

DOC = "permendag"

_NUM = r"\d+(?:,\d+)?"


def _bounds() -> tuple[int, int, int, int]:
    """Return the start offsets of Lampiran VII, VIII, IX and the end of IX."""
    vii = locate(DOC, "LAMPIRAN VII PERATURAN").start
    viii = locate(DOC, "LAMPIRAN VIII PERATURAN", vii).start
    ix = locate(DOC, "LAMPIRAN IX PERATURAN", viii).start
    end = locate(DOC, "Kop Unit Kerja/Instansi", ix).end
    return vii, viii, ix, end


def _dec(text: str) -> str:
    """Return a source number "28,13" as a JSON-safe decimal string "28.13"."""
    return text.replace(",", ".")


def _match(pattern: str, start: int, end: int) -> tuple[re.Match[str], Span]:
    text = source_text(DOC)
    m = re.compile(pattern).search(text, start, end)
    if m is None:
        raise SourceNotFound(f"{pattern!r} not found in {DOC}[{start}:{end}]")
    return m, Span(DOC, m.start(), m.end())


def _konversi() -> dict[str, Any]:
    vii, viii, _, _ = _bounds()
    header = locate(
        DOC, "Sangat Baik Baik Butuh Perbaikan Kurang Sangat Kurang 150% 100% 75% 50% 25%",
        vii, viii,
    )
    pcts = re.findall(r"(\d+)%", header.text)
    predikat = [
        {"predikat": pid, "label": label, "persen": pct, "span": header.to_json()}
        for (pid, label), pct in zip(PREDIKAT_LABELS.items(), pcts, strict=True)
    ]
    table_start = header.end
    table_end = locate(DOC, "MENTERI PERDAGANGAN", table_start, viii).start
    rows = []
    pos = table_start
    for jid in JENJANG_LABELS:
        label = JENJANG_LABELS[jid]
        m, span = _match(rf"{label} ({_NUM}) " + " ".join([f"({_NUM})"] * 5), pos, table_end)
        rows.append({
            "jenjang": jid,
            "label": label,
            "kategori": "keahlian" if jid.startswith("ahli") else "keterampilan",
            "koefisien": _dec(m.group(1)),
            "tercetak": {pid: _dec(m.group(i + 2)) for i, pid in enumerate(PREDIKAT_LABELS)},
            "span": span.to_json(),
        })
        pos = span.end
    title = locate(DOC, "2. KONVERSI PREDIKAT KINERJA TAHUNAN MENJADI ANGKA KREDIT TAHUNAN", vii)
    return {
        "title": "Konversi predikat kinerja tahunan menjadi angka kredit tahunan",
        "source": {"doc": DOC, "section": "Lampiran VII angka 2", "span": title.to_json()},
        "notes": [
            "Angka kredit tahunan = koefisien per tahun x persentase predikat; the printed "
            "cells ('tercetak') are kept exactly as written (decimal comma -> dot).",
            "The printed table rounds inconsistently: most cells are rounded half-up to 2 "
            "decimals (28,125 -> 28,13; 9,375 -> 9,38; 0,9375 -> 0,94) but Ahli Madya Sangat "
            "Kurang is printed unrounded as 9,375, and whole/one-decimal values are printed "
            "with 0, 1 or 2 decimals (12,5 / 12,50 / 37,50). The calculator always computes "
            "the exact value and displays it rounded half-up to 2 decimals.",
            "Part-year conversion (bulan/12) is not in this table: it comes from Peraturan BKN "
            "Nomor 3 Tahun 2023, see bkn/konversi_predikat.",
        ],
        "predikat": predikat,
        "rows": rows,
    }


def _minimal() -> dict[str, Any]:
    vii, viii, _, _ = _bounds()
    head = locate(DOC, "Kategori Jenjang Pangkat Koefisien Angka Kredit Tahunan Angka Kredit "
                  "Kumulatif Minimal Kenaikan Pangkat Jenjang*", vii, viii)
    foot = locate(DOC, "*dapat bersifat proporsional berdasarkan pangkat awal jenjang jabatan "
                  "pada saat menduduki JF", vii, viii)
    gol = r"[IV]+/[a-e]"
    rows = []
    pos = head.end
    # The source lists the rows top-down (Ahli Utama first); keep that order.
    order = ["ahli_utama", "ahli_madya", "ahli_muda", "ahli_pertama",
             "penyelia", "mahir", "terampil", "pemula"]
    for jid in order:
        label = JENJANG_LABELS[jid]
        m, span = _match(
            rf"{label} ((?:{gol}\s*[-–]\s*)*{gol}) ({_NUM}) ({_NUM}) ({_NUM}|-)", pos, viii
        )
        rows.append({
            "jenjang": jid,
            "label": label,
            "kategori": "keahlian" if jid.startswith("ahli") else "keterampilan",
            "golongan": re.findall(gol, m.group(1)),
            "koefisien": _dec(m.group(2)),
            "kenaikan_pangkat": _dec(m.group(3)),
            "kenaikan_jenjang": None if m.group(4) == "-" else _dec(m.group(4)),
            "span": span.to_json(),
        })
        pos = span.end
    return {
        "title": "Angka kredit JF Perdagangan: pangkat, koefisien tahunan, angka kredit "
                 "kumulatif minimal kenaikan pangkat dan jenjang",
        "source": {"doc": DOC, "section": "Lampiran VII angka 1", "span": head.to_json()},
        "notes": [
            "'-' in the kenaikan jenjang column (Ahli Utama, Penyelia: top jenjang of their "
            "kategori) is stored as null: not applicable.",
            "The golongan range is split on '-' and '–' (the source mixes hyphen and en dash: "
            "'IV/a -IV/b – IV/c').",
            "The kenaikan jenjang minimum equals the kenaikan pangkat minimum times the number "
            "of golongan in the jenjang (e.g. Ahli Madya 3 x 150 = 450), consistent with "
            "counting AK cumulatively in the jenjang with surplus carried over after each "
            "kenaikan pangkat.",
            "The footnote '*' (kenaikan jenjang minimum may be proportional to the pangkat on "
            "entering the JF) is kept as data; the calculator uses the full table value and "
            "says so.",
        ],
        "catatan_kaki": {"teks": foot.text, "span": foot.to_json()},
        "rows": rows,
    }


def _penilaian() -> dict[str, Any]:
    _, viii, ix, _ = _bounds()

    def element(name: str, needle_label: str, start: int) -> dict[str, Any]:
        m, span = _match(rf"[IV]+ {re.escape(needle_label)} (\d+)", start, ix)
        return {"elemen": name, "label": needle_label, "maksimal": m.group(1),
                "span": span.to_json()}

    seminar_at = locate(DOC, "A. Format Penilaian Seminar", viii, ix)
    praktik_at = locate(DOC, "B. Format Penilaian Ujian Praktik", viii, ix)
    wawancara_at = locate(DOC, "C. Format Penilaian Wawancara", viii, ix)
    form_d = locate(DOC, "D. FORMULIR PERHITUNGAN HASIL PENILAIAN UJI KOMPETENSI", viii, ix)
    seminar = [
        element("sistematika", "SISTEMATIKA PENULISAN", seminar_at.end),
        element("isi", "ISI/SUBSTANSI", seminar_at.end),
        element("presentasi", "PRESENTASI", seminar_at.end),
    ]
    praktik = [
        element("persiapan", "PERSIAPAN/PRA", praktik_at.end),
        element("pelaksanaan", "PELAKSANAAN", praktik_at.end),
        element("hasil", "HASIL", praktik_at.end),
    ]
    seminar_total, seminar_total_span = _match(r"Jumlah Nilai Maksimal (\d+)", seminar_at.end, ix)
    praktik_total, praktik_total_span = _match(r"Jumlah Nilai Maksimal (\d+)", praktik_at.end, ix)
    skala, skala_span = _match(r"NILAI \((\d+)-(\d+)\)", wawancara_at.end, ix)
    rata = locate(DOC, "Nilai Akhir (rata-rata nilai)", wawancara_at.end, ix)
    kolom = locate(DOC, "CAT Seminar Praktik/ Studi Kasus/ Portofolio Wawancara UKT UKMSK "
                   "Nilai Akhir Rekomendasi (Lulus/Tidak Lulus)", form_d.end, ix)
    return {
        "title": "Format penilaian uji kompetensi: seminar, ujian praktik, wawancara, "
                 "formulir perhitungan hasil",
        "source": {"doc": DOC, "section": "Lampiran VIII"},
        "notes": [
            "Seminar and praktik scores are the sum of their elements (each up to its "
            "'Nilai Maksimal'; the forms give 'Jumlah Nilai Maksimal 100').",
            "Wawancara: each competency is scored 0-100 and the form's 'Nilai Akhir' is the "
            "mean (rata-rata).",
            "Form D lists CAT, Seminar, Praktik/Studi Kasus/Portofolio and Wawancara each with "
            "'Nilai' and 'Nilai Bobot' but prints no weights, and no pass mark appears in "
            "Lampiran VIII or IX: the calculator takes them as inputs with labelled defaults.",
        ],
        "seminar": {
            "title": "Form Penilaian Seminar",
            "elemen": seminar,
            "jumlah_maksimal": seminar_total.group(1),
            "jumlah_span": seminar_total_span.to_json(),
            "span": seminar_at.to_json(),
        },
        "praktik": {
            "title": "Form Penilaian Ujian Praktik",
            "elemen": praktik,
            "jumlah_maksimal": praktik_total.group(1),
            "jumlah_span": praktik_total_span.to_json(),
            "span": praktik_at.to_json(),
        },
        "wawancara": {
            "title": "Form Penilaian Wawancara",
            "nilai_minimal": skala.group(1),
            "nilai_maksimal": skala.group(2),
            "skala_span": skala_span.to_json(),
            "nilai_akhir": "rata-rata",
            "nilai_akhir_span": rata.to_json(),
            "span": wawancara_at.to_json(),
        },
        "formulir_perhitungan": {
            "title": "Formulir Perhitungan Hasil Penilaian Uji Kompetensi",
            "komponen_ukt": ["cat", "seminar", "praktik", "wawancara"],
            "kolom": kolom.text,
            "span": kolom.to_json(),
            "judul_span": form_d.to_json(),
        },
    }


def _rekomendasi() -> dict[str, Any]:
    _, _, ix, end = _bounds()
    ukt, ukt_span = _match(r"Uji Kompetensi Teknis (\d+)%", ix, end)
    ukmsk, ukmsk_span = _match(r"Uji Kompetensi Manajerial dan Sosial Kultural (\d+)%", ix, end)
    berlaku, berlaku_span = _match(
        r"Surat rekomendasi ini berlaku selama (\d+) \((\w+)\) tahun sejak ditetapkan", ix, end
    )
    title = locate(DOC, "SURAT REKOMENDASI HASIL UJI KOMPETENSI", ix, end)
    return {
        "title": "Surat rekomendasi hasil uji kompetensi: bobot dan masa berlaku",
        "source": {"doc": DOC, "section": "Lampiran IX", "span": title.to_json()},
        "notes": [
            "Nilai akhir = bobot UKT x nilai UKT + bobot UKMSK x nilai UKMSK (Bobot x Nilai "
            "column of the form).",
            "Validity: 2 years 'sejak ditetapkan'. The calculator gives the anniversary date "
            "as the end date; a rekomendasi dated 29 February ends on 28 February (the year "
            "of expiry has no 29 February) - a deliberate choice, the source is silent.",
        ],
        "bobot": [
            {"komponen": "ukt", "label": "Uji Kompetensi Teknis", "persen": ukt.group(1),
             "span": ukt_span.to_json()},
            {"komponen": "ukmsk", "label": "Uji Kompetensi Manajerial dan Sosial Kultural",
             "persen": ukmsk.group(1), "span": ukmsk_span.to_json()},
        ],
        "masa_berlaku": {"tahun": berlaku.group(1), "terbilang": berlaku.group(2),
                         "teks": berlaku_span.text,
                         "span": berlaku_span.to_json()},
    }


def build() -> dict[str, Any]:
    """Return the Lampiran VII, VIII and IX data files."""
    return {
        "permendag/lampiran_vii_konversi": _konversi(),
        "permendag/lampiran_vii_angka_kredit": _minimal(),
        "permendag/lampiran_viii_penilaian": _penilaian(),
        "permendag/lampiran_ix_rekomendasi": _rekomendasi(),
    }


def _num(text: str) -> str:
    # As printed ("12,50", "9,375"), not fmt.number: passages quote the table's own figures.
    return text.replace(".", ",")


def passages() -> list[Passage]:
    """Return the searchable passages of Lampiran VII-IX, built from the committed data."""
    konv = load_table("permendag/lampiran_vii_konversi")
    mini = load_table("permendag/lampiran_vii_angka_kredit")
    pen = load_table("permendag/lampiran_viii_penilaian")
    rek = load_table("permendag/lampiran_ix_rekomendasi")
    out: list[Passage] = []

    def add(pid: str, section: str, title: str, text: str, **kw: Any) -> None:
        out.append(Passage(id=pid, source=DOC, title=title, section=section, text=text, **kw))

    pct = ", ".join(f"{p['label']} {p['persen']}%" for p in konv["predikat"])
    add("permendag:lampiran_vii:konversi", "Lampiran VII angka 2",
        "Konversi predikat kinerja ke angka kredit",
        "Angka kredit tahunan JF Perdagangan = koefisien per tahun × persentase predikat "
        f"kinerja: {pct}.", kind="konversi")
    for row in konv["rows"]:
        cells = "; ".join(
            f"{PREDIKAT_LABELS[pid]} {_num(v)}" for pid, v in row["tercetak"].items()
        )
        add(f"permendag:lampiran_vii:konversi:{row['jenjang']}", "Lampiran VII angka 2",
            f"Angka kredit tahunan {row['label']}",
            f"Konversi predikat kinerja tahunan menjadi angka kredit tahunan {row['label']} "
            f"(koefisien per tahun {_num(row['koefisien'])}): {cells}.",
            kind="konversi", jenjang=row["jenjang"])
    for row in mini["rows"]:
        golongan = "–".join(row["golongan"])
        jenjang = ("tidak ada (jenjang tertinggi)" if row["kenaikan_jenjang"] is None
                   else _num(row["kenaikan_jenjang"]))
        add(f"permendag:lampiran_vii:minimal:{row['jenjang']}", "Lampiran VII angka 1",
            f"Angka kredit minimal {row['label']}",
            f"Angka kredit kumulatif minimal kenaikan pangkat {row['label']}: "
            f"{_num(row['kenaikan_pangkat'])}; kenaikan jenjang: {jenjang}. Pangkat "
            f"{golongan}; koefisien angka kredit tahunan {_num(row['koefisien'])}.",
            kind="angka_kredit_minimal", jenjang=row["jenjang"])
    add("permendag:lampiran_vii:proporsional", "Lampiran VII angka 1",
        "Angka kredit minimal kenaikan jenjang dapat proporsional",
        "Angka kredit kumulatif minimal kenaikan jenjang dapat bersifat proporsional "
        "berdasarkan pangkat awal jenjang jabatan pada saat menduduki JF.",
        kind="angka_kredit_minimal")
    forms = (("seminar", "Lampiran VIII huruf A"), ("praktik", "Lampiran VIII huruf B"))
    for key, section in forms:
        form = pen[key]
        parts = "; ".join(f"{e['label'].title()} maksimal {e['maksimal']}" for e in form["elemen"])
        add(f"permendag:lampiran_viii:{key}", section, form["title"],
            f"{form['title']} uji kompetensi: {parts}; jumlah nilai maksimal "
            f"{form['jumlah_maksimal']}.", kind="uji_kompetensi")
    w = pen["wawancara"]
    add("permendag:lampiran_viii:wawancara", "Lampiran VIII huruf C", w["title"],
        f"Form Penilaian Wawancara uji kompetensi: setiap kompetensi dinilai "
        f"{w['nilai_minimal']}–{w['nilai_maksimal']}; nilai akhir wawancara adalah rata-rata "
        "nilai.", kind="uji_kompetensi")
    add("permendag:lampiran_viii:formulir_perhitungan", "Lampiran VIII huruf D",
        pen["formulir_perhitungan"]["title"],
        "Formulir perhitungan hasil penilaian uji kompetensi memuat nilai dan nilai bobot CAT, "
        "seminar, praktik/studi kasus/portofolio, dan wawancara; nilai UKT (bobot "
        f"{rek['bobot'][0]['persen']}%) dan UKMSK (bobot {rek['bobot'][1]['persen']}%); nilai "
        "akhir; serta rekomendasi lulus/tidak lulus.",
        kind="uji_kompetensi")
    bobot = "; ".join(f"{b['label']} {b['persen']}%" for b in rek["bobot"])
    add("permendag:lampiran_ix:bobot", "Lampiran IX", "Bobot nilai akhir uji kompetensi",
        f"Nilai akhir uji kompetensi = jumlah bobot × nilai: {bobot}.", kind="uji_kompetensi")
    add("permendag:lampiran_ix:masa_berlaku", "Lampiran IX",
        "Masa berlaku surat rekomendasi hasil uji kompetensi",
        "Surat rekomendasi hasil uji kompetensi berlaku selama "
        f"{rek['masa_berlaku']['tahun']} ({rek['masa_berlaku']['terbilang']}) tahun sejak "
        "ditetapkan.", kind="uji_kompetensi")
    return out
