"""The chat shorthand and synonyms the reply reader expands (data, reviewed by hand).

Keys are single typed words (casefolded); values are what they stand for. Only words that
cannot be read another way at a question are here: "tgl" is always tanggal, "sdg" always
sedang. Word-level abbreviations not listed ("sdrhn", "bsr") are found by the reader itself
(same first letter, letters in order).
"""

from __future__ import annotations

# Shorthand of everyday chat.
ABBREVIATIONS: dict[str, str] = {
    "sgt": "sangat", "sngt": "sangat", "sgat": "sangat", "amat": "sangat",
    "sdg": "sedang", "sdng": "sedang",
    "bth": "butuh", "perlu": "butuh",
    "krg": "kurang", "kurg": "kurang",
    "bgt": "banget", "bngt": "banget", "bener": "benar",
    "tgl": "tanggal", "tgl.": "tanggal", "jm": "jam", "pkl": "pukul", "pkl.": "pukul",
    "bsk": "besok", "besuk": "besok", "lsa": "lusa",
    "mgg": "minggu", "mg": "minggu", "bln": "bulan", "thn": "tahun",
    "udah": "sudah", "udh": "sudah", "sdh": "sudah", "dah": "sudah",
    "dgn": "dengan", "utk": "untuk", "yg": "yang",
    "ganti": "ubah", "edit": "ubah", "ubh": "ubah",
    "resiko": "risiko",
}

# Everyday words for the wording of an option.
SYNONYMS: dict[str, str] = {
    "gede": "besar", "susah": "sulit", "sukar": "sulit", "gampang": "mudah",
    "simpel": "sederhana", "simple": "sederhana",
    "wasdag": "pengawas perdagangan", "pmb": "penguji mutu barang",
}

# "baik banget", "tinggi sekali" = "sangat baik", "sangat tinggi".
INTENSIFIERS_AFTER = frozenset({"banget", "sekali"})

# Words that add nothing to a reply ("sedang aja", "siap pak", "oke deh").
FILLERS = frozenset({
    "aja", "saja", "dong", "deh", "sih", "kok", "nih", "lah", "kak", "pak", "bu", "bapak",
    "ibu", "mas", "mbak", "min", "kakak", "gan", "bos", "please", "pls", "mohon", "kayaknya",
    "sepertinya", "mungkin?", "terima", "kasih", "makasih", "thanks", "terimakasih",
})

# Acronyms a reminder's text is shown with ("upload skp" → "Upload SKP").
ACRONYMS: dict[str, str] = {
    w.casefold(): w for w in (
        "SKP", "PAK", "DUPAK", "AK", "BKN", "ASN", "PNS", "PPPK", "NIP", "SPT", "LHKPN",
        "KORPRI", "SKR", "JF", "BKD", "BKPSDM", "SDM", "KTP", "NPWP", "SK", "SPJ", "LPJ",
        "TPP", "BPJS", "PMB", "UKT", "UKMSK", "CAT", "ATK", "RAPBN", "APBD", "APBN",
    )
}
