"""Scoring an analysis against gold annotations (spec format 3).

The same metrics as the reference scorer: money within 0.5 %, region groups,
organisation and person names compared after transliteration to Latin and
removal of legal forms, and records matched on sector, region, sponsor and
amount by a maximum one-to-one matching (required gold records first).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from csrledger.taxonomy import STATUSES

_CYR_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}
# Legal forms and generic words that do not tell one organisation from another.
_GENERIC_ORG_WORDS = frozenset({
    "llp", "jsc", "llc", "ltd", "plc", "inc", "co", "corp", "gmbh", "ag", "sa",
    "too", "ao", "oao", "zao", "pao", "ooo", "ip", "kgkp", "gkp", "rgp", "ntsp",
    "zhshs", "ak", "kh", "pf", "partnership", "company", "corporation", "farm",
    "tovarishestvo", "ogranichennoy", "otvetstvennostyu", "aktsionernoe",
    "obshestvo", "krestyanskoe", "fermerskoe", "khozyaystvo", "the",
})
MONEY_TOLERANCE = 0.005
METRICS = ("money", "regions", "companies", "persons", "records")


def to_latin(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    out = "".join(_CYR_LATIN.get(ch, ch) for ch in text)
    return "".join(ch for ch in unicodedata.normalize("NFKD", out) if not unicodedata.combining(ch))


def org_key(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", to_latin(name))
    return " ".join([w for w in words if w not in _GENERIC_ORG_WORDS] or words)


def person_words(name: str) -> list[str]:
    folded = to_latin(name).replace("kh", "h").replace("q", "k").replace("j", "zh")
    return re.findall(r"[a-z]+", folded)


def similar(a: str, b: str, cutoff: float = 0.85) -> bool:
    return bool(a and b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= cutoff)


def _alternatives(gold: Any) -> list[str]:
    return gold if isinstance(gold, list) else [gold]


def org_matches(gold: Any, pred: str) -> bool:
    return any(similar(org_key(g), org_key(pred)) for g in _alternatives(gold))


def _one_person(gold: str, pred: str) -> bool:
    """Same surname, and no conflict between given names or initials where both have them."""
    g, p = person_words(gold), person_words(pred)
    pairs = [(a, b) for a in g if len(a) > 3 for b in p if len(b) > 3 and similar(a, b, 0.8)]
    if not pairs:
        return False
    surname_g, surname_p = pairs[0]
    rest_g = [w for w in g if w != surname_g]
    rest_p = [w for w in p if w != surname_p]
    if not rest_g or not rest_p:
        return True
    return any((a[0] == b[0]) if min(len(a), len(b)) == 1 else similar(a, b, 0.7)
               for a in rest_g for b in rest_p)


def person_matches(gold: Any, pred: str) -> bool:
    return any(_one_person(g, pred) for g in _alternatives(gold))


def money_matches(gold_values: Iterable[float], value: float) -> bool:
    return any((g == 0 and value == 0) or (g and abs(value - g) <= MONEY_TOLERANCE * abs(g))
               for g in gold_values)


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    return _listed(value)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def result(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def match(golds: list[Any], preds: list[Any],
          accepts: Callable[[Any, Any], bool]) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Maximum one-to-one matching by augmenting paths; earlier gold items keep priority.

    Returns (pairs, unmatched gold, unmatched predictions)."""
    edges = [[j for j, p in enumerate(preds) if accepts(g, p)] for g in golds]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    matched = {i: j for j, i in owner.items()}
    pairs = [(golds[i], preds[j]) for i, j in sorted(matched.items())]
    return (pairs, [g for i, g in enumerate(golds) if i not in matched],
            [p for j, p in enumerate(preds) if j not in owner])


def _score_money(gold: dict[str, Any], pred: dict[str, Any], tally: Tally, notes: dict[str, Any]) -> None:
    golds = [(g.get("currency", "KZT"), [g["value"], *g.get("alt", [])]) for g in gold.get("money", [])]
    golds.sort(key=lambda g: g[0] != "KZT")
    preds = [m for m in pred.get("money", []) if isinstance(m.get("value"), (int, float))]
    pairs, missed, extra = match(golds, preds, lambda g, p: (p.get("currency") or "KZT") == g[0]
                                 and money_matches(g[1], float(p["value"])))
    tally.add(len(pairs), len(extra), len(missed))
    notes["money_missed"] = [g[1][0] for g in missed]
    notes["money_extra"] = [(p.get("text"), p.get("value")) for p in extra]


def _score_regions(gold: dict[str, Any], pred: dict[str, Any], tally: Tally, notes: dict[str, Any]) -> None:
    groups = [set(_listed(r)) for r in gold.get("regions", [])]
    allowed = set(gold.get("regions_allowed", []))
    found = {p.get("region") for p in pred.get("places", []) if p.get("region")}
    missed = [g for g in groups if not g & found]
    extra = sorted(c for c in found if c not in allowed and not any(c in g for g in groups))
    tally.add(len(groups) - len(missed), len(extra), len(missed))
    notes["regions_missed"] = [sorted(g) for g in missed]
    notes["regions_extra"] = extra


def _score_names(golds: list[Any], allowed: list[Any], names: list[str | None], accepts: Callable[[Any, Any], bool],
                 tally: Tally, notes: dict[str, Any], key: str) -> None:
    distinct: list[str] = []
    for name in names:
        if name and not any(accepts(name, seen) for seen in distinct):
            distinct.append(name)
    pairs, missed, extra = match(golds, distinct, accepts)
    extra = [p for p in extra if not any(accepts(g, p) for g in [*golds, *allowed])]
    tally.add(len(pairs), len(extra), len(missed))
    notes[key + "_missed"] = missed
    notes[key + "_extra"] = extra


def record_matches(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    sectors = _as_list(gold.get("sector"))
    if sectors is not None and pred.get("sector") not in sectors:
        return False
    regions = _as_list(gold.get("region"))
    if regions is not None and pred.get("region") not in regions:
        return False
    sponsors = _as_list(gold.get("sponsor"))
    if sponsors is not None:
        name = pred.get("sponsor") or ""
        if not any(org_matches(s, name) or person_matches(s, name) for s in sponsors):
            return False
    if gold.get("amount") is not None:
        amount = pred.get("amount")
        if not isinstance(amount, (int, float)):
            return False
        return money_matches([gold["amount"], *gold.get("amount_alt", [])], float(amount))
    return True


def _status_agrees(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    wanted = _as_list(gold.get("status"))
    if not wanted:
        return False
    return pred.get("status") in wanted


def prefer_status(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Among matchings of the same size, the one where more statuses agree: two matched gold records
    swap their predictions when both still match after the swap and more statuses then agree."""
    pairs = list(pairs)
    improved = True
    while improved:
        improved = False
        for a in range(len(pairs)):
            for b in range(a + 1, len(pairs)):
                (g1, p1), (g2, p2) = pairs[a], pairs[b]
                if g1.get("optional") != g2.get("optional"):   # as score.py compares them
                    continue
                if not (record_matches(g1, p2) and record_matches(g2, p1)):
                    continue
                if (_status_agrees(g1, p2) + _status_agrees(g2, p1)
                        > _status_agrees(g1, p1) + _status_agrees(g2, p2)):
                    pairs[a], pairs[b] = (g1, p2), (g2, p1)
                    improved = True
    return pairs


def _score_records(gold: dict[str, Any], pred: dict[str, Any], tally: Tally, status: list[int],
                   notes: dict[str, Any]) -> None:
    golds = sorted(gold.get("records", []), key=lambda g: bool(g.get("optional")))
    preds = [r for r in pred.get("records", []) if r.get("sponsor_kind") != "state"]
    pairs, missed, extra = match(golds, preds, record_matches)
    pairs = prefer_status(pairs)
    tally.add(sum(not g.get("optional") for g, _ in pairs), len(extra),
              sum(not g.get("optional") for g in missed))
    for g, p in pairs:
        wanted = _as_list(g.get("status"))
        if wanted and set(wanted) <= set(STATUSES):
            status[0] += p.get("status") in wanted
            status[1] += 1
    notes["records_missed"] = [g.get("note") or g for g in missed if not g.get("optional")]
    notes["records_extra"] = [{k: r.get(k) for k in ("sponsor", "sector", "region", "amount", "object")}
                              for r in extra]


def evaluate(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Metrics over all gold documents; ``details`` lists misses and extras per document."""
    tallies = {name: Tally() for name in METRICS}
    status = [0, 0]
    details: dict[str, dict[str, Any]] = {}
    for doc_id, g in gold.items():
        p = pred.get(doc_id, {})
        notes: dict[str, Any] = {}
        _score_money(g, p, tallies["money"], notes)
        _score_regions(g, p, tallies["regions"], notes)
        _score_names(g.get("companies", []), g.get("companies_allowed", []),
                     [c.get("name") or c.get("text") for c in p.get("companies", [])],
                     org_matches, tallies["companies"], notes, "companies")
        _score_names(g.get("persons", []), g.get("persons_allowed", []),
                     [c.get("name") or c.get("text") for c in p.get("persons", [])],
                     person_matches, tallies["persons"], notes, "persons")
        _score_records(g, p, tallies["records"], status, notes)
        details[doc_id] = {k: v for k, v in notes.items() if v}
    result: dict[str, Any] = {name: t.result() for name, t in tallies.items()}
    result["record_status_accuracy"] = round(status[0] / status[1], 4) if status[1] else None
    result["documents"] = len(gold)
    result["documents_missing_in_pred"] = [d for d in gold if d not in pred]
    result["details"] = details
    return result


def render(result: dict[str, Any], details: bool = False) -> str:
    lines = []
    if details:
        for doc_id, notes in result["details"].items():
            if notes:
                lines.append(f"== {doc_id}")
                lines += [f"   {k}: {v}" for k, v in notes.items()]
    lines.append(f"{'metric':<10} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")
    for name in METRICS:
        r = result[name]
        lines.append(f"{name:<10} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}   "
                     f"{r['tp']}/{r['fp']}/{r['fn']}")
    lines.append(f"record status accuracy: {result['record_status_accuracy']}")
    if result["documents_missing_in_pred"]:
        lines.append(f"documents missing in prediction: {len(result['documents_missing_in_pred'])}")
    return "\n".join(lines)
