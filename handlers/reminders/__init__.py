"""Reminders on the pure side: the profile, planning, date parsing, texts and calendar export.

``model`` is the contract between the flows, the runtime (``bot/``) and storage: value
objects, the read port ``UserData`` and the effects the engine asks the runtime to perform.
"""
