"""What was funded: objects and their sector, counts, lists, beneficiaries.

``data/objects.toml`` maps phrases to a short English object with a sector of
the taxonomy; ``data/beneficiaries.toml`` names for whom ("fire victims",
"doctors"), which gives the sector when no object is named.  A list of objects
joined by commas and conjunctions is split into one object each.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from csrledger.records.lexicon import LANGS, Hit, Lexicon, load_table
from csrledger.text.morph import en_lemma, ru_parse, ru_parses
from csrledger.text.normalize import fold
from csrledger.text.words import Word, kk_suffixes

_DIGITS = re.compile(r"\d+")
_GROUPED = re.compile(r"\d[,.\s]")
_QUOTES = re.compile(r"[«»“”„\"]")
_PUNCT = re.compile(r"[,;:]|\s[-–—]\s")
# Words allowed between a list separator and the next object ("and also a new ...").
MAX_MODIFIERS = 5
# How many words before an object a preposition makes it a recipient ("to the city multidisciplinary hospital").
TARGET_WINDOW = 4
_KK_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
# Words allowed between a count and its object ("two new kindergartens").
MAX_COUNT_GAP = 1


@dataclass(frozen=True)
class ObjectMention:
    label: str          # short English object: "kindergarten"
    sector: str
    first: int
    last: int
    start: int
    end: int
    count: int | None   # "5 детсадов" -> 5
    activity: bool      # the object is itself an action ("landscaping")
    target: bool        # where the gift went ("для больницы", Kazakh dative), not the gift
    plural: bool        # "проекты", "projects", "жобалар": not a reference back to one thing
    instrumental: bool  # "компьютерами", "with computers", "жылумен": the gift of "provide X with Y"
    goods: bool = False  # goods given by measure (find_goods), which no table names

    @property
    def generic(self) -> bool:
        """Projects or facilities of no stated kind: a record only with an amount."""
        return self.sector == "mixed"


@lru_cache(maxsize=1)
def _objects() -> Lexicon:
    return Lexicon.from_table("objects")


@lru_cache(maxsize=1)
def _beneficiaries() -> Lexicon:
    return Lexicon.from_table("beneficiaries")


@lru_cache(maxsize=1)
def separators() -> Lexicon:
    """The words that join the items of a list ("и", "and", "және")."""
    return Lexicon.from_table("separators")


@lru_cache(maxsize=1)
def _count_words() -> dict[str, int]:
    counts = load_table("objects")["counts"]
    return {word: n for lang in LANGS for word, n in counts.get(lang, {}).items()}


@lru_cache(maxsize=1)
def _measures() -> Lexicon:
    return Lexicon.from_section("objects", "measures", "measure")


def _count_before(text: str, words: list[Word], first: int) -> int | None:
    """A small count right before an object ("5 детсадов", "екі балабақша"); a digit group of a
    bigger number ("7,100") or a measure ("240 орындық", "50-flat") is not one."""
    table = _count_words()
    for i in range(first - 1, max(-1, first - 2 - MAX_COUNT_GAP), -1):
        w = words[i]
        if _measures().match_at(words, i) or _beneficiaries().match_at(words, i):
            return None     # "240 орындық", "45 оқушыны мектеп формасымен": not a count of the object
        if _DIGITS.fullmatch(w.fold):
            return None if _GROUPED.match(text, max(0, w.start - 2)) else int(w.fold)
        for key in sorted(w.keys):
            if key in table:
                return table[key]
    return None


@lru_cache(maxsize=1)
def _locative() -> tuple[frozenset[str], tuple[str, ...]]:
    table = load_table("objects")["locative"]
    return frozenset(table["ru"] + table["en"]), tuple(table["kk"])


@lru_cache(maxsize=1)
def _place_phrases() -> tuple[Lexicon, Lexicon]:
    """(phrases before a place, Kazakh place nouns after it): `before` and `after` of ``[locative]``."""
    table = load_table("objects")["locative"]
    return Lexicon({"place": table["before"]}), Lexicon({"place": table["after"]})


def _in_place_phrase(words: list[Word], hit: Hit) -> bool:
    """"во дворе дома", "при школе", "on the grounds of the school", "мектеп аумағында": a place."""
    before, after = _place_phrases()
    if hit.last + 1 < len(words) and after.match_at(words, hit.last + 1):
        return True
    first = hit.first
    while first and words[first - 1].fold[:1].isdigit():   # "во дворе 131-го дома": its number
        first -= 1
    for n in range(1, 5):
        found = before.match_at(words, first - n) if first >= n else None
        if found is not None and found.last == first - 1:
            return True
    return False


def _located(words: list[Word], hit: Hit, lang: str) -> bool:
    """True if the object is where something happened ("на детских площадках"), not what was given."""
    if _in_place_phrase(words, hit):
        return True
    prepositions, endings = _locative()
    if lang == "kk":
        last = words[hit.last]
        return any(e in endings for e in kk_suffixes(last))
    if hit.first and words[hit.first - 1].fold in prepositions:
        # "на социальные проекты": after a preposition a nominative-looking form is the accusative
        nouns = [w for w in words[hit.first:hit.last + 1] if "NOUN" in ru_parse(w.fold).tag]
        return not nouns or not any("accs" in p.tag for p in ru_parses(nouns[0].fold) if "NOUN" in p.tag)
    return False


def find_objects(text: str, start: int, words: list[Word], lang: str) -> list[ObjectMention]:
    """Objects of the sentence starting at ``start`` that can be given or built (not the places
    where things happen, nor words inside a quoted name)."""
    table = load_table("objects")
    sectors, activity = table["sectors"], set(table["activity"])
    hits = _objects().find(words)
    quotes = [m.start() for m in _QUOTES.finditer(text, start, words[-1].end)] if words else []
    return [ObjectMention(h.label, sectors[h.label], h.first, h.last, h.start, h.end,
                          _count_before(text, words, h.first), h.label in activity,
                          _target(words, h, lang, hits[k - 1].last + 1 if k else 0), is_plural(words[h.last], lang),
                          _instrumental(words, h, lang))
            for k, h in enumerate(hits)
            if not _located(words, h, lang) and not _quoted(quotes, h)
            and not _attribute(text, words, hits, k, lang) and not _of_members(words, h, lang)]


@lru_cache(maxsize=1)
def _goods_units() -> Lexicon:
    return Lexicon.from_section("objects", "goods_units", "unit")


@lru_cache(maxsize=1)
def _goods_words(kind: str) -> frozenset[str]:
    """The ``thousands`` or ``ends`` words of the goods table."""
    return frozenset(fold(w) for w in load_table("objects")["goods_units"][kind])


GOODS_WORDS = 3     # words after the unit that say what was measured ("тонн дизельного топлива")


def find_goods(text: str, words: list[Word], known: list[ObjectMention], actions: set[int],
               sector: str) -> list[ObjectMention]:
    """Goods given by measure, which no table names: a number, a unit of weight, volume or load,
    and what it measures ("80 килограмм ет", "300 tonnes of crushed stone", "2 вагон гипс").
    ``actions``: indices of the action words, which end the goods' words.  Goods are what was
    given, never who received it (so "provided 150 tons of oil" gives the oil)."""
    taken = {i for o in known for i in range(o.first, o.last + 1)} | actions
    counts = _count_words()
    out = []
    i = 0
    while i < len(words) - 2:
        w = words[i]
        number = _DIGITS.fullmatch(w.fold) or any(k in counts for k in w.keys) or w.keys & _goods_words("thousands")
        j = i + 1
        while j < len(words) and words[j].keys & _goods_words("thousands"):
            j += 1
        hit = _goods_units().match_at(words, j) if number and j < len(words) else None
        if hit is None or hit.last + 1 >= len(words):
            i += 1
            continue
        last, named = hit.last, False
        for k in range(hit.last + 1, min(len(words), hit.last + 1 + GOODS_WORDS)):
            named = k in taken and k not in actions      # "450 tonnes of coal": the table names the goods
            if (named or not words[k].fold.isalpha() or text[words[k - 1].end:words[k].start].strip()
                    or separators().match_at(words, k) or k in taken or words[k].fold in _goods_words("ends")):
                break
            last = k
        if last > hit.last and not named and not any(i <= k <= last for k in taken):
            out.append(ObjectMention(text[w.start:words[last].end], sector, i, last, w.start, words[last].end,
                                     None, False, False, False, True, goods=True))
        i = last + 1
    return out


@lru_cache(maxsize=1)
def _members() -> Lexicon:
    return Lexicon.from_section("objects", "members", "member")


def _of_members(words: list[Word], hit: Hit, lang: str) -> bool:
    """The institution of people named next to it ("выпускник школы", "мешіт жамағаты", "the hospital
    staff", "staff of the hospital"), not a gift."""
    sides = load_table("objects")["members"]["side"][lang]
    if "after" in sides and hit.last + 1 < len(words) and _members().match_at(words, hit.last + 1):
        return True
    if "before" not in sides:
        return False
    for gap in range(3):        # "staff of the hospital": the attribute's preposition between
        member = hit.first - gap - 1
        if member < 0:
            return False
        between = words[member + 1:hit.first]
        if between:
            found = _prepositions("attribute").match_at(between, 0)
            if found is None or found.last != gap - 1:
                continue
        if _members().match_at(words, member):
            return True
    return False


def _quoted(quotes: list[int], hit: Hit) -> bool:
    """Inside quotation marks (``quotes``: the sentence's, in order) the words are a name ("акция
    «Дорога в школу»"), not an object."""
    return bisect_left(quotes, hit.start) % 2 == 1


def is_plural(word: Word, lang: str) -> bool:
    if lang == "ru":
        return "plur" in ru_parse(word.fold).tag
    if lang == "kk":
        return any(e.startswith(_KK_PLURAL) for e in kk_suffixes(word))
    return word.fold != en_lemma(word.fold)


@lru_cache(maxsize=3)
def _prepositions(kind: str) -> Lexicon:
    """The prepositions of table ``[kind]`` (target, attribute, purpose) in Russian and English."""
    table = load_table("objects")[kind]
    return Lexicon({kind: table.get("ru", []) + table.get("en", [])})


def _target(words: list[Word], hit: Hit, lang: str, after: int) -> bool:
    """Where the gift went: a preposition among the few words before the object (not reaching
    back past the object before it, index ``after``), or a Kazakh dative."""
    if lang != "kk":
        window = words[max(after, hit.first - TARGET_WINDOW):hit.first]
        return bool(_prepositions("target").find(window)) or (lang == "ru" and _dative(words, hit))
    return any(e in load_table("objects")["target"]["kk"] for e in kk_suffixes(words[hit.last]))


def _instrumental(words: list[Word], hit: Hit, lang: str) -> bool:
    table = load_table("objects")["instrumental"]
    if lang == "kk":
        return any(e in table["kk"] for e in kk_suffixes(words[hit.last]))
    if lang == "ru":
        head = next((t for t in (ru_parse(w.fold).tag for w in words[hit.first:hit.last + 1]) if "NOUN" in t), None)
        return head is not None and head.case in table["ru"]
    return any(w.fold in table["en"] for w in words[max(0, hit.first - 3):hit.first])


def _dative(words: list[Word], hit: Hit) -> bool:
    """A Russian object whose noun can only be a dative here ("больнице", "детям"), not the thing given."""
    noun = next((w for w in words[hit.first:hit.last + 1] if "NOUN" in ru_parse(w.fold).tag), None)
    if noun is None:
        return False
    cases = {p.tag.case for p in ru_parses(noun.fold) if "NOUN" in p.tag}
    return load_table("objects")["target"]["ru_case"] in cases and not cases & {"nomn", "accs"}


def _attribute(text: str, words: list[Word], hits: list[Hit], k: int, lang: str) -> bool:
    """An object that qualifies its neighbour: "спортзал школы", "the gym of the school",
    "мектептің спорт залы"."""
    table = load_table("objects")["attribute"]
    hit = hits[k]
    if lang == "kk":
        nxt = hits[k + 1] if k + 1 < len(hits) else None
        return bool(nxt and nxt.first == hit.last + 1
                    and any(e in table["kk"] for e in kk_suffixes(words[hit.last])))
    prev = hits[k - 1] if k else None
    if prev is None or hit.first - prev.last > 3 or _PUNCT.search(text, prev.end, hit.start):
        return False
    gap = words[prev.last + 1:hit.first]
    if lang == "ru":   # "спортзал школы", "спортивного зала средней школы"
        tags = [ru_parse(w.fold).tag for w in gap + words[hit.first:hit.last + 1]]
        head = next((t for t in tags if "NOUN" in t), None)
        return (head is not None and head.case in table["ru"]
                and all("ADJF" in t and t.case == head.case for t in tags[:len(gap)]))
    return bool(gap) and bool(_prepositions("attribute").find(gap[:1] + gap[1:2]))


def purpose_follows(words: list[Word], end: int) -> bool:
    """An amount followed by "на", "for", "on": it pays for the object after it."""
    nxt = [w for w in words if w.start >= end][:2]
    return bool(nxt) and bool(_prepositions("purpose").match_at(nxt, 0))


def is_movable(label: str) -> bool:
    return label in load_table("objects")["movable"]


def is_hypernym(label: str) -> bool:
    return label in load_table("objects")["hypernyms"]


def plural(word: str) -> str:
    """English plural of a label or unit ("kindergartens", "children")."""
    irregular = load_table("objects")["plurals"]
    return irregular.get(word) or (word if word.endswith("s") else word + "s")


def uncountable(label: str) -> bool:
    return label in load_table("objects")["uncountable"]


@lru_cache(maxsize=1)
def _describing() -> Lexicon:
    table = load_table("objects")["describing"]
    return Lexicon({"describing": [p for lang in LANGS for p in table[lang]],
                    "members": [p for lang in LANGS for p in table["members"][lang]]})


def describing(words: list[Word], objects: list[ObjectMention], actions: set[int]) -> set[int]:
    """Indices of the objects that describe an earlier object ("котельной, которая отапливает
    школу", "equipment, including wheelchairs": neither was given); an action of the clause
    before the object (word index in ``actions``) makes it a gift again, and so does a generic
    object before a word of its members ("18 проектов, среди которых детские площадки": the
    projects are those gifts).  One pass over the words: each object looks at the nearest action
    or describing word before it."""
    if not objects:
        return set()
    marks: list[tuple[int, str | None]] = []      # (word index, describing label or None: an action)
    i = 0
    while i < objects[-1].first:
        hit = None if i in actions else _describing().match_at(words, i)
        if i in actions or hit:
            marks.append((i, hit.label if hit else None))
        i = hit.last + 1 if hit else i + 1
    out, earliest_end, m = set(), None, -1
    for k, obj in enumerate(objects):
        while m + 1 < len(marks) and marks[m + 1][0] < obj.first:
            m += 1
        if m >= 0 and marks[m][1] and earliest_end is not None and earliest_end < marks[m][0]:
            before = objects[bisect_right(objects, marks[m][0], key=attrgetter("last")) - 1]
            if not (marks[m][1] == "members" and before.generic):
                out.add(k)
        earliest_end = obj.last if earliest_end is None else min(earliest_end, obj.last)
    return out


def refers_back(obj: ObjectMention) -> bool:
    """"the project", "нысанды": one generic thing, the one just named."""
    return obj.label in load_table("objects")["anaphoric"] and not obj.plural and not obj.count


@lru_cache(maxsize=1)
def _fields() -> tuple[Lexicon, Lexicon, Lexicon]:
    """(field nouns by sector, frame words, places developed as a whole): ``[fields]`` of ``objects.toml``."""
    table = load_table("objects")["fields"]
    nouns: dict[str, list[str]] = {}
    for lang in LANGS:
        for sector, phrases in table[lang].items():
            nouns.setdefault(sector, []).extend(phrases)
    return (Lexicon(nouns), Lexicon.from_section("objects", "fields.frames", "frame"),
            Lexicon.from_section("objects", "fields.places", "mixed"))


def field_sector(words: list[Word]) -> str | None:
    """The sector of the one field the words say the work is in ("по линии образования", "in the
    field of health", "білім беру саласында"); "mixed" if several, or for a place developed as a
    whole ("на развитие села"); None if none."""
    nouns, frames, places = _fields()
    if not frames.find(words):
        return None
    sectors = {h.label for h in nouns.find(words)}
    if not sectors:
        return "mixed" if places.find(words) else None
    return sectors.pop() if len(sectors) == 1 else "mixed"


def find_beneficiaries(words: list[Word]) -> list[Hit]:
    return _beneficiaries().find(words)


def beneficiary_sector(hits: list[Hit]) -> str | None:
    """The sector of the first beneficiary that has one."""
    sectors: dict[str, str] = load_table("beneficiaries")["sectors"]
    for hit in hits:
        if hit.label in sectors:
            return sectors[hit.label]
    return None


@lru_cache(maxsize=100_000)
def _ru_cases(word: str) -> frozenset[str]:
    """The cases a Russian noun, adjective or participle form may be in (all its parses)."""
    return frozenset(p.tag.case for p in ru_parses(word)
                     if p.tag.case and {"NOUN", "ADJF", "PRTF"} & {p.tag.POS})


def _phrase_cases(text: str, words: list[Word], first: int, last: int) -> frozenset[str] | None:
    """Cases an object phrase, with up to two adjectives right before it (not across a comma, nor a
    relative "которых" that opens its clause), can share (None: unknown)."""
    lo = first
    while (lo > max(0, first - 2) and "ADJF" in ru_parse(words[lo - 1].fold).tag
           and not _PUNCT.search(text, words[lo - 1].end, words[lo].start)
           and not _describing().match_at(words, lo - 1)):
        lo -= 1
    found = None
    for w in words[lo:last + 1]:
        cases = _ru_cases(w.fold)
        if cases:
            found = cases if found is None else found & cases
    return found


def _agree(text: str, words: list[Word], left: ObjectMention, right: ObjectMention) -> bool:
    """Russian list items share a case: "доплаты … врачей и специалистов городской больницы"
    is not a list of supplements and a hospital."""
    a, b = _phrase_cases(text, words, left.first, left.last), _phrase_cases(text, words, right.first, right.last)
    return a is None or b is None or bool(a & b)


def _joined(text: str, words: list[Word], left: ObjectMention, right: ObjectMention,
            blockers: set[int], lang: str) -> bool:
    """True if ``right`` continues a list after ``left``: a separator, then a few modifiers."""
    if any(i in blockers for i in range(left.last + 1, right.first)):
        return False
    if lang == "ru" and not _agree(text, words, left, right):
        return False
    gap = words[left.last + 1:right.first]
    if not left.generic and ":" in text[left.end:right.start]:
        return False    # "отремонтировало клуб: заменили крышу, окна и отопление" — parts, not a list
    ends = [m.end() for m in _PUNCT.finditer(text, left.end, right.start)]
    ends += [h.end for h in separators().find(gap)]
    if not ends:
        return False
    after = max(ends)
    return sum(1 for w in gap if w.start >= after) <= MAX_MODIFIERS


def _tight(text: str, words: list[Word], left: ObjectMention, right: ObjectMention) -> bool:
    """``right`` follows ``left`` with no separator and at most a couple of words between them."""
    gap = words[left.last + 1:right.first]
    return (not right.target and len(gap) <= 2 and not _PUNCT.search(text, left.end, right.start)
            and not separators().find(gap))


def is_separator(text: str, words: list[Word], start: int, end: int) -> bool:
    """True if ``text[start:end]`` is nothing but a list separator (", ", " and ", " мен ")."""
    gap = words[bisect_left(words, start, key=attrgetter("start")):bisect_right(words, end, key=attrgetter("end"))]
    if not gap:
        return bool(_PUNCT.search(text, start, end))
    seps = separators().find(gap)
    return len(seps) == 1 and seps[0].first == 0 and seps[0].last == len(gap) - 1


def coordinated(text: str, words: list[Word], objects: list[ObjectMention], anchor: int,
                blockers: set[int], lang: str) -> list[ObjectMention]:
    """The object ``objects[anchor]`` and the list it belongs to, left to right.

    ``blockers`` are word indices (other actions) that a list cannot span.  A recipient inside an
    item ("детские площадки для санатория, компьютеры для школы") is part of it, not the list's end:
    the list goes on past it to the next item, or to the gift right after it ("мектепке компьютерлер")."""
    def step(k: int, way: int) -> int | None:
        """The next item of the list from ``objects[k]`` in direction ``way`` (its index), or None."""
        j = k + way
        if way > 0 and objects[k].target and j < len(objects) and _tight(text, words, objects[k], objects[j]):
            return j
        while 0 <= j < len(objects):
            left, right = (objects[k], objects[j]) if way > 0 else (objects[j], objects[k])
            if _joined(text, words, left, right, blockers, lang):
                return j
            if not objects[j].target:
                return None
            j += way
        return None

    lo = hi = anchor
    while (k := step(lo, -1)) is not None:
        lo = k
    while (k := step(hi, 1)) is not None:
        hi = k
    return objects[lo:hi + 1]
