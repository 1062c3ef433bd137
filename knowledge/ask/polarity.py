"""Whether the act a question asks about is the act a rule names, or its opposite.

"Boleh gak saya menolak suap?" finds the rule "Menerima suap … (Perilaku Dilarang)"; answering
"Tidak boleh." would tell the official not to refuse. A verdict word leads only when the
question's act has the rule's polarity: a not-doing on both sides or on neither ("saya *tidak*
ikut pelatihan" ~ "*menolak* mengembangkan kompetensi"; "pakai APD" is not "*mengabaikan*
keselamatan"), and reporting or preventing on both sides or on neither.
"""

from __future__ import annotations

import re

from knowledge.ask.scope import FROM_WORDS, OBJECT_REACH
from knowledge.ids import JF_LABELS
from knowledge.search.textnorm import (
    chat_words,
    colloquial_variants,
    has_phrase,
    normalize_chat,
    raw_tokens,
    shared_stemmer,
    stop_words,
)

_JF_WORDS = frozenset(w for label in JF_LABELS.values() for w in raw_tokens(label))
# Words negating the act that follows them ("tanpa", "belum" and a negation after "yang"
# qualify the object or the manner instead: "data yang tidak akurat", "alat belum dikalibrasi").
NEGATORS = frozenset("tidak tak bukan jangan".split())
_CLAUSE = re.compile(r"[?!.,;:]+")
# Words a negation only tags as a question or modality ("boleh gak", "tidak boleh", "salah
# gak", "ya gak"): next to one of them, a negation does not negate the act.
MODALS = frozenset(
    "boleh wajib harus perlu bisa dapat dilarang larangan apa apakah salah benar masalah "
    "melanggar pelanggaran sesuai kena ya atau kan mesti usah".split()
)
# Stems of verbs of not doing: refusing, neglecting, avoiding, putting off.
NOT_DOING = frozenset("tolak enggan abai lalai hindar tunda malas susah sulit lambat".split())
# Hiding is a not-doing of sharing ("gak mau share ke tim") and an act of its own
# ("menyembunyikan, memalsukan … data"): a rule on it answers either kind of question.
HIDING = frozenset({"sembunyi", "tahan", "tutup"})
# Verbs of acting against another's act: reporting, preventing, reprimanding (verbs only:
# "laporan", "pelapor" are things, not the act).
COUNTERING = frozenset(
    "lapor melapor melaporkan dilaporkan laporkan cegah mencegah dicegah tegur menegur "
    "ditegur".split()
)
# A negation here means "not want to" ("gak mau pake", "tidak ingin ikut"), though these are
# stop words.
_WANT = frozenset("mau ingin".split())
# The subject or condition right before a negation makes it the act's: "boleh saya tidak
# ikut", "boleh gak gak lapor"; otherwise a negation after a modal tags the question:
# "harus bebas konflik gak".
_SUBJECTS = frozenset("saya kami kita dia mereka anda kalau jika bila untuk".split())
# Clauses of purpose or reason say why, not what: "biar besok gak bolak balik".
_WHY = frozenset("biar supaya agar karena sebab soalnya alasannya".split())
# Concepts (concepts.json) whose everyday words name a not-doing ("bodo amat", "ogah").
NOT_DOING_CONCEPTS = frozenset({"~mengabaikan", "~menolak", "~menunda", "~menyembunyikan",
                                "~menahan_informasi"})


# Watching, reading or listening is not an act the rules forbid ("boleh nonton debat capres di
# TV?", "baca berita pilkada"): a question only about it gets the rule without a verdict,
# unless it also does something ("ikut dateng ke kampanye, cuma nonton").
WATCHING = frozenset("nonton menonton tonton ditonton baca membaca dibaca lihat melihat dilihat "
                     "liat ngeliat dengar mendengar dengerin mendengarkan simak menyimak".split())
DOING = frozenset("ikut datang dateng hadir gabung posting post share bagikan like komen "
                  "komentar pasang pakai sebar kirim unggah upload buat bikin jadi dukung "
                  "kampanye terima ambil minta kasih beri ajak foto".split())


# A rule on receiving gifts speaks of interested parties ("dari pelaku usaha", "pihak yang
# diawasi"); a prize or allowance from one's own office or an official committee is another
# act, which no rule here decides.
_GIFT_STEMS = frozenset("gratifikasi hadiah imbal suap uang fasilitas beri".split())
OFFICIAL_GIVERS = frozenset(
    "panitia kantor kementerian kemendag instansi pemerintah negara lomba penghargaan "
    "resmi dinas atasan pimpinan koperasi doorprize undian sekantor menteri presiden "
    "plakat piagam".split()
)
# Stems of what is received in the course of the work, or thanks: no gift.
NOT_GIFT_STEMS = frozenset(
    "sampel contoh dokumen surat berkas puji ucap makasih kartu nib bukti laporan "
    "informasi data keluh aduan".split())
# Verbs of receiving or handing over: the words right after them say what changes hands.
_HANDING = frozenset("terima menerima diterima diberi diberikan dapat mendapat memberi nyerahin "
                     "menyerahkan diserahkan serahkan mengirim mengirimkan dikirim ngirim "
                     "kirim".split())


def _after(words: list[str], keys: frozenset[str]) -> set[str]:
    """Return the stems of the OBJECT_REACH words after each key word: what is handed over
    (after ``_HANDING``), who gives (after ``FROM_WORDS``: "dari istri")."""
    return _stems([w for i, v in enumerate(words) if v in keys
                   for w in words[i + 1 : i + 1 + OBJECT_REACH]])


# Givers in the family: their gifts are private.
FAMILY = frozenset("istri suami ayah ibu bapak anak adik kakak ortu mertua keluarga".split())
# A colleague is no interested party: "rekan kerja ngasih kado nikahan".
_COLLEAGUES = (("rekan", "kerja"), ("teman", "kantor"), ("teman", "kerja"), ("rekan", "kantor"))
INTERESTED_PARTIES = frozenset(
    "pelaku usaha pengusaha pemohon pedagang perusahaan awas mitra importir eksportir "
    "distributor toko pemilik vendor rekan rekanan pihak".split()
)

# A rule against disclosing speaks of those not entitled ("kepada pihak yang tidak berwenang");
# telling one's own superior or office ("share lokasi ke atasan sendiri") is another act.
_DISCLOSE_STEMS = frozenset("bocor sebar ungkap rahasia".split())
INTERNAL_RECIPIENTS = frozenset("atasan pimpinan kepala kantor inspektorat".split())
OUTSIDERS = frozenset(
    "wartawan media pers publik teman temen luar asing grup medsos instagram facebook tiktok "
    "twitter usaha pengusaha pedagang perusahaan importir eksportir pesaing saing keluarga "
    "saudara klien konsultan".split()
)

# Office facilities used for the office's own work ("laptop kantor buat bikin laporan",
# "motor dinas buat tugas lapangan") are no misuse "untuk kepentingan pribadi".
_PURPOSE = frozenset("buat untuk utk bwt".split())
WORK_STEMS = frozenset("lapor tugas dinas kerja kegiatan awas tera uji rapat kantor dokumentasi "
                       "periksa survei data".split())
# Meeting someone is a rule's concern only with a party to a case ("pihak yang sedang
# berperkara"): "ngopi bareng teman kantor" is not.
_CASE_STEMS = frozenset({"perkara"})
_IN_A_CASE = frozenset("perkara sidik periksa sengketa diawasi diperiksa disidik".split())
# Keeping work in the office's own storage ("flashdisk kantor", "drive kantor") is not
# "menyimpan hasil kerja di luar sistem resmi".
_OFFICIAL_STORE = frozenset("kantor dinas resmi instansi".split())
_OWN_USE = frozenset("pribadi sendiri".split())
_PRIVATE = _OWN_USE | {"rumah"}

_SENTENCES = re.compile(r"(?<=[.!?\n])\s+")


# Words pointing back to the story ("boleh gitu gak?", "itu melanggar?") or naming the rules
# ("itu sesuai kode perilaku gak?"): no act of the sentence's own.
_ANAPHORA = frozenset("gitu begitu itu ini tersebut demikian hal kode etik etika perilaku aturan "
                      "peraturan ketentuan sanksi pedoman panduan menurut".split())
_QUESTION_MODALS = MODALS - {"ya", "atau", "kan", "apa", "apakah"}


def closing_question(question: str) -> str | None:
    """Return the last sentence when it is a question after a story ("Sy lulus ukom tahun
    lalu … Rekomendasinya berlaku brp lama?"), else None."""
    parts = [p for p in _SENTENCES.split(question.strip()) if p]
    return parts[-1] if len(parts) > 1 and parts[-1].rstrip().endswith("?") else None


def ask_sentence(question: str) -> str:
    """Return the sentence that asks — the last one with a modal word ("boleh", "wajib",
    "harus" …) and an act of its own — or the whole question: a story's "gak enak nolak" is not
    the act asked about in "Sebenarnya boleh gak saya terima amplop itu?", while "negosiator
    blh gitu gk?" asks about the story's act."""
    parts = [p for p in _SENTENCES.split(question.strip()) if p]
    if len(parts) < 2:
        return question
    stop = stop_words()
    for part in reversed(parts):
        words = set(normalize_chat(raw_tokens(part)))
        if not words & _QUESTION_MODALS:
            continue
        own = words - stop - MODALS - NEGATORS - _ANAPHORA - _JF_WORDS
        return part if own else question
    return question


def _act_negated(question: str) -> bool:
    """Return True when a negation in the question negates the act, not the question."""
    stop = stop_words()
    for clause in _CLAUSE.split(question):
        words = normalize_chat(raw_tokens(clause))
        cut = next((i for i, w in enumerate(words) if w in _WHY), len(words))
        words = words[:cut]
        for i, w in enumerate(words):
            if w not in NEGATORS:
                continue
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            # "…, boleh gak?" ends its clause; "boleh gak", "tidak boleh" tag the question;
            # a negation before a filler ("gak sih", "gak sm negosiator") tags it too.
            if not after or before in MODALS or after in MODALS or before == "yang":
                continue
            if after in stop and after not in _WANT:
                continue
            if MODALS & set(words[:i]) and before not in _SUBJECTS | NEGATORS:
                continue
            return True
    return False


def _stems(words: list[str]) -> set[str]:
    """Return the stems of the words and of their standard forms ("nolak" → tolak)."""
    stem = shared_stemmer().stem
    return {stem(v) for w in words for v in (w, *colloquial_variants(w))}


_RULE_NEGATORS = frozenset("tanpa tidak tak belum".split())


def _negated_stems(words: list[str]) -> tuple[set[str], set[str]]:
    """Return the stems of the words right after a negation ("tanpa mengikuti") and of the
    others."""
    stem = shared_stemmer().stem
    negated: set[str] = set()
    plain: set[str] = set()
    for i, w in enumerate(words):
        (negated if i and words[i - 1] in _RULE_NEGATORS else plain).add(stem(w))
    return negated, plain


def _shared_only_negated(act: str, rule_words: list[str]) -> bool:
    """Return True when every word of the asked act the rule holds stands in the rule right
    after a negation, and not so in the question."""
    stop = stop_words()
    words = [w for w in normalize_chat(raw_tokens(act))
             if w not in stop and w not in MODALS and w not in _JF_WORDS]
    q_negated, q_plain = _negated_stems(words)
    r_negated, r_plain = _negated_stems([w for w in rule_words if w not in stop
                                         or w in _RULE_NEGATORS])
    shared = (q_negated | q_plain) & (r_negated | r_plain) - _RULE_NEGATORS - NEGATORS
    return bool(shared) and not shared & r_plain and not shared & q_negated


def same_polarity(question: str, rule: str, concepts: tuple[str, ...] = (),
                  asking: str | None = None, asking_concepts: tuple[str, ...] = ()) -> bool:
    """Return True when the question asks about the rule's act, not about its opposite
    (``concepts``: the question's concepts, ``QuerySignals.concepts``; ``asking``: its
    ``ask_sentence``, with that sentence's own concepts; None: the whole question)."""
    words = chat_words(question)
    rule_words = raw_tokens(rule)
    if not rule_words:
        return True
    stem = shared_stemmer().stem
    asked = _stems(words)
    # Not doing is read in the sentence that asks: the story around it tells what others did.
    act, act_concepts = (question, concepts) if asking in (None, question) else (
        asking, asking_concepts)
    asks_not_doing = (_act_negated(act) or bool(_stems(normalize_chat(raw_tokens(act)))
                                                & NOT_DOING)
                      or bool(NOT_DOING_CONCEPTS & set(act_concepts)))
    ruled = {stem(w) for w in rule_words}
    # The rule's own act is its first verb: "Mengabaikan prosedur …", "Menolak gratifikasi",
    # "Tidak melaporkan …" (a "tidak" further on qualifies: "Bersikap tidak adil"). A question
    # about not doing may also meet a not-doing further in a list ("Menghambat inovasi,
    # menolak teknologi").
    if stem(rule_words[0]) in NOT_DOING or rule_words[0] in NEGATORS:
        if not asks_not_doing:
            return False
    elif asks_not_doing and not ruled & (NOT_DOING | HIDING):
        return False
    # "Boleh ikut pelatihan?" against "Menggunakan metode usang … tanpa mengikuti
    # perkembangan": the rule shares the act only where it forbids not doing it.
    if _shared_only_negated(act, rule_words):
        return False
    act_list = normalize_chat(raw_tokens(act))
    act_words = set(act_list)
    # "tanpa liat langsung" is not watching: it is how the act is done.
    watching = {w for i, w in enumerate(act_list)
                if w in WATCHING and (i == 0 or act_list[i - 1] != "tanpa")}
    if watching and not act_words & DOING and rule_words[0] not in WATCHING:
        return False
    # Reporting another's act is not the act: "boleh saya melaporkan atasan yg terima suap".
    if COUNTERING & set(words) and not COUNTERING & set(rule_words):
        return False
    # "Share lokasi ke atasan sendiri": not a disclosure to the unentitled.
    if set(words) & INTERNAL_RECIPIENTS and not asked & OUTSIDERS and ruled & _DISCLOSE_STEMS:
        return False
    # "Hadiah lomba 17an di kantor", "uang saku resmi dari panitia diklat", "kado nikahan
    # dari rekan kerja", "bingkisan lebaran dari kepala dinas ke semua staf".
    if any(has_phrase(words, c) for c in _COLLEAGUES):
        asked = (asked - {"rekan", "teman"}) | {"sekantor"}
    if ruled & {"fasilitas"} and _after(words, _PURPOSE) & WORK_STEMS \
            and not asked & _OWN_USE:
        return False
    if ruled & _CASE_STEMS and not (asked | set(words)) & (INTERESTED_PARTIES | _IN_A_CASE):
        return False
    if {"luar", "sistem", "resmi"} <= ruled and set(words) & _OFFICIAL_STORE \
            and not set(words) & _PRIVATE:
        return False
    officially = asked & OFFICIAL_GIVERS and not asked & INTERESTED_PARTIES
    gift_rule = "terima" in ruled and bool(ruled & _GIFT_STEMS)
    # "Nerima sampel dari pemohon buat diuji", "terima ucapan terima kasih", "hadiah ulang tahun
    # dari istri": the work's own material, thanks or praise, or a family gift is no gift the
    # rules forbid.
    givers = _after(words, FROM_WORDS)
    not_a_gift = bool(_after(words, _HANDING) & NOT_GIFT_STEMS) or (
        bool(givers & FAMILY) and not givers & INTERESTED_PARTIES)
    return not ((officially or not_a_gift) and gift_rule)
