"""Recognise commands: "/batal" on Telegram, or the bare word "batal" typed on WhatsApp."""

from __future__ import annotations

from enum import Enum


class Command(Enum):
    """What a command asks the engine to do."""

    START = "start"
    MENU = "menu"
    CANCEL = "batal"
    BACK = "kembali"
    HELP = "bantuan"
    ERASE = "hapus_data"
    GREET = "salam"  # "halo", "selamat pagi": the welcome outside a flow, else the question again


# Commands that start a flow ("/profil", "pengingat saya") are declared on the flow
# (``Flow.commands``) and matched by the registry before these.


# Slash commands (Telegram registers these names).
SLASH: dict[str, Command] = {c.value: c for c in Command if c is not Command.GREET}
SLASH.update({"help": Command.HELP, "mulai": Command.START})
# Whole messages typed without a slash (WhatsApp, console).
WORDS: dict[str, Command] = {
    "menu": Command.MENU,
    "menu utama": Command.MENU,
    "batal": Command.CANCEL,
    "batalkan": Command.CANCEL,
    "kembali": Command.BACK,
    "bantuan": Command.HELP,
    "help": Command.HELP,
    "hapus data": Command.ERASE,
    "hapus_data": Command.ERASE,
    "mulai": Command.START,
    "start": Command.START,
}
GREETINGS = frozenset({
    "halo", "hallo", "hai", "hi", "hello", "p", "permisi", "assalamualaikum",
    "assalamu'alaikum", "selamat pagi", "selamat siang", "selamat sore", "selamat malam",
    "pagi", "siang", "sore", "malam", "halo admin", "halo min",
})


def parse_command(text: str) -> Command | None:
    """Return the command a message is, or None for ordinary text.

    An unknown slash command counts as /bantuan, so the user learns the real ones.
    """
    s = command_text(text)
    if s.startswith("/"):
        return SLASH.get(slash_name(s), Command.HELP)
    if s in GREETINGS:
        return Command.GREET
    return WORDS.get(s)


def command_text(text: str) -> str:
    """Return a message as commands are matched: casefolded, single spaces, no final "." "!"."""
    return " ".join(text.strip().casefold().split()).rstrip(".!")


def slash_name(text: str) -> str:
    """Return the name of a slash command ("/menu@AsistenBot extra" -> "menu")."""
    return command_text(text)[1:].split(" ", 1)[0].split("@", 1)[0]
