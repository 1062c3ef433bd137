"""The behaviour guide extraction: counts, exact items, no merging, motto and organisation.

The count table and the line ranges below were established by reading
knowledge/sources/panduan-perilaku-jf-perdagangan-2025.txt line by line (``cat -n``), not by
copying the extractor's output.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from knowledge.build import dump
from knowledge.data_files import load_table
from knowledge.extract import panduan
from knowledge.ids import JF_LABELS, VALUE_LABELS
from knowledge.sources_text import source_text

VALUES = list(VALUE_LABELS)
# (wajib, dilarang) per value in VALUE_LABELS order:
# berorientasi_pelayanan, akuntabel, kompeten, harmonis, loyal, adaptif, kolaboratif
COUNTS: dict[str, list[tuple[int, int]]] = {
    "analis_perdagangan": [(7, 6), (8, 9), (8, 11), (17, 18), (12, 11), (20, 13), (11, 10)],
    "pengawas_perdagangan": [(16, 16), (19, 19), (19, 17), (18, 16), (16, 15), (18, 18),
                             (18, 18)],
    "pengamat_tera": [(9, 12), (10, 15), (11, 9), (13, 9), (10, 12), (11, 10), (11, 12)],
    "negosiator_perdagangan": [(13, 14), (14, 12), (12, 11), (9, 8), (9, 9), (10, 10),
                               (10, 9)],
    "penera": [(15, 12), (13, 12), (11, 10), (12, 12), (13, 11), (13, 12), (12, 13)],
    "penguji_mutu_barang": [(13, 20), (15, 16), (16, 20), (16, 18), (17, 16), (17, 16),
                            (19, 23)],
}

# 1-based source line ranges (inclusive) of every list, read by eye: per value, the wajib
# ranges then the dilarang ranges. A second, independent reading of the same facts.
R = tuple[tuple[int, int], ...]
LINES: dict[str, list[tuple[R, R]]] = {
    "analis_perdagangan": [
        (((92, 98),), ((102, 107),)), (((126, 133),), ((153, 161),)),
        (((180, 187),), ((206, 216),)), (((236, 252),), ((272, 289),)),
        (((310, 321),), ((341, 351),)), (((373, 392),), ((413, 425),)),
        (((444, 454),), ((472, 481),)),
    ],
    "pengawas_perdagangan": [
        (((527, 542),), ((556, 571),)), (((585, 594), (621, 629)), ((598, 607), (633, 641))),
        (((655, 673),), ((687, 703),)), (((717, 734),), ((748, 763),)),
        (((777, 792),), ((806, 820),)), (((834, 851),), ((865, 882),)),
        (((896, 913),), ((929, 946),)),
    ],
    "pengamat_tera": [
        # W/A/J/I/B printed before the BP wajib list (968-976), D/I/L/A/R/A/N/G after the BP
        # dilarang list (1011-1018); Loyal: W/A/J/I/B after its wajib list (1190-1198).
        (((978, 986),), ((998, 1009),)), (((1034, 1043),), ((1059, 1073),)),
        (((1087, 1097),), ((1111, 1119),)), (((1133, 1145),), ((1159, 1167),)),
        (((1179, 1188),), ((1212, 1223),)), (((1237, 1247),), ((1261, 1270),)),
        (((1292, 1302),), ((1315, 1326),)),
    ],
    "negosiator_perdagangan": [
        (((1398, 1410),), ((1430, 1443),)), (((1461, 1474),), ((1492, 1503),)),
        (((1521, 1532),), ((1550, 1560),)), (((1578, 1586),), ((1606, 1613),)),
        (((1633, 1641),), ((1661, 1669),)), (((1689, 1698),), ((1718, 1727),)),
        (((1747, 1756),), ((1776, 1784),)),
    ],
    "penera": [
        (((1841, 1849), (1867, 1872)), ((1853, 1858), (1876, 1881))),
        (((1901, 1906), (1923, 1929)), ((1910, 1916), (1933, 1937))),
        (((1956, 1961), (1980, 1984)), ((1965, 1971), (1988, 1990))),
        (((2013, 2018), (2038, 2043)), ((2022, 2029), (2047, 2050))),
        (((2073, 2079), (2096, 2101)), ((2083, 2089), (2105, 2108))),
        (((2129, 2135), (2154, 2159)), ((2139, 2145), (2163, 2167))),
        (((2188, 2192), (2209, 2215)), ((2196, 2203), (2220, 2224))),
    ],
    "penguji_mutu_barang": [
        (((2275, 2280), (2295, 2301)), ((2284, 2291), (2305, 2316))),
        (((2332, 2337), (2352, 2360)), ((2341, 2348), (2364, 2371))),
        # Kompeten page 2: "WAJIB" and "DILARANG" stacked (2408, 2410) over two lists.
        (((2387, 2392), (2412, 2421)), ((2396, 2406), (2423, 2431))),
        (((2447, 2451), (2467, 2477)), ((2455, 2463), (2481, 2489))),
        (((2505, 2511), (2524, 2533)), ((2515, 2520), (2537, 2546))),
        # Adaptif page 2 has no headings: 2582-2591 obligations, 2592-2599 prohibitions.
        (((2563, 2569), (2582, 2591)), ((2573, 2580), (2592, 2599))),
        (((2615, 2626), (2648, 2654)), ((2630, 2644), (2658, 2665))),
    ],
}

LIST_LINE = re.compile(r"^\s*(\d+\.|-)\s+\S")


def _jf(jf: str) -> dict[str, Any]:
    data: dict[str, Any] = load_table(f"panduan/{jf}")
    return data


def _value(jf: str, value: str) -> dict[str, Any]:
    return next(v for v in _jf(jf)["values"] if v["value"] == value)


def _line_of(offset: int) -> int:
    return source_text("panduan").count("\n", 0, offset) + 1


def _source_lines() -> list[str]:
    return source_text("panduan").split("\n")


def _expand(ranges: R) -> list[int]:
    return [n for a, b in ranges for n in range(a, b + 1)]


def test_the_two_readings_agree_with_each_other() -> None:
    for jf, per_value in LINES.items():
        derived = [(len(_expand(w)), len(_expand(d))) for w, d in per_value]
        assert derived == COUNTS[jf], jf


def test_every_line_of_the_hand_ranges_is_a_list_item() -> None:
    lines = _source_lines()
    for per_value in LINES.values():
        for w, d in per_value:
            for n in _expand(w) + _expand(d):
                assert LIST_LINE.match(lines[n - 1]), (n, lines[n - 1])


@pytest.mark.parametrize("jf", list(JF_LABELS))
def test_counts_per_value_and_kind(jf: str) -> None:
    data = _jf(jf)
    assert [v["value"] for v in data["values"]] == VALUES
    got = [(len(v["wajib"]), len(v["dilarang"])) for v in data["values"]]
    assert got == COUNTS[jf]


@pytest.mark.parametrize("jf", list(JF_LABELS))
def test_items_come_from_exactly_the_hand_read_lines(jf: str) -> None:
    for v, (w, d) in zip(_jf(jf)["values"], LINES[jf], strict=True):
        for kind, ranges in (("wajib", w), ("dilarang", d)):
            lines = [_line_of(it["spans"][0]["start"]) for it in v[kind]]
            assert lines == _expand(ranges), (jf, v["value"], kind)


def test_chapter_totals_by_counting_raw_list_lines() -> None:
    # Independent of the parser: every numbered/bulleted line of a chapter is either one of
    # the three kode etik points printed under each "Kode Etik dan Kode Perilaku" heading or
    # a wajib/dilarang item.
    text = source_text("panduan")
    starts = [text.index("PANDUAN PERILAKU\n\nJF ANALIS"),
              text.index("PANDUAN PERILAKU ***JF PENGAWAS"),
              text.index("PANDUAN PERILAKU\n\nJF PENGAMAT TERA"),
              text.index("PANDUAN PERILAKU\n\nNEGOSIATOR"),
              text.index("PANDUAN PERILAKU\n\nPENERA"),
              text.index("PANDUAN PERILAKU\n\nPENGUJI MUTU BARANG"),
              text.index("KEMENTERIAN\nPERDAGANGAN", text.index("PENGUJI MUTU BARANG\n"))]
    order = ["analis_perdagangan", "pengawas_perdagangan", "pengamat_tera",
             "negosiator_perdagangan", "penera", "penguji_mutu_barang"]
    for jf, a, b in zip(order, starts, starts[1:], strict=False):
        chapter = text[a:b].split("\n")
        list_lines = sum(1 for ln in chapter if LIST_LINE.match(ln))
        kode_headings = sum(1 for ln in chapter if ln.strip() == "Kode Etik dan Kode Perilaku")
        items = sum(w + d for w, d in COUNTS[jf])
        assert list_lines == items + 3 * kode_headings, jf


def test_grand_total() -> None:
    # Row sums by hand: analis 13+17+19+35+23+33+21 = 161; pengawas 32+38+36+34+31+36+36 =
    # 243; pengamat tera 21+25+20+22+22+21+23 = 154; negosiator 27+26+23+17+18+20+19 = 150;
    # penera 27+25+21+24+24+25+25 = 171; penguji mutu barang 33+31+36+34+33+33+42 = 242.
    assert sum(w + d for rows in COUNTS.values() for w, d in rows) == 1121


def test_numbered_items_keep_their_printed_numbers_in_sequence() -> None:
    for jf in JF_LABELS:
        for v in _jf(jf)["values"]:
            for kind in ("wajib", "dilarang", "kode_etik"):
                items = v[kind]
                assert [it["n"] for it in items] == list(range(1, len(items) + 1))
                numbers = [it["number"] for it in items]
                if numbers[0] is not None:
                    assert numbers == list(range(1, len(items) + 1)), (jf, v["value"], kind)
                else:
                    assert set(numbers) == {None}


@pytest.mark.parametrize(
    ("jf", "value", "kind", "n", "text"),
    [
        # The first item of the guide (line 92).
        ("analis_perdagangan", "berorientasi_pelayanan", "wajib", 1,
         "Menanggapi permintaan atau pertanyaan dengan cepat, sopan, dan memberikan solusi "
         "sesuai prosedur layanan."),
        # The last item of the guide (line 2665).
        ("penguji_mutu_barang", "kolaboratif", "dilarang", 23,
         "Menunda respons atau lambat memahami isu teknis, sehingga menghambat efektivitas "
         "kerja tim lintas fungsi."),
        # Numbered, heading "W A J I B" one letter per line (line 527).
        ("pengawas_perdagangan", "berorientasi_pelayanan", "wajib", 1,
         "Menyiapkan dokumen, data, dan peralatan pengawasan secara lengkap dan akurat untuk "
         "menjamin kualitas layanan di lapangan."),
        # Ends without a full stop in the source (line 542).
        ("pengawas_perdagangan", "berorientasi_pelayanan", "wajib", 16,
         "Mengevaluasi kebijakan pengawasan secara menyeluruh, menekankan efektivitas, "
         "efisiensi, dan dampak sosial-ekonomi demi kemanfaatan publik"),
        # "D I L A R A N G" on one line (line 556).
        ("pengawas_perdagangan", "berorientasi_pelayanan", "dilarang", 1,
         "Menggunakan data yang belum terverifikasi, memanipulasi, atau menyembunyikan hasil "
         "identifikasi sehingga menurunkan akurasi dan kredibilitas pengawasan."),
        # Bullets; first item of the second Akuntabel page (line 633).
        ("pengawas_perdagangan", "akuntabel", "dilarang", 11,
         "Mengabaikan prinsip kejujuran, transparansi, dan akurasi dalam seluruh proses "
         "pengawasan, penegakan hukum, dan pelayanan pengaduan."),
        # Vertical D/I/L/A/R/A/N/G printed after the list; leading space before "2." (999).
        ("pengamat_tera", "berorientasi_pelayanan", "dilarang", 2,
         "Menyusun laporan tanpa data faktual atau tanpa pemeriksaan langsung di lapangan, "
         "sehingga mengurangi validitas hasil."),
        # Vertical W/A/J/I/B printed after the list (line 1179).
        ("pengamat_tera", "loyal", "wajib", 1,
         "Menjalankan tugas pendataan, pemeriksaan, pemetaan, atau pengamatan alat ukur, alat "
         "takar, alat timbang, alat perlengkapan, BDKT, atau satuan ukuran secara jujur, "
         "objektif, dan sesuai prosedur, sebagai wujud kesetiaan terhadap aturan dan integritas "
         "profesi."),
        ("pengamat_tera", "kompeten", "dilarang", 9,
         "Menyampaikan informasi yang belum terverifikasi atau belum valid"),
        # "Panduan Perilaku" / "Wajib" headings (line 1474, no final full stop).
        ("negosiator_perdagangan", "akuntabel", "wajib", 14,
         "Menyelesaikan permasalahan atau hambatan perdagangan sesuai tugas dan peran "
         "fungsional dengan bertanggung jawab, tidak melampaui atau melepaskan kewenangan yang "
         "dimiliki"),
        # Penera's second page of a value, no value heading (line 1867).
        ("penera", "berorientasi_pelayanan", "wajib", 10,
         "Merawat dan mengendalikan peralatan standar ukur, instalasi uji, serta cap tanda tera "
         "untuk menjamin kualitas layanan."),
        ("penera", "akuntabel", "dilarang", 5,
         "Menerima gratifikasi, tekanan, perlakuan khusus, atau konflik kepentingan yang "
         "memengaruhi objektivitas hasil kerja."),
        # After a line holding a single space (line 2220).
        ("penera", "kolaboratif", "dilarang", 9,
         "Tertutup dalam pelaporan, dokumentasi, maupun komunikasi hasil kerja."),
        # Stacked WAJIB/DILARANG: first list wajib (2412), second dilarang (2423).
        ("penguji_mutu_barang", "kompeten", "wajib", 7,
         "Mengikuti pelatihan, sertifikasi, uji kompetensi, dan pembelajaran berkelanjutan, "
         "baik secara mandiri maupun kolaboratif, untuk meningkatkan keahlian, memahami "
         "perkembangan metode terbaru, serta menjamin kualitas dan kompetensi profesional."),
        ("penguji_mutu_barang", "kompeten", "dilarang", 12,
         "Mengabaikan kesalahan teknis, data menyimpang, atau tren tidak normal."),
        # "secara aktif.." printed with two full stops (line 2403).
        ("penguji_mutu_barang", "kompeten", "dilarang", 8,
         "Menolak pembelajaran, diskusi, atau peningkatan kompetensi secara aktif."),
        # Headless Adaptif page: last wajib (2591) and first dilarang (2592).
        ("penguji_mutu_barang", "adaptif", "wajib", 17,
         "Merevisi dan mengembangkan dokumen sistem mutu sesuai perubahan standar, hasil audit, "
         "atau kebutuhan organisasi secara tepat dan sistematis."),
        ("penguji_mutu_barang", "adaptif", "dilarang", 9,
         "Menolak peningkatan kompetensi (termasuk pelatihan teknis dan metode terkini) dan "
         "mengabaikan masukan, inovasi, dan ide baru dari tim atau pihak teknis dalam setiap "
         "tahapan kerja"),
    ],
)
def test_exact_items(jf: str, value: str, kind: str, n: int, text: str) -> None:
    item = _value(jf, value)[kind][n - 1]
    assert item["n"] == n
    assert item["text"] == text
    assert text.rstrip(".") in item["spans"][0]["text"]


HEADING_WORDS = re.compile(
    r"WAJIB|DILARANG|Perilaku Wajib|Perilaku Dilarang|Kode Etik|Definisi|ORGANISASI|PANDUAN|"
    + "|".join(label.upper() for label in VALUE_LABELS.values())
)


def test_no_item_swallowed_a_neighbour_or_a_heading() -> None:
    for jf in JF_LABELS:
        for v in _jf(jf)["values"]:
            for kind in ("wajib", "dilarang", "kode_etik"):
                for it in v[kind]:
                    text = it["text"]
                    assert not re.search(r"(^|\s)\d{1,2}\.\s", text), text
                    assert not re.search(r"(^|\s)-\s", text), text
                    assert not HEADING_WORDS.search(text), text
                    assert "*" not in text and "\n" not in text
                    assert text[:1].isupper(), text


def test_item_spans_quote_the_item_line() -> None:
    for jf in JF_LABELS:
        for v in _jf(jf)["values"]:
            for kind in ("wajib", "dilarang"):
                for it in v[kind]:
                    (span,) = it["spans"]
                    marker = f"{it['number']}. " if it["number"] is not None else "- "
                    assert span["text"].startswith(marker)
                    body = " ".join(span["text"][len(marker):].split())
                    assert body.replace("..", ".") == it["text"]


@pytest.mark.parametrize("jf", list(JF_LABELS))
def test_motto_organisation_definition_kode_etik_exist(jf: str) -> None:
    data = _jf(jf)
    assert "BerAKHLAK" in data["motto"]["text"]
    assert data["organisasi"]["name"] and data["organisasi"]["spans"]
    for v in data["values"]:
        assert v["definisi"]["text"]
        assert [k["number"] for k in v["kode_etik"]] == [1, 2, 3]


def test_organisations_as_printed() -> None:
    names = {jf: _jf(jf)["organisasi"]["name"] for jf in JF_LABELS}
    assert names == {
        "analis_perdagangan": "AJAPI",
        "pengawas_perdagangan": "PERWASDAG",  # shared page, logo names both JF
        "negosiator_perdagangan": "NEGARI",
        "penera": "IKATMI",
        "pengamat_tera": "PERWASDAG",
        "penguji_mutu_barang": "P3MB",
    }
    assert _jf("pengawas_perdagangan")["organisasi"]["printed_in_other_chapter"] is True
    assert _jf("pengamat_tera")["organisasi"]["printed_in_other_chapter"] is False
    assert _jf("pengawas_perdagangan")["organisasi"]["caption_names"] == [
        "pengawas_perdagangan", "pengamat_tera"]
    assert _jf("penera")["organisasi"]["logo_caption"] == "Logo Organisasi Profesi JF Penerima"


def test_mottos_are_cleaned() -> None:
    assert _jf("penera")["motto"]["text"].startswith(
        "Sebagai Penera yang BerAKHLAK, ketepatan, objektivitas, dan kepatuhan pada standar")
    assert _jf("negosiator_perdagangan")["motto"]["text"] == (
        "Negosiator Perdagangan yang BerAKHLAK bukan hanya memperjuangkan kepentingan bangsa "
        "di meja perundingan, tetapi juga menjaga martabat Indonesia dengan integritas, "
        "profesionalitas, dan pelayanan yang tulus.")
    assert _jf("penguji_mutu_barang")["motto"]["text"].startswith("Penguji Mutu Barang yang")


def test_definitions_and_source_oddities() -> None:
    assert _value("penguji_mutu_barang", "adaptif")["definisi"]["text"] == (
        "Terus berinovasi dan antusias dalam menggerakkan dan menghadapi perubahan")
    assert _value("analis_perdagangan", "akuntabel")["definisi"]["text"] == (
        "Bertanggung jawab atas kepercayaan yang diberikan.")
    # Printed under Kolaboratif, these are Adaptif's points (source error kept as printed).
    assert _value("penguji_mutu_barang", "kolaboratif")["kode_etik"][0]["text"] == (
        "Cepat menyesuaikan diri menghadapi perubahan")
    notes = " ".join(_jf("penera")["notes"])
    assert "wajib item 10 repeats item 8" in notes


def test_general_sections() -> None:
    umum = load_table("panduan/umum")
    by_id = {s["id"]: s for s in umum["sections"]}
    assert [e["title"] for e in by_id["daftar_isi"]["entries"]][-1] == "Penutup"
    assert len(by_id["kata_pengantar"]["paragraphs"]) == 3
    assert by_id["kata_pengantar"]["paragraphs"][0]["text"].startswith("Perubahan pesat")
    assert by_id["kata_pengantar"]["signature"]["lines"][-1] == "Sri Iryanti, S.E., M.M."
    assert len(by_id["latar_belakang"]["paragraphs"]) == 4
    assert by_id["latar_belakang"]["paragraphs"][3]["text"].endswith(
        "berorientasi pada pelayanan publik yang berkualitas.")


def test_committed_data_is_what_build_produces() -> None:
    from knowledge.paths import DATA_DIR

    for name, content in panduan.build().items():
        assert (DATA_DIR / f"{name}.json").read_text(encoding="utf-8") == dump(content), name


def test_passages() -> None:
    ps = panduan.passages()
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids))
    by_id = {p.id: p for p in ps}
    p = by_id["panduan:penera:akuntabel:dilarang:5"]
    assert p.text == (
        "Perilaku dilarang bagi Penera (nilai Akuntabel): Menerima gratifikasi, tekanan, "
        "perlakuan khusus, atau konflik kepentingan yang memengaruhi objektivitas hasil kerja.")
    assert p.section == "Penera › Akuntabel › Perilaku Dilarang no. 5"
    assert (p.jf, p.value, p.kind) == ("penera", "akuntabel", "dilarang")
    assert by_id["panduan:analis_perdagangan:harmonis:wajib:17"].kind == "wajib"
    items = sum(w + d for rows in COUNTS.values() for w, d in rows)
    kinds = [q.kind for q in ps]
    assert kinds.count("wajib") + kinds.count("dilarang") == items
    assert kinds.count("definisi") == kinds.count("kode_etik") == 42
    assert kinds.count("organisasi") == 6
    # 6 mottos + 3 pantun (Pengamat Tera, Negosiator Perdagangan, Penera).
    assert kinds.count("motto") == 9
    assert "PERWASDAG" in by_id["panduan:pengawas_perdagangan:organisasi"].text
    assert all(q.text and q.section for q in ps)
    # items + 42 definisi + 42 kode etik + 9 motto/pantun + 6 organisasi + 11 umum (daftar isi,
    # 3 kata pengantar paragraphs + signature, 4 latar belakang paragraphs, contacts, overview).
    assert len(ps) == 1121 + 42 + 42 + 9 + 6 + 11
    assert by_id["panduan:umum:kata_pengantar:1"].text.startswith("Perubahan pesat")
