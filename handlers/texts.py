"""Every fixed Indonesian string of the engine and the step types, in one place."""

from __future__ import annotations

# --- welcome, menu, help --------------------------------------------------------------------
WELCOME = (
    "Selamat datang di Asisten JF Perdagangan. Saya membantu menghitung tingkat kesulitan, "
    "kebutuhan JF, angka kredit dan nilai uji kompetensi, serta menjawab pertanyaan tentang "
    "aturan dan kode etik (Permendag Nomor 4 Tahun 2025)."
)
MENU_QUESTION = "Menu utama — silakan pilih:"
MENU_TANYA = "Tanya aturan & kode etik"
MENU_TANYA_SHORT = "Tanya aturan"
MENU_HELP = "Bantuan"
HELP_GENERAL = (
    "Pilih menu atau ketik pertanyaan Anda langsung, misalnya \"penera boleh menerima "
    "hadiah?\". Perintah: menu, batal (keluar dari perhitungan), kembali (ulangi langkah "
    "sebelumnya), bantuan, profil (data jabatan Anda untuk pengingat), pengingat (daftar "
    "pengingat), hapus_data (hapus data Anda)."
)
HELP_IN_FLOW = (
    "Ketik \"kembali\" untuk mengubah jawaban sebelumnya, \"batal\" untuk keluar, "
    "\"menu\" untuk menu utama."
)

# --- navigation and commands ----------------------------------------------------------------
PROGRESS = "Langkah {i} dari {n}"
PROGRESS_OPEN = "Langkah {i}"  # the total is not known yet (docs/engine.md, "Progress")
PREVIOUS_ANSWER = "Jawaban sebelumnya: {value}."
FIRST_STEP = "Ini sudah langkah pertama."
NOTHING_TO_GO_BACK = "Tidak ada langkah sebelumnya."
CANCELLED = "Baik, {title} dibatalkan."
NOTHING_TO_CANCEL = "Tidak ada perhitungan yang sedang berjalan."
STALE_BUTTON = "Tombol itu sudah tidak berlaku."
NOT_TEXT = ("Maaf, saya hanya dapat membaca pesan teks dan pilihan tombol. Silakan ketik "
            "jawaban Anda.")
ERASE_QUESTION = (
    "Hapus semua data Anda? Tindakan ini tidak dapat dibatalkan."
)
ERASE_QUESTION_LIST = (
    "Hapus semua data Anda? Yang akan dihapus:\n{items}\nTindakan ini tidak dapat dibatalkan."
)
ERASE_DONE = "Data Anda sudah dihapus. Terima kasih; ketik \"menu\" kapan saja untuk mulai lagi."
ERASE_DONE_LIST = (
    "Data Anda sudah dihapus:\n{items}\nTerima kasih; ketik \"menu\" kapan saja untuk mulai "
    "lagi."
)
ERASE_KEPT = "Baik, data Anda tidak dihapus."
ERASE_CONFIRM = "Ya, hapus"
ERASE_CANCEL = "Tidak"
APOLOGY = "Maaf, terjadi kesalahan di pihak kami (kode {id}). Silakan coba lagi."

# --- idle resume ------------------------------------------------------------------------------
RESUME_QUESTION = (
    "Anda sempat berhenti di tengah {title}. Lanjutkan dari langkah terakhir atau mulai dari "
    "awal?"
)
RESUME_CONTINUE = "Lanjutkan"
RESUME_RESTART = "Mulai dari awal"
RESUME_EXPECTED = "Pilih \"Lanjutkan\" atau \"Mulai dari awal\"."

# --- end of a flow ----------------------------------------------------------------------------
END_QUESTION = "Ada lagi yang bisa saya bantu?"
END_AGAIN = "Hitung lagi"
END_MENU = "Menu utama"

# --- step types -------------------------------------------------------------------------------
PAGE_PREV = "« Sebelumnya"
PAGE_NEXT = "Berikutnya »"
PAGE_INFO = "Halaman {page} dari {pages}."
SKIP = "Lewati"
SKIP_WORDS = frozenset({"lewati", "lewat", "skip", "-", "tidak ada", "kosong"})
SKIPPED = "(dilewati)"
YES = "Ya"
NO = "Tidak"
YES_WORDS = frozenset({"ya", "y", "iya", "yes", "ok", "oke", "betul", "benar", "ya, hapus"})
NO_WORDS = frozenset({"tidak", "t", "tdk", "gak", "nggak", "enggak", "no", "bukan", "jangan"})
YES_NO_EXPECTED = "Jawab \"Ya\" atau \"Tidak\"."
CHOICE_EXPECTED = "Pilih salah satu pilihan di bawah (ketik nomornya atau namanya)."
NUMBER = "angka"
WHOLE_NUMBER = "bilangan bulat"
NUMBER_RANGE = "Ketik {kind} dari {low} sampai {high}."
NUMBER_MIN = "Ketik {kind} paling kecil {low}."
NUMBER_MAX = "Ketik {kind} paling besar {high}."
NUMBER_ANY = "Ketik {kind}, misalnya 12,5."
# A number understood from a question and used, said back ("Nilai CAT (…): 72,5").
GIVEN_USED = "Dari pertanyaan Anda — {label}: {value}."
# A number understood from a question that the step does not accept ("cat sy 150").
GIVEN_UNUSED = ("Angka {value} dari pertanyaan Anda di luar batas langkah ini, jadi saya "
                "tanyakan lagi.")
NUMBER_HINT = "Ketik angka, misalnya 1.500 atau 12,5 (titik ribuan, koma desimal)."
NUMBER_INEXACT = "Angka itu tidak dapat ditulis tepat dalam {unit}; ketik langsung dalam {unit}."
CLARIFY = "Maksud Anda {options}?"
READ_BACK = "Dicatat: {value}."
DATE_EXPECTED = "Ketik tanggal, misalnya 1 April 2027 atau 1/4/2027."
DATE_NOT_AFTER_TODAY = "Tanggal tidak boleh setelah hari ini ({today})."
DATE_HINT = "Contoh: 1 April 2027 atau 1/4/2027."
OPTIONAL_HINT = "Ketik \"lewati\" bila tidak ada."
TEXT_EXPECTED = "Ketik jawaban Anda."
TEXT_TOO_LONG = "Jawaban terlalu panjang; paling banyak {n} karakter."

# --- multi-select -----------------------------------------------------------------------------
MULTI_DONE = "Selesai memilih ({n} dipilih)"
MULTI_DONE_SHORT = "Selesai memilih"
MULTI_DONE_WORDS = frozenset({"selesai", "selesai memilih", "sudah", "cukup", "done"})
MULTI_ALL = "Tampilkan semua"
MULTI_ADDED = "Ditambahkan: {label}."
MULTI_REMOVED = "Dihapus: {label}."
MULTI_FILTERED = "Ada {n} pilihan yang memuat \"{text}\"; pilih dari daftar di bawah."
MULTI_NO_MATCH = "Tidak ada pilihan yang memuat \"{text}\"; ketik sebagian nama yang lain."
MULTI_MIN = "Pilih paling sedikit {n} pilihan, lalu \"Selesai memilih\"."
MULTI_PICKED = "Sudah dipilih: {labels}."
MULTI_HINT = (
    "Pilih satu per satu (ketik nomor atau sebagian nama), lalu pilih \"Selesai memilih\"."
)
MULTI_MARK = "✓ "

# --- compute errors ---------------------------------------------------------------------------
COMPUTE_BACK = "Ketik \"kembali\" untuk mengubah jawaban sebelumnya."

# --- Tanya (questions about the rules and the codes of ethics) ------------------------------
TANYA_ASK = "Silakan tulis pertanyaan Anda tentang aturan JF atau kode etik."
TANYA_ASK_HINT = "Contoh: penera boleh menerima hadiah?"
TANYA_HELP = (
    "Tulis pertanyaan dengan kata-kata Anda sendiri; saya jawab singkat dengan aturan yang "
    "berlaku dan sumbernya. Tekan 👍 atau 👎 untuk menilai jawaban; pertanyaan yang tidak "
    "terjawab dapat diteruskan ke admin."
)
TANYA_MORE = "Lihat lainnya"
TANYA_NEW = "Pertanyaan baru"
TANYA_MENU = "Menu"
TANYA_NO_MORE = "Tidak ada hasil lain untuk pertanyaan ini."

# --- flows only some users may start -------------------------------------------------------
FLOW_NOT_VISIBLE = "Maaf, menu ini khusus admin."
ACCESS_REVOKED = "Maaf, akses admin Anda sudah tidak berlaku; silakan kembali ke menu utama."

# --- reminder buttons (work in any state; the current question follows) ---------------------
REMINDER_GONE = "Pengingat ini sudah tidak berlaku."
REMINDER_DONE = "Baik, pengingat ini saya tandai selesai."
REMINDER_SNOOZED_DAY = "Baik, saya ingatkan lagi besok, {when}."
REMINDER_SNOOZED_WEEK = "Baik, saya ingatkan lagi minggu depan, {when}."
REMINDER_STOPPED_KIND = "Baik, pengingat jenis \"{kind}\" tidak akan dikirim lagi."
