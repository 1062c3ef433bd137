"""Search passages of Lampiran III and IV, built from the committed data files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from knowledge import fmt
from knowledge.ids import CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS
from knowledge.passage import Passage

DOC = "permendag"
P3 = "permendag:lampiran_iii"
P4 = "permendag:lampiran_iv"


def skr_text(written: str) -> str:
    """Return an SKR as written in the table ("4.63", "1250") in Indonesian notation."""
    places = len(written.split(".")[1]) if "." in written else 0
    return fmt.number(Decimal(written), places)


def upper_first(text: str) -> str:
    """Return text with its first letter upper-cased (table cells start in lower case)."""
    return text[:1].upper() + text[1:]


def _row_passage(row: dict[str, Any], unit: str) -> Passage:
    jf_label = JF_LABELS[row["jf"]]
    shares = ", ".join(f"{JENJANG_LABELS[j]} {p}%" for j, p in row["kontribusi"].items())
    text = (
        f"Nilai SKR dan persentase kontribusi {jf_label} kategori "
        f"{CATEGORY_LABELS[row['category']]} (Lampiran III Tabel 1, no. {row['no']}). "
        f"Hasil akhir: {upper_first(row['hasil_akhir'])}. "
        f"Definisi operasional: {row['definisi_operasional']}. "
        f"SKR: {skr_text(row['skr'])} ({unit}). Persentase kontribusi: {shares}."
    )
    return Passage(
        id=f"{P3}:tabel_1:{row['id']}",
        source=DOC,
        title=f"SKR {jf_label}: {upper_first(row['hasil_akhir'])}",
        section=f"Lampiran III, Tabel 1, {jf_label} {CATEGORY_LABELS[row['category']]} "
        f"no. {row['no']}",
        text=text,
        jf=row["jf"],
        kind="tabel",
        extra={"row_id": row["id"], "skr": row["skr"], "kontribusi": row["kontribusi"]},
    )


def _values_text(part: dict[str, Any]) -> str:
    """Return the source sentences of the values not already inside the definition."""
    lo, hi = part["span"]["start"], part["span"]["end"]
    return " ".join(
        v["span"]["text"] for v in part["values"]
        if not lo <= v["span"]["start"] < hi
    )


def lampiran_iii_passages(
    aspek: dict[str, Any], ketentuan: dict[str, Any], tabel_1: dict[str, Any],
    tabel_2: dict[str, Any],
) -> list[Passage]:
    """Return the passages of Lampiran III: definitions, effective time, rules, tables."""
    out: list[Passage] = []
    for d in aspek["definitions"]:
        out.append(Passage(
            id=f"{P3}:definisi:{d['id']}", source=DOC, title=d["label"],
            section=f"Lampiran III, A. Aspek-aspek dalam Analisis Beban Kerja, {d['label']}",
            text=d["text"], kind="definisi",
        ))
    for key, label in (("hari_kerja_efektif", "Hari Kerja Efektif"),
                       ("jam_kerja_efektif", "Jam Kerja Efektif")):
        part = aspek[key]
        out.append(Passage(
            id=f"{P3}:{key}", source=DOC, title=label,
            section=f"Lampiran III, A. Aspek-aspek dalam Analisis Beban Kerja, {label}",
            text=f"{part['text']} {_values_text(part)}",
            kind="definisi",
            extra={"values": {v["id"]: v["value"] for v in part["values"]}},
        ))
    for rule in ketentuan["rules"]:
        text = rule["text"]
        if rule["id"] == "b5":
            text += (
                " (Rumus pada peraturan berupa gambar dan tidak terbaca pada naskah teks; "
                "kalkulator kebutuhan memakai: kebutuhan jenjang = volume ÷ SKR × persentase "
                "kontribusi, dijumlahkan untuk semua hasil akhir.)"
            )
        out.append(Passage(
            id=f"{P3}:perhitungan_kebutuhan:{rule['number']}", source=DOC,
            title=f"Perhitungan Kebutuhan JF Perdagangan angka {rule['number']}",
            section=f"Lampiran III, B. Perhitungan Kebutuhan angka {rule['number']}",
            text=f"Perhitungan kebutuhan JF Perdagangan (Lampiran III huruf B) angka {text}",
            kind="ketentuan",
            jenjang="ahli_utama" if rule["id"] == "b6" else None,
        ))
    unit = tabel_1["skr_unit"]
    out.extend(_row_passage(row, unit) for row in tabel_1["rows"])
    cols = "; ".join(f"{c['number']} {c['header']}: {c['keterangan']}" for c in tabel_2["columns"])
    out.append(Passage(
        id=f"{P3}:tabel_2", source=DOC, title="Formulir Perhitungan Kebutuhan JF Perdagangan",
        section="Lampiran III, Tabel 2",
        text=(
            "Tabel 2 Formulir Perhitungan Kebutuhan JF Perdagangan (Lampiran III) memuat "
            "Jabatan Fungsional, Unit Kerja, Instansi, Tahun dan kategori (Keahlian: Pertama, "
            "Muda, Madya, Utama; Keterampilan: Pemula, Terampil, Mahir, Penyelia), dengan "
            f"kolom: {cols}. Formulir diakhiri baris Total Kebutuhan dan ditandatangani "
            "Sekretaris Jenderal/Daerah (nama pejabat dan NIP)."
        ),
        kind="formulir",
    ))
    return out


def lampiran_iv_passages(tables: dict[str, dict[str, Any]]) -> list[Passage]:
    """Return the passages of Lampiran IV: both letters and both forms."""
    out: list[Passage] = []
    for letter, origin in (("a", "Instansi"), ("b", "Unit Kerja di Lingkungan Kemendag")):
        s = tables[f"{letter}_surat"]
        body = " ".join(p["text"] for p in s["parts"])
        out.append(Passage(
            id=f"{P4}:surat_{letter}", source=DOC,
            title=f"Format Surat Usulan Kebutuhan JF Perdagangan dari {origin}",
            section=f"Lampiran IV, huruf {letter.upper()} (format surat)",
            text=body, kind="surat",
        ))
        f = tables[f"{letter}_formulir"]
        heads = "; ".join(f"{c['number']} {c['header']}" for c in f["columns"])
        extra = ""
        if "keterangan" in f:
            extra = " Keterangan: " + "; ".join(
                f"{k['number']} {k['keterangan']}" for k in f["keterangan"]
            ) + "."
        out.append(Passage(
            id=f"{P4}:formulir_{letter}", source=DOC, title=f["form_title"]["text"],
            section=f"Lampiran IV, huruf {letter.upper()} (lampiran surat: formulir usulan)",
            text=(
                f"{f['form_title']['text']} (lampiran surat usulan dari {origin}). Kolom: "
                f"{heads}; lowongan {f['lowongan_formula']['text']}. Baris per nama dan "
                f"jenjang JF, diakhiri baris {f['total_row']['label']} dan tanda tangan "
                f"{f['signature']['jabatan']}.{extra}"
            ),
            kind="formulir",
        ))
    return out
