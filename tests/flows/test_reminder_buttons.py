"""Reminder message buttons: handled in any state, then the current question again."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handlers.domain.effects import MarkDone, Snooze, StopKind
from handlers.domain.records import KIND_PREDIKAT, KIND_PRIBADI, ReminderSpec
from handlers.events import ChoiceIn
from handlers.flow import Flow, Number, Services
from handlers.flows import Registry
from handlers.reminders.buttons import reminder_step_token
from tests.fakes.chat import Chat
from tests.fakes.clock import FakeClock
from tests.fakes.user_data import FakeUserData

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC)  # Kamis, 10 Desember 2026 09.00 WIB


def setup(kind: str = KIND_PRIBADI) -> tuple[Chat, FakeUserData, int]:
    user = FakeUserData()
    spec = ReminderSpec(kind, "pribadi:x", dt.datetime(2026, 12, 10, 9, 0, tzinfo=JAKARTA),
                        "Asia/Jakarta", (0,), "kirim berkas")
    user.add(spec, NOW - dt.timedelta(days=1))
    delivery = next(iter(user.deliveries))
    return Chat(Services(user=user), clock=FakeClock(NOW)), user, delivery


def press(c: Chat, delivery: int, token: str) -> None:
    c.event(ChoiceIn(token, reminder_step_token(delivery)))


def test_snooze_a_day_mid_flow_keeps_the_flow() -> None:
    c, user, delivery = setup()
    c.send("/menu")
    c.press("Angka kredit")
    c.press("Proyeksi kenaikan pangkat/jenjang")
    question = c.last_question
    press(c, delivery, "tunda_1h")
    until = NOW + dt.timedelta(days=1)
    assert c.effects == [Snooze(delivery, until)]
    assert c.texts[0] == ("Baik, saya ingatkan lagi besok, Jumat, 11 Desember 2026 pukul "
                          "09.00 WIB.")
    assert c.last_question == question
    c.send("Ahli Pertama")  # the flow goes on
    assert c.last_question.text == "Golongan Anda saat ini (Ahli Pertama)?"
    user.apply([Snooze(delivery, until)], NOW)
    assert [v.occurrence for v in user.upcoming()] == ["D", "tunda:2026-12-11T02:00Z"]


def test_week_done_and_stop_kind() -> None:
    c, user, delivery = setup()
    press(c, delivery, "tunda_7h")
    assert "minggu depan, Kamis, 17 Desember 2026 pukul 09.00 WIB" in c.texts[0]
    assert c.last_question.text.startswith("Menu utama")
    press(c, delivery, "selesai")
    assert c.effects == [MarkDone(delivery)]
    user.apply(c.effects, NOW)
    assert user.upcoming() == []
    press(c, delivery, "henti")
    assert c.effects == [StopKind(KIND_PRIBADI)]
    assert c.texts[0] == "Baik, pengingat jenis \"Pengingat pribadi\" tidak akan dikirim lagi."


def test_foreign_or_unknown_delivery_is_refused() -> None:
    c, _, delivery = setup()
    c.send("/profil")
    question = c.last_question
    press(c, delivery + 99, "selesai")
    assert c.texts[0] == "Pengingat ini sudah tidak berlaku."
    assert c.effects == [] and c.last_question == question
    press(c, delivery, "hapus_semua")
    assert c.texts[0] == "Pengingat ini sudah tidak berlaku."


def test_catat_starts_the_predikat_flow() -> None:
    c, _, delivery = setup(KIND_PREDIKAT)
    press(c, delivery, "catat")
    assert c.state.flow == "predikat"
    assert c.last_question.options[0].label == "Isi profil sekarang"



SECRET = Flow(id="admin", title="Admin", steps=[Number(id="n", text="Angka?")], commands=("admin",),
              visible=lambda services: services.user is not None and services.user.is_admin())


@pytest.mark.parametrize("how", ["/admin", "admin"])
def test_admin_only_flow_is_refused_for_others(how: str) -> None:
    user = FakeUserData()
    c = Chat(Services(user=user, registry=Registry([SECRET])), clock=FakeClock(NOW))
    c.send("/menu")
    assert "Admin" not in c.options
    c.event(ChoiceIn("flow:admin", c.last_question.step_token))  # a forged menu button
    assert c.state.flow is None
    c.send(how)
    assert c.texts[0] == "Maaf, menu ini khusus admin."
    assert c.state.flow is None and c.last_question.text.startswith("Menu utama")
    user.admin = True
    c.send(how)
    assert c.state.flow == "admin" and c.last_question.text == "Angka?"


def test_menu_lists_profil_and_pengingat_only() -> None:
    c, _, _ = setup()
    c.send("/menu")
    assert "Profil saya" in c.options and "Pengingat" in c.options
    assert "Buat pengingat" not in c.options and len(c.options) <= 10
    c.send("pengingat")
    assert c.state.flow == "pengingat"
