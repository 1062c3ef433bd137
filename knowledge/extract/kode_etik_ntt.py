"""Structured extraction of the OCR'd slides on the ASN code of ethics (Pemprov NTT).

The OCR is noisy and the slides' two-column layouts come out interleaved line by line. Only the
readable passages are kept: each item is built from one or more source fragments (each with its
span, in reading order) and an OCR error is corrected only where the intended word is certain,
the correction recorded beside the text as ``ocr_fixes``. Slides that the OCR left unreadable
are listed in the data file's ``notes`` as dropped.
"""

from __future__ import annotations

from typing import Any

from knowledge.data_files import load_table
from knowledge.extract._secondary_common import Fix, display, item
from knowledge.ids import VALUE_LABELS
from knowledge.passage import Passage
from knowledge.provenance import Span, locate
from knowledge.sources_text import DOCUMENT_TITLES

DOC = "kode_etik_ntt"
TITLE = DOCUMENT_TITLES[DOC]

# A fragment is its text, or (text, a needle it comes after) when the text alone is ambiguous.
Needle = str | tuple[str, str]
# One item: extra fields, the fragments in reading order, the OCR fixes.
Spec = tuple[dict[str, Any], tuple[Needle, ...], tuple[Fix, ...]]


def _spec(fields: dict[str, Any], *needles: Needle, fixes: tuple[Fix, ...] = ()) -> Spec:
    return (fields, needles, fixes)


# (slug, slide title as cited, anchor needle where the slide starts, items)
_SECTIONS: tuple[tuple[str, str, str, tuple[Spec, ...]], ...] = (
    ("dasar_hukum", "Kode Etik ASN: Dasar Hukum", "PP Nomor 42 Tahun 2004", (
        _spec({}, "PP Nomor 42 Tahun 2004 tentang Pembinaan Jiwa Korps\ndan Kode Etfik PNS",
              fixes=(("Etfik", "Etik"),)),
        _spec({}, "Peraturan Gubernur no. 61 Tahun 2019 ttg Kode Etik PNS\ndi Lingkungan "
              "Pemprov NTT"),
    )),
    ("definisi_kode_etik", "Kode Etik ASN: Pengertian", "Kode Efik ASN", (
        # Left column of a two-column slide; the right column's lines sit between these.
        _spec({}, "Kode Efik ASN adalah pedoman sikap,", "tingkah laku, dan perbuatan baik dalam",
              "melaksanakan fugasnya dan pergaulan", "h'd.Up sehari-har.",
              fixes=(("Efik", "Etik"), ("fugasnya", "tugasnya"),
                     ("h'd.Up sehari-har.", "hidup sehari-hari."))),
    )),
    ("nilai_dasar_pns", "Kode Etik ASN: Nilai-Nilai Dasar PNS", "Nilai-Nilai Dasar yang harus", (
        _spec({"label": "pengantar"}, "Nilai-Nilai Dasar yang harus dijunjung oleh PNS",
              "meliputi:"),
        _spec({"label": "1"}, "Ketakwaan kepada Tuhan YME;"),
        _spec({"label": "2"}, "Kesetiaan & Ketaatan kepada Pancasila &", "UUD 1945;"),
        _spec({"label": "3"}, "Semangat Nasionalisme;"),
        _spec({"label": "4"}, "Mengutamakan kepentingan negara di atas",
              "kepentingan pribadi dan golongan;"),
        _spec({"label": "5"}, "Ketaatan terhadap hukum & peraturan", "perundang-undangan;"),
        _spec({"label": "6"}, "Penghormatan terhadap hak asasi manusia;"),
        _spec({"label": "7"}, "Tidak diskriminatif;"),
        _spec({"label": "8"}, "Profesionalisme, netralitas & bermoral tinggi;"),
        _spec({"label": "9"}, "Semangat jiwa korps."),
    )),
    ("etika", "Kode Etik ASN: Ruang Lingkup Etika", "1. etika dalam bernegara;", (
        _spec({"label": "1"}, "etika dalam bernegara;"),
        _spec({"label": "2"}, "etika dalam berorganisasi;"),
        _spec({"label": "3"}, "etika bermasyarakat;"),
        _spec({"label": "4"}, "etika terhnadap diri sendiri; dan",
              fixes=(("terhnadap", "terhadap"),)),
        _spec({"label": "5"}, "etika sesama ASN."),
    )),
    ("core_values", "Nilai Dasar BerAKHLAK: Pengertian", "Nilai-Nilai Dasar (Core Values)", (
        _spec({}, "Nilai-Nilai Dasar (Core Values) adalah panduan perilaku kerja ASN yang\n"
              "menjadi dasar penguatan budaya pemerintahan yang bersumber dari\nkode etik PNS."),
        _spec({}, "(Surat Edaran Menteri PAN & RB No. 20 Tahun 2021 tentang\nImplementasi Core "
              "Values dan Employer Branding BerAKHLAK 26\nAgustus 2021) di formalkan lebih "
              "lanjut melalui Permenpanrb Nomor 6\nTahun 2022 tentang Pengelolaan Kinerja "
              "Pegawai ASN"),
    )),
    ("transformasi", "Percepatan Transformasi ASN", "Percepatan Transformasi ASN", (
        _spec({}, "Salah satu percepatan transformasi ASN yang telah dilakukan adalah dengan\n"
              "diluncurkannya core values ASN BerAKHLAK dan employer branding ASN\nBangga "
              "Melayani Bangsa oleh Presiden pada 27 Juli 2021"),
        _spec({}, "“ASN yang bertugas\nsebagai pegawai\npusat maupun\npegawai daerah\nharus "
              "mempunyai", "core values yang\nsama”"),
    )),
    ("definisi_nilai", "Nilai Dasar BerAKHLAK: Definisi", "Berkomitmen memberikan pelayanan", (
        _spec({"value": "berorientasi_pelayanan"},
              "Berkomitmen memberikan pelayanan prima demi\nkepuasan masyarakat"),
        _spec({"value": "akuntabel"}, "Bertanggung jaowab atas kepercayaan yang diberikan",
              fixes=(("jaowab", "jawab"),)),
        _spec({"value": "kompeten"}, "Terus belajar dan mengembangkan kapabilitas"),
        _spec({"value": "harmonis"}, "Saling peduli dan menghargai perbedaan"),
        _spec({"value": "loyal"}, "Berdedikasi dan mengutamakan kepentingan bangsa\ndan negara"),
        _spec({"value": "adaptif"}, "Terus berinovasi dan antusias dalam menggerakkan\nserta "
              "menghadapi perubahan"),
        _spec({"value": "kolaboratif"}, "Membangun kerja sama yang sinergis"),
    )),
    ("perilaku_nilai", "Nilai Dasar BerAKHLAK: Panduan Perilaku", "> Berorientasi Pelayanan", (
        _spec({"value": "berorientasi_pelayanan", "label": "1"},
              "Memahami dan memenuhi kebutuhan masyarakat"),
        _spec({"value": "berorientasi_pelayanan", "label": "2"},
              "Ramah, Cekatan, Solutif, dan dapat Diandalkan"),
        _spec({"value": "berorientasi_pelayanan", "label": "3"},
              "Melakukan perbaikan tiada henti"),
        _spec({"value": "akuntabel", "label": "1"}, "Melaksanakan tugas dengan jujur, "
              "bertanggung jawab,\ncermat, disiplin, dan berintegritas tinggi."),
        _spec({"value": "akuntabel", "label": "2"}, "Menggunakan kekayaan dan barang milik "
              "negara\nsecara bertanggung jawab, efektif, dan efisien."),
        _spec({"value": "akuntabel", "label": "3"}, "Tidak menyalahgunakan kewenangan jabatan."),
        # The OCR reads this item's "1." as "7."; the label is given, the text is verbatim.
        _spec({"value": "kompeten", "label": "1"}, "Meningkatkan kompetensi diri untuk "
              "menjawab\ntantangan yang selalu berubah."),
        _spec({"value": "kompeten", "label": "2"}, "Membantu orang lain belajar."),
        _spec({"value": "kompeten", "label": "3"}, "Melaksanakan tugas dengan kualitas terbaik."),
        _spec({"value": "harmonis", "label": "1"},
              "Menghargai setiap orang apapun latar belakangnya."),
        _spec({"value": "harmonis", "label": "2"}, "Suka menolong orang lain."),
        _spec({"value": "harmonis", "label": "3"}, "Membangun lingkungan kerja yang kondusif."),
        _spec({"value": "loyal", "label": "1"}, "Memegang teguh ideologi Pancasila, UUD NKRI\n"
              "Tahun 1945, setia kepada NKRI serta pemerintahan\nvang sah.",
              fixes=(("vang sah", "yang sah"),)),
        _spec({"value": "loyal", "label": "2"},
              "Menjaga nama baik sesama ASN, Pimpinan,\nInstansi & Negara."),
        _spec({"value": "loyal", "label": "3"}, "Menjaga Rahasia jabatan & negara."),
        _spec({"value": "adaptif", "label": "1"}, "Cepat menyesuaikan diri menghadapi perubahan."),
        _spec({"value": "adaptif", "label": "2"},
              "Terus berinovasi & mengembangkan kreatifitas."),
        _spec({"value": "adaptif", "label": "3"}, "Bertindak proaktif."),
        _spec({"value": "kolaboratif", "label": "1"}, "Memberikan kesempatan kepada berbagai "
              "pihak untuk\nberkontribusi."),
        _spec({"value": "kolaboratif", "label": "2"}, "Terbuka dalam bekerjasama untuk "
              "menghasilkan\nnilai tambah"),
        _spec({"value": "kolaboratif", "label": "3"}, "Menggerakan pemanfaatan berbagai sumber "
              "daya\nuntuk tujuan bersama"),
    )),
    ("solider", "Nilai Organisasi SOLIDER", "Sikap dan Komitmen organisasi", (
        _spec({"nama": "Serving"}, "Sikap dan Komitmen organisasi dalam memberikan pelayanan\n"
              "terbaik kepada yang dilayani antara lain meliputi masyarakat,\nkomunitas dan "
              "pasar, unit kerja terkait, dan/atau instansi lain."),
        _spec({"nama": "Out of the box"}, "Sikap dan Kemampuan organisasi untuk berpikir di "
              "luar kebiasaan\numumnya, atau berbeda dalam memecahkan suatu permasalahan\natau "
              "dalam menghadapi kondisi-kondisi baru"),
        _spec({"nama": "Lincah"}, "Kemampuan organisasi untuk mengikuti arus perkembangan\n"
              "zaman, dan dapat memenuhi tuntutan masyarakat secara cepat\nyang didasari oleh "
              "pengetahuan, teknologi informasi dan\nkomunikasi, keterampilan, dan sikap sesuai "
              "dengan standar kerja\nyang ditetapkan"),
        _spec({"nama": "Integritas & Inovatif"}, "Kemauan dan komitmen organisasi untuk "
              "mewujudkan\nwilayah bebas korupsi, jujur, lurus dan dapat dipercaya atau\n"
              "diandalkan yang didukung sikap dan tindakan untuk\nberadaptasi dengan perubahan "
              "lingkungan internal dan\neksternal melalui inovasi-inovasi baru demi "
              "mewujudkan\ntujuan organisasi"),
        _spec({"nama": "Dinamis & Distruptif"}, "Kapabilitas organisasi untuk berpikir ke depan "
              "(thinking\nahead), berpikir ulang (thinking again), berpikir silang (thinking\n"
              "across) dipadukan budaya distruptif yang memungkinkan\nadaptasi dan "
              "kontekstualisasi kebijakan berdasarkan inovasi\nuntuk menggantikan seluruh "
              "sistem lama dengan cara-cara\nbaru yang lebih efisien dan bersifat distruptif "
              "serta kreatif."),
        _spec({"nama": "Entrepreneurship"}, "Kemauan dan kemampuan organisasi untuk "
              "menjalankan\nusaha kreatif yang dilakukan berdasarkan inovasi untuk\nmenghasilkan "
              "sesuatu yang baru, memiliki nilai tambabh,\nmemberikan manfaat, menciptakan "
              "lapangan kerja dan\nhasilnya berguna bagi kepentingan publik",
              fixes=(("tambabh", "tambah"),)),
        _spec({"nama": "Responsif"}, "Sikap dan perilaku organisasi untuk menanggapi, tergugah\n"
              "hati, tidak masa bodoh dan bekerjasama dengan instansi lain\ndalam menyelesaikan "
              "suatu tugas dan tanggung jawab yang\nditentukan, sehingga mencapai daya guna dan "
              "hasil guna yang\nsebesar-besarnya disertai pertanggungjawaban atas hasil yang\n"
              "diperoleh setelah melakukan aktivitas/kegiatan tertentu bagi\nkepentingan "
              "publik."),
    )),
    ("agen_perubahan", "Agen Perubahan (Agent of Change)", "Agen Perubahan adalah", (
        _spec({"label": "definisi"}, "Agen Perubahan adalah individu/kelompok terpilih yang "
              "menjadi pelopor\nperubahan dan sekaligus dapat menjadi contoh dan teladan (role "
              "model) dalam\nberperilaku bagi individu dalam organisasi yang mencerminkan "
              "Nilai-nilai\nOrganisasi SOLIDER dan Nilai-Nilai Dasar (core value) ASN BerAKHLAK "
              "serta\nmemiliki kinerja yang tinggi di lingkungan organisasinya."),
    )),
    # Six criteria printed side by side: each criterion is rebuilt from its column's fragments.
    ("kriteria_agen", "Agen Perubahan: Kriteria", "Berstatus PNS", (
        _spec({"label": "1"}, "Berstatus PNS"),
        _spec({"label": "2"}, "Tidak sedang menjalani", "hukuman disiplin", "pegawai"),
        _spec({"label": "3"}, "Bertanggung jawab", "atas setiap tugas yang",
              "diberikan sesuai tugas", "bidang dan fungsinya"),
        _spec({"label": "4"}, "Taat aturan disiplin", "dan kode etik",
              ("pegawai", "diberikan sesuai tugas"), "(BerAKHLAK)"),
        _spec({"label": "5"}, "Mampu memberi", "pengaruh positif", "bagi organisasi"),
        _spec({"label": "6"}, "Inovatif dan proaktif", "dalam pelaksanaan", "tugas fungsi dan "
              "upaya", "peningkatan kualitas", "pelaksanaan Reformasi\nBirokrasi"),
    )),
    ("seleksi_agen", "Agen Perubahan: Penjaringan, Assessment dan Penetapan", "Pokja RB Area", (
        _spec({"label": "penjaringan"}, "Pokja RB Area Manajemen Perubahan\nmelakukan "
              "penjaringan awal berdasarkan\nkriteria kepada individu/kelompok melalui\ntautan "
              "Google Form dengan ketentuan\nsebagai berikut:"),
        _spec({"label": "penjaringan_1"}, "Masing-masing individu mengusulkan\nmaksimal 3 nama "
              "calon agen\nperubahan berdasarkan kriteria untuk\nkemudian diambil 5 besar"),
        _spec({"label": "penjaringan_2"}, "Hasil Voting 5 besar calon agen\nperubahan diolah Tim "
              "RB Area\nManajemen Perubahan untuk ditelaah"),
        _spec({"label": "penjaringan_3"}, "Hasil telaah disampaikan kepada\npimpinan untuk "
              "dilanjutkan ke tahap\nAssessment untuk memastikan\nkesesuian kriteria dengan "
              "personal\nyang berhasil dijaring", fixes=(("kesesuian", "kesesuaian"),)),
        _spec({"label": "assessment_1"}, "Dilakukan oleh Tim RB area\n\nManajemen Perubahan "
              "untuk\nmengetahui potensi dan kemampuan\nindividu/kelompok serta kesesuaian\n"
              "kriteria agen perubahan"),
        _spec({"label": "assessment_2"}, "Penilaian dilakukan dengan cara\nsederhana oleh tim "
              "melibatkan atasan\natau pejabat jenjang lebih tinggi 1\ntingkat di atas calon "
              "agent yang dinilai.\nTim Seleksi mengusulkan 5 calon\nagent berdasarkan "
              "peringkat hasil\npenilaian kepada pimpinan instansi\ndisertai berita acara "
              "assessment."),
        _spec({"label": "assessment_3"}, "Hasil assessment digunakan sebagai\nbahan "
              "pertimbangan pimpinan instansi\nuntuk memilih 3 agent untuk ditetapkan"),
        _spec({"label": "penetapan_1"}, "Penetapan dilakukan oleh\npimpinan instansi dengan "
              "surat\n\nkeputusan"),
        _spec({"label": "penetapan_2"}, "Surat  keputusan penetapan\nberisi minimal daftar\n\n"
              "individu/kelompok, peran, tugas\ndan fungsi serta jangka waktu\nkerja agen "
              "perubahan"),
    )),
)

_DROPPED = [
    "Slide titles garbled by the OCR (' TIK ASN T', ' BerAKHLAK ’?', 'erorientasi Pelayanan "
    "Akuntabel Kompeten =', 'r—armomsto al', 'Hsss') are not extracted; section titles in "
    "the data are editorial.",
    "Dropped as unreadable: the lead-in of the etika slide ('lk()eébonfgkso dan bel(nengro "
    "...'); the 'APA KATA' slide of quotations on bureaucratic reform (fragmentary, e.g. "
    "'fake homepay'); the diagrams on mind set / culture set and on the stages of "
    "declaring and internalising the values; the 'PERAN & TUGAS AOC' slide (columns "
    "interleaved beyond reliable reading); the Rencana Tindak form (its column headers are "
    "garbled, so the column instructions cannot be attached to columns); the survey and "
    "monitoring score tables (score ranges are cut off).",
    "Dropped as not about the code of ethics and only partly readable: the behaviour lists of "
    "the SOLIDER organisation values (the OCR lost which value each list belongs to).",
]


def _item_from(spec: Spec, anchor: int) -> dict[str, Any]:
    fields, needles, fixes = spec
    spans: list[Span] = []
    for needle in needles:
        if isinstance(needle, tuple):
            text, after = needle
            spans.append(locate(DOC, text, locate(DOC, after, anchor).end))
        else:
            spans.append(locate(DOC, needle, anchor))
    return item(spans, fixes, **fields)


def build() -> dict[str, Any]:
    """Return the slides' data file: the readable sections with their items."""
    sections = []
    for slug, title, anchor_needle, specs in _SECTIONS:
        anchor = locate(DOC, anchor_needle)
        sections.append(
            {"slug": slug, "slide": title,
             "items": [_item_from(spec, anchor.start) for spec in specs]}
        )
    return {
        "kode_etik_ntt/slides": {
            "title": "Materi Kode Etik ASN dan BerAKHLAK (Pemprov NTT), bagian yang terbaca",
            "source": {"doc": DOC, "section": "slides (OCR)"},
            "notes": [
                "Each item is built from one or more source fragments in reading order (two-"
                "column slides come out of the OCR interleaved line by line); its text is the "
                "whitespace-normalised join of the fragments with the recorded ocr_fixes "
                "applied, nothing else changed.",
                "OCR errors are fixed only where the intended word is certain: 'Etfik'/'Efik' "
                "-> 'Etik', 'fugasnya' -> 'tugasnya', \"h'd.Up sehari-har.\" -> 'hidup "
                "sehari-hari.' (the fixed phrase of PP 42/2004), 'terhnadap', 'jaowab', "
                "'vang', 'tambabh', 'kesesuian'.",
                "Source spellings that are not OCR errors are kept: 'di formalkan', "
                "'kreatifitas', 'Menggerakan', 'Distruptif'.",
                "Nilai-nilai dasar PNS 6-9 have no numbers in the OCR; they are numbered on "
                "from 5 in the order printed. The first Kompeten behaviour is numbered '7.' by "
                "the OCR; it is item 1. The Loyal behaviours follow the Harmonis ones without "
                "their heading (the heading '> Loyal' sits beside 'Berorientasi Pelayanan').",
                "The SOLIDER definitions carry no labels in the OCR; they are matched to "
                "Serving, Out of the box, Lincah, Integritas & Inovatif, Dinamis & Distruptif, "
                "Entrepreneurship, Responsif by their printed order and content.",
                "The Entrepreneurship definition is cut after 'kepentingan publik': the "
                "following lines repeat the end of the Responsif definition.",
                *_DROPPED,
            ],
            "sections": sections,
        }
    }


# ---------------------------------------------------------------- passages


def _p(pid: str, section: str, text: str, kind: str, value: str | None = None) -> Passage:
    return Passage(id=f"{DOC}:{pid}", source=DOC, title=TITLE, section=f"Slide: {section}",
                   text=display(text), kind=kind, value=value)


def _stop(text: str) -> str:
    """Return text ending with a full stop (the slides often print none)."""
    return text if text.endswith(".") else text + "."


def _numbered(items: list[dict[str, Any]]) -> str:
    return " ".join(f"{i['label']}. {i['text']}" for i in items)


def passages() -> list[Passage]:
    """Return the slides' passages from the committed data."""
    data = load_table("kode_etik_ntt/slides")
    sec = {s["slug"]: s for s in data["sections"]}
    out: list[Passage] = []

    def texts(slug: str) -> list[str]:
        return [i["text"] for i in sec[slug]["items"]]

    hukum = texts("dasar_hukum")
    out.append(_p("dasar_hukum:1", sec["dasar_hukum"]["slide"],
                  f"Dasar hukum kode etik ASN di Pemprov NTT: {hukum[0]}; {hukum[1]}.",
                  "dasar_hukum"))
    out.append(_p("definisi_kode_etik:1", sec["definisi_kode_etik"]["slide"],
                  texts("definisi_kode_etik")[0], "definisi"))
    nilai = sec["nilai_dasar_pns"]["items"]
    out.append(_p("nilai_dasar_pns:1", sec["nilai_dasar_pns"]["slide"],
                  f"{nilai[0]['text']} {_numbered(nilai[1:])}", "nilai_dasar"))
    out.append(_p("etika:1", sec["etika"]["slide"],
                  "Dalam melaksanakan tugas dan dalam kehidupan sehari-hari, etika ASN "
                  f"meliputi: {_numbered(sec['etika']['items'])}", "kode_etik"))
    out.append(_p("core_values:1", sec["core_values"]["slide"],
                  " ".join(texts("core_values")), "nilai_dasar"))
    trans = texts("transformasi")
    out.append(_p("transformasi:1", sec["transformasi"]["slide"],
                  f"{trans[0]}. Employer branding: {trans[1]}", "nilai_dasar"))
    behaviours: dict[str, list[dict[str, Any]]] = {}
    for i in sec["perilaku_nilai"]["items"]:
        behaviours.setdefault(i["value"], []).append(i)
    for n, d in enumerate(sec["definisi_nilai"]["items"], start=1):
        value = d["value"]
        label = VALUE_LABELS[value]
        text = (f"Nilai dasar BerAKHLAK {label}: {d['text']}. Panduan perilakunya: "
                f"{_numbered(behaviours[value])}")
        out.append(_p(f"berakhlak:{n}", f"Nilai Dasar BerAKHLAK › {label}", text,
                      "nilai_dasar", value))
    for n, s in enumerate(sec["solider"]["items"], start=1):
        out.append(_p(f"solider:{n}", f"{sec['solider']['slide']} › {s['nama']}",
                      f"Nilai organisasi SOLIDER (Pemprov NTT), {s['nama']}: {s['text']}",
                      "nilai_organisasi"))
    out.append(_p("agen_perubahan:1", sec["agen_perubahan"]["slide"],
                  texts("agen_perubahan")[0], "agen_perubahan"))
    out.append(_p("kriteria_agen:1", sec["kriteria_agen"]["slide"],
                  "Kriteria calon agen perubahan: "
                  + "; ".join(f"({i['label']}) {i['text']}" for i in sec["kriteria_agen"]["items"])
                  + ".", "agen_perubahan"))
    sel = {i["label"]: i["text"] for i in sec["seleksi_agen"]["items"]}
    out.append(_p("seleksi_agen:1", sec["seleksi_agen"]["slide"],
                  "Penjaringan agen perubahan: " + sel["penjaringan"] + " "
                  + " ".join(f"({k}) {sel[f'penjaringan_{k}']}." for k in (1, 2, 3)),
                  "agen_perubahan"))
    assessment = " ".join(_stop(sel[f"assessment_{k}"]) for k in (1, 2, 3))
    penetapan = " ".join(_stop(sel[f"penetapan_{k}"]) for k in (1, 2))
    out.append(_p("seleksi_agen:2", sec["seleksi_agen"]["slide"],
                  f"Assessment calon agen perubahan: {assessment} "
                  f"Penetapan agen perubahan: {penetapan}", "agen_perubahan"))
    return out
