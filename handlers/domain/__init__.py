"""Domain records, the read port and the write effects shared by handlers, storage and bot."""
