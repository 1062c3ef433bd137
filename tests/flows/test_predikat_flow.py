"""The Predikat flow: last year's predikat added to the profile's AK."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from handlers.domain.effects import SaveProfile
from handlers.domain.records import Profile
from handlers.flow import Services
from tests.fakes.chat import Chat
from tests.fakes.clock import FakeClock
from tests.fakes.user_data import FakeUserData

NOW = dt.datetime(2027, 1, 15, 2, 0, tzinfo=dt.UTC)
PROFILE = Profile(jf="analis_perdagangan", jenjang="ahli_pertama", golongan="III/a",
                  jenjang_since=dt.date(2024, 1, 1), ak=Decimal("25"),
                  ak_date=dt.date(2025, 12, 31), predikat="baik")


def chat(user: FakeUserData) -> Chat:
    c = Chat(Services(user=user), clock=FakeClock(NOW))
    c.send("catat predikat")
    return c


def test_record_last_year() -> None:
    user = FakeUserData(saved_profile=PROFILE)
    c = chat(user)
    assert c.last_question.text == "Predikat kinerja tahun 2026?"
    c.send("sangat bagus sekali")
    assert c.texts[0].startswith("Pilih salah satu pilihan")
    c.press("Sangat Baik")
    text = c.texts[0]
    assert "Angka kredit sebelumnya: 25 (per 31 Desember 2025)." in text
    assert "koefisien 12,5 × 150% × 12/12 bulan = 18,75." in text
    assert "Angka kredit sekarang: 43,75 per 31 Desember 2026." in text
    expected = Profile(**{**PROFILE.__dict__, "ak": Decimal("43.75"),
                          "ak_date": dt.date(2026, 12, 31)})
    assert c.effects == [SaveProfile(expected)]
    user.apply(c.effects, NOW)
    assert user.profile() == expected
    c.press("Catat lagi")
    c.press("Baik")
    assert "sudah termasuk" in c.texts[0] and c.effects == []


def test_without_profile_points_to_profil() -> None:
    c = chat(FakeUserData())
    assert c.last_question.text == "Untuk mencatat predikat, isi profil jabatan Anda dulu."
    c.press("Isi profil sekarang")
    assert c.state.flow == "profil"
    assert c.last_question.text == "Jabatan fungsional Anda?"
