"""The Telegram command menu comes from the engine's commands and the flows' own declarations."""

from __future__ import annotations

from dataclasses import replace

from bot.telegram_app import ENGINE_COMMANDS, ERASE_COMMAND, bot_commands
from handlers.flows import default_registry


def test_the_menu_lists_the_engine_then_each_flow_that_describes_its_command() -> None:
    names = [name for name, _ in bot_commands()]
    assert names == [*(n for n, _ in ENGINE_COMMANDS), "profil", "pengingat", ERASE_COMMAND[0]]
    assert "admin" not in names  # the admins' flow declares a command but no menu line


def test_a_new_flow_with_a_command_line_is_listed_without_touching_the_adapter() -> None:
    flows = default_registry().flows
    exam = next(f for f in flows if f.id == "exam")
    extra = replace(exam, commands=("ukom",), command_help="Hitung nilai uji kompetensi")
    menu = bot_commands([*flows, extra])
    assert ("ukom", "Hitung nilai uji kompetensi") in menu
    assert menu[-1] == ERASE_COMMAND
    assert all(len(text) <= 256 and 1 <= len(name) <= 32 for name, text in menu)
