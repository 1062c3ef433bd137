"""Pertanyaan masuk (/admin): an admin replies to a forwarded question; the frequent list as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from handlers.feedback import FrequentQuestion, ReplyToQuestion, WaitingQuestion
from handlers.flow import Services
from tests.fakes.chat import Chat
from tests.fakes.user_data import FakeUserData

ASKED = dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)  # 5 Desember 2026, 03.00 WIB


LONG = ("berapa tunjangan jabatan penera ahli muda di daerah terpencil dan apakah ada tambahan "
        "untuk lembur")


def admin_chat(desk: FakeUserData) -> Chat:
    c = Chat(Services(user=desk))
    c.send("/admin")
    c.press("Pertanyaan masuk")
    return c


def test_admin_replies_to_a_forwarded_question() -> None:
    desk = FakeUserData(admin=True, waiting=[
        WaitingQuestion(41, "cara daftar cpns 2026", "not_in_sources", ASKED),
        WaitingQuestion(42, LONG, "answered", ASKED)])
    c = admin_chat(desk)
    assert c.last_question is not None
    assert c.last_question.text.startswith("Pertanyaan masuk: 2 menunggu jawaban.")
    assert c.last_question.progress is None  # a queue, not "Langkah 1 dari 1"
    assert c.options[0] == "cara daftar cpns 2026"
    long_label = c.options[1]
    assert long_label.endswith("…") and len(long_label) <= 60 and LONG.startswith(long_label[:-1])
    assert c.option(long_label).description == "Diteruskan 5 Desember 2026"
    c.press(long_label)
    assert f"\"{LONG}\"" in c.texts[0]  # the admin sees the whole question
    c.send("Tunjangan diatur Perpres; silakan tanyakan ke bagian kepegawaian.")
    assert c.texts[0].endswith("Kirim jawaban ini ke penanya?")
    c.press("Ya")
    assert c.texts[0] == "Jawaban dikirim ke penanya."
    assert c.effects == [ReplyToQuestion(
        42, "Tunjangan diatur Perpres; silakan tanyakan ke bagian kepegawaian.")]


def test_admin_may_decline_to_send() -> None:
    c = admin_chat(FakeUserData(admin=True, waiting=[
        WaitingQuestion(41, "cara daftar cpns", "answered", ASKED)]))
    c.press("cara daftar cpns")
    c.send("Lihat situs BKN.")
    c.press("Tidak")
    assert c.texts[0] == "Jawaban tidak dikirim."
    assert c.effects == []


def test_frequent_questions_listed_with_counts_and_exported_as_csv() -> None:
    desk = FakeUserData(admin=True, frequent=[
        FrequentQuestion("cara daftar cpns 2026", "tidak_terjawab", 3),
        FrequentQuestion("penera boleh terima parsel?", "tidak_membantu", 2)])
    c = admin_chat(desk)
    assert c.last_question is not None
    assert c.last_question.text.startswith("Belum ada pertanyaan yang menunggu jawaban.")
    c.press("Pertanyaan tersering (dan CSV)")
    assert c.texts[0].split("\n")[1:] == [
        "1. cara daftar cpns 2026 — 3× (tidak terjawab)",
        "2. penera boleh terima parsel? — 2× (tidak membantu)",
    ]
    [document] = c.documents
    assert document.filename == "pertanyaan_tersering.csv" and document.mime == "text/csv"
    rows = list(csv.reader(io.StringIO(document.data.decode("utf-8-sig"))))
    assert rows == [["pertanyaan", "jenis", "jumlah"],
                    ["cara daftar cpns 2026", "tidak terjawab", "3"],
                    ["penera boleh terima parsel?", "tidak membantu", "2"]]


def test_not_for_users_who_are_not_admins() -> None:
    c = Chat(Services(user=FakeUserData(admin=False)))
    c.send("/menu")
    assert "Pertanyaan masuk" not in c.options
    c.send("pertanyaan masuk")
    assert c.state.flow != "pertanyaan"
