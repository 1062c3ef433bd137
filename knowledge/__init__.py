"""Pure core: source documents, the structured data extracted from them, calculators and search.

Nothing in this package touches the network, a database session, a scheduler or a chat channel.
"""
