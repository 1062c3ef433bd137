"""The pure conversation engine: ``advance(state, event, now=, services=) -> Outcome``.

No I/O and no clock: the runtime passes ``now``, stores ``Outcome.state``, sends
``Outcome.prompts``, performs ``Outcome.effects`` and logs ``Outcome.errors``. The turn that
handles one event is assembled from the engine's parts (see ``handlers.turn``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from handlers import texts
from handlers.events import Event
from handlers.flow import Services
from handlers.prompts import Message, Prompt
from handlers.routing import Routing
from handlers.state import ChatState
from handlers.turn import Effect, EraseUserData

__all__ = [  # EraseUserData stays importable here: bot/service.py takes it from the engine
    "EraseUserData", "Outcome", "Turn", "advance", "default_services", "new_error_id",
]


@dataclass
class Outcome:
    """The result of one event: the new state and what to send, do and log."""

    state: ChatState
    prompts: list[Prompt]
    effects: list[Effect] = field(default_factory=list)
    errors: list[tuple[str, BaseException]] = field(default_factory=list)


def new_error_id() -> str:
    """Return a short hex id the user can quote and the log can be searched for."""
    return uuid.uuid4().hex[:8]


def default_services(idle_minutes: int = 30) -> Services:
    """Return the production services: the flow registry (loaded now, so a broken flow
    module fails start-up) and the default search index (built lazily)."""
    from handlers.flows import default_registry

    return Services(idle_minutes=idle_minutes, registry=default_registry())


def advance(state: ChatState, event: Event, *, now: dt.datetime, services: Services) -> Outcome:
    """Apply one event to a state; never raises (an unexpected error becomes an apology)."""
    turn = Turn(state.clone(), services, now)
    try:
        turn.handle(event)
    except Exception as exc:  # noqa: BLE001 - the user must never see a traceback
        error_id = new_error_id()
        return _apology(state, services, now, error_id, exc)
    turn.st.updated_at = now
    return Outcome(turn.st, turn.prompts, turn.effects, [])


def _apology(state: ChatState, services: Services, now: dt.datetime, error_id: str,
             exc: Exception) -> Outcome:
    """Return the unchanged state, an apology with the error id, and the same question."""
    again: list[Prompt] = []
    for attempt in ("current", "menu"):
        turn = Turn(state.clone(), services, now)
        try:
            again = turn.current() if attempt == "current" else turn.menu()
            break
        except Exception:  # noqa: BLE001 - the question itself is broken; try the menu
            continue
    safe = state.clone()  # the state before the event, whatever the failed attempt changed
    safe.updated_at = now
    return Outcome(safe, [Message(texts.APOLOGY.format(id=error_id)), *again], [],
                   [(error_id, exc)])


class Turn(Routing):
    """One event being handled: the working state and what to send (every part of the engine)."""
