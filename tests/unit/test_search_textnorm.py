"""Search text normalisation, the synonym table and typo repair."""

from __future__ import annotations

import pytest

from knowledge.search.synonyms import SYNONYM_GROUPS
from knowledge.search.textnorm import (
    CHAT_FORMS,
    STEM_EXCEPTIONS,
    Stemmer,
    colloquial_variants,
    content_tokens,
    normalize_chat,
    raw_tokens,
    stop_words,
)
from knowledge.search.typo import MIN_LENGTH, TypoFixer


def test_raw_tokens_lowercase_and_split_on_punctuation() -> None:
    assert raw_tokens("Penera, boleh GAK nerima hadiah? (UTTP/BDKT) K3") == [
        "penera", "boleh", "gak", "nerima", "hadiah", "uttp", "bdkt", "k3",
    ]


def test_chat_forms_become_standard_words_and_fillers_vanish() -> None:
    assert normalize_chat(raw_tokens("gmn kalo sy nerima parsel dong, boleh gak?")) == [
        "bagaimana", "kalau", "saya", "menerima", "parsel", "boleh", "tidak",
    ]
    for form in ("gak", "nggak", "ga", "enggak", "tdk"):
        assert normalize_chat([form]) == ["tidak"]
    assert normalize_chat(["ngapain", "yg", "dgn", "utk", "brp"]) == [
        "mengapa", "yang", "dengan", "untuk", "berapa",
    ]


def test_chat_form_targets_are_single_standard_words_or_empty() -> None:
    for form, target in CHAT_FORMS.items():
        assert form == form.lower() and " " not in form
        assert target == target.lower()


def test_stop_words_keep_the_words_that_carry_meaning_here() -> None:
    sw = stop_words()
    for kept in ("tidak", "boleh", "wajib", "dilarang", "larangan", "harus", "jangan",
                 "naik", "baik", "kurang", "pertama", "masa", "lama", "menerima", "memberi"):
        assert kept not in sw, kept
    for dropped in ("yang", "dan", "apa", "bagaimana", "adalah", "untuk", "saya"):
        assert dropped in sw, dropped
    assert content_tokens("Apa saja yang dilarang bagi penera?") == ["dilarang", "penera"]
    assert content_tokens("gak boleh yg mana", chat=True) == ["tidak", "boleh"]


def test_stemmer_caches_and_protects_domain_words() -> None:
    s = Stemmer()
    assert s.stem("menerima") == "terima"
    assert s.stem("pelayanan") == "layan"
    assert "menerima" in s._runtime  # cached: Sastrawi runs once per word
    # Sastrawi would turn these into other words of the domain.
    assert s.stem("pemilu") == "pemilu" and s.stem("kinerja") == "kinerja"
    assert s.stem("penera") != s.stem("tera")
    assert s.stem("penguji") != s.stem("uji")
    assert set(STEM_EXCEPTIONS) <= set(s.cache)
    assert s.stem("k3") == "k3" and s.stem("2025") == "2025"
    preset = Stemmer({"xyzabc": "xyz"})
    assert preset.stem("xyzabc") == "xyz"  # a preset cache entry is trusted


def test_stemmer_forgets_words_typed_at_run_time_past_its_limit() -> None:
    """Words users type are remembered only up to RUNTIME_LIMIT, Sastrawi keeps none of them."""
    s = Stemmer()
    s.RUNTIME_LIMIT = 50
    words = [f"mengqx{i}kan" for i in range(400)]
    for w in words:
        s.stem(w)
    assert len(s._runtime) <= 50
    # The plain Sastrawi stemmer, not its factory's never-forgetting CachedStemmer.
    assert not hasattr(s._stemmer, "cache")
    assert s.stem(words[0]) == Stemmer().stem(words[0])  # forgotten, and stemmed the same


def test_long_tokens_are_normalised_without_filling_the_cache() -> None:
    """A 4,000-character token is read like any other and not kept (a reviewer's)."""
    from knowledge.search.textnorm import _normal_token

    long = "x" * 4000
    before = _normal_token.cache_info().currsize
    assert normalize_chat(["gak", long, "wkwkwk"]) == normalize_chat(["gak"]) + [long]
    assert _normal_token.cache_info().currsize <= before + 2  # "gak" and "wkwkwk" at most


def test_synonym_table_covers_the_required_groups() -> None:
    members = {m: i for i, g in enumerate(SYNONYM_GROUPS) for m in g}
    same = [
        ("ak", "angka kredit"), ("jf", "jabatan fungsional"),
        ("uttp", "alat ukur takar timbang dan perlengkapannya"),
        ("bdkt", "barang dalam keadaan terbungkus"), ("ukom", "uji kompetensi"),
        ("k3", "keselamatan dan kesehatan kerja"), ("skp", "sasaran kinerja pegawai"),
        ("gratifikasi", "hadiah"), ("gratifikasi", "suap"), ("gratifikasi", "parsel"),
        ("gratifikasi", "bingkisan"), ("gratifikasi", "uang terima kasih"),
        ("gratifikasi", "imbalan"), ("pemilu", "netralitas"), ("pemilu", "kampanye"),
        ("pemilu", "pilkada"), ("pemilu", "partai"), ("pemilu", "caleg"),
        ("medsos", "media sosial"), ("pbk", "perdagangan berjangka komoditi"),
        ("srg", "sistem resi gudang"), ("plk", "pasar lelang komoditas"),
        ("skr", "standar kemampuan rata rata"),
    ]
    for a, b in same:
        assert members[a] == members[b], (a, b)


def test_synonym_members_are_normalised_and_unique() -> None:
    seen: set[str] = set()
    for group in SYNONYM_GROUPS:
        assert len(group) >= 2
        for m in group:
            assert m == " ".join(raw_tokens(m)), m
            assert m not in seen, f"{m!r} in two groups"
            seen.add(m)


def test_typo_fixer_repairs_close_words_only() -> None:
    fixer = TypoFixer(["gratifikasi", "rekomendasi", "penera", "kompetensi", "tera"])
    assert fixer.fix("gratifkasi") == "gratifikasi"
    assert fixer.fix("rekomendsi") == "rekomendasi"
    assert fixer.fix("kompetnsi") == "kompetensi"
    assert fixer.fix("penera") == "penera"
    assert fixer.fix("mobil") is None  # nothing close
    assert fixer.fix("ter") is None and len("ter") < MIN_LENGTH  # too short to guess
    assert fixer.fix("12345") is None  # numbers are never "repaired"


def test_typo_fixer_needs_the_first_letter_and_more_similarity_for_short_words() -> None:
    fixer = TypoFixer(["pns", "undangan", "penera"])
    assert fixer.fix("cpns") is None  # first letter differs: another word, not a typo
    assert fixer.fix("tunjangan") is None  # likewise, although ratio("tunjangan", "undangan") 89
    assert fixer.fix("penra") == "penera"  # 5 letters, one dropped: ratio 91 >= 88
    assert TypoFixer(["tera"]).fix("tero") is None  # 4 letters, one wrong: ratio 75 < 88


def test_uji_kom_is_uji_kompetensi() -> None:
    assert normalize_chat(["uji", "kom"]) == ["uji", "kompetensi"]


def test_colloquial_verbs_get_their_standard_forms() -> None:
    assert colloquial_variants("nyebarin")[:2] == ["nyebarkan", "menyebarkan"]
    assert colloquial_variants("dilaporin")[0] == "dilaporkan"
    assert colloquial_variants("nolak") == ["menolak", "tolak"]
    assert colloquial_variants("makai") == ["memakai", "pakai"]
    assert colloquial_variants("lapor") == []  # nothing colloquial about it


def test_a_bare_nasal_prefix_gives_back_the_root() -> None:
    # k -> ng, s -> ny, t -> n, p -> m, and ng(e)- before a vowel or a one-syllable root.
    assert "kirim" in colloquial_variants("ngirim")
    assert "awasi" in colloquial_variants("ngawasin")
    assert "sebar" in colloquial_variants("nyebar")
    assert "cantumkan" in colloquial_variants("nyantumin")  # c -> ny as well
    assert "catet" in colloquial_variants("nyatet")
    assert "lapor" in colloquial_variants("ngelapor")
    assert "selesai" in colloquial_variants("nyelesainnya")  # with a possessive -nya
    assert colloquial_variants("tolak") == []  # a root is left alone


def test_reduplication_written_with_a_two_is_the_word() -> None:
    assert normalize_chat(["aturan2", "org2"]) == ["aturan", "orang"]
    assert normalize_chat(["apa2"]) == ["apa"]
    # Before a suffix too: the word keeps its suffix.
    assert normalize_chat(["lambat2in", "dorong2an"]) == ["lambatin", "dorongan"]


@pytest.mark.parametrize("filler", ["pliss", "wkwk", "wkwkwk", "hahaha", "hehe", "xixixi", "bro",
                                    "thx", "btw", "guys", "bestie"])
def test_fillers_and_laughter_around_a_question_are_dropped(filler: str) -> None:
    assert normalize_chat(raw_tokens(f"apa itu skr {filler}")) == ["apa", "itu", "skr"]


def test_a_relative_is_not_a_filler() -> None:
    # "om", "kakak" may be what a conduct question is about (a relative's shop).
    assert "om" in normalize_chat(raw_tokens("toko om saya diawasi"))
