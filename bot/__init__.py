"""The I/O layer: CLI, settings, console, chat-channel adapters and the reminder clock."""
