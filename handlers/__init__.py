"""Conversation flows declared as data, and a pure engine that advances a user's state.

No channel library, scheduler or database session is imported here (a test checks it): the
adapters in ``bot/`` turn platform updates into ``handlers.events`` and render
``handlers.prompts`` for their channel.
"""
