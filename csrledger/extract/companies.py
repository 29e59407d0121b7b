"""Placeholder until the companies extractor lands."""
from __future__ import annotations


def extract_companies(view):
    return []
