"""What a reader says about a reply it cannot take as it is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from handlers import texts


class Invalid(ValueError):
    """An answer that cannot be accepted; ``message`` is one Indonesian sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clarify_text(record: Mapping[str, Any]) -> str:
    """Return the "Maksud Anda 12,5 atau 125?" question."""
    return texts.CLARIFY.format(options=" atau ".join(record["labels"]))


class Ambiguous(Invalid):
    """A typed answer that reads two (or more) ways; the engine asks which one was meant.

    ``values`` are the JSON-able answers, ``labels`` how each reads ("12,5", "125").
    """

    def __init__(self, values: Sequence[Any], labels: Sequence[str]) -> None:
        self.values = list(values)
        self.labels = list(labels)
        super().__init__(clarify_text(self.record()))

    def record(self) -> dict[str, Any]:
        """Return the JSON the engine keeps while the question is pending."""
        return {"values": self.values, "labels": self.labels}
