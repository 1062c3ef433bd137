"""Command line: ``python -m bot <command>`` (build-knowledge, search, ask, calc, console,
whatsapp, telegram, serve, migrate).

The CLI contract (arguments, JSON shapes, exit status 2 for bad input) is stable: operators and
tests script against it. No traceback ever reaches the caller.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from bot.calc_cli import CalculatorNames
from bot.errors import report_unexpected
from bot.logs import configure_logging
from knowledge.errors import InputError

# argparse's own messages, said in Indonesian (what is missing or wrong, in one sentence).
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), "argumen wajib belum diisi: {0}."),
    (re.compile(r"unrecognized arguments: (.+)"), "argumen tidak dikenal: {0}."),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from .*\)"),
     "{0}: pilihan {1} tidak dikenal."),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), "{0}: {1} bukan bilangan bulat."),
    (re.compile(r"argument (\S+): expected one argument"), "{0}: nilainya belum diisi."),
)


def _indonesian(message: str) -> str:
    """Return argparse's error message in Indonesian (unchanged when it is not known)."""
    for pattern, text in _ARGPARSE_MESSAGES:
        if m := pattern.fullmatch(message):
            return text.format(*m.groups())
    return message


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one Indonesian line with exit status 2."""

    def format_usage(self) -> str:
        """Return the usage line, headed in Indonesian."""
        return super().format_usage().replace("usage:", "Cara pakai:", 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Perintah tidak dikenali: {_indonesian(message)}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m bot", description="Asisten JF Perdagangan")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("build-knowledge", help="rebuild knowledge/data from knowledge/sources")
    b.add_argument("--only", default=None, help="run one extractor module (e.g. panduan)")

    s = sub.add_parser("search", help="search the knowledge base")
    s.add_argument("query")
    s.add_argument("--jf", default=None, type=str.lower)
    s.add_argument("--value", default=None, help="BerAKHLAK value id")
    s.add_argument("--kind", default=None, help="wajib | dilarang | ...")
    s.add_argument("--source", default=None, help="document id")
    s.add_argument("--limit", type=int, default=5)
    s.add_argument("--json", action="store_true")

    a = sub.add_parser("ask", help="answer a question as the chat does (verdict, rule, source)")
    a.add_argument("question")
    a.add_argument("--jf", default=None, type=str.lower)
    a.add_argument("--json", action="store_true")

    c = sub.add_parser("calc", help="run a regulation calculator on a JSON request (stdin)")
    # An explicit metavar: argparse would otherwise list the choices (import every flow)
    # while building the parser of every command.
    c.add_argument("calculator", choices=CalculatorNames(), metavar="CALCULATOR",
                   help="one of: %(choices)s")
    c.add_argument("--list", action="store_true", help="print the reference table")
    c.add_argument("--xlsx", type=Path, default=None, help="write the filled form here")
    c.add_argument("--png", type=Path, default=None, help="write the chart here")
    c.add_argument("--json", action="store_true", help="print JSON (the stable contract)")
    c.add_argument("--batch", type=Path, default=None,
                   help="difficulty: classify a filled instrument list (.csv or .xlsx)")

    con = sub.add_parser("console", help="chat on the console (stdin/stdout)")
    con.add_argument("--user", default=None,
                     help="console user id (default: the operating-system login name)")

    w = sub.add_parser("whatsapp", help="serve the WhatsApp Cloud API webhook (uvicorn)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on")
    w.add_argument("--port", type=int, default=8000, help="port to listen on")

    t = sub.add_parser("telegram", help="run the Telegram bot (long polling by default)")
    t.add_argument("--webhook", action="store_true",
                   help="receive updates at TELEGRAM_WEBHOOK_URL instead of polling")
    t.add_argument("--host", default="127.0.0.1", help="webhook: address to listen on")
    t.add_argument("--port", type=int, default=8080, help="webhook: port to listen on")
    sv = sub.add_parser("serve", help="serve every channel, /healthz, /readyz, /metrics")
    sv.add_argument("--host", default=None, help="address to listen on (default SERVE_HOST)")
    sv.add_argument("--port", type=int, default=None, help="port (default SERVE_PORT)")

    sub.add_parser("migrate", help="upgrade the database to the current schema (Alembic)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit status."""
    args = _parser().parse_args(argv)
    try:
        configure_logging()
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]).upper() for e in exc.errors())
        print(f"Pengaturan tidak valid: {fields}. Periksa variabel lingkungan atau berkas .env.",
              file=sys.stderr)
        return 2
    try:
        if args.command == "build-knowledge":
            from knowledge.build import extractor_modules, write_all

            known = [m.rsplit(".", 1)[-1] for m in extractor_modules()]
            if args.only is not None and args.only not in known:
                raise InputError("--only", f"pilih salah satu dari: {', '.join(known)}.")
            for path in write_all(only=args.only):
                print(path)
            return 0
        if args.command == "search":
            from bot.search_cli import run_search

            return run_search(args)
        if args.command == "ask":
            from bot.ask_cli import run_ask

            return run_ask(args)
        if args.command == "calc":
            from bot.calc_cli import run_calc

            return run_calc(args)
        if args.command == "console":
            from bot.console_chat import run_console

            return run_console(user=args.user)
        if args.command == "whatsapp":
            from bot.whatsapp_app import run_whatsapp

            return run_whatsapp(args.host, args.port)
        if args.command == "telegram":
            from bot.telegram_app import run_cli

            return run_cli(args.webhook, args.host, args.port)
        if args.command == "serve":
            from bot.serve import run_serve

            return run_serve(args.host, args.port)
        if args.command == "migrate":
            from bot.serve import run_migrate

            return run_migrate()
    except InputError as exc:
        print(exc.message if exc.field == "" else f"{exc.field}: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing left to say, and nothing went wrong.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI must never show a traceback
        error_id = report_unexpected(exc)
        print(f"Maaf, terjadi kesalahan tak terduga (kode {error_id}).", file=sys.stderr)
        return 1
    return 0
