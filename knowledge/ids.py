"""Fixed identifiers (stable CLI and data contract) and their Indonesian labels."""

from __future__ import annotations

JF_LABELS: dict[str, str] = {
    "analis_perdagangan": "Analis Perdagangan",
    "pengawas_perdagangan": "Pengawas Perdagangan",
    "negosiator_perdagangan": "Negosiator Perdagangan",
    "penera": "Penera",
    "pengamat_tera": "Pengamat Tera",
    "penguji_mutu_barang": "Penguji Mutu Barang",
}

JENJANG_LABELS: dict[str, str] = {
    "ahli_pertama": "Ahli Pertama",
    "ahli_muda": "Ahli Muda",
    "ahli_madya": "Ahli Madya",
    "ahli_utama": "Ahli Utama",
    "pemula": "Pemula",
    "terampil": "Terampil",
    "mahir": "Mahir",
    "penyelia": "Penyelia",
}

CATEGORY_JENJANG: dict[str, list[str]] = {
    "keahlian": ["ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"],
    "keterampilan": ["pemula", "terampil", "mahir", "penyelia"],
}

CATEGORY_LABELS: dict[str, str] = {"keahlian": "Keahlian", "keterampilan": "Keterampilan"}

PREDIKAT_LABELS: dict[str, str] = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang",
    "sangat_kurang": "Sangat Kurang",
}

# BerAKHLAK core values, in the order the behaviour guide uses.
VALUE_LABELS: dict[str, str] = {
    "berorientasi_pelayanan": "Berorientasi Pelayanan",
    "akuntabel": "Akuntabel",
    "kompeten": "Kompeten",
    "harmonis": "Harmonis",
    "loyal": "Loyal",
    "adaptif": "Adaptif",
    "kolaboratif": "Kolaboratif",
}
