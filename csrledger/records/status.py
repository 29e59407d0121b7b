"""Status of an action from tense and modality: completed, ongoing or planned.

Cue words (``data/status.toml``: "намерена", "will", "жоспарлануда", "is
being built", "продолжает") decide first; then the tense of the action word
itself (Russian future or present through pymorphy3, Kazakh endings, English
past forms); the default is completed, as news mostly reports what was done.
"""
from __future__ import annotations

from functools import lru_cache

from csrledger.records.lexicon import Lexicon, load_table
from csrledger.records.triggers import Trigger
from csrledger.text.morph import ru_parse
from csrledger.text.words import Word

COMPLETED, ONGOING, PLANNED = "completed", "ongoing", "planned"
PROMISE = "promise"   # the cue label of a promise's setting
# Actions whose present tense tells them done at the moment of speaking ("we open the school today").
PERFORMATIVE = ("open",)


@lru_cache(maxsize=1)
def _cues() -> Lexicon:
    return Lexicon.from_table("status")


@lru_cache(maxsize=1)
def _kk_stems() -> tuple[str, ...]:
    """The stems of the Kazakh one-word actions ("сал*" -> "сал"), longest first."""
    table = load_table("triggers")["kk"]
    stems = {p[:-1] for patterns in table.values() for p in patterns if p.endswith("*") and " " not in p}
    return tuple(sorted(stems, key=len, reverse=True))


def _kk_after_stem(word: Word) -> str | None:
    """The tense the ending right after an action's stem says ("салынады": planned), if it says one."""
    stem = next((s for s in _kk_stems() if word.fold.startswith(s)), None)
    if stem is None:
        return None
    rest = word.fold[len(stem):]
    table = load_table("status")["kk_after_stem"]
    return PLANNED if rest in table["planned"] else COMPLETED if rest in table["completed"] else None


def _verb_status(word: Word, lang: str) -> str | None:
    """Tense of a verb: pymorphy3 for Russian, verb endings for Kazakh; None if not a finite verb."""
    if lang == "ru":
        tag = ru_parse(word.fold).tag
        if "VERB" not in tag:
            return None
        if "futr" in tag:
            return PLANNED
        return ONGOING if "pres" in tag else COMPLETED
    if lang == "en":
        past = load_table("status")["en_past"]
        done = word.fold in past["words"] or word.fold.endswith(tuple(past["endings"]))
        return COMPLETED if done else None
    if lang == "kk":
        endings = load_table("status")["kk_endings"]
        if any(word.fold.endswith(e) for e in endings["ongoing"]):
            return ONGOING
        if any(word.fold.endswith(e) for e in endings["planned"]):
            return PLANNED
        if any(word.fold.endswith(e) for e in endings["completed"]):
            return COMPLETED
        return _kk_after_stem(word)
    return None


def _told_done(word: Word, lang: str) -> bool:
    """A past verb or past short participle ("построили", "построена", "transferred", "салды")."""
    if lang != "ru":
        return _verb_status(word, lang) == COMPLETED
    tag = ru_parse(word.fold).tag
    return "past" in tag and ("VERB" in tag or "PRTS" in tag)


def cue_labels(words: list[Word]) -> frozenset[str]:
    """The status cues the words hold (read once a sentence: every action of it reads them)."""
    return frozenset(_cues().labels_in(words))


def cue_status(words: list[Word]) -> str | None:
    """Planned or ongoing if the words say so (a promise's setting included), else None."""
    labels = cue_labels(words)
    if PLANNED in labels or PROMISE in labels:
        return PLANNED
    if ONGOING in labels:
        return ONGOING
    return None


def action_status(words: list[Word], trigger: Trigger | None, lang: str, labels: frozenset[str]) -> str | None:
    """The status a sentence in ``lang`` gives its action, or None when it says nothing
    (``labels``: the sentence's :func:`cue_labels`).

    A nominal action ("ремонт", "құрылысы") takes the tense of the sentence's
    verb: the first finite one in Russian, the last word in Kazakh (verb-final).
    The setting of a promise ("в рамках меморандума") makes it planned unless
    the action is told as done."""
    found = PLANNED if PLANNED in labels else ONGOING if ONGOING in labels else None
    if found or trigger is None:
        return found or (PLANNED if PROMISE in labels else None)
    own = _verb_status(words[trigger.last], lang)
    if own is None and lang == "en":   # "handed over": the English verb comes first
        own = _verb_status(words[trigger.first], lang)
    if PROMISE in labels and not _told_done(words[trigger.last], lang):
        return PLANNED      # the action itself is not told as done: "подписали меморандум о строительстве"
    if own == ONGOING and trigger.kind in PERFORMATIVE:
        return COMPLETED    # "Сегодня мы открываем школу", "вручаем ключи": done as it is said
    if own or lang not in ("ru", "kk"):
        return own
    verbs = words[-1:] if lang == "kk" else words
    return next((st for st in (_verb_status(w, lang) for w in verbs) if st), None)
