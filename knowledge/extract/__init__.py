"""Extractors: each module turns one source document (or part of one) into data files."""
