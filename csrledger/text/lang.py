"""Language identification for Russian, English and Kazakh.

py3langid, restricted to the three languages, decides between Russian and
English; Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) settle Kazakh, since
py3langid confuses Kazakh written in Cyrillic with Russian on short text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from csrledger.text.normalize import KAZAKH_LETTERS

if TYPE_CHECKING:   # py3langid ships no type information: to mypy this stands for Any
    from py3langid.langid import LanguageIdentifier

LANGUAGES = ("ru", "en", "kk")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_FEW_LINES = 400   # characters
_KAZAKH_LETTER = re.compile(f"[{''.join(sorted(KAZAKH_LETTERS))}]")
_KAZAKH_WORDS = re.compile(r"\b(және|мен|бен|пен|үшін|деп|бойынша|жылы|облысы|ауданы|арқылы|бұл|осы)\b", re.I)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect(text: str, document: str | None = None) -> str:
    """Return "ru", "en" or "kk" for a text (a sentence or a whole document).

    ``document`` is the language of the document a sentence comes from: a sentence mostly in the
    document's script, without a Kazakh cue, is in the document's language without asking the
    statistical model (Russian for mostly Cyrillic, English for mostly Latin); so is a text of a few
    lines mostly in Cyrillic without a Kazakh cue (Kazakh prose has its letters every line).
    """
    sample = text[:4000]
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    if cyr > lat:
        kazakh_letters = len(_KAZAKH_LETTER.findall(sample))
        if kazakh_letters / cyr > 0.015 or len(_KAZAKH_WORDS.findall(sample)) >= 2:
            return "kk"
        if document == "ru" or len(sample) >= _FEW_LINES:
            return "ru"
    elif (cyr == 0 and lat) or document == "en":
        return "en"
    lang: str
    lang, _ = _identifier().classify(sample)
    return lang
