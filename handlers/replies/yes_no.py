"""Yes and no as people write them: "iya", "y", "yoi", "oke siap" / "gak", "nggak jadi"."""

from __future__ import annotations

from typing import Literal

from handlers.replies.words import plain, squeeze

YES = frozenset({
    "ya", "iya", "y", "yoi", "ok", "oke", "okey", "okay", "betul", "benar", "bener", "siap",
    "boleh", "yes", "yup", "yap", "yep", "sip", "tentu", "setuju", "lanjut", "yups", "iye",
    "he'eh", "hooh", "mau", "simpan", "hapus",
})
NO = frozenset({
    "tidak", "t", "tdk", "ga", "gak", "gk", "nggak", "ngga", "ngak", "enggak", "engga", "no",
    "nope", "bukan", "jangan", "tak", "ndak", "nda", "kagak", "gausah", "batal",
})
# Words that only soften a yes or a no ("tidak usah", "gak jadi", "ya dong", "boleh deh").
SOFTENERS = frozenset({
    "usah", "perlu", "jadi", "dulu", "deh", "dong", "kok", "sih", "saja", "aja", "sekali",
    "pak", "bu", "kak", "mas", "mbak", "min", "terima", "kasih", "makasih", "thanks",
    "lah", "nih", "pasti",
})
# "ya" after a no is a tag ("jangan ya", "gak ya"): still a no.
TAGS = frozenset({"ya", "yah"})

_SQUEEZED = {squeeze(w): w for w in YES | NO}

Reading = Literal["yes", "no", "both"]


def _word(word: str) -> str:
    if word in YES or word in NO:
        return word
    return _SQUEEZED.get(squeeze(word), word)


def yes_no_reading(text: str) -> Reading | None:
    """Return "yes", "no", "both" ("ya tidak": ask again), or None when it is neither."""
    words = [_word(w) for w in plain(text).split()]
    words = [w for w in words if w not in SOFTENERS and w != "atau"]
    if len(words) >= 2 and words[-1] in TAGS and words[-2] in NO:
        words = words[:-1]
    if not words:
        return None
    if any(w not in YES and w not in NO for w in words):
        return None
    yes, no = any(w in YES for w in words), any(w in NO for w in words)
    if yes and no:
        return "both"
    return "yes" if yes else "no"


def read_yes_no(text: str) -> bool | None:
    """Return True/False for a typed yes or no; None when it is neither or both."""
    reading = yes_no_reading(text)
    return None if reading in (None, "both") else reading == "yes"
