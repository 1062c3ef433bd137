"""Majalah KOMPETEN Vol. 3 No. 1 2024: articles, page furniture, neutrality rules, passages."""

from __future__ import annotations

import re
from typing import Any

from knowledge.data_files import load_table
from knowledge.extract import kompeten
from knowledge.sources_text import source_text

SRC = source_text("kompeten")
TOC = SRC[SRC.index("2 SALAM REDAKSI") : SRC.index("TIM REDAKSI")]


def _articles() -> list[dict[str, Any]]:
    return load_table("kompeten/artikel")["artikel"]  # type: ignore[no-any-return]


def _by_slug() -> dict[str, dict[str, Any]]:
    return {a["slug"]: a for a in _articles()}


def _rules() -> list[dict[str, Any]]:
    return load_table("kompeten/netralitas")["aturan"]  # type: ignore[no-any-return]


def test_one_entry_per_table_of_contents_line() -> None:
    # The TOC numbers every entry by page: "2 SALAM REDAKSI", "3 LIPUTAN UTAMA", 13 author
    # lines ("6 Dianawati", ...) and the two infographics (55, 56). Salam redaksi is not an
    # article, so 16 entries: liputan utama + 13 articles + 2 infographics.
    numbered = re.findall(r"^(\d+) ", TOC, flags=re.M)
    assert len(numbered) == 17
    arts = _articles()
    assert len(arts) == len(numbered) - 1 == 16
    assert [a["jenis"] for a in arts].count("artikel") == 13
    assert [a["jenis"] for a in arts].count("infografis") == 2
    pages = [int(a["halaman"]["text"]) for a in arts]
    assert pages == [int(n) for n in numbered[1:]]  # same order as the TOC


def test_titles_and_authors_spot_checks() -> None:
    a = _by_slug()
    lip = a["liputan_utama"]
    assert lip["judul"]["text"] == ("Integritas, Profesionalisme, dan Netralitas Pejabat "
                                    "Fungsional dalam Menghadapi Pemilu Tahun 2024")
    assert [(p["nama"]["text"], p["jabatan"]["text"]) for p in lip["penulis"]] == [
        ("Amir Syarifuddin", "Analisis SDM Aparatur Ahli Muda")]
    assert a["netralitas_asn_dilema"]["penulis"][0]["jabatan"]["text"] == (
        "Penjamin Mutu Produk Ahli Madya")
    assert [p["nama"]["text"] for p in a["integritas_era_digital"]["penulis"]] == [
        "Riski Juliandari", "Rachel Rama Grandhinta", "Unki Elsara Turnip"]
    assert a["peran_penting_pemilu"]["penulis"][0]["jabatan"]["text"] == "Penera Ahli Madya"
    assert a["merit_sistem"]["penulis"][0]["nama"]["text"] == "Edi Waloyo"  # TOC: "Edy"
    penera = a["netralitas_penera"]
    assert penera["penulis"][0]["nama"]["text"] == "Lulu Azizah"
    assert penera["penulis"][0]["jabatan"] is None
    assert a["bmad_australia"]["judul"]["text"] == (
        "Implementasi Bea Masuk Anti Dumping Oleh Australia Terhadap Impor Asal Indonesia")
    assert a["infografis_formasi"]["penulis"] == []


def test_page_furniture_is_not_in_bodies() -> None:
    furniture = ("sumber foto", "freepik.com", "\t", "- Arie Budiman -", "@pusdiklatdag",
                 "Larangan Fose Foto", "Sumber: Badan Pusat Statistik", "Jumlah Responden")
    for f in furniture:
        assert f in SRC
    for art in _articles():
        names = {p["nama"]["text"] for p in art["penulis"]}
        for el in art["isi"]:
            for f in furniture:
                assert f not in el["text"], (art["slug"], f)
            # captions go; a sentence pointing at a figure ("... Gambar 1 berikut:") stays
            assert not re.match(r"(Gambar|Tabel) \d|[Ss]umber( foto)? ?:", el["text"]), el["text"]
            assert el["text"] not in names
    # The liputan's pull quote ("... agar dapat melaksanakan ...") repeats the body; it is
    # dropped, while the body sentence ("... agar dalam melaksanakan ...") stays.
    body = kompeten.article_text("liputan_utama")
    assert "Bidang Perdagangan agar dapat melaksanakan tugas jabatannya" in SRC
    assert "Bidang Perdagangan agar dapat melaksanakan tugas jabatannya" not in body
    assert "bidang Perdagangan agar dalam melaksanakan tugas jabatannya" in body
    # The byline printed mid-article (Mochamad Ibnu Athoillah) is not body text.
    assert "Penera Ahli Madya" not in kompeten.article_text("peran_penting_pemilu")


def test_paragraphs_broken_by_page_furniture_are_joined() -> None:
    lip = _by_slug()["liputan_utama"]["isi"]
    item_d = next(e for e in lip if e["text"].startswith("d) Mendeklarasikan"))
    assert item_d["text"] == "d) Mendeklarasikan diri sebagai paslon kepala daerah atau wakil " \
        "kepala daerah;"
    assert len(item_d["src"]) == 2
    merit = kompeten.article_text("merit_sistem")
    assert ("dukungan terhadap partai politik, tetapi juga tentang integritas dan etika "
            "individu") in merit
    # Every body element ends a sentence, except the few printed without a stop.
    for art in _articles():
        if art["jenis"] != "artikel":
            continue
        for el in art["isi"]:
            if el["type"] == "paragraph":
                assert re.search(r"[.!?:;”\")*]$", el["text"]) or el["text"].startswith(
                    "Seorang ASN diwajibkan"), (art["slug"], el["text"][-60:])


def test_neutrality_rules_count_and_groups() -> None:
    rules = _rules()
    assert [r["n"] for r in rules] == list(range(1, 20))
    groups = [(r["artikel"], r["sanksi"]) for r in rules]
    assert groups.count(("liputan_utama", None)) == 4
    assert groups.count(("integritas_era_digital", "pemberhentian tidak dengan hormat")) == 1
    assert groups.count(("integritas_era_digital", "hukuman disiplin tingkat berat")) == 7
    assert groups.count(("integritas_era_digital", "hukuman disiplin tingkat sedang")) == 2
    assert groups.count(("integritas_era_digital", None)) == 4
    assert groups.count(("netralitas_penera", None)) == 1
    # Independent count of the lettered lists in the source: a-d, a-g, a-b.
    berat = SRC[SRC.index("Tingkat Berat, di antaranya:") : SRC.index("Tingkat Sedang")]
    assert re.findall(r"^\s*- ([a-g])\. ", berat, flags=re.M) == list("abcdefg")
    sedang = SRC[SRC.index("Tingkat Sedang, diantaranya:") : SRC.index("Dalam hal kesiapan")]
    assert re.findall(r"^\s*- ([a-b])\. ", sedang, flags=re.M) == list("ab")
    liputan = SRC[SRC.index("pelanggaran netralitas dalam pelaksanaan Pemilu dan Pilkada, "
                            "seperti:") : SRC.index("- Arie Budiman -")]
    assert re.findall(r"^- ([a-d])\) ", liputan, flags=re.M) == list("abcd")


def test_neutrality_rule_texts() -> None:
    rules = {r["n"]: r for r in _rules()}
    assert rules[1]["text"].startswith("Membuat *posting, comment, share, like, bergabung/"
                                       "follow* dalam *group/akun* pemenang calon presiden/"
                                       "wakil presiden/DPR/")
    assert rules[1]["ocr_fixes"] == [["**p r e s i d e n / w a k i l** presiden",
                                      "presiden/wakil presiden"]]
    assert rules[4]["text"] == "Mendeklarasikan diri sebagai paslon kepala daerah atau wakil " \
        "kepala daerah;"
    assert rules[14]["text"] == ("Menjadi tim pemenangan bakal calon peserta Pemilu sebelum "
                                 "penetapan calon.")
    assert rules[18]["topik"] == "media_sosial" and rules[18]["jenis"] == "sikap"
    assert rules[19]["jenis"] == "wajib" and "tangan mengempal/menggegam" in rules[19]["text"]
    for r in rules.values():
        assert r["konteks"]["text"] and r["src"]


def test_passages() -> None:
    ps = kompeten.passages()
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids))
    rules = [p for p in ps if p.kind == "netralitas"]
    assert [p.id for p in rules] == [f"kompeten:netralitas:{n}" for n in range(1, 20)]
    assert rules[5].text == (
        "Larangan bagi ASN terkait netralitas pada Pemilu 2024 (sanksi: hukuman disiplin "
        "tingkat berat): Membantu bakal calon peserta pemilu dalam memasang alat "
        "peraga/informasi seperti baliho/spanduk/pamflet/dsb."
    )
    arts = [p for p in ps if p.kind == "artikel"]
    slugs = {a["slug"] for a in _articles() if a["jenis"] != "infografis"}
    assert {p.extra["artikel"] for p in arts} == slugs
    for p in arts:
        words = len(p.text.split())
        assert 15 <= words <= 200, (p.id, words)
        assert "*" not in p.text  # markdown emphasis stripped for display
        assert p.section.startswith("Artikel \u201c")
        assert re.fullmatch(r"kompeten:artikel:[a-z_]+:\d+", p.id)
    lip = next(p for p in arts if p.id == "kompeten:artikel:liputan_utama:1")
    assert lip.section.endswith("oleh Amir Syarifuddin")
    formasi = [p for p in ps if p.id.startswith("kompeten:artikel:infografis_formasi:")]
    assert "paling lama 13 hari kerja" in formasi[0].text
    assert formasi[0].text.index("1. PENGUSULAN") < formasi[0].text.index("2. RAPAT")
