"""Place mentions resolved to the region that contained them at the document date.

Gazetteer names are matched on token keys (see :mod:`csrledger.geo.keys`), so
"Қарағанды облысында", "Карагандинской области" and "Karaganda region" all
meet one entry.  A head word next to the name (область / ауданы / city /
с.) says which kind of place is meant: "Almaty region" is the region, bare
"Almaty" the city, and a Russian adjective counts only with its head.  A name
that several places share is resolved by the regions named nearby, else left
without a region rather than guessed.
"""
from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from csrledger.geo.gazetteer import LOWER_PREFIX, Gazetteer, GeoEntry, NameForm, default_gazetteer
from csrledger.geo.keys import kk_bases, name_key, token_keys
from csrledger.model import Place, TextView
from csrledger.text.morph import en_lemma, kk_inflects
from csrledger.text.normalize import fold
from csrledger.text.tokens import Token, tokenize

_SETTLEMENT_KINDS = ("city", "village")
_OPENING_QUOTES = "«\"“„'"
_SITE_AFTER = re.compile(r"\.[^\W\d_]")
_CONTEXT_WINDOW = 1   # sentences either side searched for a disambiguating region


@dataclass(frozen=True)
class _Words:
    """The language tables of data/places.toml, folded."""

    heads: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]]
    ru_endings: frozenset[str]
    prepositions: frozenset[str]
    blockers_before: frozenset[str]
    blockers_after: frozenset[str]
    streets_before: frozenset[str]    # the blockers that name a street, a river, a lake, not a person
    streets_after: frozenset[str]
    head_after_kk: tuple[str, ...]    # the endings a Kazakh village head after a name takes
    conjunctions: frozenset[str]
    kk_place_endings: tuple[str, ...]
    plural: tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]   # ru endings, kk suffixes, en suffixes


@lru_cache(maxsize=1)
def _words() -> _Words:
    with open(Path(__file__).parent / "data" / "places.toml", "rb") as fh:
        data = tomllib.load(fh)

    def fs(items: list[str]) -> frozenset[str]:
        return frozenset(fold(w) for w in items)

    heads = {kind: (fs(t.get("ru", [])), fs(t.get("kk", [])), fs(t.get("en", [])), fs(t.get("abbr", [])))
             for kind, t in data["heads"].items()}
    return _Words(
        heads=heads,
        ru_endings=fs(data["ru_endings"]),
        prepositions=fs(data["prepositions"]["ru"] + data["prepositions"]["en"]),
        blockers_before=fs(data["blockers"]["before"] + data["blockers"]["named_before"]),
        blockers_after=fs(data["blockers"]["after"] + data["blockers"]["named_after"]),
        streets_before=fs(data["blockers"]["before"]),
        streets_after=fs(data["blockers"]["after"]),
        head_after_kk=tuple(data["blockers"]["head_after_kk"]),
        conjunctions=fs(data["conjunctions"]["words"]),
        kk_place_endings=tuple(fold(e) for e in data["kk_place_endings"]["endings"]),
        plural=(fs(data["plural"]["ru"]), tuple(data["plural"]["kk"]), tuple(data["plural"]["en"])),
    )


@lru_cache(maxsize=20_000)
def head_kind(word: str, dotted: bool) -> str | None:
    """"region", "district", "city" or "village" when ``word`` is such a head word (any case).

    ``dotted``: the word is followed by a full stop, so only abbreviations ("г.", "с.") count.
    """
    low = fold(word).removesuffix("'s")
    w = _words()
    for kind, (ru, kk, en, abbr) in w.heads.items():
        if dotted:
            if low in abbr:
                return kind
            continue
        if any(low.startswith(stem) and low[len(stem):] in w.ru_endings for stem in ru):
            return kind
        if any(kk_inflects(low, base) for base in kk):
            return kind
        if en_lemma(low) in en:
            return kind
    return None


def names_a_place(before: str | None, after: str | None) -> bool:
    """A capitalised name between these words is a settlement's or a street's, not a person's: a
    settlement's head word or a street's before it ("в селе Жана Омир", "улица Абая"), or after it
    ("Бауыржан Момышұлы ауылында", "Karasu village")."""
    w = _words()
    ru, kk, en, _ = w.heads["village"]
    if before is not None:   # Russian and English put the head first; a Kazakh head before is another noun's
        low = fold(before)
        if (low in w.streets_before or en_lemma(low) in en
                or any(low.startswith(stem) and low[len(stem):] in w.ru_endings for stem in ru)):
            return True
    if after is None:
        return False
    low = fold(after)
    return (low in w.streets_after or en_lemma(low) in en
            or any(low.startswith(base) and low[len(base):].startswith(w.head_after_kk) for base in kk))


@lru_cache(maxsize=5_000)
def plural_head(word: str) -> bool:
    """True when ``word`` is a head word in a form that can only be plural."""
    low = fold(word)
    w = _words()
    ru_pl, kk_pl, en_pl = w.plural
    for ru, kk, en, _ in w.heads.values():
        if any(low.startswith(stem) and low[len(stem):] in ru_pl for stem in ru):
            return True
        if any(low.startswith(base) and low[len(base):].startswith(kk_pl) for base in kk):
            return True
        if low.endswith(en_pl) and en_lemma(low) in en:
            return True
    return False


@dataclass
class _Match:
    """A gazetteer name found in the text, before the choice among its places."""

    start: int                 # token index of the first name word
    stop: int                  # token index after the last name word
    forms: list[NameForm]
    head: str | None = None
    head_start: int | None = None   # character span of the head word, when adjacent
    head_end: int | None = None
    head_before: bool = False  # head precedes the name ("область Абай", "г. Алматы")
    head_word: str = ""        # the head as written, also when shared from the next name


def _match_at(gaz: Gazetteer, toks: list[Token], text: str, i: int) -> _Match | None:
    """The longest gazetteer name starting at token ``i``."""
    best: list[NameForm] = []
    best_len = 0
    for key in token_keys(toks[i].text):
        for nf in gaz.lookup(key):
            size = len(nf.keys)
            if size < best_len or i + size > len(toks):
                continue
            if nf.form == "abbr" and toks[i].text != nf.surface:
                continue
            if not all(_joined(text, toks[i + k - 1], toks[i + k]) and nf.keys[k] in token_keys(toks[i + k].text)
                       for k in range(1, size)):
                continue
            if size > best_len:
                best, best_len = [], size
            if nf not in best:
                best.append(nf)
    return _Match(i, i + best_len, best) if best else None


def _lower_match(gaz: Gazetteer, toks: list[Token], text: str, i: int) -> _Match | None:
    """A name written in lower case: only a region's people or its city's adjective ("передала
    актюбинцам", "алматинскому зоопарку"); other lower-case words are no names."""
    if (name_key(toks[i].text)[:LOWER_PREFIX] not in gaz.lower_prefixes
            or gaz.lower_keys.isdisjoint(token_keys(toks[i].text))):
        return None
    m = _match_at(gaz, toks, text, i)
    if m is None:
        return None
    m.forms = [nf for nf in m.forms if "lower" in nf.entry.flags]
    return m if m.forms else None


def _joined(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end:right.start]
    return len(gap) <= 2 and gap.strip(" -") == ""


def _attach_head(m: _Match, toks: list[Token], text: str) -> None:
    # a Kazakh name in a place case modifies no head after it ("Астанада өңірдің ...": in Astana, the region's)
    if m.stop < len(toks) and _joined(text, toks[m.stop - 1], toks[m.stop]) and not _kk_place_case(m, toks):
        tok = toks[m.stop]
        kind = head_kind(tok.text, False) or head_kind(tok.text, text[tok.end:tok.end + 1] == ".")
        if kind:
            m.head, m.head_start, m.head_end, m.head_word = kind, tok.start, tok.end, tok.text
            return
    if m.start > 0:
        tok = toks[m.start - 1]
        gap = text[tok.end:toks[m.start].start]
        if gap.strip() in ("", ".") and len(gap) <= 3:
            kind = head_kind(tok.text, gap.startswith("."))
            if kind:
                m.head, m.head_start, m.head_end, m.head_before = kind, tok.start, tok.end, True
                m.head_word = tok.text


def _share_heads(matches: list[_Match], toks: list[Token], text: str) -> None:
    """"Алматинской и Жамбылской областей": the first name takes the head of the second.

    A bare first name takes it only when the head is plural: in "в Алматы и
    Карагандинской области" Almaty stays the city.
    """
    w = _words()
    for a, b in zip(reversed(matches[:-1]), reversed(matches[1:]), strict=True):
        if a.head or not b.head or b.head_before:
            continue
        only_adjectives = all(nf.form == "adj" for nf in a.forms)
        if not only_adjectives and not plural_head(b.head_word):
            continue
        raw = fold(text[toks[a.stop - 1].end:toks[b.start].start])
        between = raw.replace(",", " ").split()
        if ("," in raw or between) and len(between) <= 1 and all(word in w.conjunctions for word in between):
            a.head, a.head_word = b.head, b.head_word


def _blocked(m: _Match, toks: list[Token], text: str) -> bool:
    """A street, a river, a lake, "named after" or an organisation's quoted name: not a place here."""
    w = _words()
    before = text[max(0, toks[m.start].start - 1):toks[m.start].start]
    if before and before in _OPENING_QUOTES:
        return True
    if m.start > 0:
        prev = toks[m.start - 1]
        if fold(prev.text) in w.blockers_before and not text[prev.end:toks[m.start].start].strip():
            return True
        if len(prev.text) == 1 and prev.text.isupper() and text[prev.end:prev.end + 1] == ".":
            return True   # an initial: "К. Сатпаев"
    if m.stop < len(toks):
        nxt = toks[m.stop]
        return fold(nxt.text) in w.blockers_after and not text[toks[m.stop - 1].end:nxt.start].strip()
    return False


def _placed(m: _Match, toks: list[Token]) -> bool:
    """A bare name used as a place: after a preposition or with a Kazakh place case."""
    w = _words()
    if (m.start > 0 and fold(toks[m.start - 1].text) in w.prepositions
            and toks[m.start - 1].end + 1 == toks[m.start].start):
        return True
    return _kk_cased(fold(toks[m.stop - 1].text))


def _kk_cased(word: str) -> bool:
    """The word ends in a Kazakh place case ("Астанада", "Алматыдан"), or looks as if it did."""
    return any(word.endswith(e) and word[: -len(e)] in kk_bases(word) for e in _words().kk_place_endings)


def _kk_place_case(m: _Match, toks: list[Token]) -> bool:
    """The name's last word carries a Kazakh place case ("Астанада"; not "Алға", a name that only
    looks like one)."""
    last = fold(toks[m.stop - 1].text)
    return _kk_cased(last) and not any(nf.keys[-1] == name_key(last) for nf in m.forms)


def _candidates(m: _Match, toks: list[Token], text: str, sentence_first: bool) -> list[GeoEntry]:
    """The places the match may name, given its head word and its surroundings.

    The built-in gazetteer wins over imported KATO villages of the same name.
    """
    head = m.head
    pairs = [(nf.form, nf.entry) for nf in m.forms]
    if head == "region":
        return _prefer_own(e for f, e in pairs if e.kind == "region")
    if head == "district":
        return _prefer_own(e for f, e in pairs if e.kind == "district")
    if head in _SETTLEMENT_KINDS:
        return _prefer_own(e for f, e in pairs if e.kind in _SETTLEMENT_KINDS)
    if _blocked(m, toks, text):
        return []
    abbr = _unique(e for f, e in pairs if f == "abbr")
    if abbr:
        return abbr
    bare = [e for f, e in pairs if f == "bare" or (f == "adj" and "bare" in e.flags)]   # "алматинскому зоопарку"
    regions = _unique(e for e in bare if e.kind == "region" and "bare" in e.flags)
    if regions:
        return regions
    placed = _placed(m, toks)
    towns = [e for e in bare if e.kind in _SETTLEMENT_KINDS or e.kind == "country"]
    towns = [e for e in towns if "person_like" not in e.flags or placed]
    towns = [e for e in towns if "weak" not in e.flags or placed or not sentence_first]
    towns = [e for e in towns if "kato" not in e.flags or placed or m.stop - m.start > 1]
    cities = [e for e in towns if e.kind in ("city", "country")]
    return _prefer_own(cities) or _prefer_own(towns)


def _prefer_own(entries: Iterable[GeoEntry]) -> list[GeoEntry]:
    found = _unique(entries)
    own = [e for e in found if "kato" not in e.flags]
    return own or found


def _unique(entries: Iterable[GeoEntry]) -> list[GeoEntry]:
    out: list[GeoEntry] = []
    for e in entries:
        if e not in out:
            out.append(e)
    return out


def _span(m: _Match, toks: list[Token]) -> tuple[int, int]:
    start, end = toks[m.start].start, toks[m.stop - 1].end
    if m.head_start is not None and m.head_end is not None and m.head in ("region", "district"):
        start, end = min(start, m.head_start), max(end, m.head_end)
    return start, end


def extract_places(view: TextView) -> list[Place]:
    """Places named in the document, each with its region as of ``view.as_of``."""
    gaz = default_gazetteer()
    text = view.text
    toks = tokenize(text)
    matches: list[_Match] = []
    i = 0
    while i < len(toks):
        m = _match_at(gaz, toks, text, i) if toks[i].text[:1].isupper() else _lower_match(gaz, toks, text, i)
        if m and _SITE_AFTER.match(text, toks[m.stop - 1].end):
            i = m.stop              # "Qostanay.TV", "Orda.kz": a site, not a place
            continue
        if m:
            _attach_head(m, toks, text)
            matches.append(m)
            i = m.stop
            continue
        i += 1
    _share_heads(matches, toks, text)
    return _resolve(gaz, view, toks, matches)


def _resolve(gaz: Gazetteer, view: TextView, toks: list[Token], matches: list[_Match]) -> list[Place]:
    """Choose each match's place; ambiguous ones look for a region named nearby.

    A KATO village named without a head word ("с.", "ауылы") is kept only when
    its region is already named in the document: village names are too often
    also surnames or words to add a region on their own.
    """
    starts = [s.start for s in view.sentences]
    found: list[tuple[int, Place, list[GeoEntry], bool]] = []
    for m in matches:
        first = toks[m.start]
        sent = max(bisect.bisect_right(starts, first.start) - 1, 0)
        sentence_first = not view.sentences or view.text[starts[sent]:first.start].strip(" \"'«(-") == ""
        entries = _candidates(m, toks, view.text, sentence_first)
        if not entries:
            continue
        start, end = _span(m, toks)
        place = Place(text=view.text[start:end], start=start, end=end, name=entries[0].name,
                      place_kind=entries[0].kind, region=None, place_id=None)
        found.append((sent, place, entries, m.head is not None))
    settled: list[tuple[int, str]] = []
    for sent, place, entries, headed in found:
        codes = {gaz.region_of(e, view.as_of) for e in entries}
        if len(codes) == 1 and (headed or "kato" not in entries[0].flags):
            _settle(place, entries[0], gaz, view)
            if place.region:
                settled.append((sent, place.region))
    out = []
    for sent, place, entries, headed in found:
        if place.place_id is None:
            chosen = _by_context(gaz, view, entries, sent, settled)
            if chosen:
                _settle(place, chosen, gaz, view)
            elif not headed and all("kato" in e.flags for e in entries):
                continue
        out.append(place)
    return out


def _settle(place: Place, entry: GeoEntry, gaz: Gazetteer, view: TextView) -> None:
    place.name, place.place_kind, place.place_id = entry.name, entry.kind, entry.id
    place.region = gaz.region_of(entry, view.as_of)


def _by_context(gaz: Gazetteer, view: TextView, entries: list[GeoEntry], sent: int,
                settled: list[tuple[int, str]]) -> GeoEntry | None:
    """The one candidate whose region is named in the same sentence, nearby, or in the document."""
    for window in (0, _CONTEXT_WINDOW, len(view.sentences)):
        near = {code for s, code in settled if abs(s - sent) <= window}
        fits = [e for e in entries if gaz.region_of(e, view.as_of) in near]
        if len({gaz.region_of(e, view.as_of) for e in fits}) == 1:
            return fits[0]
        if len(fits) > 1:
            return None
    return None
