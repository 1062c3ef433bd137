"""Tanya: a free-text question → the answer first (``knowledge.ask``), then "Membantu? 👍 / 👎".

A conversation like the others (``handlers.conversation.Conversation``). Steps
(``ChatState.step`` while ``flow == "tanya"``): ``tanya`` (waiting for a question) and
``hasil`` (an answer shown). Answers: ``q`` the question, ``ref`` the shown answer's key,
``status``, ``ids`` the passages shown, ``page`` how many of ``Answer.more`` were shown,
``fb`` the rating ("up"/"down"), ``fwd`` forwarded to the admins, ``calc`` the offered
calculator. The answer itself is recomputed from ``q`` when needed (it is deterministic), so
the stored state stays small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from handlers import texts
from handlers.conversation import OpenFlow, Reply
from handlers.events import Event, TextIn
from handlers.feedback import RecordQuestion, TanyaEffect
from handlers.flow import Context, Services, option_token, step_token
from handlers.flows import TANYA
from handlers.prompts import Message, Option, Prompt, Question
from handlers.state import ChatState
from knowledge.ask.answer import answer_question
from knowledge.ask.model import Answer
from knowledge.ask.text import question_gist
from knowledge.digits import ascii_digits
from knowledge.errors import InputError
from knowledge.ids import JF_LABELS
from knowledge.search.engine import SearchIndex

HELP = texts.TANYA_HELP
Answerer = Callable[[SearchIndex, str, str | None], Answer]  # index, question, asker's JF
T_UP, T_DOWN, T_MORE, T_FORWARD = "_up", "_down", "_more", "_fwd"
T_CALC, T_NEW, T_MENU = "_calc", "_new", "_menu"

FEEDBACK_QUESTION = "Membantu? 👍 / 👎"
FEEDBACK_HINT = "Atau ketik pertanyaan berikutnya."
UP, DOWN = "👍 Membantu", "👎 Tidak membantu"
MORE = texts.TANYA_MORE
FORWARD = "Teruskan ke admin"
NEW, MENU = texts.TANYA_NEW, texts.TANYA_MENU
OPEN_CALC = "Buka {title}"
# Replies that accept the calculator offered ("buka", "hitung dong"); a bare "ya" answers the
# question on screen ("Membantu? 👍 / 👎"), not the offer above it.
ACCEPT_CALC = frozenset({"buka", "buka kalkulator", "kalkulator", "hitung", "hitungin",
                         "hitung dong", "ya hitung", "ya buka", "buka aja", "ya hitung dong",
                         "hitungkan", "mau hitung", "ya buka kalkulator"})
THANKS_UP = "Terima kasih atas masukan Anda."
THANKS_DOWN = ("Terima kasih atas masukan Anda. Bila perlu, saya dapat meneruskan pertanyaan "
               "ini ke admin.")
FORWARDED = ("Pertanyaan Anda sudah diteruskan ke admin. Jawabannya akan dikirim ke percakapan "
             "ini.")
NEXT_QUESTION = "Ada pertanyaan lain? Ketik saja."
NO_MORE = texts.TANYA_NO_MORE
PICK_OR_ASK = "Ketik nomor salah satu pilihan di bawah, atau tulis pertanyaan Anda."
MORE_HEAD = "Hasil lain ({i} dari {n}):"
LIST_MORE_HEAD = "Lanjutan daftar ({i} dari {n}):"


def _token(*parts: object) -> str:
    return step_token(TANYA, *parts)


def _ask_question() -> Question:
    return Question(texts.TANYA_ASK, _token("tanya"), (Option(T_MENU, MENU),),
                    hint=texts.TANYA_ASK_HINT)


def _ref(context: Context) -> str:
    """Return the key of an answer shown now (one user never sees two in one microsecond)."""
    now = context.now or dt.datetime.now(dt.UTC)  # outside the engine only
    return now.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S%f")


def _own_jf(services: Services) -> str | None:
    """Return the JF of the asker's saved profile: "boleh terima parsel?" from a Penera is
    answered from the Penera's own lists first (a question naming a JF keeps its own)."""
    profile = services.user.profile() if services.user is not None else None
    return profile.jf if profile is not None and profile.jf in JF_LABELS else None


def _answer(index: SearchIndex, question: str, own_jf: str | None) -> Answer:
    """Return the chat's answer to a question from an asker of ``own_jf``."""
    return answer_question(index, question, own_jf=own_jf)


def _record(st: ChatState, *, helpful: bool | None = None,
            forward: bool = False) -> RecordQuestion:
    a = st.answers
    return RecordQuestion(a["ref"], a["q"], a["status"], tuple(a.get("ids", ())),
                          helpful=helpful, forward=forward)


class Tanya:
    """The question conversation (see the module docstring)."""

    id = TANYA
    title = texts.MENU_TANYA
    short = texts.MENU_TANYA_SHORT

    def __init__(self, answerer: Answerer = _answer) -> None:
        self.answerer = answerer
        # The last answer computed, with its index, question and JF: one event asks for the
        # same answer up to three times (the buttons, the text, "more?"), and so does the next
        # press.
        self._last: tuple[SearchIndex, str, str | None, Answer] | None = None

    def answer(self, st: ChatState, services: Services) -> Answer:
        """Return the answer to the question asked (deterministic, so the last one is reused)."""
        index, question, jf = services.index(), st.answers["q"], st.answers.get("jf")
        last = self._last  # read once: another thread may replace it meanwhile
        if last is not None and last[0] is index and last[1:3] == (question, jf):
            return last[3]
        answer = self.answerer(index, question, jf)
        self._last = (index, question, jf, answer)
        return answer

    def start(self, st: ChatState, services: Services, context: Context,
              text: str | None) -> Reply:
        """Answer ``text`` right away, or ask for a question."""
        st.flow, st.history = TANYA, []
        if text is None or not text.strip():
            st.step, st.answers = "tanya", {}
            return Reply([_ask_question()])
        return self.ask(st, services, context, text)

    def ask(self, st: ChatState, services: Services, context: Context, text: str) -> Reply:
        """Answer a new question: the first message, then the feedback question."""
        question = question_gist(text)
        st.answers = {"q": question, "ref": _ref(context), "page": 0}
        st.step = "hasil"
        try:
            own = _own_jf(services)
            if own is not None:
                st.answers["jf"] = own  # kept: the answer is recomputed from the state
            answer = self.answer(st, services)
        except InputError as exc:
            st.step, st.answers = "tanya", {}
            return Reply([Message(exc.message), _ask_question()])
        a = st.answers
        a["status"] = answer.status
        a["ids"] = list(answer.shown_ids[:1])
        effects: list[TanyaEffect] = []
        text_out = answer.text
        if answer.status == "calculator" and answer.calculator is not None:
            if services.flows().get(answer.calculator.flow) is not None:
                a["calc"] = answer.calculator.flow
                a["given"] = dict(answer.calculator.prefill)
            if answer.quote and answer.quote not in text_out:
                text_out = f"{text_out}\n\n{answer.quote}"
        if answer.status == "not_in_sources":
            # (The answer's one sentence already offers the admin: "Teruskan ke admin" below.)
            effects.append(_record(st))  # the admins' list of unanswered questions
        return Reply([Message(text_out), self.results(st, services)], effects)

    def results(self, st: ChatState, services: Services) -> Question:
        """Return the question under an answer: rating, more, forward, calculator."""
        a = st.answers
        options: list[Option] = []
        calc = services.flows().get(a.get("calc"))
        if calc is not None:
            options.append(Option(T_CALC, OPEN_CALC.format(title=calc.title),
                                  (calc.short or calc.title)[:20]))
        if a.get("status") == "not_in_sources":
            if not a.get("fwd"):
                options.append(Option(T_FORWARD, FORWARD))
            options += [Option(T_NEW, NEW), Option(T_MENU, MENU)]
            text, hint = NEXT_QUESTION, None
        elif not a.get("fb"):
            options += [Option(T_UP, UP), Option(T_DOWN, DOWN)]  # ≤ 20 characters
            text, hint = FEEDBACK_QUESTION, FEEDBACK_HINT
        else:
            if a.get("fb") == "down" and not a.get("fwd"):
                options.append(Option(T_FORWARD, FORWARD))
            text, hint = NEXT_QUESTION, None
        if self._has_more(st, services) and len(options) < 3:
            options.append(Option(T_MORE, MORE))
        if a.get("fb") and len(options) < 3:
            options.append(Option(T_MENU, MENU))
        token = _token("hasil", a.get("ref"), a.get("page"), a.get("fb"), a.get("fwd"))
        return Question(text, token, tuple(options), hint=hint)

    def _has_more(self, st: ChatState, services: Services) -> bool:
        if st.answers.get("status") == "not_in_sources":
            return False
        return int(st.answers.get("page", 0)) < len(self.answer(st, services).more)

    def current(self, st: ChatState, services: Services) -> list[Prompt]:
        """Return the question the user is at, asked again."""
        if st.step == "hasil" and "q" in st.answers:
            return [self.results(st, services)]
        return [_ask_question()]

    def handle(self, st: ChatState, event: Event, services: Services,
               context: Context) -> Reply:
        """Answer one event: an option of the question on screen, a flow named, or a new
        question."""
        options = self.current(st, services)[-1]
        assert isinstance(options, Question)
        token = option_token(event, options.options)
        if token is None and isinstance(event, TextIn):
            token = _typed_reply(event.text, {o.token for o in options.options})
        if token is None:
            if not isinstance(event, TextIn):
                return Reply([Message(texts.STALE_BUTTON), *self.current(st, services)])
            flow = _opened_by(services, event.text)
            if flow is not None:
                return Reply([], leave=OpenFlow(flow, event.text))
            typed = event.text.strip()
            # A number that is not an option on screen is a slip, not a question ("7").
            if typed and ascii_digits(typed).isdigit():
                return Reply([Message(PICK_OR_ASK), *self.current(st, services)])
            # "Lihat lainnya" typed after the last page: there is nothing more, say so.
            if st.step == "hasil" and " ".join(typed.lower().split()) == MORE.lower():
                return self.more(st, services)
            return self.ask(st, services, context, event.text)
        return self.pick(st, token, services)

    def pick(self, st: ChatState, token: str, services: Services) -> Reply:
        """Act on one option of the question under the answer."""
        a = st.answers
        if token == T_MENU:
            return Reply([], leave="menu")
        if token == T_NEW:
            st.step, st.answers = "tanya", {}
            return Reply([_ask_question()])
        if token == T_CALC and a.get("calc"):
            return Reply([], leave=OpenFlow(a["calc"], None, dict(a.get("given") or {})))
        if token in (T_UP, T_DOWN):
            a["fb"] = "up" if token == T_UP else "down"
            effect = _record(st, helpful=token == T_UP)
            thanks = THANKS_UP if token == T_UP else THANKS_DOWN
            return Reply([Message(thanks), self.results(st, services)], [effect])
        if token == T_FORWARD:
            a["fwd"] = True
            return Reply([Message(FORWARDED), self.results(st, services)],
                         [_record(st, forward=True)])
        if token == T_MORE:
            return self.more(st, services)
        return Reply(self.current(st, services))

    def more(self, st: ChatState, services: Services) -> Reply:
        """Show the next of ``Answer.more`` (one per press)."""
        answer = self.answer(st, services)
        more, page = answer.more, int(st.answers.get("page", 0))
        if page >= len(more):
            return Reply([Message(NO_MORE), self.results(st, services)])
        st.answers["page"] = page + 1
        # Answer.shown_ids[0] is the first message's passage, shown_ids[i] that of more[i - 1].
        # Going back does not unshow a passage: keep the furthest page reached.
        seen = max(len(st.answers.get("ids", [])), page + 2)
        st.answers["ids"] = list(answer.shown_ids[:seen])
        head = (LIST_MORE_HEAD if answer.listing else MORE_HEAD).format(i=page + 1, n=len(more))
        return Reply([Message(f"{head}\n\n{more[page]}"), self.results(st, services)])

    def back(self, st: ChatState, services: Services) -> Reply:
        """/kembali: the previous further result, else the first answer, else ask again."""
        page = int(st.answers.get("page", 0))
        if st.step == "hasil" and page > 1:
            st.answers["page"] = page - 2
            return self.more(st, services)
        if st.step == "hasil" and page == 1:
            st.answers["page"] = 0
            return Reply([Message(self.answer(st, services).text), self.results(st, services)])
        return Reply([Message(texts.FIRST_STEP), *self.current(st, services)])

    def help(self, st: ChatState, services: Services) -> str:
        """Return what Tanya does."""
        return HELP


def _opened_by(services: Services, text: str) -> str | None:
    """Return the flow a short typed text names ("hitung formasi"), else None."""
    registry = services.flows()
    for flow in registry.flows:
        if flow.opens is not None and flow.opens(text):
            return flow.id
    named = registry.match_keyword(text)
    return named.id if named is not None else None


CONVERSATION = Tanya()


def _typed_reply(text: str, tokens: set[str]) -> str | None:
    """Return the option a short typed reply means: "buka aja" the calculator offered, "ya" /
    "tidak" the answer to "Membantu?"; None for anything else (a new question)."""
    said = " ".join(text.lower().replace("!", " ").replace(".", " ").split())
    if said in ACCEPT_CALC and T_CALC in tokens:
        return T_CALC
    if said in texts.YES_WORDS and T_UP in tokens:
        return T_UP
    if said in texts.NO_WORDS and T_DOWN in tokens:
        return T_DOWN
    return None
