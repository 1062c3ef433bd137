"""Safe option matching, typed values next to options, the parsers' clock, per-step progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from handlers.flow import (
    NO_CONTEXT,
    Answers,
    Choice,
    Context,
    Date,
    Flow,
    Invalid,
    Number,
    Show,
    Text,
    exact_option,
    fuzzy_option,
    looks_like_value,
    match_option,
    parse_decimal,
)
from handlers.prompts import Message, Option
from tests.fakes.chat import Chat
from tests.flows.engine_fixtures import ORDER, services

GOLONGAN = (Option("III/a", "III/a"), Option("III/b", "III/b"))
PREDIKAT = (Option("sb", "Sangat Baik"), Option("b", "Baik"), Option("bp", "Butuh Perbaikan"),
            Option("k", "Kurang"), Option("sk", "Sangat Kurang"))


def done(answers: Answers, _: Any) -> list[Any]:
    """Show every answer."""
    return [Message(repr(dict(answers)))]


# --- option matching ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["II/a", "III/c", "iii/c", "IV/a", "3c", "golongan III/c",
                                   "1/4/2027"])
def test_golongan_like_text_never_matches_another_label(typed: str) -> None:
    assert match_option(typed, GOLONGAN) is None


def test_exact_matches_are_case_and_space_insensitive() -> None:
    assert exact_option("iii / a", GOLONGAN) == GOLONGAN[0]
    assert exact_option("  SANGAT   baik ", PREDIKAT) == PREDIKAT[0]
    assert exact_option("sb", PREDIKAT) == PREDIKAT[0]  # the token
    assert exact_option("sb", PREDIKAT, tokens=False) is None


def test_fuzzy_only_for_long_labels_with_a_clear_margin() -> None:
    assert fuzzy_option("sangat baek", PREDIKAT) == PREDIKAT[0]
    assert fuzzy_option("butuh perbaikn", PREDIKAT) == PREDIKAT[2]
    assert fuzzy_option("baek", PREDIKAT) is None  # "Baik" is too short for a typo guess
    # Equally close to two labels: no guess.
    twins = (Option("a", "Warna merah"), Option("b", "Warna merak"))
    assert fuzzy_option("warna merat", twins) is None


def test_values_are_never_typos() -> None:
    for text in ("II/a", "gol. iv/c", "3", "12,5", "1 April 2027", "iii"):
        assert looks_like_value(text), text
    for text in ("sangat baik", "belimbing", "lewati"):
        assert not looks_like_value(text), text
    dated = (Option("a", "Tanggal 1 April 2027"), Option("b", "Tanggal 2 April 2027"))
    assert fuzzy_option("tanggal 3 april 2027", dated) is None


def test_a_choice_without_fuzzy_takes_exact_names_only() -> None:
    step = Choice(id="x", text="?", options=PREDIKAT, fuzzy=False)
    assert step.parse("Sangat Baik", {}) == "sb"
    with pytest.raises(Invalid):
        step.parse("sangat baek", {})


def test_label_typo_still_works_in_a_flow() -> None:
    c = Chat(services(ORDER))
    c.send("Pesan buah")
    c.send("belimbng")  # 9 letters, one missing
    assert c.state.answers["buah"] == "belimbing"


# --- typed numbers as values next to options --------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Hours(Choice):
    """Hours typed, or a band pressed (like a measured unsur)."""

    numbers_are_values: bool = True

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the typed hours as text, or a band by its label."""
        value = parse_decimal(text)
        if value is not None:
            return f"{value} jam"
        return super().parse(text, answers, context)


BANDS = (Option("1", "Singkat"), Option("2", "Sedang sekali"), Option("3", "Lama sekali"))
HOURS = Flow(id="hours", title="Lama kerja", steps=[
    Hours(id="lama", text="Berapa jam?", options=BANDS),
    Show(id="hasil", render=done),
])


def test_typed_number_is_a_value_not_an_option_number() -> None:
    c = Chat(services(HOURS))
    c.send("Lama kerja")
    assert c.options == ["Singkat", "Sedang sekali", "Lama sekali"]
    c.send("3")
    assert c.state.answers["lama"] == "3 jam"


@pytest.mark.parametrize(("act", "label"), [("press", "Lama sekali"), ("send", "lama sekali"),
                                            ("send", "lama sekal")])
def test_options_still_pressable_and_typed_by_label(act: str, label: str) -> None:
    c = Chat(services(HOURS))
    c.send("Lama kerja")
    getattr(c, act)(label)
    assert c.state.answers["lama"] == "3"


def test_without_the_flag_a_number_is_the_option_number() -> None:
    c = Chat(services(ORDER))
    c.send("Pesan buah")
    c.send("2")
    assert c.state.answers["buah"] == "belimbing"


# --- the clock for parsers --------------------------------------------------------------------


def no_weekend(value: Any, answers: Answers, context: Context) -> None:
    """Refuse a Saturday or Sunday (a ``check`` on the parsed value)."""
    if dt.date.fromisoformat(value).weekday() >= 5:
        raise Invalid("Pilih hari kerja.")


DATED = Flow(id="dated", title="Tanggal", steps=[
    Date(id="sejak", text="Sejak tanggal berapa?", not_after_today=True, check=no_weekend),
    Date(id="rencana", text="Rencana tanggal berapa?"),
    Show(id="hasil", render=done),
])


def test_not_after_today_uses_the_engines_now() -> None:
    c = Chat(services(DATED))  # the fake clock: 1 April 2027, 08:00 UTC
    c.send("Tanggal")
    c.send("5 April 2027")
    assert c.texts == ["Tanggal tidak boleh setelah hari ini (1 April 2027).",
                       "Sejak tanggal berapa?"]
    c.send("27 Maret 2027")  # a Saturday: the step's own check
    assert c.texts[0] == "Pilih hari kerja."
    c.send("1/4/2027")
    assert c.state.answers["sejak"] == "2027-04-01"
    c.send("5 April 2030")  # no limit on this step
    assert c.state.answers["rencana"] == "2030-04-05"


def test_a_date_step_outside_the_engine_has_no_today() -> None:
    step = Date(id="d", text="?", not_after_today=True)
    assert step.parse("1 Januari 2100", {}) == "2100-01-01"
    with pytest.raises(Invalid):
        step.parse("1 Januari 2100", {}, Context(today=dt.date(2027, 4, 1)))


# --- per-step progress ------------------------------------------------------------------------


def part_progress(step_id: str, answers: Answers) -> str | None:
    """Number the questions per part; the last one keeps the engine's default."""
    return {"a": "Bagian 1 — Langkah 1 dari 2", "b": "Bagian 1 — Langkah 2 dari 2"}.get(step_id)


PARTS = Flow(id="parts", title="Dua bagian", progress=part_progress, steps=[
    Number(id="a", text="Angka A?"),
    Number(id="b", text="Angka B?"),
    Text(id="c", text="Catatan?"),
    Show(id="hasil", render=done),
])


def test_flow_supplies_its_progress_text() -> None:
    c = Chat(services(PARTS))
    c.send("Dua bagian")
    assert c.last_question.progress == "Bagian 1 — Langkah 1 dari 2"
    c.send("1")
    assert c.last_question.progress == "Bagian 1 — Langkah 2 dari 2"
    c.send("2")
    assert c.last_question.progress == "Langkah 3 dari 3"  # None: the default count


def test_a_missing_letter_of_a_six_letter_label() -> None:
    bands = (Option("1", "Rendah"), Option("2", "Sedang"), Option("3", "Tinggi"))
    assert match_option("sedng", bands) == bands[1]
    assert match_option("tingi", bands) == bands[2]
