"""Button labels fit a phone (issue 12, item 4): the shortener on chosen cases, and on every
option list of every flow, reached by walking each flow through the pure engine."""

from __future__ import annotations

from collections import deque
from functools import cache

import pytest

from bot.telegram_render import button_labels, question_text
from handlers.events import ChoiceIn, TextIn
from handlers.flow import Services
from handlers.flows import default_registry
from handlers.labels import MARK, TELEGRAM_BUTTON_MAX, cut, fit_labels, shortened_lines
from handlers.prompts import Option, Question
from handlers.state import ChatState
from handlers.turn import MENU_FLOW, T_DONE
from tests.fakes.chat import Chat
from tests.fakes.clock import FakeClock
from tests.fakes.fuzz import VALID_TEXTS
from tests.fakes.user_data import FakeUserData
from tests.flows.test_predikat_flow import PROFILE

LIMIT = TELEGRAM_BUTTON_MAX
SKR = ["Laporan hasil analisis kebijakan perdagangan (SKR 1,5)",
       "Laporan hasil analisis kebijakan perdagangan (SKR 20)",
       "Laporan hasil analisis kebijakan perdagangan (SKR 2,25)"]


def assert_fits(labels: list[str]) -> list[str]:
    """Assert the shortened labels fit and stay distinct; return them."""
    shown = fit_labels(labels, LIMIT)
    assert all(len(s) <= LIMIT for s in shown), shown
    assert len(set(shown)) == len(set(labels)), (labels, shown)
    return shown


def test_look_alikes_keep_their_distinct_part() -> None:
    shown = assert_fits(SKR)
    assert [s.rsplit("… ", 1)[-1] for s in shown] == ["(SKR 1,5)", "(SKR 20)", "(SKR 2,25)"]
    assert all(s.startswith("Laporan") and "…" in s for s in shown)
    assert shortened_lines(SKR, shown) == [f"{n}. {label}" for n, label in enumerate(SKR, 1)]


def test_short_labels_are_kept_and_a_tick_stays_in_front() -> None:
    labels = ["Ya", "Tidak", MARK + SKR[0], SKR[1]]
    shown = assert_fits(labels)
    assert shown[:2] == ["Ya", "Tidak"]
    assert shown[2].startswith(MARK) and shown[2].endswith("(SKR 1,5)")
    assert shortened_lines(labels, shown) == [f"3. {labels[2]}", f"4. {labels[3]}"]


@pytest.mark.parametrize("labels", [
    ["a" * 40, "a" * 40 + "b"],  # the difference is past the limit: numbered
    ["x" * 29 + " y", "x" * 29 + " z"],
    [" ".join(["kata"] * 12) + f" {i}" for i in range(10)],
    ["Pengendalian harga dan stok barang kebutuhan pokok", "Pengendalian harga dan stok"],
])
def test_pathological_lists_still_fit_and_differ(labels: list[str]) -> None:
    assert_fits(labels)


def test_cut_ends_on_a_word() -> None:
    assert cut("Terbitkan jadwal uji kompetensi", LIMIT) == "Terbitkan jadwal uji…"
    assert cut("Pendek", LIMIT) == "Pendek"


# --- every option list of every flow --------------------------------------------------------

MAX_NODES = 100  # questions expanded per flow (each distinct question once)
ANSWERS_PER_TEXT_STEP = 1  # distinct valid typed answers followed per free-text question


@cache
def _walk(flow_id: str) -> list[Question]:
    """Return every distinct question reached from the start of a flow (breadth first)."""
    user = FakeUserData(admin=True, saved_profile=PROFILE)  # every flow opens fully
    services = Services(user=user)
    start = Chat(services, clock=FakeClock())
    start.send("/menu")
    menu = start.last_question
    assert menu is not None
    token = MENU_FLOW + flow_id
    if any(o.token == token for o in menu.options):
        start.event(ChoiceIn(token, menu.step_token))
    else:
        flow = services.flows().get(flow_id)
        assert flow is not None, flow_id
        start.send((flow.keywords or flow.commands or ("/admin",))[0])
        if start.state.flow != flow_id:  # reached from the admin menu ("Pertanyaan masuk")
            here = start.last_question
            assert here is not None
            start.event(ChoiceIn(token, here.step_token))
    assert start.state.flow == flow_id
    found: list[Question] = []
    seen: set[tuple[str, ...]] = set()  # a step's token is the same for every JF: key by text
    queue = deque([start.state])
    questions = {id(start.state): start.last_question}
    while queue and len(seen) < MAX_NODES:
        state = queue.popleft()
        question = questions.pop(id(state))
        if question is None:
            continue
        key = (question.step_token, question.text, *(o.label for o in question.options))
        if key in seen:
            continue
        seen.add(key)
        found.append(question)

        def follow(*events: ChoiceIn | TextIn, base: ChatState = state,
                    q: Question = question) -> str | None:
            chat = Chat(services, clock=FakeClock(), state=base.clone())
            for event in events:
                chat.event(event)
            after = chat.last_question
            if after is None or after.step_token == q.step_token or chat.state.flow != flow_id:
                return None  # no new question, or out of this flow (walked on its own)
            queue.append(chat.state)
            questions[id(chat.state)] = after
            return after.step_token

        multi = any(o.token == T_DONE for o in question.options)
        for option in question.options:
            pick = ChoiceIn(option.token, question.step_token)
            if multi and option.token != T_DONE:
                follow(pick, ChoiceIn(T_DONE, question.step_token))
            else:
                follow(pick)
        followed = 0
        for text in VALID_TEXTS:
            if followed >= ANSWERS_PER_TEXT_STEP:
                break
            followed += follow(TextIn(text)) is not None
    return found


FLOWS = [f.id for f in default_registry().flows]


@pytest.mark.parametrize("flow_id", FLOWS)
def test_every_button_of_every_flow_fits_a_phone(flow_id: str) -> None:
    questions = _walk(flow_id)
    # into the flow (an empty /pengingat list offers only links to other flows)
    assert len(questions) >= (1 if flow_id == "pengingat" else 2), flow_id
    for question in questions:
        labels = [o.label for o in question.options]
        if not labels:
            continue
        assert_fits(labels)
        assert_fits([MARK + label for label in labels])  # every option picked
        shown = button_labels(question)
        assert shown == fit_labels(labels, LIMIT)
        text = question_text(question)
        for line in shortened_lines(labels, shown):
            assert line in text  # the full wording is in the message


def test_the_walk_reaches_the_look_alike_outputs_of_the_formasi() -> None:
    questions = _walk("formation")
    long_lists = [q for q in questions if any(len(o.label) > LIMIT for o in q.options)]
    assert long_lists, "no option list with a label over 30 characters was reached"
    skr = [o.label for q in questions for o in q.options if "(SKR" in o.label]
    assert skr, "the outputs told apart by their SKR were not reached"
    shown = fit_labels(skr, LIMIT)
    assert all("SKR" in s for s in shown if s != " ".join(skr[shown.index(s)].split()))


def test_an_option_list_is_shortened_only_where_needed() -> None:
    question = Question("Pilih?", "t", (Option("a", "Ya"), Option("b", SKR[0])))
    assert button_labels(question)[0] == "Ya"
    assert question_text(question).count("\n2. " + SKR[0]) == 1
