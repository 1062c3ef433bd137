"""The maintained synonym and abbreviation table of the search (see docs/search.md).

Each group lists phrases that mean the same thing to a user of this assistant. When a query
contains one member (matched on stems, so inflections count), every other member is searched
too, at a lower weight than the user's own words. Add a group (or a member) when the dev set or
a user's question shows a gap; keep members lowercase, words separated by single spaces.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # Abbreviations of the regulation and the profession.
    ("ak", "angka kredit"),
    ("jf", "jabatan fungsional", "jabfung"),
    ("asn", "aparatur sipil negara", "pns", "pegawai negeri sipil", "pegawai negeri"),
    ("pppk", "pegawai pemerintah dengan perjanjian kerja"),
    ("uttp", "alat ukur takar timbang dan perlengkapannya", "alat ukur", "timbangan",
     "meteran"),
    ("bdkt", "barang dalam keadaan terbungkus", "barang kemasan", "kemasan"),
    ("pbk", "perdagangan berjangka komoditi", "berjangka"),
    ("srg", "sistem resi gudang", "resi gudang"),
    ("plk", "pasar lelang komoditas", "pasar lelang"),
    ("skp", "sasaran kinerja pegawai", "penilaian kinerja", "evaluasi kinerja"),
    ("ukom", "uji kompetensi", "ujian kompetensi", "ujikom"),
    ("k3", "keselamatan dan kesehatan kerja"),
    ("skr", "standar kemampuan rata rata", "standar kemampuan"),
    ("kkn", "korupsi kolusi dan nepotisme", "korupsi", "kolusi", "nepotisme"),
    ("lhkpn", "laporan harta kekayaan penyelenggara negara", "harta kekayaan"),
    ("ppns", "penyidik pegawai negeri sipil", "penyidik"),
    ("cv", "drh", "daftar riwayat hidup", "riwayat hidup", "curriculum vitae"),
    ("penetapan angka kredit", "penetapan ak"),
    ("tmt", "terhitung mulai tanggal"),
    ("diklat", "pendidikan dan pelatihan", "pelatihan", "bimtek", "pengembangan kompetensi"),
    # Integrity: gifts and bribes.
    ("gratifikasi", "hadiah", "suap", "imbalan", "parsel", "bingkisan", "uang terima kasih",
     "cendera mata", "souvenir", "uang pelicin", "pungutan liar", "pungli"),
    ("konflik kepentingan", "benturan kepentingan", "conflict of interest"),
    # Neutrality and elections.
    ("pemilu", "pemilihan umum", "netralitas", "netral", "kampanye", "pilkada", "pilpres",
     "partai", "partai politik", "caleg", "calon legislatif", "capres", "paslon",
     "calon kepala daerah", "politik praktis", "politik"),
    ("medsos", "media sosial", "sosmed", "instagram", "facebook", "twitter", "tiktok",
     "whatsapp", "postingan", "unggahan", "like", "komentar"),
    # Regulation topics.
    ("naik pangkat", "kenaikan pangkat", "pangkat"),
    ("naik jenjang", "kenaikan jenjang", "kenaikan jabatan"),
    ("formasi", "kebutuhan jabatan", "perhitungan kebutuhan", "bezetting", "kebutuhan"),
    ("tupoksi", "tugas", "tugas pokok", "uraian tugas", "butir kegiatan", "kegiatan",
     "ruang lingkup"),
    ("hasil kerja", "output", "keluaran"),
    ("rekomendasi", "surat rekomendasi", "hasil uji kompetensi"),
    ("masa berlaku", "berlaku", "kedaluwarsa", "kadaluarsa", "expired", "jangka waktu"),
    ("sanksi", "hukuman", "hukuman disiplin", "hukdis"),
    ("kode etik", "kode perilaku", "etika", "etik"),
    ("organisasi profesi", "asosiasi", "ikatan profesi"),
    ("jam kerja", "jam kerja efektif", "hari kerja efektif", "waktu kerja efektif"),
    ("predikat", "predikat kinerja", "nilai kinerja", "rating"),
    ("koefisien", "ak tahunan", "angka kredit tahunan"),
    ("tera", "tera ulang", "peneraan"),
    ("negosiasi", "perundingan", "diplomasi"),
    ("pengaduan", "laporan", "komplain", "keluhan", "whistleblowing"),
    ("rahasia", "kerahasiaan", "informasi rahasia", "bocor", "membocorkan"),
    ("pelayanan", "layanan", "melayani", "pelayanan publik"),
    ("jelaskan", "penjelasan", "memberikan informasi", "menyampaikan informasi"),
    ("kasar", "tidak sopan"),
    ("dilarang", "larangan", "tidak boleh", "boleh", "diperbolehkan", "dibolehkan", "pantang"),
    ("wajib", "kewajiban", "harus", "diharuskan"),
    ("berakhlak", "nilai dasar", "core values", "nilai inti"),
)
