"""Placeholder until the records assembler lands."""
from __future__ import annotations


def assemble_records(view, analysis):
    return []
