"""One reader for everyday Indonesian replies, used by every step type of the engine.

Pure (no I/O). ``yes_no`` reads ya/iya/oke … and tidak/gak/nggak …; ``options`` picks an
option by number, name, abbreviation ("sgt baik", "sdg") or small typo and refuses a tie;
``when`` reads dates and times ("tgl 31/12 jam 16.30", "nanti malam", "akhir bulan") and a
reminder line that mixes them with its text; ``words`` and ``abbreviations`` are the shared
normalisation and its data. Numbers stay with ``knowledge.typed_numbers``. A reply that reads
two ways raises ``errors.Ambiguous`` (the engine asks once which was meant), an unreadable one
``errors.Invalid`` (one sentence; the same question again). See docs/replies.md.
"""
