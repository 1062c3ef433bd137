"""Lampiran III text parts: aspects of the workload analysis (A), the rules (B) and Tabel 2."""

from __future__ import annotations

from typing import Any

from knowledge.extract._lampiran_iii_spans import (
    DOC,
    between,
    check_inside,
    clean,
    exact,
    item,
    lampiran_iii,
)
from knowledge.provenance import Span

SOURCE = {"doc": DOC, "lampiran": "III"}


def _value(
    vid: str, label: str, value: str, unit: str, as_written: str, span: Span, **extra: Any
) -> dict[str, Any]:
    """Return one number of the text: its value, how it is written, and the sentence around it."""
    if as_written not in span.text:
        raise ValueError(f"{as_written!r} not in {span.text!r}")
    return {
        "id": vid, "label": label, "value": value, "unit": unit, "as_written": as_written,
        **extra, "span": span.to_json(),
    }


def aspek() -> dict[str, Any]:
    """Return Lampiran III part A: SKR, kontribusi, volume, effective days and hours."""
    bounds = lampiran_iii()
    s = bounds[0]

    def sp(first: str, last: str) -> Span:
        return check_inside(between(first, last, s), bounds)

    skr = sp("Standar kemampuan rata-rata (SKR) adalah", "disebut dengan Norma Hasil.")
    kontribusi = sp("Presentase Kontribusi adalah", "pada seluruh jenjang JF Perdagangan.")
    volume = sp("Volume diperoleh dari target", "untuk jangka waktu 1 (satu) tahun.")
    hari_def = sp("Hari kerja efektif adalah", "Pada 5 hari kerja berlaku:")
    jam_def = sp(
        "Jam kerja efektif adalah jumlah jam kerja formal", "(seribu dua ratus lima puluh) jam."
    )
    days = [
        ("hari_per_tahun", "Jumlah hari per tahun", "365", "a. jumlah hari per tahun 365;", "365"),
        ("libur_sabtu_minggu", "Libur Sabtu-Minggu", "104", "b. libur Sabtu-Minggu 104 hari;",
         "104 hari"),
        ("libur_resmi", "Libur resmi", "14", "c. libur Resmi 14 hari;", "14 hari"),
        ("cuti", "Cuti", "12", "d. cuti 12 hari;", "12 hari"),
        ("jumlah_hari_libur", "Jumlah hari libur", "130", "e. jumlah hari libur 130 hari;",
         "130 hari"),
        ("hari_kerja_efektif", "Hari kerja efektif per tahun", "235",
         "f. hari kerja efektif 365 hari dikurangi jumlah hari libur 130 hari = 235 hari.",
         "= 235 hari"),
    ]
    hari_values = [
        _value(vid, label, value, "hari", written, check_inside(exact(needle, s), bounds))
        for vid, label, value, needle, written in days
    ]
    jam_values = [
        _value("allowance", "Allowance (waktu tidak bekerja) dari jam kerja formal", "30",
               "persen", "30%", sp("Allowance rata-rata sekitar", "dari jumlah jam kerja formal.")),
        _value("jam_kerja_efektif_per_tahun", "Jam kerja efektif per tahun", "1250", "jam",
               "1250 (seribu dua ratus lima puluh) jam",
               sp("Jam kerja efektif dalam satu tahun adalah",
                  "(seribu dua ratus lima puluh) jam.")),
        _value("jam_formal_per_minggu", "Jam kerja formal per minggu", "37.5", "jam",
               "37 Jam 30 Menit", sp("1) Jam kerja Formal Per Minggu", "= 37 Jam 30 Menit")),
        _value("jam_efektif_per_minggu", "Jam kerja efektif per minggu", "26.5", "jam",
               "26 Jam 30 Menit",
               sp("2) Jam Kerja Efektif per Minggu", "26,25 Jam dibulatkan 26 Jam 30 Menit"),
               computed_as_written="26,25 Jam"),
        _value("jam_formal_per_hari", "Jam kerja formal per hari", "7.5", "jam",
               "7 Jam 30 Menit", sp("1) Jam Kerja Formal per Hari", "dibulatkan = 7 Jam 30 Menit"),
               computed_as_written="7,5"),
        _value("jam_efektif_per_hari", "Jam kerja efektif per hari", "5.5", "jam",
               "5 Jam 30 Menit", sp("2) Jam Kerja Efektif per Hari", "dibulatkan = 5 Jam 30 Menit"),
               computed_as_written="5,30"),
    ]
    return {
        "title": "Lampiran III, A. Aspek-aspek dalam Analisis Beban Kerja",
        "source": {**SOURCE, "section": "A. Aspek-aspek dalam Analisis Beban Kerja (1–4)"},
        "notes": [
            "Lampiran III opens with 'PEDOMAN PERHITUNGAN KEBUTUHAN JF PERDAGANGAN' before the "
            "'LAMPIRAN III PERATURAN ...' heading: the PDF conversion placed the heading block "
            "after the content of the first page (items A.1-A.3).",
            "The source spells 'Presentase Kontribusi' in A.1.b; the rest of the lampiran says "
            "'Persentase'. Kept as written.",
            "Effective hours are written both '1.250' (A.1.a) and '1250' (A.4).",
            "A.4 is arithmetically loose and is kept as written: 70% x 37 h 30 min = 26,25 h "
            "(26 h 15 min) is 'rounded' to 26 h 30 min; 26 h 30 min : 5 = 5,3 h (5 h 18 min) is "
            "written '5,30' and 'rounded' to 5 h 30 min; 235 days x 5 h 30 min = 1292,5 h, not "
            "1250 h. The calculator uses none of these figures: the SKR values of Tabel 1 "
            "already embed the 1250 hours (SKR = outputs per 1250 effective hours).",
            "Values are stored as decimal strings with a dot; 'as_written' quotes the source.",
        ],
        "definitions": [
            item("skr", skr, label="Standar Kemampuan Rata-rata (SKR)"),
            item("persentase_kontribusi", kontribusi, label="Persentase Kontribusi"),
            item("volume", volume, label="Volume"),
        ],
        "hari_kerja_efektif": {**item("definisi", hari_def), "values": hari_values},
        "jam_kerja_efektif": {**item("definisi", jam_def), "values": jam_values},
    }


RULE_ENDS = {
    1: ("1. Perhitungan kebutuhan JF Perdagangan dilakukan", "setiap jenjang JF Perdagangan."),
    2: ("2. Nilai SKR dan nilai persentase kontribusi", "sebagaimana pada tabel 1."),
    3: ("3. Hasil perhitungan pada jenjang jabatan yang memperoleh nilai lebih besar",
        "dilakukan pembulatan ke atas."),
    4: ("4. Hasil perhitungan pada jenjang jabatan yang memperoleh nilai kurang",
        "dilakukan pembulatan ke bawah."),
    5: ("5. Perhitungan kebutuhan JF Perdagangan sebagaimana formulir",
        "menggunakan rumus berikut:"),
    6: ("6. Hasil akhir yang dapat digunakan untuk penghitungan",
        "skala nasional maupun internasional."),
}


def ketentuan() -> dict[str, Any]:
    """Return Lampiran III part B (rules B.1-B.6), the rounding threshold and the formula."""
    bounds = lampiran_iii()
    b_start = exact("B. PERHITUNGAN KEBUTUHAN", bounds[0]).start
    rules = []
    spans: dict[int, Span] = {}
    for no, (first, last) in RULE_ENDS.items():
        spans[no] = check_inside(between(first, last, b_start), bounds)
        rules.append(item(f"b{no}", spans[no], number=no))
    threshold_written = "0,6 (nol koma enam)"
    for no in (3, 4):
        if threshold_written not in spans[no].text:
            raise ValueError(f"B.{no} no longer states the threshold")
    return {
        "title": "Lampiran III, B. Perhitungan Kebutuhan",
        "source": {**SOURCE, "section": "B. Perhitungan Kebutuhan, angka 1-6"},
        "notes": [
            "B.5 ends with 'menggunakan rumus berikut:' and the formula itself was an image that "
            "the text conversion lost. The calculator reconstructs it (see 'formula') from B.1 "
            "(need follows the outputs and the per-jenjang contribution), B.2 (SKR and "
            "persentase kontribusi from Tabel 1), the columns of Tabel 2 ((3) SKR, (4) Volume, "
            "(5) Persentase Kontribusi, (6) Kebutuhan) and the SKR definition (A.1.a: outputs "
            "per 1250 effective hours a year, so Volume/SKR is a number of officials).",
            "B.3-B.4 literally speak of a per-jenjang result of at least / below 0,6 (aimed at "
            "results under 1). The calculator applies the threshold to the fractional part of "
            "the per-jenjang total: whole part, plus one when the fraction is >= 0,6 "
            "(0,6 -> 1; 0,59 -> 0; 2,6 -> 3; 2,4 -> 2).",
            "B.6: an output counts for jenjang Utama (Ahli Utama) only when it has national or "
            "international impact; otherwise its Utama share is left out (not redistributed).",
        ],
        "rules": rules,
        "rounding": {
            "threshold": "0.6",
            "as_written": threshold_written,
            "applies_to": "fractional part of the per-jenjang total K_j",
            "rule": "need_j = floor(K_j) + 1 if K_j - floor(K_j) >= threshold else floor(K_j)",
            "rule_ids": ["b3", "b4"],
            "spans": [spans[3].to_json(), spans[4].to_json()],
        },
        "utama": {
            "jenjang": "ahli_utama",
            "condition": "dampak skala nasional maupun internasional",
            "rule_id": "b6",
            "span": spans[6].to_json(),
        },
        "formula": {
            "missing_in_source": True,
            "as_written": clean(spans[5].text),
            "reconstructed": "K_ij = V_i / SKR_i × P_ij ; K_j = Σ_i K_ij",
            "symbols": {
                "V_i": "volume hasil akhir/output i dalam satu tahun (Tabel 2 kolom 4)",
                "SKR_i": "standar kemampuan rata-rata output i (Tabel 1; Tabel 2 kolom 3)",
                "P_ij": "persentase kontribusi jenjang j pada output i (Tabel 1; Tabel 2 kolom 5)",
                "K_ij": "kebutuhan jenjang j dari output i (Tabel 2 kolom 6)",
                "K_j": "total kebutuhan jenjang j (Tabel 2 baris Total Kebutuhan)",
            },
            "basis": ["b1", "b2", "b5", "tabel_2", "skr"],
            "span": spans[5].to_json(),
        },
    }


def tabel_2() -> dict[str, Any]:
    """Return the layout of Tabel 2 (Formulir Perhitungan Kebutuhan JF Perdagangan)."""
    bounds = lampiran_iii()
    t = exact("Tabel 2 Formulir Perhitungan Kebutuhan JF Perdagangan", bounds[0]).start
    title = exact("Formulir Perhitungan Kebutuhan JF Perdagangan", t)
    header = between("Jabatan Fungsional ………", "Tahun ………", t)
    fields = [
        {"id": fid, "label": label, "span": exact(label, header.start, header.end).to_json()}
        for fid, label in (
            ("jabatan_fungsional", "Jabatan Fungsional"), ("unit_kerja", "Unit Kerja"),
            ("instansi", "Instansi"), ("tahun", "Tahun"),
        )
    ]
    variants = {}
    for category, heads in (
        ("keahlian", "Pertama Muda Madya Utama"), ("keterampilan", "Pemula Terampil Mahir Penyelia")
    ):
        span = check_inside(
            between(
                f"Kategori {category.capitalize()} No. Hasil Akhir/Output", "Total Kebutuhan", t
            ),
            bounds,
        )
        sign = between("Sekretaris Jenderal/Daerah…", "NIP. ……………….", span.end)
        variants[category] = {
            "jenjang_headers": heads.split(),
            "span": span.to_json(),
            "signature": {
                "jabatan": "Sekretaris Jenderal/Daerah…", "nama": "Nama Pejabat",
                "nip": "NIP. ……………….", "span": sign.to_json(),
            },
        }
    kt = exact("Keterangan: (1) Diisi nomor urut", t).start
    column_defs = [
        ("(1)", "No.", "(1) Diisi nomor urut hasil akhir/output;"),
        ("(2)", "Hasil Akhir/Output", "(2) Diisi hasil akhir/output berdasarkan jabatan yang "
         "diusulkan sesuai pada tabel 1 lampiran II;"),
        ("(3)", "SKR", "(3) Diisi SKR sesuai pada tabel 1 lampiran II;"),
        ("(4)", "Volume", "(4) Diisi volume hasil akhir/output yang menjadi target unit dalam "
         "satu tahun;"),
        ("(5)", "Persentase Kontribusi", "(5) Diisi persentase kontribusi sesuai pada tabel 1 "
         "lampiran II; dan"),
        ("(6)", "Kebutuhan", "(6) Diisi kebutuhan berdasarkan rumus perhitungan kebutuhan."),
    ]
    columns = []
    for number, head, note in column_defs:
        span = check_inside(exact(note, kt), bounds)
        columns.append({
            "number": number, "header": head,
            "keterangan": clean(note[len(number):]).removesuffix("; dan").rstrip(";."),
            "span": span.to_json(),
        })
    return {
        "title": "Lampiran III, Tabel 2 Formulir Perhitungan Kebutuhan JF Perdagangan",
        "source": {**SOURCE, "section": "Tabel 2"},
        "notes": [
            "The Keterangan of Tabel 2 refers to 'tabel 1 lampiran II' for the outputs, SKR and "
            "percentages; Tabel 1 is in Lampiran III (Lampiran II holds the tingkat kesulitan "
            "tables). Read as Lampiran III Tabel 1.",
            "Columns (5) and (6) each span one sub-column per jenjang (keahlian: Pertama, Muda, "
            "Madya, Utama; keterampilan: Pemula, Terampil, Mahir, Penyelia).",
            "The form ends with 'Total Kebutuhan'; it has no row for the rounded need. The "
            "generated form adds one ('Kebutuhan setelah pembulatan', B.3-B.4).",
        ],
        "form_title": {"text": title.text, "span": title.to_json()},
        "header_fields": fields,
        "header_span": header.to_json(),
        "variants": variants,
        "columns": columns,
        "total_row": {"label": "Total Kebutuhan"},
    }
