"""The learned judge: features, model files, training, and the records it adds where the rules are silent.

The documents are invented; the objects (trampolines, accordions) are in none of the record tables,
so whatever record they make comes from what the judge learned.
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from csrledger.model import Document
from csrledger.pipeline import analyse, extract_mentions, prepare
from csrledger.records.judge import MODEL, ChunkVerdict, LinearJudge, Verdict, shipped_judge
from csrledger.records.train import Recorder, examples_of, fit, main
from csrledger.taxonomy import SECTORS

# (sentence stating a gift, its sector): three languages, objects no table lists
GIFTS = [
    ("ТОО «Береке Агро» подарило посёлку Талгар двенадцать батутов.", "sport"),
    ("ТОО «Самал Строй» подарило посёлку Есик десять батутов.", "sport"),
    ("Vostok Trade LLP gave the town of Talgar twelve trampolines.", "sport"),
    ("Altyn Dala LLP gave the town of Esik ten trampolines.", "sport"),
    ("«Береке Агро» ЖШС Талғар кентіне он екі батут сыйлады.", "sport"),
    ("«Самал Строй» ЖШС Есік қаласына он батут сыйлады.", "sport"),
    ("ТОО «Береке Агро» подарило посёлку Талгар шесть баянов.", "culture"),
    ("ТОО «Самал Строй» подарило посёлку Есик восемь баянов.", "culture"),
    ("Vostok Trade LLP gave the town of Talgar six accordions.", "culture"),
    ("Altyn Dala LLP gave the town of Esik eight accordions.", "culture"),
    ("«Береке Агро» ЖШС Талғар кентіне алты баян сыйлады.", "culture"),
    ("«Самал Строй» ЖШС Есік қаласына сегіз баян сыйлады.", "culture"),
]
# sentences that state nothing given
NEWS = [
    "В Талгаре весь день шёл дождь, а к вечеру похолодало.",
    "Цены на бензин в Есике не менялись третью неделю.",
    "It rained all day in Talgar and turned cold in the evening.",
    "Petrol prices in Esik have not changed for three weeks.",
    "Талғарда күні бойы жаңбыр жауды.",
    "Есікте бензин бағасы үш апта бойы өзгерген жоқ.",
]


def _training_set():
    """Documents of one gift sentence between two news sentences, with training gold (FORMATS.md 3a)."""
    documents = []
    for n, (gift, sector) in enumerate(GIFTS):
        text = f"{NEWS[n % len(NEWS)]} {gift} {NEWS[(n + 1) % len(NEWS)]}"
        view = prepare(Document(id=f"g{n}", text=text))
        gold = {"id": f"g{n}", "records": [{"sector": sector, "status": "completed", "evidence": gift}]}
        documents.append((view, extract_mentions(view), gold))
    return documents


@pytest.fixture(scope="module")
def small_judge() -> LinearJudge:
    return fit(e for view, analysis, gold in _training_set() for e in examples_of(view, analysis, gold))


def test_examples_are_labelled_by_the_gold_evidence():
    view, analysis, gold = _training_set()[0]
    examples = [e for e in examples_of(view, analysis, gold) if not e.chunk]
    assert [e.record for e in examples] == [False, True, False]
    assert (examples[1].sector, examples[1].status) == ("sport", "completed")


# (sentence listing gifts, its items with their sectors): lists of objects no table lists
LISTS = [
    ("ТОО «Береке Агро» подарило посёлку Талгар батуты, баяны и палатки, сообщает пресс-служба.",
     [("батуты", "sport"), ("баяны", "culture"), ("палатки", "emergency")]),
    ("ТОО «Самал Строй» подарило посёлку Есик палатки, батуты и баяны, сообщает пресс-служба.",
     [("палатки", "emergency"), ("батуты", "sport"), ("баяны", "culture")]),
    ("Vostok Trade LLP gave the town of Talgar trampolines, accordions and tents, the press office said.",
     [("trampolines", "sport"), ("accordions", "culture"), ("tents", "emergency")]),
    ("Altyn Dala LLP gave the town of Esik tents, trampolines and accordions, the press office said.",
     [("tents", "emergency"), ("trampolines", "sport"), ("accordions", "culture")]),
    ("«Береке Агро» ЖШС Талғар кентіне батуттар, баяндар және шатырлар сыйлады, деп хабарлады баспасөз қызметі.",
     [("батуттар", "sport"), ("баяндар", "culture"), ("шатырлар", "emergency")]),
    ("«Самал Строй» ЖШС Есік қаласына шатырлар, батуттар және баяндар сыйлады, деп хабарлады баспасөз қызметі.",
     [("шатырлар", "emergency"), ("батуттар", "sport"), ("баяндар", "culture")]),
]


def _list_training_set():
    """Documents of one list sentence between news, every item a gold record with its object span."""
    documents = []
    for n, (sentence, items) in enumerate(LISTS * 2):
        text = f"{NEWS[n % len(NEWS)]} {sentence} {NEWS[(n + 1) % len(NEWS)]}"
        view = prepare(Document(id=f"l{n}", text=text))
        records = [{"sector": sector, "status": "completed", "evidence": sentence, "object_text": item}
                   for item, sector in items]
        documents.append((view, extract_mentions(view), {"id": f"l{n}", "records": records}))
    return documents


def test_pieces_of_a_list_are_labelled_by_the_gold_objects():
    view, analysis, gold = _list_training_set()[0]
    pieces = [e for e in examples_of(view, analysis, gold) if e.chunk]
    assert sorted(e.sector for e in pieces if e.record) == ["culture", "emergency", "sport"]
    assert [e.record for e in pieces] == [True, True, True, False]   # "сообщает пресс-служба" names no gift


@pytest.mark.parametrize("text,sponsor", [
    ("ТОО «Алтын Су» подарило посёлку Каскелен баяны, палатки и батуты.", "Алтын Су"),
    ("Dala Service LLP gave the town of Kaskelen accordions, tents and trampolines.", "Dala Service"),
    ("«Алтын Су» ЖШС Қаскелең қаласына баяндар, шатырлар және батуттар сыйлады.", "Алтын Су"),
])
def test_each_item_of_a_list_no_table_knows_is_a_record(text, sponsor):
    judge = fit(e for view, analysis, gold in _list_training_set() for e in examples_of(view, analysis, gold))
    records = analyse(Document(id="new", text=text), judge=judge).records
    assert {"culture", "emergency", "sport"} <= {r.sector for r in records}
    assert all("семьям" not in r.object for r in records)      # the rules' own "aid to ..." may stand
    assert {r.sponsor for r in records} == {sponsor}
    assert all("Каскелен" not in r.object and "Қаскелең" not in r.object for r in records)   # the gift, not where


@pytest.mark.parametrize("text,sector", [
    ("ТОО «Алтын Су» подарило посёлку Каскелен пятнадцать батутов.", "sport"),
    ("Dala Service LLP gave the town of Kaskelen fifteen trampolines.", "sport"),
    ("«Алтын Су» ЖШС Қаскелең қаласына сегіз баян сыйлады.", "culture"),
])
def test_judge_makes_the_record_the_rules_cannot(small_judge, text, sector):
    doc = Document(id="new", text=text)
    assert analyse(doc, judge=Recorder()).records == []          # no table knows the object
    (record,) = analyse(doc, judge=small_judge).records
    assert record.sector == sector
    assert record.sponsor in ("Алтын Су", "Dala Service")
    assert record.evidence[0].start == 0


def test_judge_keeps_quiet_on_news(small_judge):
    doc = Document(id="news", text="В Каскелене весь день шёл снег. Цены на хлеб в Каскелене не менялись.")
    assert analyse(doc, judge=small_judge).records == []


def test_saved_model_loads_to_the_same_verdicts_and_bytes(small_judge, tmp_path):
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    small_judge.save(first)
    LinearJudge.load(first).save(second)
    assert first.read_bytes() == second.read_bytes()
    view, analysis, gold = _training_set()[3]
    for facts, features in _recorded(view, analysis):
        a, b = small_judge.judge(facts, features), LinearJudge.load(first).judge(facts, features)
        assert (a.sector, a.status) == (b.sector, b.status)
        assert a.p_record == pytest.approx(b.p_record, abs=1e-3)    # weights are stored as float16


def _recorded(view, analysis):
    from csrledger.records.assemble import assemble_records
    recorder = Recorder()
    assemble_records(view, analysis, recorder)
    return recorder.seen


def test_training_is_deterministic(tmp_path):
    examples = [e for view, analysis, gold in _training_set() for e in examples_of(view, analysis, gold)]
    fit(examples).save(tmp_path / "a.npz")
    fit(list(reversed(examples))[::-1]).save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_features_do_not_depend_on_the_hash_seed():
    code = ("from csrledger.pipeline import prepare, extract_mentions;"
            "from csrledger.records.train import Recorder;"
            "from csrledger.records.assemble import assemble_records;"
            "from csrledger.model import Document;"
            "v = prepare(Document(id='x', text='ТОО «Береке Агро» подарило посёлку Талгар батуты.'));"
            "r = Recorder(); assemble_records(v, extract_mentions(v), r);"
            "print(sorted(f for _, fs in r.seen for f in fs))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1


def test_train_command_writes_a_model_from_a_folder(tmp_path):
    data = tmp_path / "train"
    data.mkdir()
    with open(data / "corpus.jsonl", "w", encoding="utf-8") as corpus, \
            open(data / "gold.jsonl", "w", encoding="utf-8") as gold_file:
        for view, _, gold in _training_set():
            corpus.write(json.dumps({"id": view.doc.id, "text": view.text}, ensure_ascii=False) + "\n")
            gold_file.write(json.dumps(gold, ensure_ascii=False) + "\n")
    assert main(["--data", str(data), "-o", str(tmp_path / "judge.npz")]) == 0
    assert set(LinearJudge.load(tmp_path / "judge.npz").heads) == {"record", "sector", "status"}
    assert main(["--data", str(tmp_path / "missing"), "-o", str(tmp_path / "x.npz")]) == 2


def test_shipped_model_speaks_the_taxonomy():
    if not MODEL.exists():
        pytest.skip("no trained model in the package (run make train)")
    judge = shipped_judge()
    assert judge.heads["record"].classes == ["no", "yes"]
    assert set(judge.heads["sector"].classes) <= set(SECTORS)
    assert set(judge.heads["status"].classes) <= {"completed", "ongoing", "planned"}
    assert np.all(np.diff(judge.heads["record"].ids) > 0)      # sorted ids: searchsorted finds them


def test_a_piece_naming_whom_a_gift_helped_is_no_gift():
    judge = fit(e for view, analysis, gold in _list_training_set() for e in examples_of(view, analysis, gold))
    text = "ТОО «Алтын Су» подарило баяны, палатки и батуты, малообеспеченным семьям района."
    records = analyse(Document(id="new", text=text), judge=judge).records
    assert {"culture", "emergency", "sport"} <= {r.sector for r in records}
    assert all("семьям" not in r.object for r in records)      # the rules' own "aid to ..." may stand


class _EveryPieceEmergency:
    """A judge that reads every piece of a list as an emergency gift: the sector then comes from the piece itself."""

    def judge(self, facts, features):
        return Verdict(0.9, "emergency", 0.9, "completed", 0.9)

    def judge_chunk(self, facts, chunk, features):
        return ChunkVerdict(0.9, "emergency")


def test_a_piece_that_names_whom_it_serves_takes_their_sector():
    text = "ТОО «Алтын Су» подарило посёлку батуты, подъёмник для людей с инвалидностью и палатки."
    records = analyse(Document(id="new", text=text), judge=_EveryPieceEmergency()).records
    sectors = {r.object: r.sector for r in records}
    assert sectors["подъёмник для людей с инвалидностью"] == "social_support"
    assert sectors["палатки"] == "emergency"


def test_a_piece_takes_the_one_amount_of_its_clause_between_semicolons():
    text = ("Фонд «Алтын Су» помог: по оснащению кабинета Монтессори – закуплено на 64 млн тенге; "
            "по развитию службы нейрохирургии – потрачено 92 млн тенге.")
    records = analyse(Document(id="new", text=text), judge=_EveryPieceEmergency()).records
    assert [(r.object, r.amount) for r in records] == [("по оснащению кабинета Монтессори", 64e6),
                                                       ("по развитию службы нейрохирургии", 92e6)]
