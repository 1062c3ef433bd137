"""The Tanya flow: a free-text question → the best passages with their citations.

Steps (``ChatState.step`` while ``flow == "tanya"``): ``tanya`` (waiting for a question),
``hasil`` (results shown: "Lihat lainnya", "Saring per JF", "Pertanyaan baru", "Menu"),
``jf`` (choosing a JF filter) and ``saran`` (weak match: "Maksud Anda…" topics). Answers:
``q`` the question, ``jf`` the filter, ``page``, ``more`` (a further page exists), ``sug``
(suggested passage ids), ``checked`` (the match quality was judged already).
"""

from __future__ import annotations

import re
from typing import Any

from handlers import texts
from handlers.events import Event, TextIn
from handlers.flow import Services, option_token, step_token
from handlers.flows import TANYA
from handlers.prompts import Message, Option, Prompt, Question
from handlers.state import ChatState
from knowledge.errors import InputError
from knowledge.ids import JF_LABELS
from knowledge.search.engine import Hit, topic
from knowledge.search.render import labels

PER_PAGE = 3
SUGGESTIONS = 3
HELP = texts.TANYA_HELP
QUERY_MAX = 500  # characters of a question searched (and kept); no real question is longer
T_MORE, T_FILTER, T_NEW, T_MENU = "_more", "_jf", "_new", "_menu"
JF_PREFIX, SUGGEST_PREFIX = "jf:", "sug:"
# How a question names one JF (whole words). "pengamat" comes before the bare "tera" could
# matter, and "pengawasan" is not "pengawas": names are matched as words, not as prefixes.
JF_WORDS: dict[str, tuple[str, ...]] = {
    "analis_perdagangan": ("analis", "andag"),
    "pengawas_perdagangan": ("pengawas",),
    "negosiator_perdagangan": ("negosiator",),
    "penera": ("penera",),
    "pengamat_tera": ("pengamat",),
    "penguji_mutu_barang": ("penguji", "pmb"),
}


def passage_text(hit: Hit) -> str:
    """Return one passage: its heading (unless the "Sumber" line already names it), the whole
    text, then "Sumber: <document> — <section>" with its JF / jenjang / nilai."""
    p = hit.passage
    extra = labels(hit)
    source = f"Sumber: {p.citation}" + (f" ({extra})" if extra else "")
    head = topic(p)
    # Guide passages are titled by the document only: their heading is the section, which
    # the citation repeats.
    lines = [p.text, source] if head in p.citation else [head, p.text, source]
    return "\n".join(lines)


def named_jf(query: str) -> str | None:
    """Return the JF a question names ("penera boleh …"), or None when it names none or two."""
    words = set(re.findall(r"[a-z]+", query.casefold()))
    named = [jf for jf, names in JF_WORDS.items() if words & set(names)]
    return named[0] if len(named) == 1 else None


def _token(*parts: object) -> str:
    return step_token(TANYA, *parts)


def ask(st: ChatState) -> list[Prompt]:
    """Ask for a question (from the menu or "Pertanyaan baru")."""
    st.flow, st.step = TANYA, "tanya"
    st.answers = {}
    st.history = []
    return [_ask_question()]


def _ask_question() -> Question:
    return Question(texts.TANYA_ASK, _token("tanya"), (Option(T_MENU, texts.TANYA_MENU),),
                    hint=texts.TANYA_ASK_HINT)


def start(st: ChatState, services: Services, query: str, jf: str | None = None) -> list[Prompt]:
    """Search a new question and show the first page (or "Maksud Anda…" topics).

    A question naming one JF is searched with that JF as filter (its passages and the general
    ones), shown in the header; "Saring per JF" → "Semua JF" lifts it.
    """
    st.flow, st.history = TANYA, []
    query = query[:QUERY_MAX]  # a 100 kB line took 1.6 s of search inside the update's commit
    jf = jf or named_jf(query)
    st.answers = {"q": " ".join(query.split()), "jf": jf, "page": 0}
    return _show(st, services)


def _show(st: ChatState, services: Services) -> list[Prompt]:
    a = st.answers
    index = services.index()
    page = int(a.get("page", 0))
    try:
        hits = index.search(a["q"], jf=a.get("jf"), limit=PER_PAGE + 1, offset=page * PER_PAGE)
    except InputError as exc:
        st.step = "tanya"
        return [Message(exc.message), _ask_question()]
    if not a.get("checked") and page == 0 and not index.is_good_match(hits):
        suggestions = index.suggest(a["q"], limit=SUGGESTIONS)
        if not suggestions:
            st.step = "tanya"
            return [Message(texts.TANYA_NOTHING), _ask_question()]
        a["sug"] = [h.passage.id for h in suggestions]
        st.step = "saran"
        return [_suggest_question(st, services)]
    a["checked"] = True
    st.step = "hasil"
    if not hits:
        a["more"] = False
        a["page"] = max(0, page - 1)
        return [Message(texts.TANYA_NO_MORE), _results_question(st)]
    a["more"] = len(hits) > PER_PAGE
    jf = a.get("jf")
    head = texts.TANYA_RESULTS.format(
        q=a["q"],
        jf=texts.TANYA_RESULTS_JF.format(label=JF_LABELS[jf]) if jf else "",
        page=texts.TANYA_RESULTS_PAGE.format(n=page + 1) if page else "",
    )
    body = "\n\n".join([head, *(passage_text(h) for h in hits[:PER_PAGE])])
    return [Message(body), _results_question(st)]


def _results_question(st: ChatState) -> Question:
    a = st.answers
    options = []
    if a.get("more"):
        options.append(Option(T_MORE, texts.TANYA_MORE))
    options += [Option(T_FILTER, texts.TANYA_FILTER), Option(T_NEW, texts.TANYA_NEW),
                Option(T_MENU, texts.TANYA_MENU)]
    return Question(texts.TANYA_NEXT, _token("hasil", a.get("q"), a.get("jf"), a.get("page")),
                    tuple(options))


def _jf_question() -> Question:
    options = [Option(JF_PREFIX + k, v) for k, v in JF_LABELS.items()]
    options.append(Option(JF_PREFIX, texts.TANYA_JF_ALL))
    return Question(texts.TANYA_JF_QUESTION, _token("jf"), tuple(options))


def _suggest_question(st: ChatState, services: Services) -> Question:
    a = st.answers
    by_id = _passages(services, a.get("sug", []))
    options = []
    for i, pid in enumerate(a.get("sug", [])):
        passage = by_id.get(pid)
        if passage is not None:
            label = topic(passage)
            options.append(Option(f"{SUGGEST_PREFIX}{i}", label, label[:20],
                                  passage.citation))
    options += [Option(T_NEW, texts.TANYA_NEW), Option(T_MENU, texts.TANYA_MENU)]
    fixed = services.index().corrected_query(a["q"])
    text = (texts.TANYA_CORRECTED.format(q=fixed) if fixed else "") + texts.TANYA_SUGGEST.format(
        q=a["q"])
    return Question(text, _token("saran", a.get("q")), tuple(options))


def _passages(services: Services, ids: list[str]) -> dict[str, Any]:
    wanted = set(ids)
    return {p.id: p for p in services.index().passages if p.id in wanted}


def current(st: ChatState, services: Services) -> list[Prompt]:
    """Return the question the user is at, asked again."""
    if st.step == "hasil":
        return [_results_question(st)]
    if st.step == "jf":
        return [_jf_question()]
    if st.step == "saran":
        return [_suggest_question(st, services)]
    return [_ask_question()]


def _options(st: ChatState, services: Services) -> tuple[Option, ...]:
    question = current(st, services)[-1]
    assert isinstance(question, Question)
    return question.options


def _pick(st: ChatState, services: Services, event: Event) -> str | None:
    return option_token(event, _options(st, services), partial=st.step == "jf")


def is_option(st: ChatState, text: str) -> bool:
    """Return True when a typed text answers the current question's options."""
    if st.step == "tanya":
        return False
    return option_token(TextIn(text), _static_options(st)) is not None


def _static_options(st: ChatState) -> tuple[Option, ...]:
    if st.step == "jf":
        return _jf_question().options
    if st.step == "hasil":
        return _results_question(st).options
    return (Option(T_NEW, texts.TANYA_NEW), Option(T_MENU, texts.TANYA_MENU))


def handle(st: ChatState, event: Event, services: Services) -> list[Prompt] | None:
    """Answer one event inside Tanya; None means the user asked for the menu."""
    token = _pick(st, services, event)
    if token is None:
        if isinstance(event, TextIn):
            return start(st, services, event.text)
        return current(st, services)
    if token == T_MENU:
        return None
    if token == T_NEW:
        return ask(st)
    if token == T_MORE:
        st.answers["page"] = int(st.answers.get("page", 0)) + 1
        return _show(st, services)
    if token == T_FILTER:
        st.step = "jf"
        return [_jf_question()]
    if token.startswith(JF_PREFIX):
        st.answers["jf"] = token.removeprefix(JF_PREFIX) or None
        st.answers["page"] = 0
        return _show(st, services)
    if token.startswith(SUGGEST_PREFIX):
        return _choose_suggestion(st, services, int(token.removeprefix(SUGGEST_PREFIX)))
    return current(st, services)


def _choose_suggestion(st: ChatState, services: Services, i: int) -> list[Prompt]:
    ids = st.answers.get("sug", [])
    passage = _passages(services, ids).get(ids[i]) if 0 <= i < len(ids) else None
    if passage is None:
        return current(st, services)
    # The chosen passage itself first; "Lihat lainnya" then searches its topic from page 1.
    st.answers.update({"q": topic(passage), "page": -1, "checked": True, "more": True})
    st.answers.pop("sug", None)
    st.step = "hasil"
    return [Message(passage_text(Hit(passage, 0.0, 1.0))), _results_question(st)]


def back(st: ChatState, services: Services) -> list[Prompt]:
    """/kembali in Tanya: the previous page of results, else ask again."""
    page = int(st.answers.get("page", 0))
    if st.step == "hasil" and page > 0:
        st.answers["page"] = page - 1
        return _show(st, services)
    if st.step == "jf":
        st.step = "hasil"
        return _show(st, services)
    return [Message(texts.FIRST_STEP), *current(st, services)]
