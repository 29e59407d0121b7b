"""The events stage on invented reports: one investment across outlets, languages and from promise to
delivery is one event; two investments that look alike are two."""
import datetime as dt

import pytest

from csrledger.events.accounts import counted, summarise
from csrledger.events.index import EventIndex, group
from csrledger.events.keys import object_label, object_relation, place_relation, sponsor_key
from csrledger.events.match import conflict
from csrledger.events.report import Report
from csrledger.events.text import Embedder


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


def report(key, doc, evidence, **fields):
    values = dict(sponsor="Береке Агро", sponsor_kind="company", sector="education",
                  object="kindergarten for 120 places", status="completed", region="KZ-55", place="Zhanaturmys",
                  amount_kzt=450e6, quantities=(("place", 120.0),), published=dt.date(2024, 5, 14), lang="ru")
    values.update(fields)
    return Report(key=key, doc_id=doc, evidence=evidence, **values)


RU = "ТОО «Береке Агро» построило детский сад на 120 мест в селе Жанатурмыс за 450 млн тенге."
KK = "«Береке Агро» серіктестігі Жаңатұрмыс ауылында 120 орындық балабақша салды, құны 450 млн теңге."
EN = "Bereke Agro LLP has built a 120-place kindergarten in the village of Zhanaturmys for 450 million tenge."


def test_sponsor_key_is_the_same_across_scripts_and_spellings():
    assert sponsor_key("Береке Агро").matches(sponsor_key("Bereke Agro LLP"))
    assert sponsor_key("Фонд Нурлана Сапарова").words and sponsor_key("Nurlan Saparov Foundation").matches(
        sponsor_key("Нурлан Сапаров"))
    assert sponsor_key("Caspian Steppe Resources").matches(sponsor_key("CSR"))      # an acronym
    assert not sponsor_key("Береке Агро").matches(sponsor_key("Алтын Дала"))
    assert not sponsor_key("Nurlan Saparov").matches(sponsor_key("Aidos Saparov"))  # a namesake
    assert not sponsor_key(None).matches(sponsor_key("Береке Агро"))               # unknown is not "same"


def test_object_and_place_relations():
    assert object_label("11 schools") == object_label("school for 600 places") == "school"
    assert object_relation("school", "educational institution") == "compatible"
    assert object_relation("school", "kindergarten") == "different"
    assert place_relation("Ekibastuz", "Pavlodar Region") == "compatible"
    assert place_relation("Ekibastuz", "Aksu") == "different"


def test_translations_of_one_gift_are_one_event(embedder):
    reports = [report("r-ru", "d-ru", RU), report("r-kk", "d-kk", KK, sponsor="Береке Агро ЖШС", lang="kk"),
               report("r-en", "d-en", EN, sponsor="Bereke Agro", lang="en")]
    events = group(reports, embedder)
    assert len(set(events.values())) == 1


def test_a_reprint_is_the_same_event_even_when_its_fields_were_misread(embedder):
    original = report("r-1", "d-1", RU)
    reprint = report("r-2", "d-2", RU, region="KZ-10", place=None, amount_kzt=None)  # the other site's extraction
    index = EventIndex(embedder)
    assert index.add(original) == index.add(reprint)
    assert index.links["r-2"].reasons == ("reprint",)


def test_a_promise_and_its_delivery_are_one_event(embedder):
    promise = report("p", "memo", "«Алтын Су» построит плавательный бассейн в Экибастузе, сообщили в акимате.",
                     sponsor="Алтын Су", sector="sport", object="swimming pool", place="Ekibastuz", amount_kzt=None,
                     quantities=(), status="planned", year_to=2024, published=dt.date(2022, 3, 1))
    delivery = report("d", "opening", "В Экибастузе открылся бассейн, построенный компанией «Алтын Су».",
                      sponsor="Altyn Su", sector="sport", object="swimming pool", place="Ekibastuz", amount_kzt=None,
                      quantities=(), status="completed", published=dt.date(2024, 9, 2))
    events = group([promise, delivery], embedder)
    assert events["p"] == events["d"]
    rows = [{"id": 1, "doc_id": "memo", "status": "planned", "published": dt.date(2022, 3, 1), "year_to": 2024,
             "year_from": None, "sponsor": "Алтын Су", "sponsor_kind": "company", "sector": "sport",
             "object": "swimming pool", "region": "KZ-55", "place": "Ekibastuz", "amount_kzt": 2e9, "aggregate": False,
             "year": 2022},
            {"id": 2, "doc_id": "opening", "status": "completed", "published": dt.date(2024, 9, 2), "year_to": None,
             "year_from": None, "sponsor": "Altyn Su", "sponsor_kind": "company", "sector": "sport",
             "object": "swimming pool", "region": "KZ-55", "place": "Ekibastuz", "amount_kzt": 2.2e9,
             "aggregate": False, "year": 2024}]
    summary = summarise("ev-x", rows, today=dt.date(2025, 1, 1))
    assert (summary.status, summary.promise, summary.amount_kzt, summary.year) == ("completed", "delivered", 2.2e9, 2024)
    undelivered = summarise("ev-y", rows[:1], today=dt.date(2025, 1, 1))
    assert (undelivered.status, undelivered.promise) == ("planned", "overdue")
    assert summarise("ev-z", rows[:1], today=dt.date(2023, 6, 1)).promise == "open"


def test_a_delivery_cannot_come_before_its_promise_and_two_openings_years_apart_are_two():
    promise = report("p", "memo", "x", status="planned", published=dt.date(2023, 1, 1))
    earlier = report("d", "old", "y", status="completed", published=dt.date(2019, 1, 1))
    assert conflict(promise, earlier) == "delivered before promised"
    first = report("a", "a", "x", published=dt.date(2010, 1, 1))
    second = report("b", "b", "y", published=dt.date(2017, 1, 1))
    assert conflict(first, second) == "years"


def test_two_schools_of_one_sponsor_are_two_events(embedder):
    one = report("s1", "doc-1", "Фонд «Болашак Ауыл» построил школу на 300 мест в селе Жанатурмыс.",
                 sponsor="Болашак Ауыл", sponsor_kind="foundation", object="school for 300 places",
                 quantities=(("place", 300.0),), amount_kzt=None)
    other_village = report("s2", "doc-2", "Фонд «Болашак Ауыл» построил школу на 300 мест в селе Актогай.",
                           sponsor="Bolashak Auyl", sponsor_kind="foundation", object="school for 300 places",
                           place="Aktogay", quantities=(("place", 300.0),), amount_kzt=None)
    bigger = report("s3", "doc-3", "Фонд «Болашак Ауыл» построил школу на 900 мест в селе Жанатурмыс.",
                    sponsor="Болашак Ауыл", sponsor_kind="foundation", object="school for 900 places",
                    quantities=(("place", 900.0),), amount_kzt=None)
    events = group([one, other_village, bigger], embedder)
    assert len(set(events.values())) == 3
    assert conflict(one, other_village) == "place" and conflict(one, bigger) == "capacity"


def test_the_same_village_with_two_sponsors_is_two_events(embedder):
    first = report("v1", "doc-1", RU)
    second = report("v2", "doc-2", "ТОО «Алтын Дала» построило детский сад на 120 мест в селе Жанатурмыс.",
                    sponsor="Алтын Дала", amount_kzt=None)
    assert conflict(first, second) == "sponsor"
    assert len(set(group([first, second], embedder).values())) == 2


def test_a_report_without_a_sponsor_joins_only_on_strong_evidence(embedder):
    signed = report("a", "doc-1", RU)
    unsigned = report("b", "doc-2", "В селе Жанатурмыс открылся детский сад на 120 мест стоимостью 450 млн тенге.",
                      sponsor=None, sponsor_kind="unknown")
    assert len(set(group([signed, unsigned], embedder).values())) == 1
    vague = report("c", "doc-3", "В области открылся ещё один детский сад.", sponsor=None, sponsor_kind="unknown",
                   place=None, amount_kzt=None, quantities=())
    assert len(set(group([signed, vague], embedder).values())) == 2


def test_records_of_one_document_are_never_one_event(embedder):
    a, b = report("a", "same", RU), report("b", "same", RU)
    assert conflict(a, b) == "same document"
    assert len(set(group([a, b], embedder).values())) == 2


def test_a_page_gives_its_strongest_report_to_the_event(embedder):
    """A page with two reports that could join one event (an event holds one report of a page): the
    one that restates the promise with its capacity joins it, not the one that happens to come first."""
    school = dict(sponsor="Алтын Су", object="school for 1200 places", place="Ekibastuz", amount_kzt=None,
                  quantities=(("place", 1200.0),), status="planned", published=dt.date(2023, 3, 1))
    promise = report("p", "memo", "«Алтын Су» построит в Экибастузе школу на 1200 мест.", **school)
    loose = report("q1", "news", "В Экибастузе компания «Алтын Су» уже построила одну школу.",
                   **{**school, "object": "school", "quantities": (), "status": "completed"})
    restated = report("q2", "news", "Алтын Су Екібастұзда 1200 орындық мектеп салады.", **school)
    events = group([promise, loose, restated], embedder)
    assert events["q2"] == events["p"] != events["q1"]


def test_grouping_is_incremental_and_deterministic(embedder):
    reports = [report("r-ru", "d-ru", RU), report("r-en", "d-en", EN, sponsor="Bereke Agro", lang="en"),
               report("v2", "doc-2", "ТОО «Алтын Дала» построило детский сад на 120 мест в селе Жанатурмыс.",
                      sponsor="Алтын Дала", amount_kzt=None)]
    assert group(reports, embedder) == group(reports, embedder)
    index = EventIndex(embedder)
    for r in reports[:2]:
        index.add(r)
    before = dict(index.event_of)
    index.add(reports[2])                                   # a new document joins; nothing else moves
    assert {k: index.event_of[k] for k in before} == before


def test_curators_decisions_win(embedder):
    index = EventIndex(embedder)
    index.keep_apart("r-en", "r-ru")
    index.add(report("r-ru", "d-ru", RU))
    index.add(report("r-en", "d-en", EN, sponsor="Bereke Agro", lang="en"))
    assert index.event_of["r-ru"] != index.event_of["r-en"]
    index.keep_together("x", "r-ru")
    index.add(report("x", "d-x", "Совсем о другом.", sponsor=None, sector="culture", object="museum", amount_kzt=None))
    assert index.event_of["x"] == index.event_of["r-ru"]


def test_an_aggregate_counts_only_what_its_parts_do_not_cover():
    assert counted(7e9, [3.2e9, 2.5e9]) == pytest.approx(1.3e9)
    assert counted(5e9, [3e9, 4e9]) == 0.0
    assert counted(None, [1e9]) == 0.0


# --- a page's main place, URL dates, stale years, promise -> delivery, fields that decide alone -----------------

from csrledger.events.match import link  # noqa: E402
from csrledger.events.where import MainPlace, main_place, placed  # noqa: E402


def _m(name, kind, region, start):
    return {"name": name, "kind": kind, "region": region, "start": start}


def test_a_pages_main_place_is_the_town_its_opening_names_and_no_rival_matches():
    # "В Экибастузе откроют школу ..." — the town of the headline, named once, beats the region capital named twice
    page = [_m("Ekibastuz", "city", "KZ-55", 12), _m("Pavlodar", "city", "KZ-55", 700),
            _m("Pavlodar", "city", "KZ-55", 900), _m("Pavlodar Region", "region", "KZ-55", 40)]
    assert main_place(page) == MainPlace("Ekibastuz", "KZ-55")
    # two towns named as prominently: the page has no main place, only its region
    even = [_m("Ekibastuz", "city", "KZ-55", 500), _m("Aksu", "city", "KZ-55", 600)]
    assert main_place(even) == MainPlace(None, "KZ-55")
    assert main_place([]) == MainPlace(None, None)


def test_a_record_without_a_town_takes_its_pages_town_only_within_its_region():
    main = MainPlace("Ekibastuz", "KZ-55")
    assert placed(None, "KZ-55", main) == ("Ekibastuz", "KZ-55", True)
    assert placed("Pavlodar Region", "KZ-55", main) == ("Ekibastuz", "KZ-55", True)
    assert placed("Aksu", "KZ-55", main) == ("Aksu", "KZ-55", False)          # a record's own town is kept
    assert placed(None, "KZ-39", main) == (None, "KZ-39", False)              # another region: not the page's town
    assert placed(None, None, MainPlace(None, "KZ-55")) == (None, "KZ-55", True)


def test_work_under_way_is_dated_by_its_report_not_by_the_history_it_recalls():
    old = report("r", "d", "Школы здесь последний раз строили в 1979 году; сейчас идёт стройка.", status="ongoing",
                 year_from=1979, year_to=1979, published=dt.date(2024, 3, 1))
    assert old.event_year == 2024
    recent = report("r", "d", "Стройка идёт с 2022 года.", status="ongoing", year_from=2022,
                    published=dt.date(2024, 3, 1))
    assert recent.event_year == 2022


def test_an_undated_page_is_dated_by_its_url():
    from csrledger.store.events import report_of

    row = {"key": "k", "doc_id": "d", "sponsor": "Алтын Су", "sponsor_kind": "company", "sector": "sport",
           "object": "swimming pool", "status": "planned", "region": "KZ-55", "place": None, "amount_kzt": None,
           "year_from": None, "year_to": None, "aggregate": False, "published": None, "lang": "ru",
           "evidence": [], "quantities": [], "url": "https://news.example/2022/11/07/altyn-su-basseyn"}
    r = report_of(row, "", MainPlace("Ekibastuz", "KZ-55"))
    assert r.published == dt.date(2022, 11, 7) and r.place == "Ekibastuz" and r.place_from_document


SCHOOL = dict(sponsor="Алтын Су", sector="education", object="school", region="KZ-55", place="Ekibastuz",
              amount_kzt=None, quantities=())


def test_a_memorandum_and_the_opening_that_names_no_town_are_one_event(embedder):
    # the opening's record names no town; its page is about Ekibastuz
    memo = report("m", "memo", "Компания «Алтын Су» построит школу на 600 мест в Экибастузе, меморандум подписан.",
                  status="planned", published=dt.date(2022, 11, 25), **SCHOOL)
    opening = report("o", "open", "Сегодня новая школа приняла первых учеников, её построила компания «Алтын Су».",
                     status="completed", published=dt.date(2025, 9, 1),
                     **{**SCHOOL, "place": "Ekibastuz"}, place_from_document=True)
    found = link(memo, opening, embedder)
    assert conflict(memo, opening) is None and found is not None


def test_two_records_that_only_inherit_their_pages_town_need_more_than_the_town(embedder):
    # a 2020 plan and a 2023 report of one sponsor's school, neither record naming the town: the page's town
    # is no figure; the texts alone must be very close (they are not: 2 gifts)
    plan = report("p", "plan", "Construction of a school for 600 students is slated for this year.",
                  status="planned", published=dt.date(2020, 9, 10), **SCHOOL, place_from_document=True)
    later = report("l", "later", "Горняки поддержали идею строительства новой школы.", status="completed",
                   year_from=2023, published=dt.date(2023, 12, 28), **SCHOOL, place_from_document=True)
    assert conflict(plan, later) is None
    assert link(plan, later, embedder) is None


def test_sponsor_object_and_a_stated_village_link_without_the_text_model():
    class NoModel(Embedder):
        def similarity(self, a, b):
            raise AssertionError("the fields decide: no embedding")

    a = report("a", "d1", RU, amount_kzt=None, quantities=(), published=None)
    b = report("b", "d2", "Жаңатұрмыс ауылында жаңа балабақша ашылды, демеуші — «Береке Агро».", lang="kk",
               amount_kzt=None, quantities=(), published=None)
    found = link(a, b, NoModel())
    assert found is not None and "text" not in " ".join(found.reasons)


def test_look_alikes_of_one_sponsor_and_town_stay_apart(embedder):
    # the same company, the same town: another object, another village, a delivery before the promise, the state
    memo = report("m", "memo", "Компания «Алтын Су» построит школу в Экибастузе до 2026 года.", status="planned",
                  published=dt.date(2024, 2, 1), **SCHOOL)
    gym = report("g", "gym", "«Алтын Су» отремонтировала спортзал школы №5 Экибастуза.", status="completed",
                 published=dt.date(2025, 8, 20), **{**SCHOOL, "object": "sports hall", "sector": "sport"})
    village = report("v", "vil", "«Алтын Су» открыла школу в посёлке Солнечный.", status="completed",
                     published=dt.date(2025, 9, 1), **{**SCHOOL, "place": "Solnechny"})
    earlier = report("e", "old", "В 2015 году «Алтын Су» построила школу в Экибастузе.", status="completed",
                     year_from=2015, published=dt.date(2016, 1, 10), **SCHOOL)
    state = report("s", "state", "В Экибастузе за счёт бюджета построят школу.", status="planned",
                   published=dt.date(2024, 3, 1), **{**SCHOOL, "sponsor": None, "sponsor_kind": "state"})
    events = group([memo, gym, village, earlier, state], embedder)
    assert len(set(events.values())) == 5


def test_object_synonyms_of_schools_and_heating():
    assert object_label("IT school-lyceum for 1200 places") == object_label("secondary school") == "school"
    assert object_label("boiler room") == object_label("modular boiler house") == "heating"
    assert object_relation("educational facility", "school") == "compatible"
    assert object_relation("heating", "road") == "different"          # a boiler house is no road


class _OneEvent:
    """A ledger of one event whose only candidate for a new report is ``candidate``; ``members`` all of it."""

    def __init__(self, candidate, members):
        self.candidate, self.all = candidate, members

    def candidates(self, blocks):
        return [(self.candidate, "ev-1")]

    def members(self, event_id):
        return list(self.all)

    def together(self, key):
        return set()

    def apart(self, key):
        return set()


def test_an_event_is_ruled_out_by_any_of_its_reports_not_only_the_candidates(embedder):
    from csrledger.events.index import links

    signed = report("a", "doc-1", RU)
    unsigned = report("b", "doc-2", "В селе Жанатурмыс открылся детский сад на 120 мест стоимостью 450 млн тенге.",
                      sponsor=None, sponsor_kind="unknown")
    rival = report("c", "doc-3", "ТОО «Алтын Дала» построило детский сад на 120 мест в селе Жанатурмыс.",
                   sponsor="Алтын Дала")
    assert conflict(rival, unsigned) is None and conflict(rival, signed) == "sponsor"
    assert list(links(rival, _OneEvent(unsigned, [unsigned]), embedder)) == ["ev-1"]
    assert links(rival, _OneEvent(unsigned, [signed, unsigned]), embedder) == {}
    assert links(rival, _OneEvent(signed, [signed, unsigned]), embedder) == {}
