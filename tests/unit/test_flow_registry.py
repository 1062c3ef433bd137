"""A flow describes itself (keywords, commands, menu position, calculator) and registering it
is importing it; a broken flow module fails start-up (issue 12, item 8)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.calc_cli import calculators
from handlers.engine import default_services
from handlers.flow import Flow, Show
from handlers.flows import FLOW_MODULES, RegistryError, check_flows, default_registry, load_flows

ROOT = Path(__file__).resolve().parents[2]

# What MENU_ORDER, KEYWORDS, FLOW_COMMANDS and calc_cli.MODULES said before the flows declared
# it themselves: the behaviour must not change.
MENU = ["difficulty", "formation", "credit", "exam", "profil", "pengingat", "ingatkan",
        "predikat", "admin", "pertanyaan"]
KEYWORDS = {
    "difficulty": ("tingkat kesulitan", "kesulitan", "klasifikasi jabatan"),
    "formation": ("hitung formasi", "formasi", "kebutuhan jf", "kebutuhan jabatan"),
    "credit": ("angka kredit", "hitung ak", "hitung angka kredit", "konversi predikat"),
    "exam": ("nilai uji kompetensi", "ukom", "nilai ukom", "hitung ukom", "uji kompetensi"),
    "profil": ("ubah profil", "isi profil", "data saya", "profil jabatan"),
    "pengingat": ("daftar pengingat", "lihat pengingat", "jadwal pengingat"),
    "ingatkan": ("buat pengingat", "pengingat baru", "ingatkan saya"),
    "predikat": ("catat predikat", "predikat tahunan", "catat predikat kinerja"),
}
COMMANDS = {"profil": ["/profil", "profil", "Profil saya", "/profil@AsistenBot"],
            "pengingat": ["/pengingat", "pengingat", "pengingat saya"],
            "admin": ["/admin", "admin"]}
CALCULATORS = {"formation": "knowledge.calc.formation", "difficulty": "knowledge.calc.difficulty",
               "credit": "knowledge.calc.credit", "exam": "knowledge.calc.exam"}


def test_the_menu_order_keywords_commands_and_calculators_are_unchanged() -> None:
    registry = default_registry()
    assert [f.id for f in registry.flows] == MENU
    assert {f.id: f.keywords for f in registry.flows if f.keywords} == KEYWORDS
    for flow_id, typed in COMMANDS.items():
        for text in typed:
            found = registry.match_command(text)
            assert found is not None and found.id == flow_id, text
    for text in ("/menu", "profil jabatan saya", "/xyz", "admin saja", "/formasi"):
        assert registry.match_command(text) is None, text
    assert calculators() == CALCULATORS
    assert sorted(FLOW_MODULES) == sorted(MENU)


def test_the_production_services_load_every_flow_at_once() -> None:
    assert [f.id for f in default_services().flows().flows] == MENU


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
            ) -> Callable[[str], str]:
    """Return a maker of a package (named after the test) whose module ``broken`` is given."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(body: str) -> str:
        name = f"flows_{request.node.name}"
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
        (tmp_path / name / "broken.py").write_text(body)
        return name

    return make


def test_a_flow_module_that_fails_to_import_raises(package: Callable[[str], str]) -> None:
    with pytest.raises(ModuleNotFoundError, match="no_such_module_anywhere"):
        load_flows(["broken"], package=package("import no_such_module_anywhere\n"))


def test_a_flow_module_with_a_bug_raises(package: Callable[[str], str]) -> None:
    with pytest.raises(ZeroDivisionError):
        load_flows(["broken"], package=package("FLOW = 1 / 0\n"))


def test_a_missing_flow_module_or_one_without_a_flow_raises(
        package: Callable[[str], str]) -> None:
    with pytest.raises(ModuleNotFoundError):
        load_flows(["does_not_exist"])
    with pytest.raises(RegistryError, match="defines no FLOW"):
        load_flows(["broken"], package=package("TITLE = 'lupa FLOW'\n"))


def _flow(flow_id: str, position: int, **kw: object) -> Flow:
    return Flow(id=flow_id, title=flow_id, steps=[Show(id="x")], menu_position=position,
                **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("flows", "message"), [
    ([_flow("a", 1), _flow("a", 2)], "share the id"),
    ([_flow("a", 1), _flow("b", 1)], "share the menu position"),
    ([_flow("a", 1, keywords=("cuti",)), _flow("b", 2, keywords=("cuti",))], "keyword"),
    ([_flow("a", 1, commands=("cuti",)), _flow("b", 2, commands=("cuti",))], "command"),
    ([_flow("a", 1, commands=("menu",))], "engine command"),
    ([_flow("a", 1, commands=("batal",))], "engine command"),
    ([_flow("a", 1, keywords=("Hitung  Cuti",))], "must be written 'hitung cuti'"),
])
def test_clashing_declarations_fail_registration(flows: list[Flow], message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        check_flows(flows)


def test_the_console_does_not_start_when_a_flow_module_is_broken(tmp_path: Path) -> None:
    """A flow module that fails to import stops start-up with an error, not a smaller menu."""
    # The real console, with ``handlers.flows.exam`` failing to import (an import hook).
    runner = tmp_path / "run.py"
    runner.write_text(
        "import sys, types, importlib.abc, importlib.machinery\n"
        "class Broken(importlib.abc.MetaPathFinder, importlib.abc.Loader):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'handlers.flows.exam':\n"
        "            return importlib.machinery.ModuleSpec(name, self)\n"
        "    def create_module(self, spec): return None\n"
        "    def exec_module(self, module): raise ImportError('exam rusak')\n"
        "sys.meta_path.insert(0, Broken())\n"
        "from bot.cli import main\n"
        "sys.exit(main(['console', '--user', 'sari']))\n")
    result = subprocess.run(
        [sys.executable, str(runner)], cwd=tmp_path, input="/start\n", capture_output=True,
        text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
             "LOG_FILE": str(tmp_path / "bot.log"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1, result.stdout
    assert "Menu utama" not in result.stdout  # no menu without the exam flow
    assert "kesalahan tak terduga" in result.stderr and "Traceback" not in result.stderr
    assert "exam rusak" in (tmp_path / "bot.log").read_text(encoding="utf-8")
