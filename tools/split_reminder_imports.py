"""Point importers of the old ``storage.reminders`` at the modules it was split into.

    .venv/bin/python tools/split_reminder_imports.py FILE...   (in place)

Issue 13 split the ledger into ``storage.reminder_plans``, ``reminder_claims``,
``reminder_actions`` and ``reminder_tables``. For a branch written against the old module:
``from storage import reminders`` + ``reminders.claim_due(...)`` becomes
``from storage import reminder_claims`` + ``reminder_claims.claim_due(...)``;
``from storage.reminders import Claimed`` becomes ``from storage.reminder_claims import
Claimed``; ``storage.reminders.X`` in docstrings follows. Continuation lines aligned with a
call's opening parenthesis are moved with it. Then run ``ruff check --fix`` (import order)
and wrap the lines that grew past 100 characters by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import storage.reminder_actions  # noqa: E402
import storage.reminder_claims  # noqa: E402
import storage.reminder_plans  # noqa: E402
import storage.reminder_tables  # noqa: E402

MODULES = (storage.reminder_plans, storage.reminder_claims, storage.reminder_actions,
           storage.reminder_tables)
# Which module a public name of the old ``storage.reminders`` now lives in.
OWNER: dict[str, str] = {}
for _module in MODULES:
    _short = _module.__name__.split(".")[1]
    for _name, _value in vars(_module).items():
        defined_here = getattr(_value, "__module__", None) == _module.__name__
        if not _name.startswith("_") and (defined_here or _name.isupper()):
            OWNER.setdefault(_name, _short)
OWNER.update(dict.fromkeys(("DEFAULT_OFFSETS", "INSERT_CHUNK", "PG_INSERT_CHUNK"),
                           "reminder_plans"))
OWNER.update(dict.fromkeys(("MAX_ATTEMPTS", "DEFAULT_LEASE", "LATE_AFTER", "BACKOFF_BASE",
                            "BACKOFF_CAP", "CLAIMABLE", "LEASED", "DETAIL"), "reminder_claims"))
OWNER["ids_in"] = "reminder_tables"

ATTR = re.compile(r"(?<![\w./])reminders\.(\w+)")
DOTTED = re.compile(r"storage\.reminders\.(\w+)")
FROM_PKG = re.compile(r"^(\s*)from storage import ([^\n(#]+?)(\s*#.*)?$", re.M)
FROM_MOD = re.compile(r"^(\s*)from storage\.reminders import ([^\n(#]+?)(\s*#.*)?$", re.M)
CALL = re.compile(r"reminder_(plans|claims|actions|tables)\.\w+\(")


def _owned(name: str, default: str) -> str:
    return OWNER.get(name, default)


def rewrite(text: str) -> str:
    """``text`` with its uses of ``storage.reminders`` pointed at the split modules."""
    text = DOTTED.sub(lambda m: f"storage.{_owned(m.group(1), 'reminders')}.{m.group(1)}",
                      text)
    used: set[str] = set()

    def fix_from_pkg(m: re.Match[str]) -> str:
        names = [n.strip() for n in m.group(2).split(",")]
        if "reminders" not in names:
            return m.group(0)
        modules = {OWNER[x] for x in ATTR.findall(text) if x in OWNER}
        used.update(modules)
        names = sorted((set(names) - {"reminders"}) | modules)
        return f"{m.group(1)}from storage import {', '.join(names)}{m.group(3) or ''}"

    text = FROM_PKG.sub(fix_from_pkg, text)
    if used:
        text = ATTR.sub(lambda m: f"{OWNER[m.group(1)]}.{m.group(1)}"
                        if m.group(1) in OWNER else m.group(0), text)

    def fix_from_mod(m: re.Match[str]) -> str:
        by_module: dict[str, list[str]] = {}
        for name in (n.strip() for n in m.group(2).split(",")):
            by_module.setdefault(OWNER[name.split(" as ")[0]], []).append(name)
        return "\n".join(
            f"{m.group(1)}from storage.{module} import {', '.join(sorted(names))}"
            f"{m.group(3) or ''}" for module, names in sorted(by_module.items()))

    return _realign(FROM_MOD.sub(fix_from_mod, text))


def _realign(text: str) -> str:
    """Move continuation lines that were aligned with a renamed call's parenthesis."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        for m in CALL.finditer(line):
            delta = len(m.group(0).split(".")[0]) - len("reminders")
            depth = line[m.end() - 1:].count("(") - line[m.end() - 1:].count(")")
            j = i + 1
            while j < len(lines) and depth > 0:
                indent = len(lines[j]) - len(lines[j].lstrip())
                if indent == m.end() - delta:
                    lines[j] = " " * delta + lines[j]
                depth += lines[j].count("(") - lines[j].count(")")
                j += 1
    return "\n".join(lines)


def main() -> int:
    """Rewrite the files named on the command line."""
    for name in sys.argv[1:]:
        path = Path(name)
        old = path.read_text()
        new = rewrite(old)
        if new != old:
            path.write_text(new)
            print(f"rewrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
