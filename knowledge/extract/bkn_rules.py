"""Facts from outside the five source documents that the angka kredit calculator relies on.

They come from BKN regulations the project does not hold as text, so the data files carry no
spans; each names its regulation in a top-level ``external_source`` (see
``knowledge/sources/README.md`` and ``knowledge/provenance.py``). The values are written here
once, as the regulation states them, and read by the calculators from the data files.
"""

from __future__ import annotations

from typing import Any

BKN_3_2023 = "Peraturan BKN Nomor 3 Tahun 2023"
BKN_4_2023 = "Peraturan BKN Nomor 4 Tahun 2023"
BKN_4_2025 = "Peraturan BKN Nomor 4 Tahun 2025"


def _konversi() -> dict[str, Any]:
    return {
        "title": "Konversi predikat kinerja ke angka kredit untuk sebagian tahun",
        "external_source": BKN_3_2023,
        "source": {"regulation": BKN_3_2023,
                   "section": "konversi predikat kinerja ke dalam angka kredit"},
        "notes": [
            "Angka kredit for a period shorter than a year is the annual conversion times "
            "bulan/12 (the number of months of the period).",
            "Months are whole numbers from 1 to 12; a full year is 12/12.",
        ],
        "rumus": "koefisien per tahun x persentase predikat x bulan / 12",
        "bulan_per_tahun": 12,
        "bulan_minimal": 1,
        "bulan_maksimal": 12,
    }


def _periode() -> dict[str, Any]:
    return {
        "title": "Periode kenaikan pangkat PNS",
        "external_source": BKN_4_2023,
        "source": {"regulation": BKN_4_2023, "section": "periode kenaikan pangkat"},
        "notes": [
            "From 2024 kenaikan pangkat takes effect on the 1st of February, April, June, "
            "August, October and December.",
            "Revoked by Peraturan BKN Nomor 4 Tahun 2025 from 1 Oktober 2025 (monthly periods, "
            "bkn/periodisasi_kenaikan_pangkat_2025); these periods apply before that date.",
        ],
        "berlaku_mulai_tahun": 2024,
        "tanggal": 1,
        "bulan": [2, 4, 6, 8, 10, 12],
    }


def _periodisasi_2025() -> dict[str, Any]:
    return {
        "title": "Periodisasi kenaikan pangkat PNS (setiap bulan)",
        "external_source": BKN_4_2025,
        "source": {
            "regulation": BKN_4_2025,
            "judul": "Peraturan Badan Kepegawaian Negara Nomor 4 Tahun 2025 tentang Periodisasi "
                     "Kenaikan Pangkat Pegawai Negeri Sipil",
            "section": "periode kenaikan pangkat",
            # Where the facts below were confirmed (public pages, not the regulation's text,
            # which the project does not hold).
            "confirmed_by": [
                "https://teropongaspirasimasyarakat.com/2025/09/03/"
                "bkn-tetapkan-12-periode-kenaikan-pangkat-pns-dalam-setahun (Humas BKN)",
                "https://organisasi.jenepontokab.go.id/berita/dua-perka-baru-bkn-2025-karier-"
                "pns-kini-lebih-fleksibel-naik-pangkat-bisa-melebihi-atasan-dan-setiap-bulan",
                "https://www.halopengacara.com/?p=2727",
            ],
        },
        "regulation": "Peraturan BKN",
        "nomor": 4,
        "tahun": 2025,
        "ditetapkan": "2025-09-01",
        "berlaku_mulai": "2025-10-01",
        "mencabut": BKN_4_2023,
        "notes": [
            "From 1 Oktober 2025 kenaikan pangkat PNS has 12 periods a year: the 1st of every "
            "month (1 Januari to 1 Desember). It revoked Peraturan BKN Nomor 4 Tahun 2023, "
            "whose two-monthly periods (bkn/periode_kenaikan_pangkat) apply before that date.",
            "Confirmed from public pages quoting Humas BKN (September 2025): signed by Kepala "
            "BKN Zudan Arif Fakrulloh, ditetapkan 1 September 2025, berlaku 1 Oktober 2025.",
        ],
        "tanggal": 1,
        "bulan": list(range(1, 13)),
    }


def _syarat_jenjang() -> dict[str, Any]:
    return {
        "title": "Syarat kenaikan jenjang JF selain angka kredit",
        "external_source": BKN_3_2023,
        "source": {"regulation": BKN_3_2023, "section": "kenaikan jenjang jabatan"},
        "notes": [
            "These conditions cannot be projected from angka kredit; the calculator lists "
            "them as conditions to check. AK kumulatif restarts from 0 in the new jenjang; "
            "after a kenaikan pangkat within a jenjang the surplus carries over.",
        ],
        "masa_jenjang_minimal_bulan": 12,
        "predikat_minimal": "baik",
        "syarat": [
            {"id": "masa_jenjang",
             "teks": "paling singkat 1 (satu) tahun dalam jenjang jabatan saat ini"},
            {"id": "predikat",
             "teks": "predikat kinerja paling rendah Baik"},
            {"id": "formasi", "teks": "tersedia kebutuhan (formasi) pada jenjang yang dituju"},
            {"id": "uji_kompetensi", "teks": "lulus uji kompetensi kenaikan jenjang"},
        ],
        "asumsi_penghitungan": [
            {"id": "jenjang_reset",
             "teks": "setelah kenaikan jenjang, angka kredit kumulatif dihitung kembali dari 0"},
            {"id": "pangkat_surplus",
             "teks": "setelah kenaikan pangkat dalam jenjang yang sama, kelebihan angka kredit "
                     "diperhitungkan untuk kenaikan pangkat berikutnya"},
        ],
    }


def build() -> dict[str, Any]:
    """Return the BKN data files (external facts, no spans)."""
    return {
        "bkn/konversi_predikat": _konversi(),
        "bkn/periode_kenaikan_pangkat": _periode(),
        "bkn/syarat_kenaikan_jenjang": _syarat_jenjang(),
        "bkn/periodisasi_kenaikan_pangkat_2025": _periodisasi_2025(),
    }
