"""The reply corpus (tests/reply_corpus.json): every everyday reply read by the real step of a
real flow, as the engine reads it (``Ask.read``), with its expected value, "ask" (the step
asks once which reading was meant: ``Ambiguous``) or "invalid" (one sentence, same question).

Count per step type: ``python -m pytest tests/unit/test_reply_corpus.py -q -k counts -s``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.flow import Ambiguous, Ask, Context, Invalid, Services
from handlers.flows import default_registry
from handlers.flows.ingatkan import ASKED_READINGS, ASKED_TIME, ASKED_TITLE, TIME_PROBLEM, seed
from tests.fakes.user_data import FakeUserData

CORPUS = json.loads((Path(__file__).parents[1] / "reply_corpus.json").read_text("utf-8"))
NOW = dt.datetime.fromisoformat(CORPUS["now"])
ZONE = ZoneInfo("Asia/Jakarta")
CONTEXT = Context(today=NOW.date(), now=NOW)
REGISTRY = default_registry()
CASES = [(group, reply, expect) for group in CORPUS["groups"] for reply, expect in group["cases"]]


def _step(spec: dict[str, Any]) -> tuple[Ask, dict[str, Any]]:
    flow = REGISTRY.get(spec["flow"])
    assert flow is not None, spec["flow"]
    answers = dict(spec["answers"])
    for step in flow.questions(answers):
        if step.id == spec["id"]:
            return step, answers
    raise AssertionError(f"no step {spec['id']} in {spec['flow']} for {answers}")


def _local(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return f"{dt.datetime.fromisoformat(value['due']).astimezone(ZONE):%Y-%m-%d %H:%M}"


def _reading(group: dict[str, Any], reply: str) -> Any:
    """Return what the step makes of the reply: its value, "ask" or "invalid"."""
    if group["type"] == "reminder_line":
        got = seed(reply, Services(user=FakeUserData()), CONTEXT)
        if TIME_PROBLEM in got:
            return "invalid"
        if ASKED_READINGS in got:  # "jam 3": the flow asks pagi or sore first
            return {"when": "ask", "text": got.get(ASKED_TITLE)}
        return {"when": _local(got.get(ASKED_TIME)), "text": got.get(ASKED_TITLE)}
    step, answers = _step(group["step"])
    try:
        value = step.read(reply, answers, CONTEXT)
    except Ambiguous:
        return "ask"
    except Invalid:
        return "invalid"
    if group["type"] == "when":
        return _local(value)
    return value


@pytest.mark.parametrize(("group", "reply", "expect"), CASES,
                         ids=[f"{g['type']}:{r}" for g, r, _ in CASES])
def test_reply_is_read_as_expected(group: dict[str, Any], reply: str, expect: Any) -> None:
    assert _reading(group, reply) == expect


def test_counts() -> None:
    counts = Counter(group["type"] for group, _, _ in CASES)
    print("\n" + "\n".join(f"{kind}: {n}" for kind, n in sorted(counts.items())))
    print(f"total: {sum(counts.values())}")
    assert sum(counts.values()) >= 400
    assert counts["ask"] == 0  # "ask" is an expectation, never a step type
    asks = sum(1 for _, _, expect in CASES if expect == "ask")
    assert asks >= 15  # the corpus keeps replies that read two ways
