"""Calculator intent: a question that asks for a computation, and what it already tells.

The flow ids and prefill keys are those of ``handlers/flows`` (``credit``, ``difficulty``,
``formation``, ``exam``) and their step ids; a test checks them against the flows, since
``knowledge`` may not import ``handlers``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from knowledge.ask.model import CalculatorOffer
from knowledge.ask.scope import outside_topic
from knowledge.calc import difficulty, exam, formation
from knowledge.calc._difficulty_data import all_kegiatan
from knowledge.search.concepts import concept_table
from knowledge.search.textnorm import (
    chat_words,
    has_phrase,
    raw_tokens,
    without_nya,
)
from knowledge.typed_numbers import NumberError, read_number

CREDIT, DIFFICULTY, FORMATION, EXAM = "credit", "difficulty", "formation", "exam"
# Values of the credit flow's "jenis" step.
PROJECTION, CONVERSION = "proyeksi", "konversi"

# Words that ask for a computation outright, and words that ask "how much" (a computation
# only when the question is about the user's own case or gives numbers).
_COMPUTE = frozenset(
    "hitung hitungin menghitung dihitung kalkulator kalkulasi simulasi hitungan perhitungan "
    "ngitung itung proyeksi konversi konversikan dikonversi hitungkan dihitungkan "
    "kalkulasikan simulasikan estimasi perkirakan perkiraan prediksi tentukan tentuin".split()
)
_HOW_MUCH = frozenset("berapa total jumlah dapat hasilnya kapan lulus cukup memenuhi".split())
_IMPERATIVE = frozenset("hitung hitungkan kalkulator simulasikan kalkulasikan tentukan "
                        "tentuin".split())
_METHOD = frozenset("cara bagaimana gimana".split())
_CITES_RULE = frozenset("menurut pedoman lampiran permendag pasal peraturan hukum".split())
_ASKS = frozenset("apa berapa bagaimana gimana mana masuk termasuk".split())
_PERSONAL = frozenset(
    "saya ku aku kami kita gue kalau jika seandainya misal misalnya andaikan".split()
)
# A "how much" question about the rule itself ("ak minimal naik pangkat ahli muda brp") asks
# for the regulation's figure, not for a computation.
_RULE_WORDS = frozenset("minimal minimum syarat persyaratan ketentuan aturan batas "
                        "persentase persen".split())
# Computing words that describe the rule ("volume dihitung buat brp lama?", "dalam
# perhitungan"): a request only with a case of one's own; "hitung", "hitungin" ask outright.
_DESCRIBING = frozenset("dihitung perhitungan hitungan menghitung dihitungkan".split())
# "Berlaku brp lama?": a period the rule sets, except for a projection of one's credit.
_HOW_LONG = ("berapa", "lama")
# "Jadwal ukom gelombang berikutnya kapan?": a schedule is asked, not one's own projection.
_SCHEDULE = frozenset("jadwal jadwalnya pendaftaran gelombang dibuka ditutup link registrasi "
                      "tanggal".split())
# "Mau ngitung formasi wasdag": a wish to compute is a request.
_WANT = frozenset("mau ingin pengen pingin tolong bantu".split())
# "Kalau AK gak tercapai, kapan diberhentikan?": what follows from a result is asked, not
# the result.
_CONSEQUENCE = frozenset("diberhentikan pemberhentian berhenti dicopot sanksi turun "
                         "diturunkan".split())
_SHORTFALL = frozenset("berapa lagi dari".split())
# "Kok total bobot kecil malah tingkat 4?": a why-question asks about the rule, unless it
# asks to compute outright.
_WHY = frozenset("kok kenapa mengapa".split())
# "Apa itu SKR", "norma waktu sm norma hasil bedanya apa": a question of meaning, not of a
# result (unless it gives figures of its own).
_MEANING: tuple[tuple[str, ...], ...] = (
    ("apa", "itu"), ("itu", "apa"), ("apa", "bedanya"), ("bedanya", "apa"), ("apa", "beda"),
    ("maksudnya",), ("pengertian",), ("definisi",), ("artinya",))
# A computing word after these names the context, not a request: "(dipakai) untuk menghitung
# kebutuhan", "dalam perhitungan kebutuhan JF".
_CONTEXT = frozenset("untuk utk buat dalam dlm pada dengan dgn dipakai dipake digunakan".split())
# "Hasil hitungan … cuma 0,45, bener bisa minta satu orang?": a result already had; what is
# asked is the rule applied to it (unless the question says "hitung").
_HAD = "hasil"

_TOPICS: dict[str, tuple[tuple[str, ...], ...]] = {
    DIFFICULTY: (("tingkat", "kesulitan"), ("kesulitan",), ("bobot",),
                 ("klasifikasi", "instrumen")),
    FORMATION: (("formasi",), ("kebutuhan",), ("abk",), ("beban", "kerja"), ("butuh", "berapa"),
                ("perlu", "berapa")),
    EXAM: (("nilai", "ukom"), ("skor", "ukom"), ("hasil", "ukom"), ("nilai", "uji", "kompetensi"),
           ("nilai", "akhir"), ("cat",),
           ("ukt",), ("lulus", "ukom"), ("ukmsk",), ("nilai", "ujian"), ("ujian", "praktik"),
           ("nilai", "praktik"), ("nilai", "seminar"), ("nilai", "wawancara"),
           ("praktik", "ukom"), ("seminar", "ukom"), ("wawancara", "ukom")),
    CREDIT: (("ak",), ("angka", "kredit"), ("kredit",), ("predikat",), ("naik", "pangkat"),
             ("kenaikan", "pangkat"), ("naik", "jenjang"), ("kenaikan", "jenjang"),
             ("konversi",)),
}
_PREDIKAT: tuple[tuple[tuple[str, ...], str], ...] = (
    (("sangat", "baik"), "sangat_baik"), (("baik", "sekali"), "sangat_baik"),
    (("butuh", "perbaikan"), "butuh_perbaikan"),
    (("sangat", "kurang"), "sangat_kurang"), (("baik",), "baik"), (("kurang",), "kurang"),
)
_PREDIKAT_WORDS = frozenset(w for phrase, _ in _PREDIKAT for w in phrase)
_JENJANG: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ahli", "pertama"), "ahli_pertama"), (("ahli", "muda"), "ahli_muda"),
    (("ahli", "madya"), "ahli_madya"), (("ahli", "utama"), "ahli_utama"),
    (("pemula",), "pemula"), (("terampil",), "terampil"), (("mahir",), "mahir"),
    (("penyelia",), "penyelia"),
)
_KEGIATAN_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tera",), "penera_tera_ulang"), (("pengujian", "tipe"), "penera_pengujian_tipe"),
    (("uji", "tipe"), "penera_pengujian_tipe"), (("verifikasi", "standar"),
                                                 "penera_verifikasi_standar"),
    (("pengambilan", "contoh"), "pmb_pengambilan_contoh"), (("sampling",),
                                                            "pmb_pengambilan_contoh"),
    (("kalibrasi",), "pmb_kalibrasi"), (("pengujian",), "pmb_pengujian"),
)


def _first(words: list[str], table: tuple[tuple[tuple[str, ...], str], ...]) -> str | None:
    return next((value for phrase, value in table if has_phrase(words, phrase)), None)


def named_jfs(words: list[str]) -> list[str]:
    """Return the JF a question names (by id or informal name), in the order of the table."""
    out: list[str] = []
    for jf, names in concept_table().jf_aliases.items():
        if any(has_phrase(words, tuple(n.split())) for n in names) and jf not in out:
            out.append(jf)
    if "pengamat_tera" in out and "penera" in out:
        out.remove("penera")
    return out


# A number as written: "0,45", "1.500" and "6,6" are one figure each, not two; "S2" and
# "masing2" hold none.
_NUMBER = re.compile(r"(?<![^\W\d_])\d+(?:[.,]\d+)*")

# A number right after these names a part of a text, not a figure of the asker's case.
_REFERENCE = re.compile(
    r"\b(?:tabel|lampiran|pasal|ayat|no|nomor|huruf|bab|kolom|baris|formulir|permendag|pp|"
    r"perpres|uu|peraturan|perka|perban|romawi)\.?\s*$", re.IGNORECASE)


# "2000 sampel/thn" is a volume, not a year: a count of things follows it ("tahun 2025
# pengujian …", "formasi 2026 unit kerja …" stay years).
_COUNTED = re.compile(
    r"\s*(?:(?:sampel|contoh|kali|alat|uttp|timbangan|dokumen|laporan|kegiatan|pengujian|"
    r"skhp|sertifikat|buah|pelaku|toko|pasar|per|setahun|sebulan)\b|/\s*(?:tahun|thn|th|bulan|bln)\b)",
    re.IGNORECASE)
# "volume 2000 per tahun": a count, whatever follows.
_VOLUME_BEFORE = re.compile(r"\b(?:volume|volumenya|sebanyak|jumlah|target|total)\s*$",
                            re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"\b(?:tahun|thn|th|ta|pada|sejak|formasi|periode|sampai|hingga)\s*$",
                          re.IGNORECASE)


def _is_year(question: str, m: re.Match[str]) -> bool:
    """Return True when a number of the question is a year: four digits from 19xx or 20xx,
    not a volume ("volume 2000", "2000 sampel"), unless a year word names it ("tahun 2025
    pengujian …")."""
    if len(m.group()) != 4 or m.group()[:2] not in ("19", "20"):
        return False
    before = question[max(0, m.start() - 12) : m.start()]
    if _VOLUME_BEFORE.search(before):
        return False
    return not _COUNTED.match(question[m.end() :]) or bool(_YEAR_BEFORE.search(before))


def _figures(question: str, words: list[str], flow: str) -> list[str]:
    """Return the numbers that state the asker's case: not a year ("cpns 2026"), not a
    reference ("Tabel 2", "Permendag 4/2025", "no. 3"), and not the
    one band a difficulty question asks the meaning of ("bobot 3 itu berapa jam?"; "total
    bobot 30" is a case)."""
    out = [m.group() for m in _NUMBER.finditer(question)
           if not _is_year(question, m)
           and not _REFERENCE.search(question[max(0, m.start() - 20) : m.start()])]
    if flow == DIFFICULTY and len(out) == 1 and out[0] in words:
        i = words.index(out[0])
        if i > 0 and words[i - 1] == "bobot" and (i < 2 or words[i - 2] not in ("total",
                                                                             "jumlah")):
            return []
    return out


# The columns of the difficulty tables (Lampiran II): a case that gives hours with steps or
# risk ("1 jam, 2 langkah, risiko rendah … tingkat berapa?") is a difficulty case.
_DIFFICULTY_CASE = frozenset("langkah risiko".split())
_HOURS = frozenset("jam menit".split())
# "butuh pengamat tera berapa": a need and "berapa" a few words apart ask for a formasi.
_NEED = frozenset("butuh perlu dibutuhkan diperlukan dibutuhin diperluin".split())
_NEED_REACH = 4
# "Brp pengawas perdagangan ahli pertama yg dibutuhin?": "berapa", then whom (a JF, its
# jenjang), then the need, within this many words.
_WHOM_REACH = 8
_WHOM = frozenset("orang pegawai pejabat personel petugas formasi".split())


def _needs_then_how_many(words: list[str]) -> bool:
    """Return True for a need followed by "berapa" ("butuh … berapa"); "butuh perbaikan" is
    the predikat Butuh Perbaikan, no need."""
    return any(w in _NEED and words[i + 1 : i + 2] != ["perbaikan"]
               and "berapa" in words[i + 1 : i + 1 + _NEED_REACH]
               for i, w in enumerate(words))


def _asks_whom_needed(words: list[str]) -> bool:
    """Return True for "berapa <JF or people> … dibutuhkan": how many officials are needed
    (a formasi), whatever the case names besides ("3000 pengujian tingkat kesulitan I")."""
    for i, w in enumerate(words):
        if w != "berapa":
            continue
        span = words[i + 1 : i + 1 + _WHOM_REACH]
        need = next((k for k, x in enumerate(span) if x in _NEED), None)
        if need is not None and (named_jfs(span[:need]) or _WHOM & set(span[:need])):
            return True
    # "… PMB penyelia yg dibutuhkan brp?": the need, then "berapa", after a JF named.
    return bool(named_jfs(words)) and _needs_then_how_many(words)


# Words only the exam has: with one of them, "bobot" is the exam's (UKT/UKMSK weights), not
# a tingkat kesulitan's ("UKT sy 74,5 & UKMSK 81, nilai akhir dihitung bobot").
_EXAM_ONLY = frozenset("ukt ukmsk".split())


# "Usul formasi PMB, pengujian tingkat kesulitan I 2000 sampel/thn, brp orang?": a formasi
# case names its Tabel 1 row by the tingkat kesulitan; these words decide for the formasi
# (after the exam's own words and a difficulty case of hours with steps or risk).
# "Berapa orang" asks for a formasi beside a JF ("hadiah dibagi ke berapa orang" does not).
_FORMATION_FIRST = ("formasi",)
_HOW_MANY_PEOPLE = ("berapa", "orang")


@cache
def _unsur_bobot() -> dict[str, frozenset[str]]:
    """Return the one-word unsur names of the difficulty tables ("akurasi", "presisi" …), each
    with the bobot its bands give, as typed digits."""
    out: dict[str, set[str]] = {}
    for k in all_kegiatan().values():
        for u in k.unsur:
            if "_" not in u.id:
                out.setdefault(u.id, set()).update(str(b.weight) for b in u.bands)
    return {name: frozenset(w) for name, w in out.items()}


# "akurasi 4 presisi 4 konstruksi 3 …": this many different unsur each followed by one of its
# bobot are a difficulty case, however the question is asked. (Several names are everyday
# words: "waktu 2 hari, tempat 3 lokasi, dampak 100 pelaku usaha" is no such case.)
_UNSUR_CASE = 3


def _unsur_case(words: list[str]) -> bool:
    """Return True when the question gives the bobot of several unsur of a difficulty table."""
    bobot = _unsur_bobot()
    named = {w for w, nxt in zip(words, words[1:], strict=False) if nxt in bobot.get(w, ())}
    return len(named) >= _UNSUR_CASE


def _topic(words: list[str]) -> str | None:
    if _asks_whom_needed(words):
        return FORMATION
    wset = set(words)
    if _EXAM_ONLY & wset:
        return EXAM
    if wset & _HOURS and wset & _DIFFICULTY_CASE and any(w.isdigit() for w in words):
        return DIFFICULTY
    if _unsur_case(words):
        return DIFFICULTY
    if has_phrase(words, _FORMATION_FIRST) or (has_phrase(words, _HOW_MANY_PEOPLE)
                                               and named_jfs(words)):
        return FORMATION
    for flow, phrases in _TOPICS.items():
        if any(has_phrase(words, p) for p in phrases):
            return flow
    if _needs_then_how_many(words):
        return FORMATION
    return None


def calculator_intent(question: str, jf: str | None = None) -> CalculatorOffer | None:
    """Return the calculator a question asks for, prefilled, or None when it asks none."""
    # "kesulitannya", "nilainya": the possessive suffix does not change the topic.
    words = without_nya(chat_words(question))
    flow = _topic(words)
    if flow is None:
        return None
    wset = set(words)
    jfs = named_jfs(words) or ([jf] if jf else [])
    prefill = _prefill(flow, words, jfs, question)
    figures = _figures(question, words, flow)
    if not figures and (any(has_phrase(words, m) for m in _MEANING) or wset & _CONSEQUENCE):
        return None
    # "Tidak lulus ukom, kapan boleh ikut lagi?": a time is asked, not a score to compute;
    # "CPNS formasi penera, tunjangannya berapa?": pay no source gives (scope.outside_topic).
    if not figures and ((flow == EXAM and "kapan" in wset) or outside_topic(question)):
        return None
    # "How much" is a computation when the question gives the user's own case: "saya/kalau",
    # numbers, or a predikat to convert ("brp ak predikat baik").
    own_case = bool(wset & _PERSONAL) or bool(figures) or "predikat" in prefill
    # "Hitung …" asks for a result; "gimana cara menghitungnya", "perhitungan … menurut
    # pedoman" without a case of one's own ask for the rule (quoted, no calculator).
    requested = {w for i, w in enumerate(words)
                 if w in _COMPUTE and (i == 0 or words[i - 1] not in _CONTEXT)
                 and (w not in _DESCRIBING or (own_case and not wset & _RULE_WORDS)
                      or (i > 0 and words[i - 1] in _WANT))}
    # ("kok" is a filler to the search: read it in the raw words.)
    if (wset | set(raw_tokens(question))) & _WHY and not wset & _IMPERATIVE:
        return None
    had = {i for i, w in enumerate(words) if i and w in _COMPUTE and words[i - 1] == _HAD}
    if had and not {w for i, w in enumerate(words) if i not in had} & _IMPERATIVE:
        return None
    compute = bool(requested) and (
        own_case or bool(wset & _IMPERATIVE) or not wset & (_METHOD | _CITES_RULE))
    asks = bool(wset & _HOW_MUCH) and own_case and not wset & _RULE_WORDS and not (
        flow != CREDIT and has_phrase(words, _HOW_LONG)) and not wset & _SCHEDULE
    # A question giving the figures of its own case ("5 jam, 3 langkah, risiko tinggi …
    # tingkat kesulitannya?") asks for the result whatever its question word; one asking
    # the rule's figure ("nilai minimal lulus ukom, 65 atau 70?") does not.
    # A formasi case may give one figure, a volume, beside the JF asked for ("Pemetaan potensi
    # UTTP 200 kali setahun, kebutuhan pengamat tera terampil?"), and may be stated without a
    # question ("kebutuhan pengawas … volume 500 per tahun dan pegawai 2 orang"); a rule's
    # figures stated ("koefisien ahli muda 12,5 dan 25") ask nothing to compute.
    enough = len(figures) >= 2 or (flow == FORMATION and bool(figures) and bool(jfs))
    gives_case = enough and not wset & _RULE_WORDS and (
        bool(wset & _ASKS) or question.rstrip().endswith("?")
        or (flow == FORMATION and "?" not in question))
    # "AK ahli madya kalo predikatnya kurang?": a jenjang and a predikat are a case to convert.
    converts = (flow == CREDIT and "predikat" in prefill and "jenjang" in prefill
                and not wset & _RULE_WORDS)
    if not (compute or asks or gives_case or converts):
        return None
    return CalculatorOffer(flow, prefill, figures=bool(figures))


@cache
def _kegiatan_jf() -> dict[str, str]:
    """Return difficulty kegiatan id → its JF (built once: the reference tables are large)."""
    return {k["id"]: k["jf"] for k in difficulty.reference()["kegiatan"]}


@cache
def _formation_categories() -> dict[str, list[str]]:
    """Return JF → its formation categories (built once)."""
    cats: dict[str, list[str]] = formation.reference()["categories"]
    return cats


def _prefill(flow: str, words: list[str], jfs: list[str], question: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if flow == CREDIT:
        if (jenjang := _first(words, _JENJANG)) is not None:
            out["jenjang"] = jenjang
        # "kurang brp lg" asks how much is missing: no predikat "Kurang"; "tidak baik" names
        # no predikat.
        predikat = _first([w if (w != "kurang" or nxt not in _SHORTFALL)
                           and (prev != "tidak" or w not in _PREDIKAT_WORDS) else ""
                           for prev, w, nxt in zip(["", *words[:-1]], words, [*words[1:], ""],
                                                   strict=True)], _PREDIKAT)
        projection = any(has_phrase(words, p) for p in (("kapan",), ("naik",), ("kenaikan",),
                                                  ("proyeksi",)))
        if predikat is not None:
            out["predikat"] = predikat
        if projection:
            out["jenis"] = PROJECTION
        elif predikat is not None:
            out["jenis"] = CONVERSION
        if projection and (ak := stated_number(question, _AK_NAMES)) is not None:
            out["ak_saat_ini"] = ak
        if out.get("jenis") == CONVERSION and (months := _months(question)) is not None:
            out["bulan"] = months
    elif flow == DIFFICULTY:
        by_id = _kegiatan_jf()
        allowed = set(by_id.values())
        kegiatan = _first(words, _KEGIATAN_WORDS)
        jf = next((j for j in jfs if j in allowed), None)
        if kegiatan is not None:
            if jf is None or by_id[kegiatan] == jf:
                jf = by_id[kegiatan]
                out["kegiatan:0"] = kegiatan
        if jf is not None:
            out["jf:0"] = jf
    elif flow == FORMATION:
        cats = _formation_categories()
        jf = next((j for j in jfs if cats.get(j)), None)
        if jf is not None:
            out["jf"] = jf
            # The jenjang names its category: Ahli … → keahlian; Pemula, Terampil, Mahir,
            # Penyelia → keterampilan.
            chosen = ("keahlian" if "ahli" in words or "keahlian" in words else
                      "keterampilan" if {"terampil", "keterampilan", "pemula", "mahir",
                                         "penyelia"} & set(words) else None)
            if chosen in cats[jf] and len(cats[jf]) > 1:  # one category is not asked
                out["category"] = chosen
    elif flow == EXAM:
        out.update(_exam_scores(question))
    return out


# A number stated after its name: "cat sy 80", "isi: 50", "ukmsk = 72,5", "AK saya 1.500"
# (thousands with dots, decimals with a comma, or a dot before one or two digits; digits of
# other scripts are not read here, the step asks for them).
_STATED = (r"(?<![a-z]){name}\s*(?:(?:saya|sy|aku|ku|gue|gw|anda)\s+)?(?:[:=]\s*|adalah\s+)?"
           r"(-?[0-9]{{1,3}}(?:\.[0-9]{{3}})+(?:,[0-9]+)?|-?[0-9]+(?:[.,][0-9]{{1,2}})?)"
           r"(?![0-9A-Za-z\u00c0-\uffff]|[.,][0-9])")
# After the number, another number ("40 dan 90", "8, 50, 25", "7 0", "2025 = 40": which is
# whose?) or a unit ("persiapan 2 minggu", "isi 3 formulir") makes it no score.
_THEN_NUMBER = re.compile(
    r"\s*(?:,|;|/|&|=|:|-|–|\bdan\b|\batau\b|\bsampai\b|\bhingga\b|s/d)?\s*-?[0-9]")
# The same, the number written in words ("cat sy delapan puluh", "isi: tujuh puluh lima koma
# lima"): read by the steps' own reader (knowledge.typed_numbers).
_NUMBER_WORD = (r"(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
                r"seratus|belas|puluh|ratus|koma|setengah)")
_STATED_WORDS = (r"(?<![a-z]){name}\s*(?:(?:saya|sy|aku|ku|gue|gw|anda)\s+)?"
                 r"(?:[:=]\s*|adalah\s+)?((?:" + _NUMBER_WORD + r"\s+){{0,7}}" + _NUMBER_WORD
                 + r")\b")
_THEN_UNIT = re.compile(
    r"\s*(?:minggu|menit|jam|hari|bulan|bln|tahun|thn|formulir|halaman|hlm|lembar|kali|"
    r"orang|org|soal|slide|kata|buah|pasal)\b")
_AK_NAMES = r"(?:ak|a\.k\.?|angka kredit)"


def stated_number(text: str, name: str) -> str | None:
    """Return the number stated right after ``name`` (a regex) in ``text`` as a decimal string
    ("150,5" → "150.5", "1.500" → "1500"), or None when it is absent, followed by another
    number or a unit, or stated twice differently."""
    found: set[str] = set()
    low = text.lower()
    for pattern, read in ((_STATED, _as_typed), (_STATED_WORDS, _in_words)):
        for m in re.finditer(pattern.format(name=name), low):
            rest = low[m.end():]
            value = None if _THEN_NUMBER.match(rest) or _THEN_UNIT.match(rest) \
                else read(m.group(1))
            if value is None:
                return None
            found.add(value)
    return found.pop() if len(found) == 1 else None


def _as_typed(raw: str) -> str:
    """Return digits as typed as a decimal string ("1.500" → "1500", "72,5" → "72.5")."""
    if re.fullmatch(r"-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?", raw):
        raw = raw.replace(".", "")  # thousands
    return raw.replace(",", ".")


def _in_words(raw: str) -> str | None:
    """Return a number in words as a decimal string, or None when they make no one number
    ("delapan lima")."""
    try:
        return str(read_number(raw)[0])
    except NumberError:
        return None


def _months(text: str) -> str | None:
    """Return the months a conversion is for: "6 bulan" → "6", "setahun" → "12"."""
    low = text.lower()
    stated = set(re.findall(r"(?<![0-9])([0-9]{1,2})\s*(?:bulan|bln)\b", low))
    if re.search(r"\b(?:setahun|1 tahun|satu tahun|12 bulan)\b", low):
        stated.add("12")
    return stated.pop() if len(stated) == 1 else None


def _exam_scores(text: str) -> dict[str, str]:
    """Return the exam steps a question gives scores for (step id → the number as typed, a
    decimal point for the comma); the flow's steps check each against its own maximum."""
    ref = exam.reference()
    names = {"cat": "cat", "ukmsk": "ukmsk", **{f"seminar:{e}": e for e in ref["seminar"]},
             **{f"praktik:{e}": e for e in ref["praktik"]}}
    # "hasil" names the praktik element only beside the praktik's other elements: "hasil ukom
    # 80" is the final score.
    if not re.search(r"\b(?:praktik|persiapan|pelaksanaan)\b", text.lower()):
        names = {k: v for k, v in names.items() if v != "hasil"}
    out: dict[str, str] = {}
    for step, name in names.items():
        if (value := stated_number(text, re.escape(name))) is not None:
            out[step] = value
    return out

