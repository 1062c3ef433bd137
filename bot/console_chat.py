"""``python -m bot console``: the chat on standard input/output, on the embedded defaults.

Reads one message per line until end of file or a line "keluar", so a whole conversation can
be piped in (``printf '/start\\n2\\n' | python -m bot console``). Every reply is flushed at
once, which lets a pipe or a test read it before sending the next line. The conversation is
stored like any other channel's (``ChatService``), so a restarted console continues where the
user was.
Documents and images are written to ``DOCUMENTS_DIR`` and their path printed.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.service import ChatService, system_clock
from bot.settings import Settings, get_settings
from handlers.events import Event, TextIn
from handlers.prompts import Document, Message, Prompt, Question
from knowledge.errors import InputError

CHANNEL = "console"
GOODBYE = "Sampai jumpa."
SAVED_DOCUMENT = "Dokumen disimpan: {path}"
SAVED_IMAGE = "Gambar disimpan: {path}"
NOT_SAVED = "Maaf, berkas {name} tidak dapat disimpan di {folder}."
PROMPT = "> "
# A whole line that ends the console session (the console's own word: on Telegram and
# WhatsApp the chat simply stops, so the engine never sees these).
EXIT_WORDS = frozenset({"keluar", "exit", "quit"})
MAX_USER = 64  # chat_user.external_id
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def console_user() -> str:
    """The console user's id: the operating-system login name, else "console"."""
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError):
        name = ""
    return name[:MAX_USER] or "console"


class DocumentStore:
    """Writes documents under one folder with names that never overwrite an earlier file."""

    def __init__(self, folder: Path, clock: Callable[[], datetime] = system_clock) -> None:
        self.folder = folder
        self._clock = clock

    def save(self, filename: str, data: bytes) -> Path:
        """Write ``data`` as a new file named after ``filename``; return its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = Path(filename).name  # an engine-given name never escapes the folder
        stem = _UNSAFE.sub("_", Path(name).stem).strip("._") or "dokumen"
        suffix = _UNSAFE.sub("", Path(name).suffix)
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        for n in range(1, 1000):
            extra = "" if n == 1 else f"-{n}"
            path = self.folder / f"{stem}-{stamp}{extra}{suffix}"
            try:
                # "x": exclusive creation, so two consoles at the same second cannot collide.
                with path.open("xb") as out:
                    out.write(data)
                return path
            except FileExistsError:
                continue
        raise FileExistsError(f"no free file name for {name} in {self.folder}")


class Renderer:
    """Turns prompts into console text, saving documents and images to files."""

    def __init__(self, out: TextIO, store: DocumentStore) -> None:
        self.out = out
        self.store = store

    def show(self, prompts: Sequence[Prompt]) -> None:
        """Print the prompts (a blank line after each) and flush."""
        for prompt in prompts:
            self.out.write(self.render(prompt) + "\n\n")
        self.out.flush()

    def render(self, prompt: Prompt) -> str:
        """Return one prompt as console text (saving a document or image first)."""
        if isinstance(prompt, Message):
            return prompt.text
        if isinstance(prompt, Question):
            return render_question(prompt)
        template = SAVED_DOCUMENT if isinstance(prompt, Document) else SAVED_IMAGE
        try:
            path = self.store.save(prompt.filename, prompt.data)
        except OSError:
            return NOT_SAVED.format(name=prompt.filename, folder=self.store.folder)
        lines = [template.format(path=path)]
        if prompt.caption:
            lines.insert(0, prompt.caption)
        return "\n".join(lines)


def render_question(question: Question) -> str:
    """Progress line, text, numbered options (full labels) and the hint."""
    lines = [question.progress] if question.progress else []
    lines.append(question.text)
    for number, option in enumerate(question.options, 1):
        lines.append(f"{number}. {option.label}")
        if option.description:
            lines.append(f"   {option.description}")
    if question.hint:
        lines.append(question.hint)
    return "\n".join(lines)


class ConsoleChat:
    """One console conversation: a service, a user id, standard input and output."""

    def __init__(
        self,
        service: ChatService,
        user: str,
        renderer: Renderer,
        stdin: TextIO,
    ) -> None:
        self.service = service
        self.user = user
        self.renderer = renderer
        self.stdin = stdin
        self.interactive = stdin.isatty()
        self.line_editing = False
        if self.interactive:
            try:
                # Line editing and history; without it input() writes the prompt to stderr.
                import readline  # noqa: F401

                self.line_editing = True
            except ImportError:
                pass

    async def send(self, event: Event) -> None:
        """Hand one event to the service and print the replies."""
        prompts = await self.service.handle(CHANNEL, self.user, None, event)
        self.renderer.show(prompts or [])

    async def opening(self) -> None:
        """Show the main menu to a new user, or the current question to a returning one."""
        self.renderer.show(await self.service.opening(CHANNEL, self.user))

    def read_line(self) -> str | None:
        """The next line typed or piped (None at end of file)."""
        if self.line_editing:
            try:
                return input(PROMPT)
            except EOFError:
                return None
        if self.interactive:
            self.renderer.out.write(PROMPT)
            self.renderer.out.flush()
        line = self.stdin.readline()
        return line or None


def run_console(user: str | None = None, settings: Settings | None = None) -> int:
    """Chat on the console until end of input or Ctrl-C; return the exit status."""
    settings = settings or get_settings()
    if user is not None and not 0 < len(user.strip()) <= MAX_USER:
        raise InputError("--user", f"isi 1 sampai {MAX_USER} karakter.")
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")
    service = ChatService(settings)
    chat = ConsoleChat(
        service,
        user.strip() if user else console_user(),
        Renderer(out, DocumentStore(Path(settings.documents_dir))),
        sys.stdin,
    )
    # -- reminder clock: its own thread, so blocking reads of stdin are not affected --
    from bot.reminder_clock import ClockThread, ReminderClock
    from bot.senders.console import ConsoleSender

    sender = ConsoleSender(out, chat.user)
    clock_thread = ClockThread(lambda: ReminderClock(
        service.sessions, [sender], clock=system_clock)).start()
    # -- end reminder clock --
    try:
        with asyncio.Runner() as runner:
            try:
                runner.run(chat.opening())
                while (line := chat.read_line()) is not None:
                    if line.strip().casefold() in EXIT_WORDS:
                        break
                    if line.strip():
                        # Numbers are sent as typed: the engine resolves "2" against the options
                        # shown (a number may also be a plain answer to a number question).
                        runner.run(chat.send(TextIn(line.strip())))
            except KeyboardInterrupt:
                out.write("\n")
        out.write(GOODBYE + "\n")
        out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. "| head"): not an error. Silence the final flush too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
    finally:
        clock_thread.stop()
        service.close()
    return 0
