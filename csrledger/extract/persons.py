"""People's names with their roles, in Russian, English and Kazakh.

A run of capitalised words (or initials and a surname) is a name when its
words look like one: a family-name ending in any of the three scripts
(-ов, -ева, -ұлы, -uly, -bek ...), a known given name (our table, or
pymorphy3's Name/Surn/Patr grammemes for Russian), initials ("А. Машкевич",
"A.Temirov"), or a role right before it ("Chairman of the Board of X,
Li Wenhao").  Names come out in the nominative: Russian case endings are
undone with the family-name pattern and pymorphy3, Kazakh ones (only the
last word takes them) are stripped.  Once a full name is known, a bare
surname, initials or "Mr. X" elsewhere in the document refer to it.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz, process

from csrledger.extract.companies import excluded_name, phrase_pattern
from csrledger.extract.places import names_a_place
from csrledger.model import Company, Person, Place, TextView
from csrledger.text.morph import KK_ENDINGS, ru_is_known, ru_parse, ru_parses
from csrledger.text.normalize import KAZAKH_LETTERS
from csrledger.text.spans import SpanIndex

if TYPE_CHECKING:   # pymorphy3 ships no type information: to mypy this stands for Any
    from pymorphy3.analyzer import Parse

DATA = Path(__file__).resolve().parent / "data"
LANGS = ("ru", "en", "kk")

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "a-zа-яёәғқңөұүһі"
# Tokens: initials "А." (dot kept), capitalised words, any other word, punctuation (marks only spaces
# apart are one token: any of them ends a run of names, and a line of 2.6 million quote marks is one token).
_TOKEN = re.compile(rf"[{_UP}]\.|[^\W\d_]+(?:[-'’][^\W\d_]+)*|[^\w\s](?:\s*[^\w\s])*")
_TITLE = re.compile(rf"[{_UP}][{_LOW}]*[{_LOW}][{_LOW}{_UP}]*(?:-[{_UP}]?[{_LOW}]+)*(?:['’]s)?$")
_POSSESSIVE = re.compile(r"['’]s$")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.I)
_NOT_NAME_POS = frozenset({"PREP", "CONJ", "PRCL", "ADVB", "GRND", "VERB", "INFN", "NPRO", "PRED", "INTJ",
                           "ADJS", "PRTF", "PRTS", "NUMR", "COMP"})
_NAME_TAGS = ("Name", "Surn", "Patr")
_RU_PATRONYMIC = ("ович", "евич", "овна", "евна", "ична", "ovich", "evich", "ovna", "evna")
_BAD_GAP = re.compile(r"[,.!?]\s*[\"”»]|[\"”»]\s*[,.]|[—–:;]| - |\.\s")
_COMMA_SPACE = re.compile(r",?\s+")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "г-н", "г-жа", "господин", "госпожа"})


@dataclass(frozen=True)
class _Tables:
    roles: re.Pattern[str]
    speech: re.Pattern[str]
    role_articles: re.Pattern[str]
    given: frozenset[str]
    surname_endings: tuple[str, ...]
    patronymic_endings: tuple[str, ...]
    patronymic_cases: tuple[str, ...]
    after_possessive: frozenset[str]
    not_names: frozenset[str]


def _alternation(patterns: list[str]) -> str:
    alternatives = sorted(set(patterns), key=lambda p: (-len(p), p))   # longest first, then fixed: seed-proof
    # each phrase opens with a letter: the lookahead first lets the engine skip to letters
    return rf"(?i)(?=[^\W\d_])(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])"


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    with open(DATA / "persons.toml", "rb") as fh:
        table = tomllib.load(fh)
    roles = [phrase_pattern(r.rstrip(".")) for lang in LANGS for r in table[lang]["roles"]]
    given = {n for lang in LANGS for n in table[lang]["given_names"]} | set(table["names"]["given"])
    names = table["names"]
    return _Tables(
        roles=re.compile(_alternation(roles)),
        speech=re.compile(_alternation([phrase_pattern(v) for lang in LANGS for v in table[lang]["speech"]])),
        role_articles=re.compile(_alternation([re.escape(a) for lang in LANGS for a in table[lang]["role_articles"]])
                                 + r"\s+"),
        given=frozenset(given),
        surname_endings=tuple(sorted(names["surname_endings"], key=len, reverse=True)),
        patronymic_endings=tuple(names["patronymic_endings"]),
        patronymic_cases=tuple(names["patronymic_cases"]),
        after_possessive=frozenset(names["after_possessive"]),
        not_names=frozenset(names["not_names"]),
    )


class _Tok(NamedTuple):
    """A word or an initial of a sentence (a tuple: a sentence makes dozens)."""

    text: str
    start: int
    end: int

    @property
    def initial(self) -> bool:
        return len(self.text) == 2 and self.text[1] == "."


# --- what a name word looks like ----------------------------------------------

_RU_SURNAME = re.compile(r"^(?P<base>.+?(?:ов|ев|ёв|ин|ын))(?P<end>|а|у|ым|ом|е|ой|ою)$")


def _kazakh(word: str) -> bool:
    return any(ch in KAZAKH_LETTERS for ch in word)


def _kk_base(word: str, t: _Tables) -> str:
    """A Kazakh surname or patronymic without its case ending (Сейітовтың -> Сейітов)."""
    low = word.lower()
    for cut in range(max(3, len(low) - 7), len(low)):
        stem, rest = low[:cut], low[cut:]
        if rest in KK_ENDINGS and stem.endswith(t.surname_endings):
            return word[:cut]
        if rest in t.after_possessive and stem.endswith(("ұлы", "қызы", "улы", "кызы")):
            return word[:cut]
    return word


def _has_surname_shape(word: str, t: _Tables) -> bool:
    low = word.lower()
    if low.endswith(t.surname_endings) or _kk_base(word, t) != word:
        return True
    return bool(_CYRILLIC.search(word)) and bool(_RU_SURNAME.match(low))


@lru_cache(maxsize=100_000)
def _ru_name_parse(word: str) -> Parse | None:
    """pymorphy3's best parse that is a first name, surname or patronymic, if any."""
    parses = [p for p in ru_parses(word.lower()) if any(g in p.tag for g in _NAME_TAGS)]
    return parses[0] if parses else None


def _is_given(word: str, t: _Tables) -> bool:
    if word in t.given:
        return True
    if _CYRILLIC.search(word) and not _kazakh(word):
        p = _ru_name_parse(word)
        return p is not None and "Name" in p.tag and p.score >= 0.2
    return False


def _plain_word(word: str, t: _Tables) -> bool:
    """A Russian dictionary word that is not a name (Подводя, Новому, Роща, Товарищество)."""
    if not _CYRILLIC.search(word) or _kazakh(word) or word in t.given or _has_surname_shape(word, t):
        return False
    low = word.lower()
    if _ru_name_parse(word) is not None or not ru_is_known(low):
        return False    # a word pymorphy3 only guesses ("Абыз" as a verb) is no dictionary word
    top = ru_parse(low)
    return top.tag.POS in _NOT_NAME_POS or "Geox" in top.tag or top.tag.POS == "ADJF"


# --- candidates -----------------------------------------------------------------

def _titled_bylines(tokens: list[_Tok], t: _Tables) -> list[_Tok]:
    """A byline "Марина ЕСЕНОВА", "Гүлнар ӘБДІРАХМАН": a given name, then the surname in capitals
    (with a surname's ending, or closing the line) — read as "Марина Есенова".  A capitalised
    word of no dictionary before a capital surname with a surname's ending is a given name too
    (the given-name tables cannot list them all)."""
    out = list(tokens)
    for i in range(1, len(tokens)):
        word, prev = tokens[i].text, tokens[i - 1]
        if not (len(word) >= 3 and word.isupper() and tokens[i].start == prev.end + 1):
            continue
        shaped = _has_surname_shape(word.title(), t)
        given = _is_given(prev.text, t) or (shaped and bool(_TITLE.match(prev.text)) and not prev.text.isupper()
                                            and not _plain_word(prev.text, t))
        if given and (shaped or i == len(tokens) - 1):
            out[i] = _Tok(word.title(), tokens[i].start, tokens[i].end)
    return out


def _runs(tokens: list[_Tok], text: str) -> list[list[int]]:
    """Indices of maximal runs of capitalised words and initials separated only by spaces."""
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, tok in enumerate(tokens):
        nameish = tok.initial or bool(_TITLE.match(tok.text))
        joined = cur and text[tokens[cur[-1]].end:tok.start] in ("", " ") and (
            tokens[cur[-1]].initial or text[tokens[cur[-1]].end:tok.start] == " ")
        if nameish and (not cur or joined):
            cur.append(i)
            continue
        if cur:
            runs.append(cur)
        cur = [i] if nameish else []
    if cur:
        runs.append(cur)
    return runs


def _split_at_words_of_no_name(run: list[int], tokens: list[_Tok], t: _Tables) -> list[list[int]]:
    """The pieces of a run between words that are never part of a name ("Биыл Серіктестік Сәтбаев
    қаласындағы": "the Partnership" is no given name of Satpayev)."""
    pieces: list[list[int]] = [[]]
    for i in run:
        if _POSSESSIVE.sub("", tokens[i].text) in t.not_names:
            pieces.append([])
        else:
            pieces[-1].append(i)
    return [p for p in pieces if p]


def _trim(run: list[int], tokens: list[_Tok], t: _Tables, places: frozenset[int]) -> list[int]:
    """Drop non-name words at both ends: function words, roles, dictionary words, place names."""
    def stop(i: int) -> bool:
        word = _POSSESSIVE.sub("", tokens[i].text)
        if word in t.not_names or bool(t.roles.fullmatch(word)):
            return True
        if tokens[i].initial:
            return False
        in_place = tokens[i].start in places and word not in t.given and not _has_surname_shape(word, t)
        return _plain_word(word, t) or in_place

    def common_noun(i: int) -> bool:
        """A dictionary word (Роща, Товарищество), unless a surname follows it (Ерлан Сейітов)."""
        word = tokens[i].text
        if not _CYRILLIC.search(word) or _kazakh(word) or word in t.given or _ru_name_parse(word) is not None:
            return False
        follows = len(run) > 1 and _has_surname_shape(tokens[run[1]].text, t) if i == run[0] else False
        return ru_is_known(word.lower()) and not follows

    while run and (stop(run[0]) or common_noun(run[0])):
        run = run[1:]
    while run and (stop(run[-1]) or tokens[run[-1]].initial):
        run = run[:-1]
    return run


def _windows(run: list[int], tokens: list[_Tok], t: _Tables) -> list[list[int]]:
    """The names inside a run: two adjacent names split ("Нұрлан Нұркенов Серік Әбдірахманұлы"),
    then all of a name up to three words, else its last two (three with a patronymic).  One pass
    over the run (a run of a thousand names costs a thousand steps, not a billion)."""
    if any(tokens[i].initial for i in run):
        return [run]
    # in Kazakh only a name's last word takes a case ending: the run splits after each such word
    # ("kazakh_from[k]": a Kazakh letter at or after word k, since a piece is Kazakh by its letters)
    kazakh_from = [False] * (len(run) + 1)
    for k in range(len(run) - 1, -1, -1):
        kazakh_from[k] = kazakh_from[k + 1] or _kazakh(tokens[run[k]].text)
    pieces, begin = [], 0
    for k in range(len(run)):
        word = tokens[run[k]].text
        if 0 < k - begin and k < len(run) - 1 and kazakh_from[begin] and _kk_base(word, t) != word:
            pieces.append(run[begin:k + 1])
            begin = k + 1
    pieces.append(run[begin:])
    return [window for piece in pieces for window in _names_of(piece, tokens, t)]


def _names_of(run: list[int], tokens: list[_Tok], t: _Tables) -> list[list[int]]:
    """A run without Kazakh case endings inside: it splits before each surname-shaped word that
    follows another one, while the run's last word is a surname and not a patronymic."""
    last = tokens[run[-1]].text
    out, begin = [], 0
    if len(run) > 3 and _has_surname_shape(last, t) and not last.lower().endswith(_RU_PATRONYMIC):
        for cut in range(2, len(run) - 1):
            if cut - begin >= 2 and _has_surname_shape(tokens[run[cut - 1]].text, t):
                out.append(run[begin:cut])
                begin = cut
    return [_one_name(piece, tokens, t) for piece in [*out, run[begin:]]]


def _one_name(run: list[int], tokens: list[_Tok], t: _Tables) -> list[int]:
    words = [tokens[i].text for i in run]
    keep3 = words[-1].lower().endswith(t.patronymic_endings) or _is_given(words[0], t)
    if len(run) > 3 or (len(run) == 3 and not keep3):
        return run[-3:] if keep3 else run[-2:]
    return run


def _looks_like_name(words: list[str], t: _Tables) -> bool:
    return any(_has_surname_shape(w, t) for w in words) or any(_is_given(w, t) for w in words)


def looks_like_person(name: str) -> bool:
    """A known given name or a surname's shape among the words of ``name``, and no word that is
    never a person's ("PetroChina International" has a surname's ending, and is no person)."""
    t = _tables()
    words = name.split()
    return _looks_like_name(words, t) and not any(w in t.not_names for w in words)


def _role_before(start: int, text: str, t: _Tables, sent_start: int) -> str | None:
    """The role phrase that ends shortly before a name in the same sentence ("заместитель акима области").

    Adjacent role words chain ("Deputy Prime Minister"); a gap with a dash,
    colon or the end of a quotation means the role belongs to someone else.
    """
    matches = list(t.roles.finditer(text, max(sent_start, start - 90), start))
    if not matches:
        return None
    first = len(matches) - 1
    while first > 0 and not text[matches[first - 1].end():matches[first].start()].strip():
        first -= 1
    gap = text[matches[-1].end():start]
    if len(gap) > 70 or _BAD_GAP.search(gap):
        return None
    return text[matches[first].start():start].strip(" ,") or None


def _spoken(text: str, start: int, end: int, t: _Tables) -> bool:
    """A speech verb right after or right before the name ("X said", "– сказал X")."""
    after = _COMMA_SPACE.match(text, end)
    if after and t.speech.match(text, after.end()):
        return True
    return any(m.end() < start and not text[m.end():start].strip()
               for m in t.speech.finditer(text, max(0, start - 25), start))


def _role_after(end: int, text: str, t: _Tables, sent_end: int) -> str | None:
    m = re.match(r",\s+", text[end:sent_end])
    if not m:
        return None
    article = t.role_articles.match(text, end + m.end(), sent_end)
    role = t.roles.match(text, article.end() if article else end + m.end(), sent_end)
    if not role:
        return None
    tail = re.match(r"[^,.;:!?\"«»“”()]*", text[role.start():sent_end])
    return tail.group().strip() if tail else None


# --- nominative -----------------------------------------------------------------

def _nominative(words: list[str], t: _Tables) -> list[str]:
    words = [_POSSESSIVE.sub("", w) for w in words]
    if not _CYRILLIC.search(" ".join(words)):
        return words
    if any(_kazakh(w) for w in words) or _kk_base(words[-1], t) != words[-1]:
        return words[:-1] + [_kk_base(words[-1], t)]
    return _ru_nominative(words)


def _ru_nominative(words: list[str]) -> list[str]:
    """Undo Russian case endings: the surname tells case and gender, pymorphy3 inflects the rest."""
    shaped = [i for i, w in enumerate(words) if _RU_SURNAME.match(w.lower())]
    if not shaped:
        return words
    # "Марина Есенова": the given name has a surname's shape too; the surname is the other word
    sur = next((i for i in shaped if not _is_given(words[i], _tables())), shaped[0])
    m = _RU_SURNAME.match(words[sur].lower())
    assert m is not None    # sur is one of the words shaped like a surname
    end, base = m.group("end"), words[sur][: len(m.group("base"))]
    others = [w for i, w in enumerate(words) if i != sur]
    if end == "":
        return words
    if end in ("ой", "ою"):
        fem = True
    elif end == "а":
        if not any(_masc_oblique(w) for w in others):
            return words            # feminine nominative
        fem = False
    elif end in ("ым", "ом", "е"):
        fem = False
    else:  # "у": dative masculine (Ерлану), or accusative feminine (Айгерим Нурову)
        fem = any(_fem_name(w) and w[:-1] not in _tables().given for w in others)
    out = []
    for i, w in enumerate(words):
        if i == sur:
            out.append(base + ("а" if fem else ""))
        else:
            out.append(_given_nominative(w, fem))
    return out


def _masc_oblique(word: str) -> bool:
    """A given name in the genitive/accusative masculine and not also a nominative (Евгения is both)."""
    given = _tables().given
    if word in given:
        return False
    if word.lower().endswith("а") and word[:-1] in given:
        return True
    parses = [p for p in ru_parses(word.lower()) if "Name" in p.tag]
    if parses:
        if any(p.tag.case == "nomn" for p in parses):
            return False
        return any(p.tag.gender == "masc" and p.tag.case in ("gent", "accs") for p in parses)
    return word.lower().endswith("а") and not word.lower().endswith(("ба", "ра", "на", "ша", "ла", "ма"))


def _fem_name(word: str) -> bool:
    p = _ru_name_parse(word)
    return p is not None and p.tag.gender == "femn"


def _given_nominative(word: str, fem: bool) -> str:
    given = _tables().given
    for ending in ("ом", "ем", "у", "е", "а") if not fem else ("ой", "ы", "е", "у"):
        stem = word[: -len(ending)] + ("а" if fem else "")
        if word.lower().endswith(ending) and stem in given:
            return stem
    p = _ru_name_parse(word)
    if p is not None and p.tag.case != "nomn":
        form: str = p.normal_form
        return form[:1].upper() + form[1:]
    if p is None and not fem:
        for ending in ("ом", "ем", "а", "у", "е"):
            if word.lower().endswith(ending) and len(word) > len(ending) + 3:
                return word[: -len(ending)]
    return word


# --- the extractor ----------------------------------------------------------------

@dataclass
class _Found:
    words: list[str]
    start: int
    end: int
    role: str | None
    single: bool


def extract_persons(view: TextView, companies: list[Company], places: list[Place]) -> list[Person]:
    """Named people, each mention with the full name in the nominative and the role if stated.

    Words inside an organisation's mention ("Zhetysu Grain LLP", "peasant
    farm “Schmidt”") or equal to its name are not a person's name, and place
    names at the edge of a run are cut off ("Серік Жаңабергеновке Орал").
    """
    t = _tables()
    text = view.text
    org_names = {c.name for c in companies}
    org_spans = SpanIndex(companies)
    in_places = frozenset(i for p in places for i in range(p.start, p.end))
    found: list[_Found] = []
    for sent in view.sentences:
        tokens = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, sent.start, sent.end)]
        tokens = _titled_bylines(tokens, t)
        for run in _runs(tokens, text):
            for piece in _split_at_words_of_no_name(run, tokens, t):
                found += _from_run(piece, tokens, text, t, sent.start, sent.end, in_places)
    found = [f for f in found if _POSSESSIVE.sub("", " ".join(f.words)) not in org_names   # "X Copper's"
             and not excluded_name(" ".join(f.words))
             and not org_spans.covering(f.start, f.end)]
    return _resolve(found, text, t)


_LAST_WORD = re.compile(r"([^\W\d_]+)\.?\s+$")
_FIRST_WORD = re.compile(r"\s+([^\W\d_]+)")


def _names_a_place(start: int, end: int, text: str, s_start: int, s_end: int) -> bool:
    """The words around the name make it a settlement's or a street's (:func:`places.names_a_place`)."""
    before = _LAST_WORD.search(text, max(s_start, start - 40), start)
    after = _FIRST_WORD.match(text, end, s_end)
    return names_a_place(before.group(1) if before else None, after.group(1) if after else None)


def _from_run(run: list[int], tokens: list[_Tok], text: str, t: _Tables, s_start: int, s_end: int,
              places: frozenset[int]) -> list[_Found]:
    first = tokens[run[0]].start
    if first and text[first - 1] in '"«“':          # a quoted title: «Нұр Отан», "Daria 2016"
        return []
    run = _trim(run, tokens, t, places)
    if not run or _names_a_place(tokens[run[0]].start, tokens[run[-1]].end, text, s_start, s_end):
        return []
    if len(run) == 1:
        words, start, end = [tokens[run[0]].text], tokens[run[0]].start, tokens[run[0]].end
        return [_Found(words, start, end, None, True)]
    out = []
    for window in _windows(run, tokens, t):
        words = [tokens[i].text for i in window]
        start, end = tokens[window[0]].start, tokens[window[-1]].end
        has_initials = any(tokens[i].initial for i in window)
        role = _role_before(start, text, t, s_start)
        after = _role_after(end, text, t, s_end)
        comma_cued = role is not None and text[max(s_start, start - 2):start] == ", "
        adjacent = any(m.end() == start - 1 for m in t.roles.finditer(text, max(s_start, start - 40), start))
        if len(window) > 1 and (has_initials or _looks_like_name([w for w in words if len(w) > 2], t)
                                or comma_cued or after or adjacent or _spoken(text, start, end, t)):
            out.append(_Found(words, start, end, role or after, False))
    return out


def _key(word: str, t: _Tables) -> str:
    """A surname's comparable form: lower case without Russian or Kazakh case endings."""
    low = _POSSESSIVE.sub("", word).lower()
    m = _RU_SURNAME.match(low)
    if m:
        return m.group("base")
    return _kk_base(low, t).lower()


def _resolve(found: list[_Found], text: str, t: _Tables) -> list[Person]:
    """Full names first; single words, initials and honorific forms join a full name with that surname."""
    forms: dict[tuple[str, ...], list[str]] = {}   # a name as written -> its nominative, once each

    def nominative(words: list[str]) -> list[str]:
        key = tuple(words)
        if key not in forms:
            forms[key] = _nominative(words, t)
        return forms[key]

    names: dict[str, list[str]] = {}           # display name -> nominative words, each name once
    out: list[Person] = []
    for f in found:
        if f.single or any(w.endswith(".") for w in f.words):
            continue
        words = nominative(f.words)
        names.setdefault(" ".join(words), words)
    full = _FullNames([(words, display) for display, words in names.items()], t)
    for f in found:
        surface = text[f.start:f.end]
        if f.single or any(w.endswith(".") for w in f.words):
            match = full.match(f.words)
            if match is None and not any(w.endswith(".") for w in f.words) and not _after_honorific(text, f.start):
                continue
            name = match or " ".join(nominative(f.words)).replace(".", ". ").replace("  ", " ").strip()
            out.append(Person(surface, f.start, f.end, name, f.role))
        else:
            name = _by_patronymic(f.words, names, t) or " ".join(nominative(f.words))
            out.append(Person(surface, f.start, f.end, name, f.role))
    return sorted(out, key=lambda p: p.start)


def _patronymic(word: str, t: _Tables) -> bool:
    """A patronymic in any case ("Абишевич", "Абишевичу", "Әбішұлына")."""
    low = word.lower()
    return any(stem.endswith(t.patronymic_endings)
               for stem in (low, *(low[:-len(e)] for e in t.patronymic_cases if low.endswith(e))))


def _by_patronymic(words: list[str], names: dict[str, list[str]], t: _Tables) -> str | None:
    """"Болат Абишевич", "Болату Абишевичу", "Болат Әбішұлына": a given name and a patronymic, as news
    addresses a person named in full before; the one full name of the document with that given name."""
    if len(words) != 2 or not _patronymic(words[1], t):
        return None
    given = words[0]
    known = [display for display, full in names.items()
             if len(full) >= 2 and given.startswith(full[0]) and len(given) - len(full[0]) <= 2
             and not _patronymic(full[-1], t)]
    return known[0] if len(known) == 1 else None


def _after_honorific(text: str, start: int) -> bool:
    prev = re.search(r"([^\W\d_]+(?:-[^\W\d_]+)?)\.?\s+$", text[max(0, start - 12):start])
    return prev is not None and prev.group(1).lower() in _HONORIFICS


class _FullNames:
    """The document's full names, with the comparable key of each of their words computed once."""

    def __init__(self, full: list[tuple[list[str], str]], t: _Tables):
        self.full, self.t = full, t
        self.slots = [(n, k) for n, (names, _) in enumerate(full) for k in range(len(names))]
        self.keys = [_key(full[n][0][k], t) for n, k in self.slots]

    def match(self, words: list[str]) -> str | None:
        """The first full name (in text order) with a word like the surname of ``words`` (fuzzy, for
        case endings and transliteration) and, where both show them, the same initial."""
        surname = _key(words[-1], self.t)
        if len(surname) <= 3:
            return None
        initials = [w[0] for w in words[:-1]]
        alike = process.extract(surname, self.keys, scorer=fuzz.ratio, score_cutoff=85, limit=None)
        for slot in sorted(index for _, _, index in alike):
            n, k = self.slots[slot]
            names, display = self.full[n]
            others = [x[0] for j, x in enumerate(names) if j != k]
            if not initials or not others or initials[0] in others:
                return display
        return None
