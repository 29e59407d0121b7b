"""Extractors: one module per kind of mention, each a function of a TextView."""
