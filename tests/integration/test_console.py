"""The REAL ``python -m bot console`` as a subprocess, on a temporary SQLite file.

Each test gets its own DATABASE_URL, DOCUMENTS_DIR and LOG_FILE under ``tmp_path`` and runs
from ``tmp_path`` (no ``.env`` of the repository is read). Output is read line by line in a
thread so a test can wait for a reply (bounded by a timeout, never a fixed sleep).
"""

from __future__ import annotations

import io
import os
import pty
import queue
import re
import select
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from bot.console_chat import DocumentStore, Renderer
from handlers.prompts import Document, Image, Message, Option, Question
from tests.fakes.clock import FakeClock

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60.0  # generous: a busy 2-core machine starts Python + SQLAlchemy in a few seconds
EXAM = ["80", "8", "50", "25", "25", "35", "25", "80, 90, 70", "75", "lewati"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WHATSAPP_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'chat.sqlite3'}",
        DOCUMENTS_DIR=str(tmp_path / "dokumen"),
        LOG_FILE=str(tmp_path / "bot.log"),
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="0",  # the console must flush by itself
    )
    return env


def _run(tmp_path: Path, stdin: str, user: str = "tester") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--user", user],
        cwd=tmp_path, env=_env(tmp_path), input=stdin, capture_output=True, text=True,
        timeout=WAIT * 2,
    )


@dataclass
class Console:
    """A running console whose stdout lines arrive in a queue."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def start_reader(self) -> None:
        def pump() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                self.lines.put(line)
            self.lines.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def wait_for(self, needle: str) -> str:
        """Read until a line containing ``needle``; return everything read meanwhile."""
        got: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no {needle!r} after {WAIT} s; got {''.join(got)}") from None
            if line is None:
                raise AssertionError(f"console ended before {needle!r}; got {''.join(got)}")
            got.append(line)
            self.seen.append(line)
            if needle in line:
                return "".join(got)


def _terminal_signals() -> None:
    """Give the console the SIGINT disposition of a terminal program (default).

    A shell starts background jobs with SIGINT ignored and the child inherits that, so a
    test run under ``nohup … &`` would otherwise send a Ctrl-C the console never sees.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Callable[[], Console]]:
    consoles: list[Console] = []

    def start() -> Console:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--user", "tester"],
            cwd=tmp_path, env=_env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1, preexec_fn=_terminal_signals,
        )
        c = Console(proc)
        c.start_reader()
        consoles.append(c)
        return c

    yield start
    for c in consoles:
        if c.proc.poll() is None:
            c.proc.kill()
        c.proc.wait(timeout=WAIT)
        for stream in (c.proc.stdin, c.proc.stdout, c.proc.stderr):
            if stream is not None:
                stream.close()


def test_a_piped_exam_conversation_reaches_its_result(tmp_path: Path) -> None:
    out = _run(tmp_path, "ukom\n" + "tujuh puluhan\n" + "\n".join(EXAM) + "\n")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    text = out.stdout
    assert text.startswith("Selamat datang")
    assert ". Nilai uji kompetensi\n" in text  # options numbered with their full label
    # Progress line, then the question; bad input gets one sentence and the same question.
    asked = re.findall(r"(?m)^Langkah 1 dari 10\n(.+)\n", text)
    assert len(asked) == 2 and asked[0] == asked[1]
    assert re.search(r"(?m)^Ketik angka.*0 sampai 100.*\.\n\nLangkah 1 dari 10\n", text)
    assert [int(n) for n in re.findall(r"(?m)^Langkah (\d+) dari 10$", text)] == [
        1, 1, *range(2, 11)]
    # Hand computation: UKT (80 + 83 + 85 + 80) / 4 = 82; 50% × 82 + 50% × 75 = 78,50.
    assert "Nilai akhir = 50% × UKT 82 + 50% × UKMSK 75 = 78,50; rekomendasi: Lulus" in text
    assert text.rstrip().endswith("Sampai jumpa.")
    assert "> " not in text  # no prompt when piped
    assert "Traceback" not in text + out.stderr


def test_a_number_picks_the_menu_option_and_a_restart_resumes(tmp_path: Path) -> None:
    opening = _run(tmp_path, "")  # end of input at once: just the welcome and the menu
    assert opening.returncode == 0, opening.stderr
    menu = opening.stdout.split("Menu utama — silakan pilih:\n")[1].split("\n\n")[0]
    number = next(line for line in menu.splitlines() if line.endswith(". Nilai uji kompetensi"))
    first = _run(tmp_path, f"{number.split('.')[0]}\n80\n")
    assert "Langkah 2 dari 10" in first.stdout
    second = _run(tmp_path, "kembali\n")
    assert "Selamat datang" not in second.stdout  # a returning user: no menu
    assert second.stdout.startswith("Langkah 2 dari 10\n")
    assert "Langkah 1 dari 10\nJawaban sebelumnya: 80.\n" in second.stdout


def test_sigkill_in_the_middle_of_a_flow_loses_nothing(console: Callable[[], Console]) -> None:
    c = console()
    c.wait_for("Menu utama")
    c.send("ukom")
    c.wait_for("Langkah 1 dari 10")
    for answer, next_step in zip(EXAM[:3], (2, 3, 4), strict=True):
        c.send(answer)
        c.wait_for(f"Langkah {next_step} dari 10")
    # The 3rd answer was processed (its reply printed): kill without any chance to clean up.
    os.kill(c.proc.pid, signal.SIGKILL)
    c.proc.wait(timeout=WAIT)

    again = console()  # a new process on the same database
    opening = again.wait_for("Langkah 4 dari 10")
    assert "Selamat datang" not in opening and "Menu utama" not in opening
    again.send("kembali")
    assert "Jawaban sebelumnya: 50." in again.wait_for("Jawaban sebelumnya")
    again.send("kembali")
    back = again.wait_for("Jawaban sebelumnya")
    assert "Langkah 2 dari 10" in back and "Jawaban sebelumnya: 8." in back
    for answer in EXAM[1:]:
        again.send(answer)
    assert "78,50" in again.wait_for("rekomendasi: Lulus")
    assert again.proc.stdin is not None
    again.proc.stdin.close()
    again.wait_for("Sampai jumpa.")
    assert again.proc.wait(timeout=WAIT) == 0


def test_ctrl_c_ends_politely_without_a_traceback(console: Callable[[], Console]) -> None:
    c = console()
    c.wait_for("Menu utama")
    c.send("ukom")
    c.wait_for("Langkah 1 dari 10")
    c.proc.send_signal(signal.SIGINT)
    c.wait_for("Sampai jumpa.")
    assert c.proc.wait(timeout=WAIT) == 0
    assert c.proc.stderr is not None
    assert "Traceback" not in c.proc.stderr.read()


def test_each_console_user_has_their_own_conversation(tmp_path: Path) -> None:
    _run(tmp_path, "ukom\n80\n", user="ani")
    budi = _run(tmp_path, "", user="budi")
    assert budi.stdout.startswith("Selamat datang")
    ani = _run(tmp_path, "", user="ani")
    assert ani.stdout.startswith("Langkah 2 dari 10")


def test_an_unusable_database_gives_one_line_and_no_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = _env(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{blocker / 'chat.sqlite3'}"
    out = subprocess.run(
        [sys.executable, "-m", "bot", "console"], cwd=tmp_path, env=env, input="menu\n",
        capture_output=True, text=True, timeout=WAIT,
    )
    assert out.returncode == 1
    assert out.stdout == ""
    assert re.fullmatch(r"Maaf, terjadi kesalahan tak terduga \(kode [0-9a-f]{8}\)\.\n", out.stderr)
    error_id = out.stderr.split("kode ")[1][:8]
    assert f"unexpected error {error_id}" in (tmp_path / "bot.log").read_text()


def test_documents_get_unique_names_in_the_folder(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2027, 4, 1, 8, 0, tzinfo=UTC))
    store = DocumentStore(tmp_path / "dokumen", clock)
    first = store.save("Formulir Kebutuhan.xlsx", b"one")
    second = store.save("Formulir Kebutuhan.xlsx", b"two")
    sneaky = store.save("../../luar.png", b"three")
    assert first.name == "Formulir_Kebutuhan-20270401-080000.xlsx"
    assert second.name == "Formulir_Kebutuhan-20270401-080000-2.xlsx"
    assert sneaky.parent == tmp_path / "dokumen" and sneaky.name == "luar-20270401-080000.png"
    assert [first.read_bytes(), second.read_bytes()] == [b"one", b"two"]


def test_prompts_render_for_the_console(tmp_path: Path) -> None:
    out = io.StringIO()
    renderer = Renderer(out, DocumentStore(tmp_path, FakeClock()))
    renderer.show([
        Message("Halo."),
        Question("Jenjang Anda?", "t1", (Option("a", "Ahli Pertama", "Pertama"),
                                          Option("b", "Ahli Muda", description="III/c–III/d")),
                 progress="Langkah 3 dari 9", hint="Ketik nomor atau nama pilihan."),
        Document("hasil.xlsx", b"PK", caption="Formulir kebutuhan JF"),
        Image("grafik.png", b"\x89PNG"),
    ])
    saved = sorted(p.name for p in tmp_path.iterdir())
    assert saved == ["grafik-20270401-080000.png", "hasil-20270401-080000.xlsx"]
    assert out.getvalue() == (
        "Halo.\n\n"
        "Langkah 3 dari 9\nJenjang Anda?\n1. Ahli Pertama\n2. Ahli Muda\n   III/c–III/d\n"
        "Ketik nomor atau nama pilihan.\n\n"
        f"Formulir kebutuhan JF\nDokumen disimpan: {tmp_path / saved[1]}\n\n"
        f"Gambar disimpan: {tmp_path / saved[0]}\n\n"
    )


def test_on_a_terminal_a_prompt_is_shown_and_ctrl_d_ends(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--user", "tty"], cwd=tmp_path,
        env=_env(tmp_path), stdin=slave, stdout=slave, stderr=subprocess.PIPE,
    )
    os.close(slave)
    seen = b""
    mark = 0  # only output after the last input counts

    def send(data: bytes) -> None:
        nonlocal mark
        mark = len(seen)
        os.write(master, data)

    def wait_for(needle: bytes) -> None:
        nonlocal seen
        while needle not in seen[mark:]:
            ready, _, _ = select.select([master], [], [], WAIT)
            assert ready, f"no {needle!r}; got {seen!r}"
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            assert chunk, f"terminal closed before {needle!r}; got {seen!r}"
            seen += chunk

    try:
        wait_for(b"> ")
        assert b"Menu utama" in seen
        send(b"ukom\n")
        wait_for(b"Langkah 1 dari 10")
        wait_for(b"\n> ")
        send(b"\x04")  # Ctrl-D at an empty prompt
        wait_for(b"Sampai jumpa.")
        assert proc.wait(timeout=WAIT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=WAIT)
        os.close(master)
        assert proc.stderr is not None
        proc.stderr.close()


def test_a_formation_result_writes_the_xlsx_and_prints_its_path(tmp_path: Path) -> None:
    # Penera, Keahlian, the first hasil akhir, volume 100, no national impact, bezetting and
    # the form details skipped.
    out = _run(tmp_path, "hitung formasi\nPenera\nKeahlian\n1\nselesai\n100\nTidak\n2\nlewati\n")
    assert out.returncode == 0, out.stderr
    saved = re.findall(r"(?m)^Dokumen disimpan: (.+\.xlsx)$", out.stdout)
    assert len(saved) == 1, out.stdout[-2000:]
    path = Path(saved[0])
    assert path.parent == tmp_path / "dokumen" and path.is_file()
    book = openpyxl.load_workbook(path)
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None]
    assert any("Penera" in c for c in cells)
    # A second run of the same flow never overwrites the first file.
    again = _run(tmp_path,
                 "menu\nhitung formasi\nPenera\nKeahlian\n1\nselesai\n100\nTidak\n2\nlewati\n")
    assert len(list((tmp_path / "dokumen").iterdir())) == 2, again.stdout[-2000:]


def test_tanya_on_the_console_numbers_membantu_and_forwards_to_the_admin(
        tmp_path: Path) -> None:
    out = _run(tmp_path, "penera boleh menerima hadiah?\n2\n1\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Membantu? 👍 / 👎\n" in text
    assert "1. 👍 Membantu\n2. 👎 Tidak membantu\n" in text  # numbers on the console
    after_down = text.split("Terima kasih atas masukan Anda.", 1)[1]
    assert "1. Teruskan ke admin\n" in after_down
    assert "Pertanyaan Anda sudah diteruskan ke admin." in after_down
    with sqlite3.connect(tmp_path / "chat.sqlite3") as db:
        rows = db.execute("SELECT question, helpful, forwarded_at IS NOT NULL "
                          "FROM tanya_question").fetchall()
    assert rows == [("penera boleh menerima hadiah?", 0, 1)]
