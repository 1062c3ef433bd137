"""bench/ptb_peer.py: the benchmark's PTB peer answers the exam flow like our calculator does."""

from __future__ import annotations

import importlib.util
import socket
import sys
from datetime import date
from pathlib import Path

from knowledge.calc import exam
from tests.fakes.telegram_api import FakeBotAPI

_PATH = Path(__file__).resolve().parents[2] / "bench" / "ptb_peer.py"
_SPEC = importlib.util.spec_from_file_location("ptb_peer", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
ptb_peer = importlib.util.module_from_spec(_SPEC)
sys.modules["ptb_peer"] = ptb_peer  # dataclasses resolve their module by name
_SPEC.loader.exec_module(ptb_peer)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_peer_walks_the_exam_flow_and_sends_the_calculators_result(
    tmp_path: Path,
) -> None:
    expected = exam.run({
        "cat": "80", "seminar": {"sistematika": "8", "isi": "48", "presentasi": "24"},
        "praktik": {"persiapan": "24", "pelaksanaan": "32", "hasil": "24"},
        "wawancara": ["80", "90", "70"], "ukmsk": "75", "hari_ini": date.today().isoformat(),
    }).text
    scripts = ptb_peer.exam_scripts(users=2, updates=2 * (1 + len(ptb_peer.CYCLE)))
    with FakeBotAPI() as fake:
        port = _free_port()
        peer = ptb_peer.start_peer(port, fake.base_url, tmp_path)
        try:
            result = await ptb_peer.drive([f"http://127.0.0.1:{port}/telegram"], scripts, fake,
                                          step_timeout=20)
        finally:
            peer.terminate()
            peer.wait(timeout=30)
        assert result.unanswered == 0 and len(result.latencies) == result.updates == 26
        for chat_id in scripts:
            texts = [c.text for c in fake.sent(chat_id)]
            assert texts.count(expected) == 1  # the same text our flow shows
            assert texts[-1] == "Pilih menu:"  # "Menu utama" pressed after the result
    assert (tmp_path / "ptb_peer.pickle").exists()  # PicklePersistence flushed on SIGTERM
