"""Errors the pure core raises for bad input; adapters turn them into one polite sentence."""

from __future__ import annotations


class InputError(ValueError):
    """A request field is missing or outside what is allowed.

    ``field`` names the field (dotted path, e.g. ``outputs[0].volume``); ``message`` is one
    short Indonesian sentence that says what is allowed, fit to show a user or a CLI caller.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
