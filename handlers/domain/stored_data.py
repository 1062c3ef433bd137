"""What /hapus_data names: one line per stored table, read from the same discovery that erases.

``storage.repo.count_user_rows`` counts, per table, exactly the rows ``storage.repo.erase_user``
deletes; these templates only say them in Indonesian. A table with no template here is still
listed (as "data lain") and erased; ``tests/integration/test_erase_everything.py`` fails until it
gets one.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge import fmt

# Table name -> what the user reads ({n}: the number of rows). In this order on screen.
STORED_DATA: Mapping[str, str] = {
    "profile": "profil jabatan (termasuk data formulir yang diingat)",
    "reminder": "{n} pengingat",
    "reminder_delivery": "{n} jadwal kirim pengingat",
    "conversation_state": "percakapan yang sedang berjalan beserta jawabannya",
    "tanya_question": "{n} pertanyaan yang tersimpan (penilaian 👍/👎 dan pertanyaan ke admin)",
    "processed_update": "{n} catatan pesan yang diterima (tanpa isi pesan)",
    "whatsapp_consent": "izin dan penolakan pengingat WhatsApp Anda",
    "whatsapp_message": "{n} catatan status pesan WhatsApp (tanpa isi pesan)",
    "whatsapp_template_recipient": "catatan kuota pesan templat WhatsApp",
    "chat_user": "akun Anda di asisten ini",
}
OTHER = "{n} data lain ({table})"


def stored_lines(counts: Mapping[str, int]) -> list[str]:
    """Return one line per table with rows, known tables in ``STORED_DATA`` order first."""
    order = [t for t in STORED_DATA if counts.get(t)]
    order += sorted(t for t in counts if t not in STORED_DATA and counts[t])
    return [STORED_DATA.get(t, OTHER).format(n=fmt.number(counts[t]), table=t) for t in order]
