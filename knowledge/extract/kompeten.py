"""Structured extraction of Majalah KOMPETEN Vol. 3 No. 1 Tahun 2024.

Data files: ``kompeten/artikel`` (every article: title, page, authors with jabatan, body as
headings / paragraphs / list items) and ``kompeten/netralitas`` (the neutrality rules for ASN in
the 2024 elections that the articles list, as numbered items).

The body of an article is everything between its first paragraph and its end (references or
the next article), minus the page furniture: photo credits, figure and table captions, table
rows, pull quotes that repeat the body, quote attributions, the byline when it is printed in
the middle of the text. A paragraph broken by a page break is joined back (one item, several
spans); where the conversion moved a continuation away from its paragraph, the join is listed
per article in ``_ARTICLES`` and reported in the data file's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from knowledge.data_files import load_table
from knowledge.extract._secondary_common import (
    Fix,
    blocks,
    chunk,
    count_words,
    display,
    item,
    verbatim,
)
from knowledge.passage import Passage
from knowledge.provenance import Span, locate
from knowledge.sources_text import DOCUMENT_TITLES

DOC = "kompeten"
TITLE = DOCUMENT_TITLES[DOC]


@dataclass(frozen=True)
class _Article:
    slug: str
    toc: str  # the title as printed in the table of contents
    page: str  # the TOC line that holds the page number (and usually the authors)
    bylines: tuple[tuple[str, str | None], ...]  # (name, jabatan) as printed at the article
    start: str  # the first words of the body
    end: str  # the first words after the body
    jenis: str = "artikel"
    toc_authors: str | None = None  # authors taken from the TOC when the byline is missing
    heading: str | None = None  # where the byline is searched from (the article heading)
    # more furniture: a line equal to one of these, or starting with one of 15+ characters
    drop: tuple[str, ...] = ()
    # (needle in a dangling paragraph, start of the paragraph that continues it); the joined
    # paragraph stays where the dangling one is, unless listed in ``join_at_sequel``
    joins: tuple[tuple[str, str], ...] = field(default=())
    join_at_sequel: tuple[str, ...] = ()
    # starts of paragraphs printed without a final stop that must not absorb the next one
    standalone: tuple[str, ...] = ()


_ARTICLES: tuple[_Article, ...] = (
    _Article(
        "liputan_utama", "Integritas, Profesionalisme, dan Netralitas Pejabat Fungsional dalam "
        "Menghadapi Pemilu Tahun 2024", "3 LIPUTAN UTAMA",
        (("Amir Syarifuddin", "Analisis SDM Aparatur Ahli Muda"),),
        "Tahun 2024 ini Indonesia kembali", "Sebuah Dilema?", jenis="liputan_utama",
    ),
    _Article(
        "netralitas_asn_dilema", "Netralitas ASN, di Masa Pemilu Sebuah Dilema?", "6 Dianawati",
        (("Dianawati", "Penjamin Mutu Produk Ahli Madya"),),
        "Pemilihan umum presiden Indonesia", "Integritas, Profesionalisme, dan\nNetralitas",
        heading="Sebuah Dilema?",
    ),
    _Article(
        "integritas_pesta_demokrasi", "Integritas, Profesionalisme, dan Netralitas Pejabat "
        "Fungsional Perdagangan Dalam “Pesta Demokrasi”", "9 Eka Yulia Wijayanti",
        (("Eka Yulia Wijayanti", None),),
        "Pemilihan Umum (Pemilu) merupakan momen penting", "Pemilihan Umum Indonesia 2024 :",
        heading="“Dalam Pesta Demokrasi”",
    ),
    _Article(
        "peran_penting_pemilu", "Pemilihan Umum Indonesia 2024 : Peran Penting Pejabat "
        "Fungsional Bidang Perdagangan", "15 Mochamad Ibnu Athoillah",
        (("Mochamad Ibnu Athoillah", "Penera Ahli Madya"),),
        "Pemilihan Umum 2024 di Indonesia merupakan", "Potensi\n\nPOLITISASI",
        heading="Pemilihan Umum 2024 di Indonesia merupakan",
    ),
    _Article(
        "potensi_politisasi", "Potensi Politisasi Jabatan Fungsional Bidang Perdagangan Dalam "
        "Pesta Demokrasi", "18 Gusti Ayu Widhi Resmi Putri",
        (("Gusti Ayu Widhi Resmi Putri",
          "Analisis Perdagangan Ahli Pertama, Direktorat Pemberdayaan Konsumen"),),
        "Penyelenggaraan Pemilihan Umum (Pemilu) baik", "Daftar Pustaka:",
        heading="PESTA DEMOKRASI", drop=("Praktik Nepotisme",),
    ),
    _Article(
        "integritas_era_digital", "Integritas dan Netralitas ASN dalam Pemilu 2024 serta "
        "Menyikapi Informasi di Era Digital",
        "23 Riski Juliandari, Unki Elsara Turnip dan Rachel Rama Grandhinta",
        (("Riski Juliandari", "Analis Perdagangan Ahli Pertama"),
         ("Rachel Rama Grandhinta", "Analis Perdagangan Ahli Pertama"),
         ("Unki Elsara Turnip", "Analis Data dan Informasi")),
        "Tahun 2024 merupakan tahun pesta demokrasi", "sumber artikel:",
        heading="Integritas dan Netralitas ASN dalam Pemilu Tahun 2024 serta",
    ),
    _Article(
        "satu_data_disinformasi", "Upaya Pencegahan Disinformasi Melalui Satu Data untuk "
        "Mendukung Netralitas ASN Dalam Pemilu 2024 (Sebuah Opini)", "27 Nurochman",
        (("Nurochman", None),),
        "Pemilihan Umum (Pemilu) 2024 di Indonesia menjadi", "Ada 59 Kasus Dugaan",
        heading="Upaya Pencegahan Disinformasi Melalui Satu Data Untuk Mendukung",
        joins=(("Aplikasi ini memantau pergerakan harga dan stok", "komoditas dasar, termasuk"),
               ("Melalui analisis ini, terlihat jelas bahwa", "netralitas pejabat fungsional")),
        join_at_sequel=("Melalui analisis ini, terlihat jelas bahwa",),
    ),
    _Article(
        "merit_sistem", "Merit Sistem Dalam Netralitas ASN", "30 Edy Waloyo",
        (("Edi Waloyo", None),),
        "Pemilihan umum (Pemilu) merupakan tonggak", "Sumber :\n\n[1]",
        heading="MERIT SISTEM",
        joins=(("dapat mengajukan diri untuk menjadi Presiden", "bagian dari anggota keluarga"),
               ("diberhentikan karena", "perbedaan partai politik"),
               ("Peraturan Pemerintah (PP) Nomor 11 tahun 2017 tentang",
                "Manajemen Pegawai Negeri Sipil dan"),
               ("dukungan terhadap partai", "politik, tetapi juga tentang integritas")),
    ),
    _Article(
        "keterbukaan_informasi", "Peningkatan Integritas dan Profesionalisme ASN Pejabat "
        "Fungsional Perdagangan Dengan Menjalankan Keterbukaan Informasi Publik di Tahun 2024",
        "34 Dyas Chasbiansari dan Kumara Jati",
        (("Dyas Chasbhiansari", "Analisis Kebijakan Ahli Madya"),
         ("Kumara Jati", "Kepala ITPC Los Angles")),
        "Jabatan Fungsional Analis Perdagangan (JF Andag)", "memperoleh banyak suara untuk",
        heading="Peningkatan Integritas dan Profesionalisme ASN Pejabat Fungsional Perdagangan "
        "dengan",
        # the survey chart printed inside the article
        drop=("SURVEI TINGKAT KEPUASAN PENGGUNA", "Portal Satudata", "Perdagangan",
              "Hasil Survei Periode Januari", "Jumlah Responden :", "Sejumlah **91,4%**"),
        joins=(("menjadi kunci utama dalam menjaga kepercayaan", "masyarakat terhadap lembaga"),
               ("memprediksi tren dan", "peristiwa yang mungkin terjadi")),
    ),
    _Article(
        "netralitas_penera", "Netralitas Pejabat Fungsional Penerima Dalam Pemilu Tahun 2024",
        "37 Lulu Azizah", (), "memperoleh banyak suara untuk", "Referensi:",
        toc_authors="Lulu Azizah",
        joins=(("Unit Metrologi Legal pasal 2 ayat (2)", "yaitu untuk melaksanakan"),
               ("memanfaatkan media sosial untuk", "berkampanye, karena media sosial")),
        standalone=("Seorang ASN diwajibkan hanya diperbolehkan",),
    ),
    _Article(
        "birokrasi_ai", "Peluang dan Tantangan Birokrasi di Era Kecerdasan Buatan (AI)",
        "40 Permadi Sindar", (("Permadi Sindar", None),),
        "Penggunaan kecerdasan buatan (AI) semakin", "DAFTAR PUSTAKA:",
        heading="Peluang dan Tantangan Birokrasi di Era Kecerdasan Buatan (AI)\n",
    ),
    _Article(
        "kompetensi_mansoskul", "Strategi Implementasi Pengembangan Kompetensi Manajerial, "
        "Sosial & Kultural", "45 Ana Dwi Cahyani",
        (("Ana Dwi Cahyani", "Pengolah Data dan Informasi"),),
        "Dalam pelaksanaan tugas Jabatan Fungsional, sebagaimana", "Beberapa bulan lalu, kata",
        heading="Strategi Implementasi Pengembangan Kompetensi Manajerial, Sosial & Kultural\n",
    ),
    _Article(
        "simetromas", "SIMETROMAS, *All In One* Aplikasi Pelayanan Tera dan Tera Ulang di "
        "Kabupaten Banyumas", "49 Mohamad Nurdinsyah Ekapujakesuma", (),
        "Beberapa bulan lalu, kata", "IMPLEMENTASI BEA MASUK ANTI DUMPING",
        toc_authors="Mohamad Nurdinsyah Ekapujakesuma",
    ),
    _Article(
        "bmad_australia", "Implementasi Bea Masuk Anti Dumping Oleh Australia Terhadap Impor "
        "Asal Indonesia", "51 Resti Maheralia",
        (("Resti Maheralia", "Analis Perdagangan Ahli Pertama"),),
        "Australia merupakan negara maju", "INFORMASI KOLEGA",
        heading="IMPLEMENTASI BEA MASUK ANTI DUMPING",
        drop=("Kertas A4", "Clear Float Glass", "Power Transformers", "Steel Reinforcing Bar"),
        joins=(("Liberalisasi perdagangan lintas negara yang", "dipromosikan World Trade"),),
    ),
    _Article(
        "infografis_pelatihan_jf", "Infografis Informasi Kolega Pelatihan JF",
        "55 Infografis Informasi Kolega Pelatihan JF", (),
        "Dalam rangka pengembangan kompetensi para Pejabat", "PENGUSULAN REKOMENDASI FORMASI",
        jenis="infografis",
    ),
    _Article(
        "infografis_formasi", "Infografis Pengusulan Rekomendasi Formasi Bidang Perdagangan",
        "56 Infografis Pengusulan Rekomendasi Formasi Bidang Perdagangan", (),
        "Alur pengusulan rekomendasi formasi", "KEMENTERIAN\nPERDAGANGAN",
        jenis="infografis",
    ),
)

# Page furniture, by line.
_FURNITURE = (
    re.compile(r"^[Ss]umber( foto)?\s*:"),
    re.compile(r"^\(Sumber:"),
    re.compile(r"^Gambar\s*\d"),
    re.compile(r"^Tabel\s*\d"),
    re.compile(r"^- .+ -$"),  # the attribution under a pull quote
    re.compile(r"^[“”\s]*$"),
    re.compile(r"^@\w+$"),  # social media handles on the infographics
    re.compile(r"^AYO SEGERA USULKAN"),
)
_ITEM = re.compile(r"^(?:- ?)?(?:\d{1,2}[.)]|[a-z][.)]|-)\s")
_BULLET = re.compile(r"^- ?(?=\S)")
_TERMINAL = re.compile(r"[.!?:;”\")]\**$")


def _toc() -> Span:
    return Span(DOC, locate(DOC, "2 SALAM REDAKSI").start, locate(DOC, "TIM REDAKSI").start)


def _authors(art: _Article) -> list[dict[str, Any]]:
    toc = _toc()
    if art.toc_authors is not None:
        span = locate(DOC, art.toc_authors, toc.start, toc.end)
        return [{"nama": item([span]), "jabatan": None, "sumber_nama": "daftar isi"}]
    if not art.bylines:
        return []
    anchor = locate(DOC, art.heading or art.toc, toc.end).start
    out = []
    for name, jabatan in art.bylines:
        n = locate(DOC, name, anchor)
        j = locate(DOC, jabatan, n.end) if jabatan else None
        out.append({"nama": item([n]), "jabatan": item([j]) if j else None})
    return out


@dataclass
class _Element:
    kind: str  # heading | paragraph | item
    spans: list[Span]

    @property
    def text(self) -> str:
        return verbatim(self.spans)


def _is_furniture(line: Span, art: _Article, names: set[str]) -> bool:
    text = line.text
    return (
        "\t" in text
        or any(p.match(text) for p in _FURNITURE)
        or text.strip() in names
        or any(text == d or (len(d) >= 15 and text.startswith(d)) for d in art.drop)
    )


def _elements(art: _Article, body: Span, names: set[str]) -> list[_Element]:
    raw = blocks(body)
    all_text = " ".join(verbatim(b) for b in raw)
    out: list[_Element] = []
    skip_next = False
    for block in raw:
        joined = verbatim(block)
        if joined == "“":  # a pull quote follows
            skip_next = True
            continue
        if skip_next or block[0].text.strip() == "“":
            skip_next = False
            continue
        inner = joined.strip("“” ")
        if joined.startswith("“") and all_text.count(inner[:80]) > 1:
            continue  # a pull quote repeating the body
        kept = [ln for ln in block if not _is_furniture(ln, art, names)]
        if not kept:
            continue
        words = len(verbatim(kept).split())
        first = kept[0].text
        if (len(kept) == 1 and words <= 9 and not _ITEM.match(first) and ", " not in first
                and first[:1].isupper() and not re.search(r"[.;,!]\**$", first)):
            out.append(_Element("heading", kept))
            continue
        current: _Element | None = None
        for ln in kept:
            if _ITEM.match(ln.text):
                bullet = _BULLET.match(ln.text)
                span = Span(DOC, ln.start + bullet.end(), ln.end) if bullet else ln
                current = _Element("item", [span])
                out.append(current)
            elif current is not None:
                current.spans.append(ln)
            else:
                current = _Element("paragraph", [ln])
                out.append(current)
    return _join(out, art)


def _join(elements: list[_Element], art: _Article) -> list[_Element]:
    """Join page-broken paragraphs: explicit joins first, then a dangling end + its sequel."""
    for tail, head in art.joins:
        a = next(e for e in elements if tail in e.text)
        b = next(e for e in elements if e.text.startswith(head))
        a.spans.extend(b.spans)
        a.kind = "paragraph" if a.kind == "heading" else a.kind
        if tail in art.join_at_sequel:
            elements[elements.index(b)] = a
            elements.remove(a)
        else:
            elements.remove(b)
    out: list[_Element] = []
    for e in elements:
        prev = out[-1] if out else None
        if prev is not None and e.kind == "paragraph" and _continues(prev, e, art):
            prev.spans.extend(e.spans)
            prev.kind = "paragraph" if prev.kind == "heading" else prev.kind
            continue
        out.append(e)
    # The conversion printed one paragraph twice, first cut short: keep the full one.
    return [e for i, e in enumerate(out)
            if not (i + 1 < len(out) and out[i + 1].text.startswith(e.text)
                    and out[i + 1].text != e.text)]


def _continues(prev: _Element, e: _Element, art: _Article) -> bool:
    """Whether paragraph ``e`` is the rest of ``prev``, cut by a page break."""
    if _TERMINAL.search(prev.text) or any(prev.text.startswith(s) for s in art.standalone):
        return False
    lower = e.text[:1].islower()
    return lower if prev.kind in ("item", "heading") else True


def _article(art: _Article) -> dict[str, Any]:
    toc = _toc()
    title = locate(DOC, art.toc, toc.start, toc.end)
    page_line = locate(DOC, art.page, toc.start, toc.end)
    page_no = re.match(r"\d+", page_line.text)
    assert page_no is not None, art.page
    authors = _authors(art)
    names = {a["nama"]["text"] for a in authors} | {
        a["jabatan"]["text"] for a in authors if a["jabatan"]
    }
    start = locate(DOC, art.start, toc.end)
    end = locate(DOC, art.end, start.end)
    body = _elements(art, Span(DOC, start.start, end.start), names)
    return {
        "slug": art.slug,
        "jenis": art.jenis,
        "judul": item([title]),
        "halaman": item([Span(DOC, page_line.start, page_line.start + page_no.end())]),
        "penulis": authors,
        "isi": [
            {"type": e.kind, **item(e.spans)} for e in body
        ],
    }


# ---------------------------------------------------------------- neutrality rules

# (article, jenis, topik, sanksi, lead-in needle, [(item fragments, fixes)])
_RuleGroup = tuple[str, str, str, str | None, str, tuple[tuple[tuple[str, ...], tuple[Fix, ...]],
                                                            ...]]

_RULES: tuple[_RuleGroup, ...] = (
    ("liputan_utama", "dilarang", "netralitas", None,
     "harus dapat menghindari pelanggaran netralitas dalam pelaksanaan Pemilu dan Pilkada, "
     "seperti:", (
         (("Membuat *posting, comment, share, like, bergabung/follow* dalam *group/akun* "
           "pemenang calon **p r e s i d e n / w a k i l** presiden/DPR/ DPD/DPRD /gubernur/ "
           "wakil gubernur/ bupati/ wakil bupati / wali kota /wakil wali kota;",),
          (("**p r e s i d e n / w a k i l** presiden", "presiden/wakil presiden"),)),
         (("Mengadakan kegiatan yang mengarah kepada keberpihakan seperti ajakan, pertemuan, "
           "pemberian bahan termasuk penggunaan barang terkait jabatan maupun pribadi serta "
           "penggunaan fasilitas negara untuk kepentingan paslon;",), ()),
         (("Mengikuti kampanye dan mengiring orang lain untuk kepentingan paslon, dan;",), ()),
         (("Mendeklarasikan diri sebagai paslon kepala", "daerah atau wakil kepala daerah;"),
          ()),
     )),
    ("integritas_era_digital", "dilarang", "partai_politik", "pemberhentian tidak dengan hormat",
     "Berikut penjelasan mengenai sanksi-sanksinya:", (
         (("Sanksi Hukuman Pemberhentian Tidak dengan Hormat: Berdasarkan Undang-Undang Nomor 5 "
           "Tahun 2014 Pasal 87 Ayat 4 huruf c menjelaskan bahwa, pemberhentian secara tidak "
           "terhormat diberlakukan bagi ASN yang terbukti secara sah menjadi anggota/pengurus "
           "partai politik, dan wajib mengundurkan diri secara tertulis dan berlaku terhitung "
           "mulai akhir bulan pengunduran diri.",), ()),
     )),
    ("integritas_era_digital", "dilarang", "kampanye", "hukuman disiplin tingkat berat",
     "Sanksi Hukuman Disiplin Tingkat Berat, di antaranya:", (
         (("Membantu bakal calon peserta pemilu dalam memasang alat peraga/informasi seperti "
           "baliho/spanduk/pamflet/dsb;",), ()),
         (("Aktif berpartisipasi pada kegiatan sosialisasi/deklarasi bakal calon peserta baik "
           "melalui media sosial maupun acara pengumpulan massa;",), ()),
         (("Aktif dalam memberikan *comment*, *share*, dan *like*, pada akun media sosial/grup "
           "pemenangan bakal calon peserta Pemilu;",), ()),
         (("Mengunggah alat peraga atau komentar dukungan yang dapat diakses secara umum "
           "terhadap bakal calon peserta Pemilu;",), ()),
         (("Mengadakan kegiatan dan menjadi tim pemenangan bakal calon peserta Pemilu dan "
           "menyebarkan informasi di lingkungan unit anggota dan masyarakat;",), ()),
         (("Membantu mengumpulkan fotokopi KTP dalam upaya menambah dukungan terhadap bakal "
           "calon peserta Pemilu; serta,",), ()),
         (("Membuat tindakan/keputusan yang dapat merugikan/menguntungkan bakal calon peserta "
           "Pemilu.",), ()),
     )),
    ("integritas_era_digital", "dilarang", "kampanye", "hukuman disiplin tingkat sedang",
     "Sanksi Hukuman Disiplin Tingkat Sedang, diantaranya:", (
         (("Melakukan pendekatan pada bakal calon peserta Pemilu atau partai politik; dan;",),
          ()),
         (("Menjadi tim pemenangan bakal calon peserta Pemilu sebelum penetapan calon.",), ()),
     )),
    ("integritas_era_digital", "sikap", "media_sosial", None,
     "ASN diharapkan memiliki respon bijak dalam menyikapi permasalahan berita bohong", (
         (("Tidak menjadi perantara penyebaran *hoaks* demi kepentingan pribadi maupun partai "
           "politik pilihan melalui media sosial/elektronik;",), ()),
         (("Sebagai warga berpolitik, ASN diharapkan tidak menunjukkan keberpihakan politik pada "
           "media sosial/elektronik dan hanya menunjukkan saat berada di kotak pemilihan "
           "suara;",), ()),
         (("Tidak menunjukkan secara publik penggunaan atribut kampanye dan dibagikan pada media "
           "sosial/elektronik pribadi;",), ()),
         (("Tidak memanfaatkan fasilitas negara sebagai sarana penyebaran informasi melalui "
           "media sosial/elektronik.",), ()),
     )),
    ("netralitas_penera", "wajib", "media_sosial", None,
     "Contoh kecil bijak menggunakan media sosial", (
         (("Seorang ASN diwajibkan hanya diperbolehkan bergaya dengan tangan mengempal/menggegam "
           "saat berfoto, Hal itu sebagai wujud integritas dan netralitas dalam pemilu 2024",),
          ()),
     )),
)


def _rules() -> list[dict[str, Any]]:
    toc_end = _toc().end
    out: list[dict[str, Any]] = []
    for article, jenis, topik, sanksi, lead, items in _RULES:
        lead_span = locate(DOC, lead, toc_end)
        cursor = lead_span.end
        for fragments, fixes in items:
            spans = []
            for frag in fragments:
                spans.append(locate(DOC, frag, cursor))
                cursor = spans[-1].end
            out.append(item(spans, fixes, n=len(out) + 1, artikel=article, jenis=jenis,
                            topik=topik, sanksi=sanksi, konteks=item([lead_span])))
    return out


def build() -> dict[str, Any]:
    """Return the magazine's data files: articles and neutrality rules."""
    articles = [_article(a) for a in _ARTICLES]
    return {
        "kompeten/artikel": {
            "title": "Majalah KOMPETEN Vol. 3 No. 1 Tahun 2024: artikel",
            "source": {"doc": DOC, "section": "seluruh majalah"},
            "notes": [
                "Titles and page numbers come from the table of contents (the headings inside "
                "the magazine are split over decorative lines or missing); authors and their "
                "jabatan from the byline at the article, or from the table of contents when "
                "the article has none (simetromas, netralitas_penera).",
                "Jabatan is kept as printed, including 'Analisis' where 'Analis' is meant and "
                "'Los Angles'. Eka Yulia Wijayanti, Nurochman, Edi Waloyo and Permadi Sindar "
                "have no jabatan in the text. The TOC spells 'Edy Waloyo' and 'Dyas "
                "Chasbiansari', the bylines 'Edi Waloyo' and 'Dyas Chasbhiansari'; the byline "
                "is kept.",
                "netralitas_penera: the conversion lost the article's heading and first "
                "paragraph(s); the body starts mid-sentence ('memperoleh banyak suara ...'). "
                "Its title (TOC) and text say 'Penerima' where the article is about the JF "
                "Penera; kept as printed.",
                "Page furniture removed from bodies: photo credits ('sumber foto : ...'), "
                "figure/table captions, table rows (tab-separated), chart labels, pull quotes "
                "(a quotation set off by a lone opening quote mark, or repeating the body), "
                "quote attributions ('- Arie Budiman -'), bylines printed mid-article, and "
                "the salam redaksi / tim redaksi / reference lists outside the articles.",
                "A paragraph broken by a page break is one item with several spans. Joins the "
                "conversion's reordering made necessary are listed per article in the "
                "extractor (satu_data_disinformasi, keterbukaan_informasi, netralitas_penera, "
                "bmad_australia).",
                "Hyphenation left by the layout ('menja-di', 'Indo-nesia') and the converter's "
                "markdown emphasis ('*e-learning*') are kept in the data; passages strip the "
                "emphasis marks for display.",
            ],
            "artikel": articles,
        },
        "kompeten/netralitas": {
            "title": "Majalah KOMPETEN Vol. 3 No. 1 Tahun 2024: aturan netralitas ASN pada "
            "Pemilu 2024",
            "source": {"doc": DOC, "section": "artikel liputan_utama, integritas_era_digital, "
                       "netralitas_penera"},
            "notes": [
                "The do's and don'ts for ASN in the 2024 elections that the articles list as "
                "rules: the liputan utama's list of neutrality violations (a-d), the list of "
                "violations by sanction (PTDH; disiplin berat a-g; disiplin sedang a-b) and "
                "the social-media behaviours (1-4) in integritas_era_digital, and the photo-"
                "pose rule in netralitas_penera. Institutional measures (e.g. the six steps "
                "in netralitas_asn_dilema) and procedures (reporting stages) stay in the "
                "article bodies.",
                "jenis: dilarang / wajib / sikap (behaviour the article recommends); "
                "sanksi: the sanction level the article attaches, if any.",
                "Rule 1: the converter letter-spaced 'presiden / wakil' inside emphasis marks; "
                "the fix is recorded in ocr_fixes.",
                "netralitas_penera also says, confusingly, that posing with fingers showing a "
                "candidate's number is a wise use of social media; the figure it refers to is "
                "titled 'Larangan Fose Foto ASN'. Only the unambiguous rule (pose with a "
                "closed fist) is extracted.",
            ],
            "aturan": _rules(),
        },
    }


# ---------------------------------------------------------------- passages


def _authors_label(art: dict[str, Any]) -> str:
    names = [a["nama"]["text"] for a in art["penulis"]]
    if not names:
        return ""
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]
    return f" oleh {joined}"


_UNIT_HEADING = re.compile(r"^(PUSDIKLAT|BPAP|BPA) ")


def _is_major(heading: str, jenis: str) -> bool:
    """Whether a heading opens a new section (else it labels the text right after it)."""
    if jenis == "infografis":
        return bool(_UNIT_HEADING.match(heading))
    return not heading.rstrip("*").endswith(":")


def _units(art: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Return the body's paragraphs and items, each with the section heading it stands under.

    A minor heading ("Tekanan Politik:") is kept as a label in front of the text it heads.
    """
    units: list[tuple[str | None, str]] = []
    major: str | None = None
    label = ""
    for el in art["isi"]:
        text = el["text"]
        if el["type"] == "heading":
            if _is_major(text, art["jenis"]):
                major, label = text, ""
            else:
                label = text.rstrip("*").rstrip(":") + ": "
            continue
        if el["type"] == "item" and art["jenis"] == "infografis" and not text.endswith(";"):
            text += ";"  # the infographic's bullets carry no punctuation of their own
        units.append((major, label + text))
        label = ""
    return units


def _clean_rule(text: str) -> str:
    """Return a rule as a sentence: list punctuation ('; dan;', ', dan;', '; serta,') dropped."""
    body = re.sub(r"([;,]\s*(dan|serta)?\s*[;,]?|[.])\s*$", "", text.strip())
    return body + "."


# The formasi infographic's boxes come out of the conversion out of order (step 3 before 2):
# its passages follow the printed step numbers instead.
_FORMASI_FLOW = (
    "1. PENGUSULAN FORMASI", "Unit yang membidangi", "Instansi Pengguna menghitung",
    "2. RAPAT VERIFIKASI", "Pusbin JF Perdagangan melakukan", "3. PENERBITAN SURAT",
    "Setelah rapat verifikasi", "PENTING", "Surat Usulan ditandatangani",
)


def _formasi_passages(art: dict[str, Any]) -> list[Passage]:
    texts: list[str] = [el["text"] for el in art["isi"]]

    def find(start: str) -> str:
        return next(t for t in texts if t.startswith(start))

    flow = [find(s).rstrip(";") for s in _FORMASI_FLOW]
    steps = (f"{flow[0]}: {flow[1]}; {flow[2]}. {flow[3]}: {flow[4]}. {flow[5]}: {flow[6]}. "
             f"{flow[7]}: {flow[8]}.")
    first_doc = texts.index(find("1. Formulir Perhitungan"))
    docs = "; ".join(t.rstrip(";") for t in texts[first_doc:first_doc + 7])
    title = display(art["judul"]["text"])
    return [
        Passage(id=f"{DOC}:artikel:{art['slug']}:{n}", source=DOC, title=TITLE,
                section=f"{title} \u203a {section}", text=display(text), kind="infografis",
                extra={"artikel": art["slug"]})
        for n, (section, text) in enumerate((
            ("Alur", f"{find('Alur pengusulan')}: {steps}"),
            ("Dokumen Usulan", f"Dokumen usulan rekomendasi formasi JF Perdagangan: {docs}."),
        ), start=1)
    ]


def passages() -> list[Passage]:
    """Return article passages (~40-150 words) and one passage per neutrality rule."""
    data = load_table("kompeten/artikel")
    out: list[Passage] = []
    for art in data["artikel"]:
        if art["slug"] == "infografis_formasi":
            out.extend(_formasi_passages(art))
            continue
        title = display(art["judul"]["text"])
        base = title if art["jenis"] == "infografis" else (
            f"Artikel \u201c{title}\u201d{_authors_label(art)}")
        groups: list[tuple[str | None, list[str]]] = []
        for heading, text in _units(art):
            words = len(text.split())
            if (not groups or groups[-1][0] != heading
                    or count_words(groups[-1][1]) + words > 150):
                groups.append((heading, []))
            groups[-1][1].append(text)
        n = 0
        for heading, texts in groups:
            for piece in chunk(" ".join(texts), 40, 150):
                n += 1
                lead = f"{display(heading)}: " if heading else ""
                section = base + (f" \u203a {display(heading)}" if heading else "")
                out.append(Passage(
                    id=f"{DOC}:artikel:{art['slug']}:{n}", source=DOC, title=TITLE,
                    section=section, text=display(lead + piece),
                    kind="infografis" if art["jenis"] == "infografis" else "artikel",
                    extra={"artikel": art["slug"]},
                ))
    rules = load_table("kompeten/netralitas")
    titles = {a["slug"]: display(a["judul"]["text"]) for a in data["artikel"]}
    labels = {"dilarang": "Larangan", "wajib": "Kewajiban", "sikap": "Sikap yang diharapkan"}
    for r in rules["aturan"]:
        sanksi = f" (sanksi: {r['sanksi']})" if r["sanksi"] else ""
        out.append(Passage(
            id=f"{DOC}:netralitas:{r['n']}", source=DOC, title=TITLE,
            section=f"Artikel \u201c{titles[r['artikel']]}\u201d \u203a aturan netralitas "
            f"no. {r['n']}",
            text=display(f"{labels[r['jenis']]} bagi ASN terkait netralitas pada Pemilu 2024"
                         f"{sanksi}: {_clean_rule(r['text'])}"),
            kind="netralitas", extra={"topik": r["topik"], "jenis": r["jenis"]},
        ))
    return out


def article_text(slug: str) -> str:
    """Return an article's body as plain text (for review and tests)."""
    data = load_table("kompeten/artikel")
    art = next(a for a in data["artikel"] if a["slug"] == slug)
    return "\n\n".join(el["text"] for el in art["isi"])

