"""Reminder buttons: self-contained step tokens, so a press works days later and after restarts."""

from __future__ import annotations

from knowledge.digits import read_index

DELIVERY_ID_MAX = 2**31 - 1  # reminder_delivery.id is an INTEGER key


DELIVERY_ID_DIGITS = 10  # digits of DELIVERY_ID_MAX


REMINDER_STEP_PREFIX = "rem:"  # Question.step_token of a reminder message: f"rem:{delivery_id}"


T_REM_DONE = "selesai"  # "Sudah selesai" -> MarkDone


T_REM_SNOOZE_DAY = "tunda_1h"  # "Ingatkan besok" -> Snooze(now + 1 day)


T_REM_SNOOZE_WEEK = "tunda_7h"  # "Ingatkan minggu depan" -> Snooze(now + 7 days)


T_REM_STOP_KIND = "henti"  # "Hentikan pengingat jenis ini" -> StopKind(kind)


T_REM_RECORD_PREDIKAT = "catat"  # January prompt only: start recording last year's predikat


def reminder_step_token(delivery_id: int) -> str:
    """Return the step token put on a reminder message's buttons."""
    return f"{REMINDER_STEP_PREFIX}{delivery_id}"


def delivery_of_step_token(step_token: str | None) -> int | None:
    """Return the delivery id of a reminder button's step token, else None."""
    if step_token is None or not step_token.startswith(REMINDER_STEP_PREFIX):
        return None
    rest = step_token[len(REMINDER_STEP_PREFIX):]
    # Our own tokens are bare ASCII digits: anything else is forged and refused, not read.
    exact = rest.isascii() and rest.isdigit()
    value = read_index(rest, max_digits=DELIVERY_ID_DIGITS) if exact else None
    # Beyond the key's range PostgreSQL refuses the query (and aborts the update).
    return value if value is not None and value <= DELIVERY_ID_MAX else None
