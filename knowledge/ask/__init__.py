"""Answers to free questions: the verdict, the rule quoted, its source — or an honest abstention.

The contract between the answering logic (``knowledge.ask.answer``) and its users (the Tanya
conversation, ``python -m bot ask``) is ``knowledge.ask.model.Answer``.
"""
