"""Whether a question is about a topic no source covers (salary, tax, leave …)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from knowledge.search.concepts import concept_table
from knowledge.search.textnorm import (
    chat_words,
    content_tokens,
    has_phrase,
    raw_tokens,
    shared_stemmer,
)


@cache
def _outside() -> tuple[tuple[str, ...], ...]:
    """Return the outside words and phrases of concepts.json, split, sorted (so that the
    topic a question names first is the same in every process)."""
    return tuple(tuple(e.split()) for e in sorted(concept_table().outside))


@lru_cache(maxsize=256)
def outside_topic(question: str) -> str | None:
    """Return a word or phrase of the question naming a topic outside every source (the
    first in sorted order)."""
    raw = raw_tokens(question)
    # Raw words too: a chat form may hide the topic ("spt" is also chat for "seperti").
    for words in (raw, chat_words(question)):
        present = set(words)
        for entry in _outside():
            # A phrase ("cuti besar") where its words alone are the sources' own ("cuti").
            if entry[0] in present and (len(entry) == 1 or has_phrase(words, entry)):
                return " ".join(entry)
    return None


# Receiving something from a party with an interest in the official's work ("nerima THR dari
# pengusaha SPBU", "dikasih uang lembur sama pemilik toko") is a gift the rules decide, whatever
# the thing is called.
_RECEIVING = frozenset("terima menerima diterima dikasih diberi diberikan dapat mendapat "
                       "ditawari dikirimi".split())
_INTERESTED = frozenset("pelaku usaha pengusaha pemohon pedagang perusahaan importir eksportir "
                        "distributor toko pemilik vendor rekanan klien delegasi asosiasi produsen "
                        "pabrik manajer manajernya sales".split())


def offered_by_interested_party(question: str) -> bool:
    """Return True when the question is about receiving something from an interested party."""
    words = set(chat_words(question))
    return bool(words & _RECEIVING and words & _INTERESTED)


# Receiving a thing, then who gives it: "nerima kue dari pemilik sampel", "dikirimi buah sama
# distributor"; or the giver, then giving: "importirnya ngirim paket kopi ke rumah", "pemiliknya
# maksa ngasih sekarung beras". The thing may be anything ("kue", "jam tangan"): the giver
# makes it a gift.
_GIFT_RECEIVING = frozenset("terima menerima diterima diberi diberikan dikirimi dikirim dikirimin "
                            "ditawari ditawarin dibawain dibawakan dibelikan dibeliin dikasih "
                            "dikasi dapat dapet mendapat mendapatkan memperoleh".split())
# "Dapat" is also "can" ("penera dapat menolak permintaan dari pemilik"): followed by a verb,
# or by what no one gives as a present ("dapat teguran dari pemilik"), it receives no gift.
_MODAL_RECEIVING = frozenset("dapat dapet mendapat mendapatkan memperoleh".split())
_NOT_RECEIVED = frozenset("teguran ancaman tekanan protes sanksi hukuman masalah izin "
                          "persetujuan perintah tugas arahan".split())


def _is_act(nxt: list[str]) -> bool:
    """Return True when the word after "dapat" is a verb or no present (see above)."""
    if not nxt:
        return True
    w = nxt[0]
    # An affixed verb ("menolak", "diminta"), not a noun that looks like one ("diskon").
    return w in _NOT_RECEIVED or (w.startswith(("me", "ber", "di", "ter", "per"))
                                  and shared_stemmer().stem(w) != w)


# Verbs with the giver as subject ("pemiliknya ngasih"); bare forms ("kasih gk?", "kirim aja")
# are the asker's own acts.
_GIVING = frozenset("memberi ngasih ngasi ngirim ngirimin mengirim mengirimkan mengirimi "
                    "bawain membawakan nawarin menawarkan".split())
# Words before the giver: "dari pemilik", "sama distributor".
FROM_WORDS = frozenset("dari dr sama sm oleh".split())
# What a party gives in the course of the work is no gift: "pelaku usaha ngasih masukan",
# "pemilik nyerahin sampel", "dikirimi dokumen dari importir".
_NOT_GIFTS = frozenset(
    "masukan saran kritik informasi info data keterangan laporan penjelasan komplain keluhan "
    "pertanyaan dokumen berkas surat sampel contoh jawaban klarifikasi tanggapan izin nomor "
    "alamat bukti email pesan chat kabar undangan jadwal".split())
# Words between "dari" and the giver ("dari bapak pemilik toko"), or between the giver and
# giving ("pemiliknya maksa ngasih").
GIVER_REACH = 4
# Words after giving that say what is given ("ngasih saya sekarung beras").
OBJECT_REACH = 3


def _is_party(word: str) -> bool:
    return word in _INTERESTED or word.removesuffix("nya") in _INTERESTED


def gift_from_interested_party(question: str) -> bool:
    """Return True when the question tells of receiving something from an interested party
    ("boleh nerima kue dari pemilik sampel?", "importirnya ngirim paket ke rumah")."""
    words = chat_words(question)
    for i, w in enumerate(words):
        if w in _GIFT_RECEIVING and not (w in _MODAL_RECEIVING and _is_act(words[i + 1:i + 2])):
            for j in range(i + 1, len(words)):
                giver = words[j + 1 : j + 1 + GIVER_REACH]
                if words[j] in FROM_WORDS and any(map(_is_party, giver)):
                    return not _NOT_GIFTS & set(words[i + 1 : j])  # what was received
        if w in _GIVING and any(map(_is_party, words[max(0, i - GIVER_REACH) : i])):
            return not _NOT_GIFTS & set(words[i + 1 : i + 1 + OBJECT_REACH])
    return False


# Words of pay and allowances (all in concepts.json "outside"): from one's office they are
# outside the sources, from an interested party they are a gift.
_PAY = frozenset("gaji tunjangan tpp tukin remunerasi honorarium lembur thr".split())


def money_from_interested_party(question: str) -> bool:
    """Return True when the question is about pay or an allowance offered by an interested
    party ("boleh nerima THR dari pengusaha SPBU?")."""
    return outside_topic(question) in _PAY and offered_by_interested_party(question)


# "Berapa …?" and "paling lambat …" ask for a quantity: a passage without a number does not
# answer them ("wajib ditera ulang tiap berapa tahun?" is not answered by a rule that says
# nothing of years). On every tuning half, each in-scope "berapa" question's answer holds a
# number and each out-of-scope one's best passage held none.
_QUANTITY = (("berapa",), ("paling", "lambat"), ("selambat", "lambatnya"))
_NUMBER = re.compile(
    r"\d|\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|"
    r"puluh|ratus|ribu|setengah|persen)\b", re.IGNORECASE)


def asks_any(question: str, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Return True when the question's chat words hold one of the phrases."""
    words = chat_words(question)
    return any(has_phrase(words, p) for p in phrases)


def asks_quantity(question: str) -> bool:
    """Return True when the question asks how many, how much or how long."""
    return asks_any(question, _QUANTITY)


def has_number(text: str) -> bool:
    """Return True when the text states a number (digits or number words)."""
    return _NUMBER.search(text) is not None


# "Hari apa pakai batik?", "kapan pendaftaran ditutup?" ask for a day or a time: a passage
# naming none (a day, a month, a number, a period) does not answer them.
_WHEN = (("kapan",), ("hari", "apa"), ("tanggal", "berapa"), ("jam", "berapa"), ("bulan", "apa"))
_TIME = re.compile(
    r"\d|\b(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|januari|februari|maret|april|mei|juni|"
    r"juli|agustus|september|oktober|november|desember|hari|bulan|tahun|tahunan|periode|"
    r"semester|triwulan|lambat|sebelum|setelah|sesudah|sejak|selama|saat|ketika|waktu)\b",
    re.IGNORECASE)


def asks_when(question: str) -> bool:
    """Return True when the question asks for a day, a date or a time."""
    return asks_any(question, _WHEN)


def names_time(text: str) -> bool:
    """Return True when the text names a day, a date, a period or a moment."""
    return _TIME.search(text) is not None


# "Biaya ikut ukom berapa?", "tarif tera timbangan brp?" ask for an amount of money: a passage
# stating none (only one article of the sources does, in USD) does not answer them.
_MONEY_WORDS = frozenset("biaya biayanya tarif tarifnya harga harganya ongkos bayar bayaran "
                         "uang duit honor".split())
_MONEY = re.compile(r"\b(?:rp|rupiah|usd|dolar|dollar)\b", re.IGNORECASE)


def asks_money(question: str) -> bool:
    """Return True when the question asks how much money something costs or pays."""
    return asks_quantity(question) and bool(_MONEY_WORDS.intersection(chat_words(question)))


def states_money(text: str) -> bool:
    """Return True when the text states an amount of money."""
    return _MONEY.search(text) is not None


# "Berlaku berapa tahun?", "berapa lama?" ask for a duration: a passage with numbers but none
# of a period ("Tabel 1: SKR 120") does not answer them.
# ("Bobot 3 itu berapa jam?" is answered by a table's band, "> 4 - 8", not by a period.)
_DURATION_ASKED = (("berapa", "tahun"), ("berapa", "bulan"), ("berapa", "hari"),
                   ("berapa", "minggu"), ("berapa", "lama"))
_DURATION = re.compile(
    r"\b(?:\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
    r"belas|puluh)\s*(?:\([a-z ]+\)\s*)?(?:tahun|bulan|hari|minggu|jam|menit)\b", re.IGNORECASE)


def asks_duration(question: str) -> bool:
    """Return True when the question asks how long (years, months, weeks, days)."""
    return asks_any(question, _DURATION_ASKED)


def states_duration(text: str) -> bool:
    """Return True when the text states a period ("2 (dua) tahun", "5 hari")."""
    return _DURATION.search(text) is not None


def names_title(question: str, title: str) -> bool:
    """Return True when the question holds every word of a passage's title of two words or
    more: "berapa hari kerja efektif setahun …?" names the term "Hari Kerja Efektif" defines."""
    words = content_tokens(title)
    return len(words) >= 2 and set(words) <= set(content_tokens(question, chat=True))


# (Not the year of a regulation's number: "menurut Permendag 4/2025", "PP 11 tahun 2017".)
_YEAR = re.compile(r"(?<![/\d])(?<!nomor )\b(?:19|20)\d{2}\b")
_REGULATION_YEAR = re.compile(
    r"\b(?:permendag|permenpan(?:rb)?|perban|peraturan|pp|uu|perpres|keputusan|kepmen|se|"
    r"nomor|no)\.?\s*\d+\s*(?:/|tahun\s+|th\.?\s*)((?:19|20)\d{2})\b", re.IGNORECASE)


def lacks_year(question: str, text: str) -> bool:
    """Return True when the question names a year the text never mentions: "defisit tahun
    2023 berapa?" is not answered by the figures of 2018 to 2022."""
    cited = set(_REGULATION_YEAR.findall(question))
    return any(y not in text and y not in cited for y in _YEAR.findall(question))


# "Siapa …?" asks for a person or a body: a passage naming none does not answer it ("siapa yang
# menetapkan angka kredit?" is not answered by the Lampiran VII row of minimums).
_WHO = frozenset({"siapa", "siapakah"})
_ACTOR = re.compile(
    r"\b(?:pejabat|menteri|pimpinan|kepala|direktur|direktorat|sekretaris|deputi|instansi|unit|"
    r"pembina|atasan|tim|penguji|panitia|badan|kementerian|dinas|bupati|gubernur|presiden|"
    r"pyb|ppk|bkn|lembaga|komisi|satgas|inspektorat|pusat|pusbin|asesor|pegawai|pelaksana|"
    r"masyarakat|pelapor|pengguna|penyelenggara|bawaslu|kpu|kasn|ketua|pemerintah|mendag)",
    re.IGNORECASE)


def asks_who(question: str) -> bool:
    """Return True when the question asks who (a person or a body)."""
    return bool(_WHO & set(chat_words(question)))


def names_actor(text: str) -> bool:
    """Return True when the text names a person, an office or a body."""
    return _ACTOR.search(text) is not None
