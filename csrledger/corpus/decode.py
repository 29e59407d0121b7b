"""Bytes -> text: UTF-8 (with or without BOM), else cp1251 when it reads as Cyrillic.

Older Kazakh and Russian sites and Windows editors still save cp1251; any
byte string decodes in cp1251, so the fallback is accepted only when the
result is mostly Cyrillic letters with no control characters.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""What a JSON escape like "\\ud800" leaves in a str: not Unicode text, so no UTF-8 file or database holds it."""
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MIN_CYRILLIC_SHARE = 0.5


class DecodeError(ValueError):
    """The bytes are binary or in an encoding we do not accept."""


def is_binary(data: bytes) -> bool:
    """NUL bytes never occur in text files in UTF-8 or cp1251."""
    return b"\x00" in data


def decode(data: bytes) -> str:
    """Decode a file's or a line's bytes; raise DecodeError with the reason."""
    if is_binary(data):
        raise DecodeError("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _cp1251(data)
        if text is None:
            raise DecodeError(f"undecodable: not UTF-8 ({exc.reason} at byte {exc.start}) "
                              "and not Cyrillic cp1251") from None
        return text


def _cp1251(data: bytes) -> str | None:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters or len(_CYRILLIC.findall(text)) / letters < _MIN_CYRILLIC_SHARE:
        return None
    return text


def replace_surrogates(text: str) -> str:
    """Lone surrogates replaced by U+FFFD, one code point for one, so offsets into the text stay."""
    return LONE_SURROGATE.sub("\ufffd", text)
