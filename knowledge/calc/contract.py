"""The shape every calculator shares, so the CLI and the chat flows treat them alike.

A calculator module in ``knowledge.calc`` (``formation``, ``difficulty``, ``credit``, ``exam``)
exposes:

- ``reference() -> dict``: the whole reference table it uses, JSON-ready (``calc X --list``).
- ``run(request: dict) -> CalcOutput``: validate a JSON request against its strict pydantic
  model (``knowledge.calc._strict``: unknown fields refused by name, bounded sizes), read
  numbers (JSON numbers, Decimals or decimal strings) exactly with
  ``knowledge.calc.numbers.to_fraction`` (digits bounded before conversion), compute in
  ``fractions.Fraction``, decide on the exact values, and derive every shown value by one
  documented rule. Bad input raises ``knowledge.errors.InputError(field, message)`` with one
  Indonesian sentence. Sources are listed under the JSON key ``citations`` in every result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CalcOutput:
    """A calculator's result in every form a caller may want."""

    json: dict[str, Any]  # JSON-ready: Decimals already turned into numbers
    text: str  # the explanation in Indonesian, with the formula and the citation
    xlsx: Callable[[], bytes] | None = None  # the filled official form, built on demand
    png: Callable[[], bytes] | None = None  # a chart, built on demand
    citations: list[str] = field(default_factory=list)
