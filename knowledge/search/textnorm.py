"""Indonesian text normalisation for search: tokens, chat forms, stop words, cached stemming."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

from knowledge.digits import ascii_digits

_TOKEN = re.compile(r"[a-z0-9]+")

# Chat spellings officials type, mapped to the standard word the documents use; an empty value
# drops a filler ("dong", "sih", "kak", "min" as in admin).
CHAT_FORMS: dict[str, str] = {
    "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak",
    "enggak": "tidak", "engga": "tidak", "tdk": "tidak", "tak": "tidak", "kagak": "tidak",
    "ndak": "tidak", "nda": "tidak", "g": "tidak",
    "gimana": "bagaimana", "gmn": "bagaimana", "bgmn": "bagaimana", "gmana": "bagaimana",
    "ngapain": "mengapa", "knp": "kenapa", "napa": "kenapa",
    "bgt": "banget", "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk",
    "u": "untuk", "sy": "saya", "aku": "saya", "gw": "saya", "gue": "saya",
    "kalo": "kalau", "klo": "kalau", "kl": "kalau", "jk": "jika",
    "nerima": "menerima", "trima": "terima", "ngasih": "memberi",
    "dikasih": "diberi", "ngambil": "mengambil", "minta": "meminta", "dapet": "dapat",
    "dpt": "dapat", "udah": "sudah", "udh": "sudah", "sdh": "sudah", "blm": "belum",
    "belom": "belum", "brp": "berapa", "brapa": "berapa", "brpa": "berapa",
    "blh": "boleh", "bole": "boleh", "bs": "bisa", "krn": "karena",
    "karna": "karena", "pd": "pada", "dr": "dari", "dri": "dari", "sm": "sama",
    "jd": "jadi", "jdi": "jadi", "tp": "tapi", "tpi": "tapi", "aja": "saja", "aj": "saja",
    "gini": "begini", "gitu": "begitu", "emang": "memang", "emg": "memang",
    "apa2": "apa", "pake": "pakai", "make": "memakai", "ikutan": "ikut", "ngikut": "ikut",
    # "ngoreksi di depan rapat sampe malu2in": shaming someone (the guide's "mempermalukan")
    "maluin": "mempermalukan", "malu2in": "mempermalukan", "malu2kan": "mempermalukan",
    "ngelike": "like", "nge": "", "dong": "", "sih": "", "nih": "", "deh": "", "kok": "",
    "ya": "", "yah": "", "min": "", "kak": "", "gan": "", "pak": "", "bu": "",
    "tsb": "tersebut", "dll": "", "dsb": "", "spt": "seperti", "sprt": "seperti",
    "bgm": "bagaimana", "org": "orang", "sbg": "sebagai", "thn": "tahun", "th": "tahun",
    "bln": "bulan", "hr": "hari", "kpd": "kepada", "ttg": "tentang", "sblm": "sebelum",
    "stlh": "setelah", "trs": "terus", "lg": "lagi", "mo": "mau",
    "musti": "harus", "mesti": "harus", "hrs": "harus", "wjb": "wajib", "lrg": "larangan",
    "ngurus": "mengurus", "ngajuin": "mengajukan", "ngisi": "mengisi", "ngitung": "menghitung",
    "itung": "hitung", "ngeshare": "membagikan", "share": "bagikan", "nyebar": "menyebarkan",
    "kom": "kompetensi",  # "uji kom"
    "maks": "maksimal", "max": "maksimal",
    "nyebarin": "menyebarkan", "ngomong": "berbicara", "ngobrol": "berbicara",
    "pinter": "pintar", "duit": "uang", "doku": "uang", "fulus": "uang", "nyogok": "suap",
    "sogok": "suap", "sogokan": "suap", "disogok": "disuap", "amplop": "suap",
    "lama2": "lama", "naek": "naik",
    # Everyday spellings seen in officials' chat (issue 11).
    "deket": "dekat", "pny": "punya", "punye": "punya", "dikit": "sedikit", "msh": "masih",
    "masi": "masih", "males": "malas", "cm": "cuma", "cuman": "cuma", "bikin": "membuat",
    "bkin": "membuat", "cepet": "cepat", "trus": "terus", "trs2": "terus", "dateng": "datang",
    "sodara": "saudara", "taun": "tahun", "setaun": "setahun", "nyuruh": "menyuruh",
    "dlm": "dalam", "skrg": "sekarang", "kyk": "seperti", "kayak": "seperti",
    "kaya": "seperti", "tgl": "tanggal", "abis": "habis", "udah2": "sudah", "blom": "belum",
    "tau": "tahu", "tw": "tahu", "ngerti": "mengerti", "gpp": "tidak apa apa",
    "ngelapor": "melapor", "lapor2": "lapor", "bener": "benar", "bnr": "benar",
    "gede": "besar", "kecil2": "kecil", "liat": "lihat", "ngeliat": "melihat", "cek": "periksa",
    "dicek": "diperiksa", "ngecek": "memeriksa", "fwd": "teruskan", "sampe": "sampai",
    "nunggu": "menunggu", "ngasi": "memberi", "dapat2": "dapat", "tlg": "tolong",
    "itungin": "hitung", "hitungin": "hitung", "itungan": "hitungan", "ngitungin": "hitung",
    "nyelesain": "menyelesaikan", "nyelesainnya": "menyelesaikan", "ngerjain": "mengerjakan",
    "ngerubah": "mengubah", "merubah": "mengubah", "dirubah": "diubah", "ngubah": "mengubah",
    # Fillers, greetings and thanks around a question: no topic, never "unknown".
    # (Not "kakak", "om", "mas": they also name a relative, which a conduct question may
    # be about.)
    "pliss": "", "plis": "", "please": "", "pls": "", "plz": "", "bro": "", "sis": "",
    "sist": "", "sob": "", "lur": "", "cuy": "", "guys": "", "gaes": "",
    "bestie": "", "nder": "", "thx": "", "thanks": "", "thank": "", "you": "", "tq": "",
    "ty": "", "btw": "", "ok": "", "oke": "", "okay": "", "sip": "", "hmm": "", "hm": "",
    "yaa": "", "yah2": "", "dunk": "", "lol": "", "anjir": "", "wah": "", "waduh": "",
    "ber": "",  # "ber-AKHLAK" split at the hyphen: "akhlak" is the word
    "lgsg": "langsung", "lsg": "langsung", "lgs": "langsung", "ntr": "nanti", "ntar": "nanti",
    "nnti": "nanti", "yaudah": "", "yaudh": "", "yowes": "", "kenang2an": "kenangan",
    "ortu": "orang tua", "anak2": "anak", "temen2": "teman", "temen": "teman",
    # Everyday chat words in general (not taken from any dev-set question): spellings and
    # short forms of standard words, so that they are neither "unknown" nor typo-repaired.
    "bareng": "bersama", "barengan": "bersama", "cuek": "abai", "cuekin": "abaikan",
    "dicuekin": "diabaikan", "nyuekin": "mengabaikan", "telat": "terlambat",
    "ngaret": "terlambat", "hoax": "hoaks", "info": "informasi", "semalem": "semalam",
    "kemaren": "kemarin", "kmrn": "kemarin", "sidak": "inspeksi",
    "medsos": "media sosial", "ig": "media sosial", "insta": "media sosial",
    "instagram": "media sosial", "fb": "media sosial", "facebook": "media sosial",
    "tiktok": "media sosial", "twitter": "media sosial", "gapapa": "tidak apa apa",
    "nggapapa": "tidak apa apa", "gausah": "tidak usah", "kudu": "harus", "pengen": "ingin",
    "pingin": "ingin", "pengin": "ingin", "keliatan": "kelihatan", "kliatan": "kelihatan",
    "ngasal": "asal", "gratisan": "gratis", "nyontek": "mencontek", "ane": "saya",
    "gua": "saya", "lu": "anda", "lo": "anda", "elu": "anda", "tmn": "teman",
    "brg": "barang", "jg": "juga", "jgn": "jangan", "bkn": "bukan", "msk": "masuk",
    "dtg": "datang", "sdg": "sedang", "tdi": "tadi", "skg": "sekarang", "kpn": "kapan",
    "knapa": "kenapa", "bbrp": "beberapa", "sbnrnya": "sebenarnya", "blum": "belum",
    "hrus": "harus", "bsa": "bisa", "nggk": "tidak", "ngak": "tidak",
    "ogah": "tidak mau", "lebaran": "hari raya", "natalan": "hari raya", "imlek": "hari raya",
    "bolehkah": "boleh", "bolehkan": "boleh", "gabung": "bergabung",
    # Chat spellings of words the concept layer maps (concepts.json), not from any dev set.
    "ngerokok": "merokok", "mabok": "mabuk", "sosmed": "media sosial",
    "socmed": "media sosial", "ngancem": "mengancam", "ngancam": "mengancam",
    "diancem": "diancam", "copas": "menyalin", "kopas": "menyalin",
}

# Sastrawi's list drops words that carry the meaning of many questions here (negation,
# obligation, prohibition, predikat names, "naik pangkat", "masa berlaku", numbers of
# jenjang...). Those are kept; everything else on the list is dropped.
_KEEP: frozenset[str] = frozenset(
    """
    tidak tak bukan boleh wajib harus haruslah jangan janganlah dilarang larangan perlu
    baik kurang sangat pertama kedua naik masa lama hari bulan tahun jumlah
    kerja bekerja memihak pihak sepihak memberi memberikan diberi diberikan meminta diminta
    menerima terima beri minta tempat masuk keluar khusus kasus laku masalah tepat penting
    siap tuju hadap akhir awal besar kecil lima dua tiga empat satu rasa orang mata pukul
    sesuai keadaan dapat mendapat mendapatkan melakukan dilakukan membuat dibuat ikut turut
    berlaku berakhir jabatan ditanya ditanyakan jawab menjawab dijawab
    """.split()
)


@cache
def stop_words() -> frozenset[str]:
    """Return the curated Indonesian stop words (Sastrawi's list minus the words kept)."""
    extra = {
        "banget", "saya", "kami", "anda", "sih", "dong", "nya", "maksudnya", "isinya",
        "namanya", "tuh", "lho", "loh", "aja", "apa", "gitu",
    }
    listed = set(StopWordRemoverFactory().get_stop_words()) | extra
    return frozenset(listed - _KEEP)


def raw_tokens(text: str) -> list[str]:
    """Split text into lowercase alphanumeric tokens (no normalisation of words): full-width
    and accented letters are read as their plain Latin letters, digits of any script as ASCII
    digits ("ｂｏｌｅｈ" → boleh, "٣" → 3)."""
    if not text.isascii():
        # Only the non-ASCII runs are rewritten: a passage is ASCII but for a dash or a quote.
        text = _NON_ASCII.sub(_plain_run, text)
    return _TOKEN.findall(text.lower())


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _plain_run(match: re.Match[str]) -> str:
    """Return a run of non-ASCII characters as plain letters and ASCII digits."""
    decomposed = unicodedata.normalize("NFKD", ascii_digits(match.group()))
    # Combining accents and invisible format characters (a zero-width space inside a word)
    # are dropped: "pe\u200bnera" is "penera".
    return "".join(c for c in decomposed
                   if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")


def has_phrase(words: Sequence[str], phrase: Sequence[str]) -> bool:
    """Return True when ``phrase`` occurs in ``words`` as consecutive tokens."""
    n = len(phrase)
    if n == 1:
        return phrase[0] in words
    first, rest = phrase[0], list(phrase[1:])
    if first not in words:
        return False
    # Only positions holding the first word are compared (most phrases are absent).
    return any(w == first and list(words[i + 1 : i + n]) == rest for i, w in enumerate(words))


def without_nya(words: Iterable[str]) -> list[str]:
    """Return words without the possessive -nya ("kesulitannya" -> "kesulitan"); short kept."""
    return [w[:-3] if w.endswith("nya") and len(w) > 6 else w for w in words]


@cache
def dictionary_roots() -> frozenset[str]:
    """Return the root words of Sastrawi's dictionary (about 30,000 Indonesian words)."""
    return frozenset(StemmerFactory().get_words())


SLANG_FILE = Path(__file__).with_name("slang_id.json")


@cache
def slang_forms() -> dict[str, str]:
    """Return the spellings of the general chat list (slang_id.json) that CHAT_FORMS lacks.

    The sources' own words and Sastrawi's dictionary words are never rewritten ("pd", "kaya",
    "minta" stay), nor spellings of one or two letters.
    """
    forms: dict[str, str] = json.loads(SLANG_FILE.read_text(encoding="utf-8"))["forms"]
    # The committed stem cache holds every word of the passages (a test keeps it current):
    # no second pass over the corpus.
    used = shared_stemmer().cache
    roots = dictionary_roots()
    out: dict[str, str] = {}
    for slang, standard in forms.items():
        if (slang in CHAT_FORMS or slang in used or slang in roots or len(slang) <= 2
                or not slang.isalpha()):
            continue
        words = [x for w in raw_tokens(standard) for x in CHAT_FORMS.get(w, w).split()]
        if words:
            out[slang] = " ".join(words)
    return out


# A reduplication written with a 2 before a suffix: "lambat2in", "dorong2an", "sindir2an".
_REDUPLICATED = re.compile(r"([a-z]{3,})2(in|an|kan|nya|i)")
# "wkwk", "hahaha", "hehe", "xixixi": laughter, however long.
_LAUGHTER = re.compile(r"(?:wk)+w?|(?:ha){2,}h?|(?:he){2,}h?|(?:hi){2,}h?|(?:xi){2,}")


def normalize_chat(tokens: list[str]) -> list[str]:
    """Replace chat spellings by the standard words; drop pure fillers."""
    out: list[str] = []
    for tok in tokens:
        out.extend(_normal_token(tok) if len(tok) <= CACHED_TOKEN_CHARS else _normal(tok))
    return out


# Tokens longer than this are normalised without the cache: no word of the sources is, and
# 50,000 user tokens of 4,000 characters would hold 200 MB (a reviewer's).
CACHED_TOKEN_CHARS = 40


@lru_cache(maxsize=50_000)
def _normal_token(tok: str) -> tuple[str, ...]:
    """Return the standard words of one chat token (none for a filler); cached: the index
    normalises some 300,000 tokens at start-up, most of them repeats."""
    return _normal(tok)


def _normal(tok: str) -> tuple[str, ...]:
    """Return the standard words of one chat token (none for a filler)."""
    slang = slang_forms()
    if tok[-1:] == "2" and tok[:-1].isalpha() and tok not in CHAT_FORMS:
        tok = tok[:-1]  # reduplication written with a 2: "aturan2", "org2"
    elif (m := _REDUPLICATED.fullmatch(tok)) and tok not in CHAT_FORMS \
            and tok not in slang:
        tok = m[1] + m[2]  # "lambat2in", "bentak2an": the word with its suffix
    if _LAUGHTER.fullmatch(tok):
        return ()
    repl = CHAT_FORMS.get(tok)
    if repl is None:
        repl = slang.get(tok)
    if repl is None:
        return (tok,)
    return tuple(repl.split())


@lru_cache(maxsize=256)
def _chat_words(text: str) -> tuple[str, ...]:
    return tuple(normalize_chat(raw_tokens(text)))


def chat_words(text: str) -> list[str]:
    """Return ``normalize_chat(raw_tokens(text))``, computed once per text: an answer reads
    the same question in a dozen places."""
    return list(_chat_words(text))


# Words Sastrawi over-stems into another word of this domain: "pemilu" -> "milu", "kinerja" ->
# "kerja" (hari kerja), "penera" -> "tera" (Pengamat Tera), "penguji" -> "uji" (uji kompetensi),
# "kebijakan" -> "bijak" (wise), "pelaku" -> "laku" (berlaku), "keuangan" -> "uang",
# "pelapor" -> "lapor" (every "laporan": "identitas pelapor" would match any report).
STEM_EXCEPTIONS: dict[str, str] = {
    "pemilu": "pemilu", "kinerja": "kinerja", "penera": "penera", "penguji": "penguji",
    "pengamat": "pengamat", "pemula": "pemula", "kebijakan": "kebijakan", "pelaku": "pelaku",
    "keuangan": "keuangan", "pelapor": "pelapor",
    # "masukan" (feedback) is no "masuk" (to enter): "telat masuk kantor" is not about input.
    "masukan": "masukan",
    # Taking sides is no "pihak" (a party, 156 passages): the netralitas term "keberpihakan"
    # matched "pihak terkait" and "sepihak" (unilateral) in every list.
    "keberpihakan": "berpihak", "berpihak": "berpihak", "memihak": "berpihak",
    "keberpihakannya": "berpihak", "sepihak": "sepihak",
    # An award ("dapat plakat penghargaan", Bengkalis "pemberian penghargaan") is no respect
    # ("menghargai pendapat", the Harmonis rules).
    "penghargaan": "penghargaan", "penghargaannya": "penghargaan",
    # Sastrawi leaves the compound "tanda tangan" whole in every form: "Siapa yang
    # menandatangani …?" is answered by "… ditandatangani Pejabat …".
    **dict.fromkeys(("tandatangan", "menandatangani", "ditandatangani", "ditandatangan",
                     "penandatangan", "penandatanganan", "tandatangani", "ditandatanganin",
                     "nandatanganin"), "tandatangan"),
}


_VOWELS = "aeiou"


def _unnasalised(base: str) -> list[str]:
    """Return the root words a chat verb with a bare nasal prefix may come from.

    Colloquial verbs keep the nasal of meN- without "me": the nasal replaced the root's first
    consonant (k → ng, s or c → ny, t → n, p → m) or was put before a vowel (ng-/nge-):
    "ngawasin" → awas, "ngirim" → kirim, "nyebar" → sebar, "nolak" → tolak, "makai" → pakai,
    "ngelapor" → lapor.
    """
    out: list[str] = []
    if base.startswith("nge") and len(base) > 5:
        out.append(base[3:])
    if base.startswith("ng") and base[2:3] in tuple(_VOWELS):
        out += [base[2:], "k" + base[2:]]
    elif base.startswith("ny") and base[2:3] in tuple(_VOWELS):
        # "nyebar" → sebar; chat also puts ny- for c- ("nyantumin" → cantum, "nyatet" → catet)
        out += ["s" + base[2:], "c" + base[2:]]
    elif base[:1] == "n" and base[1:2] in tuple(_VOWELS):
        out.append("t" + base[1:])
    elif base[:1] == "m" and base[1:2] in tuple(_VOWELS):
        out.append("p" + base[1:])
    return [w for w in out if len(w) > 2]


def colloquial_variants(word: str) -> list[str]:
    """Return standard forms a colloquial verb may stand for, most likely first.

    Jakarta-style chat drops the me- prefix ("nerima", "nolak", "makai"), keeps only the
    nasal ("ngawasin", "nyebar"), and turns -kan into -in ("nyebarin", "dilaporin",
    "pastiin"), also before a possessive -nya ("nyelesainnya"); the caller keeps the first
    variant the corpus knows.
    """
    if word.endswith("nya") and len(word) > 7:
        word = word[:-3]
    out: list[str] = []
    stems = [word]
    if word.endswith("in") and len(word) > 5:
        stems = [word[:-2] + "kan", word[:-2] + "i", word[:-2]]
    for base in stems:
        if base != word:
            out.append(base)
        if base[0] in "nm":
            out.append("me" + base)
    # Roots last: a prefixed standard form, when the corpus has it, is the closer meaning.
    for base in stems:
        for root in _unnasalised(base):
            if root not in out:
                out.append(root)
    return out


class Stemmer:
    """Sastrawi stemmer with a word cache (Sastrawi costs ~0.06 ms per distinct word)."""

    RUNTIME_LIMIT = 50_000  # words stemmed at run time are forgotten past this many

    def __init__(self, preset: dict[str, str] | None = None) -> None:
        self._stemmer: Any = None  # created on the first word the cache lacks
        self.cache: dict[str, str] = {**(preset or {}), **STEM_EXCEPTIONS}
        self._runtime: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """Return the stem of one lowercase word, computing it at most once."""
        got = self.cache.get(word) or self._runtime.get(word)
        if got is None:
            # Digits and very short words carry no affixes worth stripping.
            if len(word) <= 3 or word.isdigit():
                got = word
            else:
                if self._stemmer is None:
                    # The factory wraps the stemmer in a cache that never forgets (every word
                    # a user ever typed); ours above is bounded, so the plain stemmer is used.
                    self._stemmer = StemmerFactory().create_stemmer().delegatedStemmer
                got = str(self._stemmer.stem(word)) or word
            if len(self._runtime) >= self.RUNTIME_LIMIT:
                self._runtime.clear()
            self._runtime[word] = got
        return got


@cache
def shared_stemmer() -> Stemmer:
    """Return the process-wide stemmer, preloaded with the committed stem cache."""
    from knowledge.search.stem_cache import load_stem_cache

    return Stemmer(load_stem_cache())


def content_tokens(text: str, *, chat: bool = False) -> list[str]:
    """Return the surface tokens of ``text`` without stop words (chat forms resolved if asked)."""
    toks = raw_tokens(text)
    if chat:
        toks = normalize_chat(toks)
    sw = stop_words()
    return [t for t in toks if t not in sw]
