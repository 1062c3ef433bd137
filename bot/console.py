"""``python -m bot console``: a temporary console search prompt until the chat engine exists."""

from __future__ import annotations

import sys

from knowledge.errors import InputError
from knowledge.search import SearchIndex, default_index
from knowledge.search.engine import topic
from knowledge.search.render import hits_text
from knowledge.sources_text import DOCUMENT_TITLES

GREETING = (
    "Selamat datang di Asisten JF Perdagangan. Tulis pertanyaan Anda "
    "(misalnya: \"penera boleh menerima hadiah?\"); akhiri dengan Ctrl+D."
)
RESULTS = 3
RELATIVE_SCORE = 0.6  # a further hit is shown only if it scores this share of the best one


def answer(index: SearchIndex, line: str) -> str:
    """Return the console reply to one line: best passages, or "maksud Anda" choices."""
    try:
        hits = index.search(line, limit=RESULTS)
    except InputError as exc:
        return exc.message
    if index.is_good_match(hits):
        # Much weaker hits after the first would only add noise to a chat answer.
        top = hits[0].score
        return hits_text([h for h in hits if h.good and h.score >= RELATIVE_SCORE * top])
    choices = index.suggest(line, limit=RESULTS)
    if not choices:
        return "Maaf, saya belum menemukan jawabannya. Coba gunakan kata kunci lain."
    fixed = index.corrected_query(line)
    head = f"Maksud Anda \"{fixed}\"? " if fixed else ""
    topics = "\n".join(
        f"- {topic(h.passage)} ({DOCUMENT_TITLES[h.passage.source]})" for h in choices
    )
    return (
        f"{head}Saya belum menemukan jawaban yang pas. Maksud Anda salah satu topik ini?\n"
        f"{topics}\n\n{hits_text(choices[:1])}"
    )


def run_console() -> int:
    """Read questions from stdin until EOF and print answers with citations; return 0."""
    interactive = sys.stdin.isatty()
    print(GREETING, flush=True)
    index = default_index()
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            break
        if not line.strip():
            continue
        print(answer(index, line.strip()), end="\n\n", flush=True)
    return 0
