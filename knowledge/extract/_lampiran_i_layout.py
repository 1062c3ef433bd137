"""Hand-checked layout of Permendag 4/2025 Lampiran I: where each JF, jenjang and row begins.

The table is flattened into one line, columns of one row interleave across page breaks, so the
boundaries are anchored on needles read off the source (each must occur exactly where expected;
the extractor raises ``SourceNotFound`` otherwise). ``rows`` are the openings of each row's
"Cakupan Kegiatan" cell, in order; ``ruang_lingkup_more`` are fragments of the jenjang's "Ruang
Lingkup" cell that the page break pushed below the repeated table header.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BlockLayout:
    """Anchors of one JF × jenjang block of the table."""

    jf: str
    jenjang: str
    heading: str  # the jenjang label followed by the first words of its Ruang Lingkup
    rows: tuple[str, ...]
    ruang_lingkup_more: tuple[str, ...]


# Row number ("No.") and name of each JF as the table writes them, in table order. Pengamat
# Tera has no number in the source (it would be 6).
JF_HEADINGS: tuple[tuple[str, str], ...] = (
    ("analis_perdagangan", "1. Analis Perdagangan"),
    ("negosiator_perdagangan", "2 Negosiator Perdagangan"),
    ("pengawas_perdagangan", "3. Pengawas Perdagangan"),
    ("penera", "4 Penera"),
    ("penguji_mutu_barang", "5 Penguji Mutu Barang"),
    ("pengamat_tera", "Pengamat Tera"),
)

BLOCKS: tuple[BlockLayout, ...] = (
    BlockLayout(
        "analis_perdagangan",
        "ahli_pertama",
        "Ahli Pertama Melaksanakan iden",
        (
            "Hasil identifikasi dan inventarisasi data dan in",
            "Hasil penyiapan bahan di bidang perdagangan untu",
            "Hasil pemeriksaan dokumen perizinan/non- perizin",
        ),
        (),
    ),
    BlockLayout(
        "analis_perdagangan",
        "ahli_muda",
        "Ahli Muda Melaksanakan analisi",
        (
            "Hasil analisis data dan informasi di bidang perd",
            "Hasil diseminasi/ konsultasi di bidang perdagang",
            "Hasil verifikasi data dan informasi di bidang pe",
            "Hasil verifikasi dokumen perizinan/non- Dokumen",
        ),
        (),
    ),
    BlockLayout(
        "analis_perdagangan",
        "ahli_madya",
        "Ahli Madya Melaksanakan perenc",
        (
            "Dokumen rencana pelaksanaan kebijakan di bidang perdagangan Dokumen",
            "Hasil evaluasi pelaksanaan kebijakan di bidang p",
            "Hasil perumusan rekomendasi teknis di bidang per",
            "Hasil validasi dokumen perizinan/non- perizinan",
        ),
        (),
    ),
    BlockLayout(
        "analis_perdagangan",
        "ahli_utama",
        "Ahli Utama Melaksanakan evalua",
        (
            "Hasil perumusan rekomendasi strategis di bidang",
            "Hasil evaluasi kebijakan di bidang perdagangan D",
        ),
        (),
    ),
    BlockLayout(
        "negosiator_perdagangan",
        "ahli_pertama",
        "Ahli Pertama Melaksanakan inve",
        (
            "Hasil inventarisasi, identifikasi dan pengolahan",
            "Hasil penyiapan bahan untuk kegiatan operasional",
            "Hasil penyiapan bahan untuk kegiatan aktivasi ha",
        ),
        (),
    ),
    BlockLayout(
        "negosiator_perdagangan",
        "ahli_muda",
        "Ahli Muda Melaksanakan analisi",
        (
            "Hasil analisis bahan serta publikasi informasi t",
            "Hasil analisis penanganan hambatan perdagangan D",
            "Hasil analisis penyusunan bahan ratifikasi dan a",
            "Hasil penyusunan rancangan kerangka acuan/ TOR p",
            "Hasil analisis penyusunan Pedoman Delegasi (DELR",
        ),
        (
            (
                "penyusunan bahan untuk ratifikasi dan aktivasi terkait hasil perundingan "
                "bidang perdagangan internasional"
            ),
        ),
    ),
    BlockLayout(
        "negosiator_perdagangan",
        "ahli_madya",
        "Ahli Madya Melaksanakan evalua",
        (
            "Hasil penyusunan penilaian terhadap posisi rundi",
            "Hasil evaluasi dan penyusunan rekomendasi posisi",
            "Hasil penyusunan materi pengembangan kerja sama",
        ),
        ("perdagangan serta penyusunan materi pengembangan kerja sama perdagangan internasional",),
    ),
    BlockLayout(
        "negosiator_perdagangan",
        "ahli_utama",
        "Ahli Utama Melaksanakan pengem",
        (
            "Hasil pelaksanaan pengembangan perundingan dan k",
            "Hasil review dan penyusunan rekomendasi kebijaka",
        ),
        (),
    ),
    BlockLayout(
        "pengawas_perdagangan",
        "ahli_pertama",
        "Ahli Pertama Melakukan pengawa",
        (
            "Hasil identifikasi data dan informasi Dokumen ha",
            "Hasil identifikasi dan inventarisasi data dan in",
        ),
        (
            (
                "melaksanakan identifikasi, inventarisasi serta penyiapan bahan dalam rangka "
                "penegakan hukum dan penanganan pengaduan serta penyiapan bahan dan peralatan "
                "dalam rangka pengawasan, penegakan hukum dan/atau penanganan pengaduan "
                "kegiatan perdagangan, barang beredar dan jasa, Metrologi Legal, serta "
                "Perdagangan Berjangka Komoditi, Sistem Resi Gudang, dan Pasar Lelang Komoditas"
            ),
        ),
    ),
    BlockLayout(
        "pengawas_perdagangan",
        "ahli_muda",
        "Ahli Muda Melaksanakan analisi",
        (
            "Dokumen analisis hasil pengawasan kegiatan perdagangan",
            "Hasil kegiatan penegakan hukum kegiatan perdagan",
            "Hasil penanganan pengaduan kegiatan perdagangan,",
        ),
        (),
    ),
    BlockLayout(
        "pengawas_perdagangan",
        "ahli_madya",
        "Ahli Madya Melaksanakan evalua",
        (
            "Dokumen evaluasi hasil pengawasan, penegakan hukum",
            "Dokumen rekomendasi hasil pengawasan, penegakan hukum",
        ),
        (),
    ),
    BlockLayout(
        "pengawas_perdagangan",
        "ahli_utama",
        "Ahli Utama Melaksanakan pengem",
        (
            "Hasil perumusan rekomendasi strategis kebijakan",
            "Hasil rancangan pengembangan metode pengawasan k",
            "Hasil Evaluasi pelaksanaan kebijakan pengawasan",
        ),
        (),
    ),
    BlockLayout(
        "penera",
        "terampil",
        "Terampil Melaksanakan Tera dan",
        (
            "Hasil pemeriksaan visual dan/atau fungsi alat uk",
            "Hasil pengujian dan perhitungan sifat, ukur, tak",
            "Hasil Tera atau Tera Ulang Tingkat Kesulitan I D",
            "Hasil pemeriksaan seluruh peralatan yang sudah d",
        ),
        (),
    ),
    BlockLayout(
        "penera",
        "mahir",
        "Mahir Melaksanakan Tera dan Te",
        (
            "Hasil pemeriksaan visual dan/atau fungsi alat uk",
            "Hasil pengujian dan perhitungan sifat, ukur, tak",
            "Hasil Tera atau Tera Ulang Dokumen rekapitulasi",
            "Hasil Pengelolaan Cap Tanda Tera Dokumen hasil p",
            "Hasil pengkondisian laboratorium kemetrologian/",
        ),
        (
            (
                "kebutuhan cap tanda tera, pengelolaan laboratorium kemetrologian/ instalasi "
                "uji dan Standar Ukuran tingkat 4"
            ),
        ),
    ),
    BlockLayout(
        "penera",
        "penyelia",
        "Penyelia Melaksanakan evaluasi",
        (
            "Hasil evaluasi dan/atau rekomendasi tindakan kor",
            "Hasil tindak lanjut terhadap rekomendasi tindaka",
            "Hasil kegiatan pengujian ulang alat ukur, alat t",
            "Hasil kegiatan sidang tera ulang alat ukur, alat",
        ),
        (
            (
                "tindakan korektif pada pelaksanaan Tera dan Tera Ulang Alat Ukur, Alat Takar, "
                "Alat Timbang, dan Alat Perlengkapan tingkat kesulitan I dan II, evaluasi "
                "pengelolaan cap tanda tera dan pengelolaan laboratorium kemetrologian/ "
                "instalasi uji"
            ),
        ),
    ),
    BlockLayout(
        "penera",
        "ahli_pertama",
        "Ahli Pertama Melaksanakan Tera",
        (
            "Hasil pemeriksaan visual dan/atau fungsi alat uk",
            "Hasil pengujian dan perhitungan sifat, ukur, tak",
            "Hasil Tera atau Tera Ulang Tingkat Kesulitan III",
            "Hasil perencanaan kebutuhan cap tanda tera Dokum",
            "Hasil pengelolaan Standar Ukuran Tingkat 4 dan p",
            "Hasil verifikasi internal Standar Ukuran Tingkat",
            "Hasil pengelolaan laboratorium kemetrologian/ in",
            "Hasil pengelolaan sistem mutu laboratorium kemet",
        ),
        (),
    ),
    BlockLayout(
        "penera",
        "ahli_muda",
        "Ahli Muda Melaksanakan Tera da",
        (
            "Hasil pengujian/ pengujian ulang karena adanya p",
            "Hasil kegiatan perusakan alat ukur, alat takar,",
            "Hasil Tera atau Tera Ulang Tingkat Kesulitan III",
            "Hasil perumusan rekomendasi teknis Tera dan Tera",
            "Hasil Pengujian alat ukur, alat takar, alat timb",
            "Hasil pengelolaan Standar Ukuran Tingkat 3 dan p",
            "Hasil verifikasi Standar Ukuran Tingkat 3 (mulai",
            "Hasil pengelolaan laboratorium kemetrologian/ in",
            "Hasil pelaksanaan tinjauan manajemen (kaji ulang",
            "Hasil pelaksanaan penjaminan mutu hasil pengujia",
            "Hasil pemeliharaan lingkup akreditasi, sertifika",
            "Hasil kaji ulang permintaan layanan tera/tera ul",
        ),
        (
            (
                "dalam rangka evaluasi tipe (type evaluation) dan persetujuan tipe, "
                "pengelolaan laboratorium kemetrologian/ instalasi uji dan Standar Ukuran "
                "tingkat 3"
            ),
        ),
    ),
    BlockLayout(
        "penera",
        "ahli_madya",
        "Ahli Madya Melaksanakan Tera d",
        (
            "Hasil pemeriksaan visual dan/atau fungsi alat uk",
            "Hasil pengujian/ pengujian ulang karena adanya p",
            "Hasil monitoring, evaluasi, dan perumusan rekome",
            "Hasil studi literatur dalam rangka pengembangan",
            "Hasil analisis unjuk kerja instalasi uji/ labora",
            "Hasil Pengujian alat ukur, alat takar, alat timb",
            "Hasil penjaminan mutu atas hasil pengujian Dokum",
            "Hasil penyiapan standar serta pengujian dan perh",
            "Hasil monitoring dan evaluasi kesesuaian Dokumen",
            "Hasil rekomendasi terhadap unjuk kerja laborator",
        ),
        (
            (
                "Ukur, Alat Takar, Alat Timbang, dan Alat Perlengkapan dalam rangka evaluasi "
                "tipe (type evaluation) dan persetujuan tipe, pengelolaan laboratorium "
                "kemetrologian/ instalasi uji dan Standar Ukuran tingkat 2 dan tingkat 1"
            ),
        ),
    ),
    BlockLayout(
        "penera",
        "ahli_utama",
        "Ahli Utama Melaksanakan pengem",
        (
            "Hasil pengembangan metode dan prosedur Tera dan",
            "Hasil perumusan rekomendasi strategis kebijakan",
        ),
        (
            (
                "Ukur, Alat Takar, Alat Timbang, dan Alat Perlengkapan, pengelolaan Standar "
                "Ukuran dan laboratorium kemetrologian/ instalasi uji serta merumuskan "
                "rekomendasi strategis kebijakan Metrologi Legal"
            ),
        ),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "pemula",
        "Pemula Penyiapan bahan, contoh",
        (
            "Hasil penyiapan bahan, contoh, dan peralatan yan",
            "Hasil pelaksanaan pengujian dan kalibrasi tingka",
            "Hasil perawatan dan pemeliharaan peralatan labor",
        ),
        (),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "terampil",
        "Terampil Pengambilan contoh ke",
        (
            "Hasil pengambilan contoh dengan klasifikasi ting",
            "Hasil persiapan contoh uji tingkat Dokumen hasil",
            "Hasil pelaksanaan pengujian dan kalibrasi tingka",
            "Hasil kontrol stok bahan pembantu dan standar pe",
            "Hasil penanganan limbah laboratorium dengan cara",
            "Hasil perhitungan ketidakpastian pengukuran berd",
        ),
        (),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "mahir",
        "Mahir Melaksanakan pengambilan",
        (
            "Hasil pengambilan contoh dengan klasifikasi ting",
            "Hasil penyiapan contoh uji tingkat kesulitan III",
            "Hasil pelaksanaan pengujian dan kalibrasi tingka",
            "Hasil identifikasi kebutuhan dan penanganan pera",
            "Hasil perhitungan ketidakpastian pengukuran berd",
        ),
        ("pengukuran Dengan jumlah faktor atau variabel 3 sampai dengan 4",),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "penyelia",
        "Penyelia Pengambilan contoh ke",
        (
            "Hasil pengambilan contoh dengan klasifikasi ting",
            "Hasil verifikasi bahan standar dan pembuatan bah",
            "Penyelesaian permasalahan teknis terkait pengujian/",
            "Penjaminan keabsahan hasil uji dan atau kalibrasi Dokumen",
            "Hasil penyiapan pemenuhan rancangan bahan pemban",
        ),
        ("faktor atau variabel ≥5",),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "ahli_pertama",
        "Ahli Pertama Pengambilan conto",
        (
            "Hasil pengambilan contoh dengan klasifikasi ting",
            "Hasil pelaksanaan pengujian dan kalibrasi tingka",
            "Hasil penyiapan dokumen pengelolaan sistem mutu",
            "Hasil review atau verifikasi hasil pengujian con",
            "Hasil pengolahan data hasil pengujian dan kalibr",
        ),
        (
            (
                "sistem mutu, melakukan review dan/atau verifikasi hasil pengujian contoh dan "
                "kalibrasi, pengolahan data hasil pengujian dan kalibrasi dalam rangka "
                "Pengembangan metode"
            ),
        ),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "ahli_muda",
        "Ahli Muda Pengambilan contoh s",
        (
            "Hasil pengambilan contoh dengan klasifikasi ting",
            "Hasil pelaksanaan pengujian dan kalibrasi tingka",
            "Hasil analisis untuk pemenuhan atau penyediaan p",
            "Hasil review pengolahan data Dokumen hasil revie",
            "Hasil pelaksanaan audit sistem mutu Dokumen hasi",
        ),
        (
            (
                "review hasil pengolahan data pengujian dan kalibrasi dalam rangka "
                "pengembangan metode, melakukan audit sistem mutu"
            ),
        ),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "ahli_madya",
        "Ahli Madya Evaluasi pelaksanaa",
        (
            "Hasil evaluasi pelaksanaan pengujian dan/atau ka",
            "Hasil peninjauan ulang ruang lingkup akreditasi",
            "Hasil penyusunan rekomendasi dan laporan hasil p",
            "Hasil evaluasi pelaksanaan pengelolaan laborator",
        ),
        ("metode pengujian dan kalibrasi, mengevaluasi pelaksanaan pengelolaan laboratorium",),
    ),
    BlockLayout(
        "penguji_mutu_barang",
        "ahli_utama",
        "Ahli Utama Pengembangan metode",
        (
            "Hasil penyusunan kajian pengembangan metode peng",
            "Hasil strategi pengembangan layanan pengujian da",
            "Hasil perumusan rekomendasi strategis terkait pe",
        ),
        (),
    ),
    BlockLayout(
        "pengamat_tera",
        "pemula",
        "Pemula Melaksanakan identifika",
        (
            "Hasil identifikasi dan pendataan bahan pelaksana",
            "Hasil pelaksanaan pemeriksaan dokumen dan pengam",
            "Hasil pengumpulan data hasil pelaksanaan pemerik",
        ),
        (),
    ),
    BlockLayout(
        "pengamat_tera",
        "terampil",
        "Terampil Melaksanakan pemetaan",
        (
            "Hasil pendataan Alat Ukur, Alat Takar, Alat Timb",
            "Hasil Inventarisasi peralatan teknis dalam rangk",
            "Hasil pemeriksaan dokumen dan pengamatan kasat m",
            "Data hasil pemeriksaan dan pengamatan kasat mata Alat Ukur",
        ),
        (
            (
                "Alat Timbang, dan Alat Perlengkapan sesuai dengan klasifikasi tingkat "
                "Kesulitan, penggunaan satuan ukuran dan Barang Dalam Keadaan Terbungkus"
            ),
        ),
    ),
    BlockLayout(
        "pengamat_tera",
        "mahir",
        "Mahir Melaksanakan penyajian d",
        (
            "Hasil analisis data dan informasi serta rekomend",
            "Hasil pemeriksaan dokumen dan pengamatan kasat m",
            "Hasil analisis data dan informasi serta rekomend",
        ),
        (
            (
                "Ukur, Alat Takar, Alat Timbang, dan Alat Perlengkapan sesuai dengan "
                "klasifikasi tingkat kesulitan, penggunaan satuan ukuran, dan Barang Dalam "
                "Keadaan Terbungkus"
            ),
        ),
    ),
    BlockLayout(
        "pengamat_tera",
        "penyelia",
        "Penyelia Melaksanakan evaluasi",
        (
            "Hasil evaluasi pelaksanaan Pemetaan potensi Alat",
            "Hasil pemeriksaan dokumen dan pengamatan kasat m",
            "Hasil evaluasi pelaksanaan pemeriksaan dokumen d",
        ),
        (),
    ),
)
