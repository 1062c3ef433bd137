"""The answer to one question, as data: what the chat shows and ``python -m bot ask`` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from knowledge.search.engine import Hit

Status = Literal["answered", "not_in_sources", "calculator"]
Verdict = Literal["dilarang", "wajib"]


@dataclass(frozen=True)
class CalculatorOffer:
    """A computation the question asks for: the flow to open and what is understood already."""

    flow: str
    prefill: dict[str, Any] = field(default_factory=dict)
    # The question states figures of the asker's own case ("teknis 80, mansoskul 70").
    figures: bool = False


@dataclass(frozen=True)
class Answer:
    """One answer: ``text`` is the first message; ``more`` the further results, one text each."""

    status: Status
    text: str
    verdict: Verdict | None = None
    quote: str | None = None
    citations: tuple[str, ...] = ()
    hits: tuple[Hit, ...] = ()
    calculator: CalculatorOffer | None = None
    more: tuple[str, ...] = ()
    # Passage ids shown: the first message's (if it quotes one), then one per ``more`` text.
    shown_ids: tuple[str, ...] = ()
    # True when ``more`` continues one list (knowledge/ask/listing.py), not further results.
    listing: bool = False
