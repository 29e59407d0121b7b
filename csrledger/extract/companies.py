"""Companies, foundations, farms and NGOs: the organisations that can be sponsors.

A name is taken only with a cue that says it is an organisation, since
capitalised words alone are as often places, programmes or people:

- a legal form before or after it ("ТОО «Жерсу»", "«Теңізшевройл» ЖШС",
  "Steppe Solar Energy LLP"), abbreviated or spelled out;
- a kind word before or after it ("компанией Altyn Steel", "фонда «Мейірім»",
  "«Береке» шаруа қожалығы", "peasant farm “Schmidt”", "Koktem farm");
- a Latin brand inside Russian or Kazakh text ("Altyn Steel Recycling");
- an entry of the curated table of large companies (``orgnames``);
- a person's name with a foundation word next to it ("Фонд Булата Утемуратова",
  "Bulat Utemuratov's Foundation", "Болат Өтемұратов қоры"), once persons are known
  (:func:`eponymous_foundations`);
- capitalised Latin names, joined in a list, right before a giving verb ("PetroChina
  and Geo-Jade donated"), once persons and places are known (``extract.givers``).

State bodies and enterprises, institutions, programmes, media and parties
are recognised by their legal form or words and dropped.  Every later
occurrence of a found name (or of an abbreviation given in brackets after
it) is reported too, so that each sentence knows its organisations.
"""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from retrie.trie import Trie

from csrledger.extract.orgnames import find_known, known_org, name_key, plausible_ending
from csrledger.model import Company, Person, TextView
from csrledger.text.morph import kk_endings_pattern, ru_parses
from csrledger.text.normalize import fold, fold_keep_case
from csrledger.text.spans import SpanIndex

DATA = Path(__file__).resolve().parent / "data"
LANGS = ("ru", "en", "kk")
SPONSOR_KINDS = frozenset({"company", "foundation", "farm", "ngo"})

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_CYR = re.compile(r"[а-яёәғқңөұүһі]", re.I)
_LAT = re.compile(r"[a-z]", re.I)
# A capitalised word of a name: inner hyphens, dots before letters (Kaspi.kz), "&".
_CAP = rf"[{_UP}][\w&+'-]*(?:\.[a-z]+)*"
_CAP_RUN = re.compile(rf"{_CAP}(?: {_CAP}){{0,3}}")
_LATIN_CAP = r"[A-Z][A-Za-z0-9&+']*(?:-[A-Za-z0-9]+)*(?:\.[a-z]+)*"
_PREV_LATIN = re.compile(rf"{_LATIN_CAP}$")
_LOOK_BACK = 200   # characters before a cue where the name it follows may end
_LATIN_RUN = re.compile(rf"(?<![\w.]){_LATIN_CAP}(?: {_LATIN_CAP}){{0,3}}(?![\w])")
_SERIAL = re.compile(r"\d{5}|\A[A-Z]{4}KZ[A-Z0-9]{2}(?:[A-Z0-9]{3})?\Z")   # a file name, a number, a bank's BIC
_DOMAIN = re.compile(r"\.(?:kz|com|ru|org|net|info|uz|kg|tv|media|news|online)$", re.I)
# "Qostanay.TV", "ERNUR.KZ" (a site), "DVD-проигрыватели" (a word of a compound): no brand.
_GLUED_AFTER = re.compile(r"[.-][^\W\d_]")
_ABBR_AFTER = re.compile(rf"\s*\(([{_UP}]{{2,6}})\)")
_INNER_FORM = re.compile(rf'^[{_UP}]{{2,5}}\s+"(.+?)"*$')
_SPACE = re.compile(r"\s+")
_ARTICLE_BEFORE = re.compile(r"(?<![\w])(?:the|a|an) $")


def phrase_pattern(phrase: str) -> str:
    """Regex for a table phrase: "stem*" takes Russian endings, "base~" Kazakh ones."""
    parts = []
    for word in phrase.split():
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        elif word.endswith("~"):
            base = word[:-1]
            parts.append(re.escape(base) + f"(?:{kk_endings_pattern(base)})?")
        else:
            parts.append(re.escape(word))
    return r"\s+".join(parts)


@dataclass(frozen=True)
class _Patterns:
    legal_before: re.Pattern[str]     # a legal form or kind word that precedes a name
    legal_after: re.Pattern[str]      # one that follows a name
    latin_before_cue: re.Pattern[str]  # capitalised Latin words right before such a cue
    kinds: dict[str, str]             # lower-cased legal form -> kind
    phrase_kinds: tuple[tuple[re.Pattern[str], str], ...]   # cue phrase -> kind
    legal_phrase: re.Pattern[str]     # a spelled-out legal form ("peasant farm"): a name may follow unquoted
    excluded_words: re.Pattern[str]
    excluded_names: frozenset[str]
    leading: frozenset[str]
    product_cues: frozenset[str]
    headed: re.Pattern[str] | None  # capitalised Latin words ending in an industry word ("Orda Gold Mining")
    prefix_forms: frozenset[str]      # lower-cased Russian legal forms, written before the name ("ТОО «X»")
    list_cue: re.Pattern[str]         # a plural kind word after a list of names ("компаниялары")


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    with open(DATA / "companies.toml", "rb") as fh:
        return tomllib.load(fh)


def _alternation(cues: list[tuple[str, str]]) -> str:
    return "|".join(sorted({p for _, p in cues}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    table = _table()
    forms: dict[str, str] = {}
    phrases_before: list[tuple[str, str]] = []
    phrases_after: list[tuple[str, str]] = []
    spelled: list[tuple[str, str]] = []
    for lang in LANGS:
        section = table[lang]
        forms.update(section["legal_forms"])
        legal = [(k, phrase_pattern(p)) for k, p in section["legal_phrases"]]
        spelled += legal
        phrases_before += legal + [(k, phrase_pattern(p)) for k, p in section["cues_before"]]
        phrases_after += legal + [(k, phrase_pattern(p)) for k, p in section["cues_after"]]
    abbr = Trie(*sorted(forms)).pattern()
    # every cue opens with a letter: the lookahead first lets the engine skip to letters (a 5 MB line
    # of quote marks took 4 s), the lookbehind then asks that none comes before
    cue_before = rf"(?=[^\W\d_])(?<![\w])(?P<cue>(?:{abbr})(?![\w])|(?i:{_alternation(phrases_before)})(?![\w]))"
    cue_after = rf"(?P<cue>(?:{abbr})(?![\w])|(?i:{_alternation(phrases_after)})(?![\w]))"
    kinds = {k.lower(): v for k, v in forms.items()}
    phrase_kinds = {p: k for k, p in phrases_before + phrases_after}
    exclude = table["exclude"]
    words = "|".join(phrase_pattern(w) for w in exclude["words"])
    return _Patterns(
        legal_before=re.compile(cue_before),
        legal_after=re.compile(rf"\s+{cue_after}"),
        latin_before_cue=re.compile(rf"(?<![\w.-]){_LATIN_CAP}(?: {_LATIN_CAP}){{0,4}}(?=\s+{cue_after})"),
        kinds=kinds,
        phrase_kinds=tuple((re.compile(rf"(?i:{p})$"), k) for p, k in phrase_kinds.items()),
        legal_phrase=re.compile(rf"(?i:{_alternation(spelled)})$"),
        excluded_words=re.compile(rf"(?i)(?<![\w])(?:{words})(?![\w])"),
        excluded_names=frozenset(name_key(n) for n in exclude["names"]),
        leading=frozenset(exclude["leading"]),
        product_cues=frozenset(w.lower() for w in exclude["product_cues"]),
        headed=_headed_pattern([h for lang in LANGS for h in table[lang]["name_heads"]]),
        prefix_forms=frozenset(f.lower() for f in table["ru"]["legal_forms"]),
        list_cue=re.compile(
            rf"(?i:{'|'.join(phrase_pattern(p) for lang in LANGS for p in table[lang]['list_cues_after'])})"),
    )


def _headed_pattern(heads: list[str]) -> re.Pattern[str] | None:
    """One to four capitalised Latin words, then an industry word not followed by another
    capitalised word (a title-case headline goes on: "Kazakh Mining Industry Grows")."""
    if not heads:
        return None
    alternation = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-]){_LATIN_CAP}(?: {_LATIN_CAP}){{0,3}} (?:{alternation})(?![\w-])(?! [A-Z])")


def _cue_kind(cue: str, pats: _Patterns) -> str:
    kind = pats.kinds.get(cue.lower())
    if kind:
        return kind
    return next((k for p, k in pats.phrase_kinds if p.match(cue)), "company")


@dataclass(frozen=True)
class _Candidate:
    start: int           # span of the mention (cue included)
    end: int
    name_start: int      # span of the bare name
    name_end: int
    kind: str
    form: str | None


# --- quoted names -----------------------------------------------------------

_OPENING = re.compile(r'"(?=\S)')


def _quote_spans(fk: str) -> dict[int, int]:
    """Start -> end (exclusive) of each quoted stretch, inner quotations included."""
    spans: dict[int, int] = {}
    for m in _OPENING.finditer(fk):     # only a mark before a non-space may open a quotation
        end = _quote_end(fk, m.start())
        if end:
            spans[m.start()] = end
    return spans


def _quote_end(fk: str, i: int) -> int | None:
    """End of the quotation opened at ``i``, tolerating an unclosed inner quote ("ПК "Dala");
    a mark right after a word closes a quotation ("«Allur», «Qarmet»"), it opens none."""
    if i + 1 >= len(fk) or fk[i + 1].isspace() or (i and fk[i - 1].isalnum()):
        return None
    depth, last_close, nested = 1, None, False
    limit = min(len(fk), i + 120)
    for j in range(i + 1, limit):
        ch = fk[j]
        if ch == "\n":
            break
        if ch != '"':
            continue
        opening = (fk[j - 1].isspace() or fk[j - 1] in "(") and j + 1 < len(fk) and not fk[j + 1].isspace()
        if opening:
            depth += 1
            nested = True
            continue
        depth -= 1
        last_close = j + 1
        if depth == 0:
            return j + 1 + _extra_closers(fk, j + 1)
    return last_close if nested else None


def _extra_closers(fk: str, j: int) -> int:
    k = j
    while k < len(fk) and fk[k] == '"':
        k += 1
    return k - j


def _clean(text: str) -> str:
    """The bare name: no quotes, no inner abbreviation prefix ("ПК "Dala"" -> Dala), possessive dropped."""
    name = fold_keep_case(text).strip().strip('"').strip()
    inner = _INNER_FORM.match(name)
    if inner:
        name = inner.group(1)
    name = name.strip('"').strip()
    if name.endswith("'s"):
        name = name[:-2]
    return _SPACE.sub(" ", name)


# --- candidate finders ------------------------------------------------------

def _name_after(fk: str, pos: int, quotes: dict[int, int], latin_only: bool) -> tuple[int, int] | None:
    while pos < len(fk) and fk[pos] == " ":
        pos += 1
    if pos in quotes:
        return pos, quotes[pos]
    m = _CAP_RUN.match(fk, pos)
    if not m:
        return None
    if latin_only and _CYR.search(m.group()):
        return None
    return m.start(), m.end()


def _cued_before(fk: str, quotes: dict[int, int], pats: _Patterns) -> Iterator[_Candidate]:
    """Cue then name: "ТОО «X»", "компанией Altyn Steel", "peasant farm “X”".

    A cue right after a quoted or Latin name belongs to that name ("«X» ЖШС",
    "X LLP"), and an unquoted name is taken only after a legal form or a
    Russian/Kazakh kind word ("компанией Altyn Steel"; "farm Serik" is a person).
    """
    closers = set(quotes.values())
    for m in pats.legal_before.finditer(fk):
        cue = m.group("cue")
        listed = pats.list_cue.fullmatch(cue) is not None   # "A, B және C компаниялары «X» қорына": the list's
        window = max(0, m.start() - _LOOK_BACK)     # not the whole text before every cue
        before = fk[window:m.start()].rstrip(" ")
        prev = _PREV_LATIN.search(before)
        if ((window + len(before) in closers and not _prefix_of_quote(fk, m.end(), cue, quotes, pats))
                or (not _CYR.search(cue) and prev and prev.group() not in pats.leading)):
            continue
        is_form = cue.lower() in pats.kinds
        if not is_form and not _CYR.search(cue) and not pats.legal_phrase.match(cue):
            span = (m.end() + 1, quotes[m.end() + 1]) if m.end() + 1 in quotes else None
        else:   # "ТОО X", "компанией Altyn Steel", "peasant farm Nurly Zhol"
            span = _name_after(fk, m.end(), quotes, latin_only=not is_form)
        if span:
            yield _Candidate(span[0] if listed else m.start(), span[1], span[0], span[1], _cue_kind(cue, pats),
                             cue if is_form else None)


def _cued_after(fk: str, quotes: dict[int, int], pats: _Patterns, starts: frozenset[int]) -> Iterator[_Candidate]:
    """Name then cue: "«X» ЖШС", "«X» қоры", "X LLP", "Koktem farm".

    A kind word after the first word of a sentence is a common noun phrase
    ("Gas company brings water"), and after a possessive it is someone's
    ("Mr. Ospanov's farm"): only a legal form counts there.
    """
    spans = sorted(quotes.items())
    for k, (start, end) in enumerate(spans):
        m = pats.legal_after.match(fk, end)
        if m and not _prefix_of_quote(fk, m.end(), m.group("cue"), quotes, pats):   # «шахта» ТОО «X»
            cue = m.group("cue")
            yield _Candidate(start, m.end(), start, end, _cue_kind(cue, pats),
                             cue if cue.lower() in pats.kinds else None)
            if pats.list_cue.fullmatch(cue):    # «A», сарандық «B» және «C» компаниялары
                yield from _listed_before(fk, spans[:k], start, _cue_kind(cue, pats))
    for m in pats.latin_before_cue.finditer(fk):
        after = pats.legal_after.match(fk, m.end())
        assert after is not None    # latin_before_cue ends where legal_after matches (its lookahead)
        words = m.group().split(" ")
        while len(words) > 1:     # "Ayala Charity Foundation": "Charity Foundation" is the cue
            longer = pats.legal_after.match(fk, m.start() + len(" ".join(words[:-1])))
            if not longer or longer.end() != after.end():
                break
            after, words = longer, words[:-1]
        end = m.start() + len(" ".join(words))
        skip = 0
        while skip < len(words) and words[skip] in pats.leading:
            skip += 1
        if skip == len(words):
            continue
        start = m.start() + sum(len(w) + 1 for w in words[:skip])
        cue = after.group("cue")
        is_form = cue.lower() in pats.kinds
        spelled = pats.legal_phrase.match(cue) is not None     # "Charity Foundation", "Public Fund"
        if not is_form and not spelled and (start in starts or m.group().endswith("'s")):
            continue
        yield _Candidate(start, after.end(), start, end, _cue_kind(cue, pats), cue if is_form else None)


@lru_cache(maxsize=1)
def list_joins() -> str:
    """The words that join the names of a list (``list_joins``, all languages), as one alternation."""
    return "|".join(re.escape(w) for lang in LANGS for w in _table()[lang]["list_joins"])


@lru_cache(maxsize=1)
def _list_gap() -> re.Pattern[str]:
    """What may stand between two quoted names of a list: a comma or a join, and a word of their own."""
    return re.compile(rf"\s*(?:,|,?\s+(?:{list_joins()}))\s+(?:[^\s\"]+\s+)?\Z")


def _listed_before(fk: str, earlier: list[tuple[int, int]], first: int, kind: str) -> Iterator[_Candidate]:
    """The quoted names that a list joins to the one at ``first`` (a word of their own between allowed)."""
    for start, end in reversed(earlier):
        if not _list_gap().match(fk, end, first):
            return
        yield _Candidate(start, end, start, end, kind, None)
        first = start


def _prefix_of_quote(fk: str, pos: int, cue: str, quotes: dict[int, int], pats: _Patterns) -> bool:
    """A Russian legal form with a quoted name right after it is that name's ("на шахте «Т» ТОО
    «X»"); a Kazakh one belongs to the name before it ("«Теңізшевройл» ЖШС «Болашақ» бағдарламасы")."""
    if cue.lower() not in pats.prefix_forms:
        return False
    while pos < len(fk) and fk[pos] == " ":
        pos += 1
    return pos in quotes


def _headed_names(fk: str, pats: _Patterns) -> Iterator[_Candidate]:
    """"Orda Gold Mining", "PetroStar Refinery": a name whose last word says the trade."""
    if pats.headed is None:
        return
    for m in pats.headed.finditer(fk):
        if _ARTICLE_BEFORE.search(fk, max(0, m.start() - 4), m.start()):
            continue    # "the Green Energy substation": the words qualify the noun after them
        words = m.group().split(" ")
        skip = 0
        while skip < len(words) - 1 and words[skip] in pats.leading:
            skip += 1
        if skip < len(words) - 1:
            start = m.start() + sum(len(w) + 1 for w in words[:skip])
            yield _Candidate(start, m.end(), start, m.end(), "company", None)


def _latin_brands(view: TextView, fk: str) -> Iterator[_Candidate]:
    """Capitalised Latin words inside a Russian or Kazakh sentence are brand names."""
    for sent in view.sentences:
        chunk = fk[sent.start:sent.end]
        if len(_CYR.findall(chunk)) <= len(_LAT.findall(chunk)):
            continue
        for m in _LATIN_RUN.finditer(fk, sent.start, sent.end):
            before = fk[max(sent.start, m.start() - 16):m.start()].replace('"', " ").split()
            after = fk[m.end():min(sent.end, m.end() + 16)].replace('"', " ").split()
            cues = _patterns().product_cues    # "машины марки Ford", "Toyota маркалы көлік"
            if (len(m.group()) >= 3 and not _GLUED_AFTER.match(fk, m.end())
                    and not (before and before[-1].lower() in cues) and not (after and after[0].lower() in cues)):
                yield _Candidate(m.start(), m.end(), m.start(), m.end(), "company", None)


def excluded_name(name: str) -> bool:
    """A media outlet, party or generic word written like a name (Kazinform, Nur Otan, EXPO)."""
    return name_key(name) in _patterns().excluded_names


# --- assembly ---------------------------------------------------------------

def _acceptable(name: str, kind: str, pats: _Patterns) -> bool:
    if kind not in SPONSOR_KINDS or len(name) < 2 or not any(ch.isalpha() for ch in name):
        return False
    if _DOMAIN.search(name) or _SERIAL.search(name) or name_key(name) in pats.excluded_names:
        return False
    return not pats.excluded_words.search(name)


def extract_companies(view: TextView) -> list[Company]:
    """Organisations that can be sponsors, every mention, with one canonical name each."""
    text = view.text
    fk = view.folded_case
    pats = _patterns()
    quotes = _quote_spans(fk)
    found: list[Company] = []
    surfaces: dict[str, tuple[str, str]] = {}       # surface in the text -> (canonical name, kind)
    starts = frozenset(s.start for s in view.sentences)
    candidates = [*_cued_before(fk, quotes, pats), *_cued_after(fk, quotes, pats, starts), *_headed_names(fk, pats),
                  *_latin_brands(view, fk)]
    for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        bare = _clean(text[c.name_start:c.name_end])
        if not _acceptable(bare, c.kind, pats):
            continue
        known = known_org(bare, c.kind)
        name, kind = (known.name, known.kind) if known else (bare, c.kind)
        found.append(Company(text[c.start:c.end], c.start, c.end, name, c.form, kind))
        surfaces.setdefault(bare, (name, kind))
        abbr = _ABBR_AFTER.match(fk, c.end)
        if abbr:
            surfaces.setdefault(abbr.group(1), (name, kind))
    for k in find_known(fk):
        found.append(Company(text[k.start:k.end], k.start, k.end, k.org.name, None, k.org.kind))
    found += _repeats(text, surfaces)
    return _without_overlaps(found)


def _repeats(text: str, surfaces: dict[str, tuple[str, str]]) -> list[Company]:
    """Later bare occurrences of names found with a cue (case endings allowed).  Each name is looked
    for with ``str.find``: one pattern of all of a document's names would be compiled per document."""
    out = []
    for surface in sorted((s for s in surfaces if len(s) >= 3), key=len, reverse=True):
        name, kind = surfaces[surface]
        at = text.find(surface)
        while at >= 0:
            end = at + len(surface)
            rest = _NAME_ENDING.match(text, end) if at == 0 or not _is_word_char(text[at - 1]) else None
            if rest and (not rest.group() or plausible_ending(surface, rest.group())):
                out.append(Company(text[at:rest.end()], at, rest.end(), name, None, kind))
            at = text.find(surface, end if rest else at + 1)
    return out


_NAME_ENDING = re.compile(r"[а-яәғқңөұүһі]{0,5}(?![\w])")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _without_overlaps(found: list[Company]) -> list[Company]:
    """Longest mention wins where mentions overlap; text order."""
    kept: list[Company] = []      # in text order, none overlapping: a new one need only be
    starts: list[int] = []        # compared with its neighbours
    for c in sorted(found, key=lambda c: (-(c.end - c.start), c.start)):
        at = bisect_left(starts, c.start)
        if (at == len(kept) or c.end <= kept[at].start) and (at == 0 or kept[at - 1].end <= c.start):
            kept.insert(at, c)
            starts.insert(at, c.start)
    return kept


_POSSESSIVE = re.compile(r"(?:['’]s)?\s+")


@lru_cache(maxsize=1)
def _eponymous() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    """(cue before a name, cue after it), each a pattern with the word the foundation's name uses."""
    table = _table()
    before, after = [], []
    for lang in LANGS:
        for phrase, word in table[lang]["eponymous_before"].items():
            before.append((re.compile(rf"(?i:(?<![\w])(?:{phrase_pattern(phrase)}))\s+\Z"), word))
        for phrase, word in table[lang]["eponymous_after"].items():
            after.append((re.compile(rf"(?i:{_POSSESSIVE.pattern}(?:{phrase_pattern(phrase)}))(?![\w])"), word))
    key = lambda pw: -len(pw[0].pattern)   # noqa: E731 - the longest cue first
    return sorted(before, key=key), sorted(after, key=key)


def _genitive_surname(word: str) -> bool:
    return any("Surn" in p.tag and "gent" in p.tag and "sing" in p.tag for p in ru_parses(fold(word.split(".")[-1])))


def person_trimmed(companies: list[Company], is_person: Callable[[str], bool]) -> list[Company]:
    """A name read after its legal form that runs on into a person's name ("JSC NC KazMunayGas Magzum
    Mirzagaliyev", the chairman after his company) ends before the person, who is then found as one."""
    out = []
    for c in companies:
        words = c.name.split()
        tail = " ".join(words[-2:])
        if len(words) >= 3 and c.text.endswith(tail) and is_person(tail):
            text = c.text[:len(c.text) - len(tail)].rstrip()
            c = replace(c, text=text, end=c.start + len(text), name=" ".join(words[:-2]))
        out.append(c)
    return out


def person_named(companies: list[Company], is_person: Callable[[str], bool]) -> list[Company]:
    """A foundation whose name before its kind word is a person's ("Bulat Utemuratov Foundation",
    "Болат Өтемұратов қоры") keeps the kind word in its name: without it the name is the founder's."""
    renamed: dict[str, str] = {}
    for c in companies:
        cue = c.text[len(c.name):].strip(" ’'s") if c.text.startswith(c.name) else ""
        if (c.org_kind == "foundation" and c.legal_form is None and cue and len(c.name.split()) >= 2
                and c.name not in renamed and is_person(c.name)):
            renamed[c.name] = f"{c.name} {cue}"
    # every mention of the name, the later ones without their kind word too
    return [replace(c, name=renamed[c.name]) if c.name in renamed else c for c in companies]


def eponymous_foundations(view: TextView, persons: list[Person], companies: list[Company]) -> list[Company]:
    """Foundations named after a person: the person's mention with the foundation word next to it.
    The name is written as the text writes it before the cue ("Фонд Булата Утемуратова"), and in the
    nominative before a cue that follows ("Bulat Utemuratov Foundation")."""
    text = view.text
    before, after = _eponymous()
    out = []
    named = SpanIndex(companies)
    for p in persons:
        if named.overlapping(p.start, p.end):
            continue
        head = text[max(0, p.start - 40):p.start]
        cue = next(((m, word) for pattern, word in before if (m := pattern.search(head))), None)
        surface = text[p.start:p.end]
        if cue and not p.role and _genitive_surname(surface.split()[-1]):   # "Фонд Булата Утемуратова",
            # not "фонду Батырбек Ахметов передал" nor "директор фонда Динара Есенова"
            start = p.start - len(head) + cue[0].start()
            out.append(Company(text[start:p.end], start, p.end, f"{cue[1]} {surface}", None, "foundation"))
            continue
        cue = next(((m, word) for pattern, word in after if (m := pattern.match(text, p.end))), None)
        if cue:
            end = cue[0].end()
            name = re.sub(r"['’]s\Z", "", p.name or text[p.start:p.end])
            out.append(Company(text[p.start:end], p.start, end, f"{name} {cue[1]}", None, "foundation"))
    return out

