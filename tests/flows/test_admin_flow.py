"""The admin flow as conversations: publish, edit, delete, broadcast, statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from handlers import texts
from handlers.domain.effects import DeleteSchedule, SaveSchedule, StartBroadcast
from handlers.domain.records import BroadcastProgress, Profile, ReminderView, Stats, UkomSchedule
from handlers.flow import Services
from handlers.flows import Registry
from handlers.flows.admin import FLOW, NO_SCHEDULES
from knowledge.data_files import load_table
from knowledge.ids import JENJANG_LABELS, JF_LABELS
from tests.fakes.chat import Chat
from tests.fakes.clock import FakeClock

NOW = dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)  # 21 November 2026, 10.00 WIB
PENERA_MUDA = UkomSchedule(7, "penera", "ahli_muda", dt.date(2026, 12, 10),
                           dt.date(2027, 1, 15), "Di Balai Pengujian Bogor")
ANALIS_ALL = UkomSchedule(9, "analis_perdagangan", None, dt.date(2027, 2, 1),
                          dt.date(2027, 3, 1))


@dataclass
class FakeUser:
    """A minimal in-memory ``UserData`` for the admin flow."""

    admin: bool = True
    published: list[UkomSchedule] = field(default_factory=list)
    audience: dict[tuple[str | None, str | None], int] = field(default_factory=dict)
    stats: Stats = field(default_factory=Stats)
    own_profile: Profile | None = None
    asked: list[tuple[str | None, str | None]] = field(default_factory=list)

    def profile(self) -> Profile | None:
        return self.own_profile

    def upcoming(self, limit: int = 20) -> list[ReminderView]:
        return []

    def delivery(self, delivery_id: int) -> ReminderView | None:
        return None

    def is_admin(self) -> bool:
        return self.admin

    def schedules(self) -> list[UkomSchedule]:
        return sorted(self.published, key=lambda s: s.registration_deadline)

    def audience_size(self, jf: str | None, jenjang: str | None) -> int:
        self.asked.append((jf, jenjang))
        return self.audience.get((jf, jenjang), 0)

    def statistics(self) -> Stats:
        return self.stats


def q(c: Chat) -> str:
    """Return the text of the last question."""
    assert c.last_question is not None, c.texts
    return c.last_question.text


def start(user: FakeUser | None = None) -> Chat:
    user = user if user is not None else FakeUser()
    c = Chat(Services(registry=Registry([FLOW]), user=user), clock=FakeClock(NOW))
    c.send("/menu")
    c.press("Admin")
    assert q(c) == "Apa yang ingin Anda lakukan?"
    assert c.options == ["Terbitkan jadwal uji kompetensi", "Ubah jadwal", "Hapus jadwal",
                         "Kirim siaran", "Statistik", "Pertanyaan masuk"]
    return c


# --- visibility ------------------------------------------------------------------------------


def test_only_admins_see_the_flow() -> None:
    assert FLOW.id == "admin" and FLOW.title == "Admin"
    assert FLOW.visible is not None
    assert FLOW.visible(Services(user=FakeUser(admin=True))) is True
    assert FLOW.visible(Services(user=FakeUser(admin=False))) is False
    assert FLOW.visible(Services(user=None)) is False
    c = Chat(Services(registry=Registry([FLOW]), user=FakeUser(admin=False)), clock=FakeClock(NOW))
    c.send("/menu")
    assert "Admin" not in c.options


# --- publish ---------------------------------------------------------------------------------


def test_publish_a_schedule() -> None:
    user = FakeUser(audience={("penera", "ahli_muda"): 1234})
    c = start(user)
    c.press("Terbitkan jadwal uji kompetensi")
    assert q(c) == "Untuk JF apa?"
    assert c.options == list(JF_LABELS.values())
    c.press("Penera")
    assert q(c) == "Untuk jenjang apa (Penera)?"
    c.press("Ahli Muda")
    assert q(c) == "Batas akhir pendaftaran?"
    c.send("10 Desember 2026")
    assert q(c) == "Tanggal ujian?"
    c.send("15/1/2027")
    assert q(c) == "Catatan untuk peserta?"
    c.send("Di Balai Pengujian Bogor")
    assert q(c) == (
        "Terbitkan jadwal uji kompetensi ini?\nJF: Penera\nJenjang: Ahli Muda\n"
        "Batas pendaftaran: 10 Desember 2026\nTanggal ujian: 15 Januari 2027\n"
        "Catatan: Di Balai Pengujian Bogor")
    assert c.options == ["Ya", "Tidak"]
    assert c.effects == []
    c.press("Ya")
    assert c.effects == [SaveSchedule(UkomSchedule(
        None, "penera", "ahli_muda", dt.date(2026, 12, 10), dt.date(2027, 1, 15),
        "Di Balai Pengujian Bogor"))]
    assert c.texts[0] == (
        "Jadwal diterbitkan; pengingat dikirim ke pengguna yang profilnya cocok (H-14, H-7, "
        "H-1 sebelum batas pendaftaran dan H-1 sebelum ujian), saat ini untuk 1.234 pengguna.")
    assert user.asked == [("penera", "ahli_muda")]
    assert c.options == ["Aksi admin lainnya", "Menu utama"]


def test_publish_for_every_jenjang_without_notes() -> None:
    c = start()
    c.press("Terbitkan jadwal")
    c.press("Analis Perdagangan")
    c.press("Semua jenjang")
    c.send("21 November 2026")  # today is allowed
    c.send("21 November 2026")  # the exam may be on the deadline
    c.press("Lewati")
    assert "Jenjang: Semua jenjang" in q(c)
    assert "Catatan: (tidak ada)" in q(c)
    c.send("ya")
    assert c.effects == [SaveSchedule(UkomSchedule(
        None, "analis_perdagangan", None, dt.date(2026, 11, 21), dt.date(2026, 11, 21), ""))]
    assert "Saat ini belum ada pengguna yang profilnya cocok" in c.texts[0]


def test_publish_declined_saves_nothing() -> None:
    c = start()
    c.press("Terbitkan jadwal")
    c.press("Penera")
    c.press("Semua jenjang")
    c.send("1 Desember 2026")
    c.send("2 Desember 2026")
    c.send("lewati")
    c.press("Tidak")
    assert c.effects == []
    assert c.texts[0] == "Jadwal tidak diterbitkan."


@pytest.mark.parametrize("jf", list(JF_LABELS))
def test_jenjang_options_follow_lampiran_i(jf: str) -> None:
    entry = next(e for e in load_table("permendag/lampiran_i")["jf"] if e["jf"] == jf)
    expected = {JENJANG_LABELS[b["jenjang"]] for b in entry["blocks"]}
    c = start()
    c.press("Terbitkan jadwal")
    c.press(JF_LABELS[jf])
    assert set(c.options[:-1]) == expected and len(c.options) == len(expected) + 1
    assert c.options[-1] == "Semua jenjang"


def test_publish_refuses_bad_dates_and_long_notes() -> None:
    c = start()
    c.press("Terbitkan jadwal")
    c.press("Penera")
    c.press("Ahli Madya")
    c.send("20 November 2026")
    assert c.texts == ["Batas pendaftaran tidak boleh sebelum hari ini (21 November 2026).",
                       "Batas akhir pendaftaran?"]
    c.send("kapan-kapan")
    assert c.texts == [texts.DATE_EXPECTED, "Batas akhir pendaftaran?"]
    c.send("10 Desember 2026")
    c.send("9 Desember 2026")
    assert c.texts == ["Tanggal ujian tidak boleh sebelum batas pendaftaran (10 Desember 2026).",
                       "Tanggal ujian?"]
    c.send("11 Desember 2026")
    c.send("x" * 501)
    assert c.texts == ["Jawaban terlalu panjang; paling banyak 500 karakter.",
                       "Catatan untuk peserta?"]
    assert c.state.step == "terbit:catatan"


# --- edit ------------------------------------------------------------------------------------


def edit_start(user: FakeUser) -> Chat:
    c = start(user)
    c.press("Ubah jadwal")
    assert q(c) == "Jadwal mana yang ingin diubah?"
    assert c.options == ["Penera Ahli Muda — daftar s.d. 10 Desember 2026",
                         "Analis Perdagangan (semua jenjang) — daftar s.d. 1 Februari 2027"]
    return c


@pytest.mark.parametrize(("field_label", "inputs", "changed", "line"), [
    ("JF dan jenjang", ["Pengamat Tera", "Mahir"],
     {"jf": "pengamat_tera", "jenjang": "mahir"}, "JF: Pengamat Tera (sebelumnya: Penera)"),
    ("Jenjang", ["Semua jenjang"], {"jenjang": None},
     "Jenjang: Semua jenjang (sebelumnya: Ahli Muda)"),
    ("Batas pendaftaran", ["12 Desember 2026"],
     {"registration_deadline": dt.date(2026, 12, 12)},
     "Batas pendaftaran: 12 Desember 2026 (sebelumnya: 10 Desember 2026)"),
    ("Tanggal ujian", ["20 Januari 2027"], {"exam_date": dt.date(2027, 1, 20)},
     "Tanggal ujian: 20 Januari 2027 (sebelumnya: 15 Januari 2027)"),
    ("Catatan", ["Daring melalui Zoom"], {"notes": "Daring melalui Zoom"},
     "Catatan: Daring melalui Zoom (sebelumnya: Di Balai Pengujian Bogor)"),
    ("Catatan", ["lewati"], {"notes": ""},
     "Catatan: (tidak ada) (sebelumnya: Di Balai Pengujian Bogor)"),
])
def test_edit_each_field(field_label: str, inputs: list[str], changed: dict[str, Any],
                         line: str) -> None:
    user = FakeUser(published=[ANALIS_ALL, PENERA_MUDA], audience={("penera", "ahli_muda"): 3})
    c = edit_start(user)
    c.press("Penera Ahli Muda — daftar s.d. 10 Desember 2026")
    assert q(c).startswith("JF: Penera\nJenjang: Ahli Muda\n")
    assert q(c).endswith("Apa yang ingin diubah?")
    c.press(field_label)
    for value in inputs:
        if value in c.options:
            c.press(value)
        else:
            c.send(value)
    question = q(c)
    assert question.startswith("Simpan perubahan jadwal ini?\n")
    assert line in question.split("\n")
    assert question.count("(sebelumnya:") == line.count("(sebelumnya:") + (
        1 if "jf" in changed else 0)
    c.press("Ya")
    expected = replace(PENERA_MUDA, **changed)
    assert c.effects == [SaveSchedule(expected)]
    assert expected.id == 7
    assert c.texts[0].startswith("Jadwal diperbarui;")


def test_edit_jenjang_offers_the_jenjang_of_the_schedules_jf() -> None:
    c = edit_start(FakeUser(published=[PENERA_MUDA, ANALIS_ALL]))
    c.send("2")  # the option number
    c.press("Jenjang")
    assert q(c) == "Jenjang yang baru (Analis Perdagangan)?"
    assert c.options == ["Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama",
                         "Semua jenjang"]


def test_edit_refuses_dates_that_break_the_schedule() -> None:
    c = edit_start(FakeUser(published=[PENERA_MUDA, ANALIS_ALL]))
    c.press("Penera Ahli Muda — daftar s.d. 10 Desember 2026")
    c.press("Batas pendaftaran")
    question = "Batas akhir pendaftaran yang baru (sekarang 10 Desember 2026)?"
    assert q(c) == question
    c.send("16 Januari 2027")
    assert c.texts == ["Batas pendaftaran tidak boleh setelah tanggal ujian (15 Januari 2027).",
                       question]
    c.send("1 November 2026")
    assert c.texts == ["Batas pendaftaran tidak boleh sebelum hari ini (21 November 2026).",
                       question]
    c.send("/kembali")
    c.press("Tanggal ujian")
    c.send("9 Desember 2026")
    assert c.texts[0] == "Tanggal ujian tidak boleh sebelum batas pendaftaran (10 Desember 2026)."
    assert c.state.step == "ubah:ujian"


def test_edit_declined_saves_nothing() -> None:
    c = edit_start(FakeUser(published=[PENERA_MUDA, ANALIS_ALL]))
    c.press("Penera Ahli Muda — daftar s.d. 10 Desember 2026")
    c.press("Catatan")
    c.send("Baru")
    c.press("Tidak")
    assert c.effects == []
    assert c.texts[0] == "Jadwal tidak diubah."


# --- delete ----------------------------------------------------------------------------------


def test_delete_a_schedule() -> None:
    user = FakeUser(published=[PENERA_MUDA, ANALIS_ALL])
    c = start(user)
    c.press("Hapus jadwal")
    assert q(c) == "Jadwal mana yang ingin dihapus?"
    c.press("Analis Perdagangan (semua jenjang) — daftar s.d. 1 Februari 2027")
    assert q(c) == (
        "Hapus jadwal Analis Perdagangan (semua jenjang) — daftar s.d. 1 Februari 2027 "
        "(ujian 1 Maret 2027)? Pengingat yang belum terkirim dibatalkan.")
    c.press("Ya")
    assert c.effects == [DeleteSchedule(9)]
    assert c.texts[0] == "Jadwal dihapus; pengingat yang belum terkirim dibatalkan."
    # Starting again reads the schedules afresh.
    user.published.remove(ANALIS_ALL)
    c.press("Aksi admin lainnya")
    c.press("Hapus jadwal")
    assert c.options == ["Penera Ahli Muda — daftar s.d. 10 Desember 2026"]
    c.press("Penera Ahli Muda — daftar s.d. 10 Desember 2026")
    c.send("tidak")
    assert c.effects == []
    assert c.texts[0] == "Jadwal tidak dihapus."


@pytest.mark.parametrize("action", ["Ubah jadwal", "Hapus jadwal"])
def test_no_schedules_returns_to_the_actions(action: str) -> None:
    c = start(FakeUser(published=[]))
    c.press(action)
    assert c.texts[0] == NO_SCHEDULES
    assert q(c).endswith("Apa yang ingin Anda lakukan?")
    assert c.state.step == "aksi"
    assert c.effects == []
    c.press("Statistik")
    assert c.texts[0].startswith("Statistik")


# --- broadcast -------------------------------------------------------------------------------


def test_broadcast_to_everyone() -> None:
    user = FakeUser(audience={(None, None): 1234})
    c = start(user)
    c.press("Kirim siaran")
    assert q(c) == "Siaran untuk JF apa?"
    assert c.options == [*JF_LABELS.values(), "Semua JF"]
    c.press("Semua JF")
    assert c.options == [*JENJANG_LABELS.values(), "Semua jenjang"]
    c.press("Semua jenjang")
    assert q(c) == "Teks siaran?"
    c.send("  Layanan akan libur pada 25 Desember 2026.  ")
    assert c.texts == [
        "Pratinjau siaran:\n\nLayanan akan libur pada 25 Desember 2026.\n\n"
        "Sasaran: semua JF, semua jenjang. Siaran ini akan dikirim ke 1.234 pengguna.",
        "Kirim siaran ini sekarang?"]
    assert c.effects == []
    c.press("Ya")
    assert c.effects == [StartBroadcast("Layanan akan libur pada 25 Desember 2026.", None, None)]
    assert c.texts[0] == ("Siaran dimulai. Anda akan menerima laporan kemajuan dan jumlah akhir "
                          "(terkirim, gagal).")


def test_broadcast_to_one_jf_and_jenjang() -> None:
    user = FakeUser(audience={("penera", "ahli_madya"): 12})
    c = start(user)
    c.press("Kirim siaran")
    c.press("Penera")
    c.press("Ahli Madya")
    c.send("Rapat koordinasi penera.")
    assert "Sasaran: Penera, Ahli Madya. Siaran ini akan dikirim ke 12 pengguna." in c.texts[0]
    c.press("Ya")
    assert c.effects == [StartBroadcast("Rapat koordinasi penera.", "penera", "ahli_madya")]


def test_broadcast_refuses_empty_and_too_long_text() -> None:
    c = start()
    c.press("Kirim siaran")
    c.press("Pengamat Tera")
    c.press("Semua jenjang")
    c.send("   ")
    assert c.texts == ["Ketik teks siaran; teks tidak boleh kosong.", "Teks siaran?"]
    c.send("a" * 1001)
    assert c.texts == ["Teks siaran terlalu panjang (1.001 karakter); paling banyak 1.000 "
                       "karakter.", "Teks siaran?"]
    assert c.state.step == "siaran:teks"
    c.send("a" * 1000)
    assert "Siaran ini akan dikirim ke 0 pengguna." in c.texts[0]
    c.press("Tidak")
    assert c.effects == []
    assert c.texts[0] == "Siaran tidak dikirim."


def test_back_from_the_confirmation_shows_a_new_preview() -> None:
    c = start(FakeUser(audience={(None, None): 5}))
    c.press("Kirim siaran")
    c.press("Semua JF")
    c.press("Semua jenjang")
    c.send("Teks pertama.")
    c.send("/kembali")
    assert c.state.step == "siaran:teks"
    c.send("Teks kedua.")
    assert "Teks kedua." in c.texts[0]
    c.press("Ya")
    assert c.effects == [StartBroadcast("Teks kedua.", None, None)]


# --- statistics ------------------------------------------------------------------------------


def test_statistics() -> None:
    stats = Stats(
        users_by_channel={"telegram": 1234, "whatsapp": 56},
        users_by_jf={"penera": 2000, "analis_perdagangan": 7, "": 15},
        deliveries={"pending": 10500, "sent": 3, "failed": 1, "cancelled": 2, "claimed": 4},
        broadcasts=(
            BroadcastProgress(3, 2000, 1000, 20, 980,
                              dt.datetime(2026, 11, 20, 7, 5, tzinfo=dt.UTC)),
            BroadcastProgress(4, 10, 10, 0, 0, dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.UTC)),
        ),
    )
    c = start(FakeUser(stats=stats))
    c.press("Statistik")
    lines = c.texts[0].split("\n")
    for line in ["• Telegram: 1.234", "• WhatsApp: 56", "• Konsol: 0", "• Penera: 2.000",
                 "• Analis Perdagangan: 7", "• Pengawas Perdagangan: 0",
                 "• Belum mengisi profil: 15", "• Menunggu: 10.500", "• Terkirim: 3",
                 "• Gagal: 1", "• Dibatalkan: 2", "• Sedang dikirim: 4"]:
        assert line in lines, line
    broadcasts = [x for x in lines if x.startswith("• Siaran #")]
    assert broadcasts == [
        "• Siaran #4 (21 November 2026 pukul 08.00 WIB): 10 penerima; terkirim 10, gagal 0, "
        "menunggu 0 (selesai 100%).",
        "• Siaran #3 (20 November 2026 pukul 14.05 WIB): 2.000 penerima; terkirim 1.000, "
        "gagal 20, menunggu 980 (selesai 51%).",
    ]
    assert c.options == ["Aksi admin lainnya", "Menu utama"]


def test_statistics_in_the_admins_zone_and_without_broadcasts() -> None:
    stats = Stats(broadcasts=(BroadcastProgress(1, 0, 0, 0, 0,
                                                dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC)),))
    c = start(FakeUser(stats=stats, own_profile=Profile(zone="WIT")))
    c.press("Statistik")
    assert "• Siaran #1 (21 November 2026 pukul 08.30 WIT)" in c.texts[0]
    c2 = start(FakeUser())
    c2.press("Statistik")
    assert "• Belum ada siaran." in c2.texts[0].split("\n")


def test_non_admin_cannot_start_the_flow_by_command() -> None:
    c = Chat(Services(registry=Registry([FLOW]), user=FakeUser(admin=False)), clock=FakeClock(NOW))
    c.send("/admin")
    assert c.state.flow is None
    assert "Apa yang ingin Anda lakukan?" not in c.texts
    admin = Chat(Services(registry=Registry([FLOW]), user=FakeUser()), clock=FakeClock(NOW))
    admin.send("/admin")
    assert admin.state.flow == "admin" and q(admin) == "Apa yang ingin Anda lakukan?"
