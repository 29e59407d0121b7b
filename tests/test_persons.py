"""Persons extractor: names with roles in three languages, initials, nominative case."""
from __future__ import annotations

import pytest

from csrledger.extract.companies import extract_companies
from csrledger.extract.persons import extract_persons
from csrledger.extract.places import extract_places
from csrledger.model import Document
from csrledger.pipeline import prepare


def persons(text: str) -> list:
    view = prepare(Document(id="t", text=text))
    found = extract_persons(view, extract_companies(view), extract_places(view))
    for p in found:
        assert text[p.start:p.end] == p.text
    return found


def names(text: str) -> set[str]:
    return {p.name for p in persons(text)}


@pytest.mark.parametrize("text, expected", [
    # Russian, with roles before the name
    ("Аким Жамбылской области Ерболат Карашукеев открыл школу.", {"Ерболат Карашукеев"}),
    ("Меценат Асхат Нурпеисов построил мечеть в селе Узынагаш.", {"Асхат Нурпеисов"}),
    ("Об этом рассказала директор школы Гульнара Сейтказиева.", {"Гульнара Сейтказиева"}),
    # Russian oblique cases back to the nominative
    ("Ключи вручили при участии Нурлана Абдрахманова.", {"Нурлан Абдрахманов"}),
    ("Благодарность выразили Айгерим Бекмухамбетовой.", {"Айгерим Бекмухамбетова"}),
    ("Встреча с Сергеем Петровым прошла в акимате.", {"Сергей Петров"}),
    ("Письмо направлено Ивану Кузнецову.", {"Иван Кузнецов"}),
    ("Благодарность вручили акиму области Ерлану Карину.", {"Ерлан Карин"}),
    ("По словам Касым-Жомарта Токаева, бизнес должен помогать регионам.", {"Касым-Жомарт Токаев"}),
    # Surname first with patronymic, and initials
    ("Договор подписал Жумабеков Ерлан Маратович.", {"Жумабеков Ерлан Маратович"}),
    ("Приют основал А. Машкевич.", {"А. Машкевич"}),
    # English
    ("Deputy Prime Minister Serik Zhumangarin visited the plant.", {"Serik Zhumangarin"}),
    ("According to Aigerim Tokayeva, the park will open in May.", {"Aigerim Tokayeva"}),
    ("The Chairman of the Board of Steppe Gold LLP, Li Wenhao, signed the memorandum.", {"Li Wenhao"}),
    ("Elbasy N. A. Nazarbayev opened the hall.", {"N. A. Nazarbayev"}),
    # Kazakh, with case endings on the last word only
    ("Кәсіпкер Ерлан Сәрсенбаев ауылға спорт залын салып берді.", {"Ерлан Сәрсенбаев"}),
    ("Мектепке Асқар Жұмабаевтың есімі берілді.", {"Асқар Жұмабаев"}),
    ("Облыс әкімі Нұрлан Нұркенов Серік Әбдірахманұлына алғыс айтты.", {"Нұрлан Нұркенов", "Серік Әбдірахманұлы"}),
    # a given name that pymorphy3 only guesses at (as a verb) is no dictionary word
    ("Кәсіпкер Абыз Алипов мектеп салды.", {"Абыз Алипов"}),
    ("Предприниматель Абыз Алипов построил школу.", {"Абыз Алипов"}),
    # a town in a Kazakh place case after the name is no word of it
    ("Бұл туралы облыс әкімі Нұрымбет Сақтағанов Астанада өңірдің дамуы туралы айтты.", {"Нұрымбет Сақтағанов"}),
])
def test_finds_persons(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "Новый детский сад в Житикаре откроется к Новому году.",
    "The Prime Minister visited the Sary Arka Valley IT-Hub in Karaganda.",
    "Landscaping of the Shalkar Bay and the Satpayev Concentrator is planned.",
    "В Алматинской области открылся Дворец школьников.",
    "Зеленая Роща ауылында мектеп ашылды.",
    "SAMRUK-KAZYNA FUND TO HAND OVER OBJECTS",
    "Глава Nur Otan встретился с жителями.",
    # a word that is never a name splits the capitalised run: "the Partnership" is no given name
    "Биыл Серіктестік Сәтбаев қаласындағы емханаға маммограф сатып алады.",
    # settlements and streets named like people, after or (in Kazakh) before their head word
    "В селе Жана Омир открылся новый спорткомплекс.",
    "Бауыржан Момышұлы ауылында жаңа мектеп ашылды.",
    "Школа на улице Абая Кунанбаева получила компьютеры.",
])
def test_no_persons_in_places_and_headlines(text):
    assert names(text) == set()


def test_roles_are_kept():
    found = persons("Заместитель премьер-министра РК Нурлан Жаксыбеков посетил область.")
    assert found[0].role == "Заместитель премьер-министра РК"
    found = persons("“We are glad,” said Askar Beisenov, Akim of Zhylyoi district.")
    assert found[0].role == "Akim of Zhylyoi district"
    found = persons("Samat Kaldygulov, the founder of a peasant farm, built a gym.")
    assert found[0].role == "founder of a peasant farm"


def test_later_surname_and_initials_join_the_full_name():
    text = ("Kairat Ospanov, head of the Dostar farm, built a gym. "
            "Then Ospanov thanked the teachers. “Good work,” K. Ospanov said. Mr. Ospanov’s farm grows wheat.")
    found = persons(text)
    assert {p.name for p in found} == {"Kairat Ospanov"}
    assert len(found) == 4


def test_a_lone_capitalised_word_is_not_a_person():
    assert names("Ospanov visited the school.") == set()


@pytest.mark.parametrize("text, expected", [
    # a place name right after the person is not part of the name
    ("Мүмкіндігі шектеулі Серік Жаңабергеновке Орал қаласынан пәтер берілді.", {"Серік Жаңабергенов"}),
    # a case ending closes a Kazakh name: two people side by side
    ("Әкім Айдос Сағынтаевқа Ерлан Мұратов алғыс айтты.", {"Айдос Сағынтаев", "Ерлан Мұратов"}),
])
def test_name_boundaries(text, expected):
    assert names(text) == expected


def test_facility_named_after_a_person_keeps_the_person_only():
    assert names("Nursultan Nazarbayev Airport received a fire truck.") == {"Nursultan Nazarbayev"}


def test_person_inside_a_company_name_is_not_extracted():
    assert names("Zhetysu Grain LLP built a pitch; Zhetysu Grain director Yerlan Mukanov opened it.") == {"Yerlan Mukanov"}


@pytest.mark.parametrize("text, expected", [
    # bylines with the surname in capitals, read in title case
    ("Аудан жаңалықтары.\nАйгүл ТӨЛЕГЕНОВА", {"Айгүл Төлегенова"}),
    ("Новости района.\nНаталья КОВАЛЕНКО", {"Наталья Коваленко"}),
    # a given name missing from the tables, before a capital surname with a surname's ending
    ("Ауыл тынысы.\nАвтор: Мөлдір ЖАҚСЫЛЫҚОВА", {"Мөлдір Жақсылықова"}),
    # a woman's given name with a surname's shape (Марина, Карина) is not the surname
    ("Об этом рассказала Карина Жумабаева.", {"Карина Жумабаева"}),
])
def test_bylines_and_given_names_shaped_like_surnames(text, expected):
    assert names(text) == expected


def test_company_possessive_is_not_a_person():
    text = "On Friday, Aral Salt Corporation opened a clinic, said Aral Salt's director Nurlan Abenov."
    assert names(text) == {"Nurlan Abenov"}


@pytest.mark.parametrize("text, names", [
    # a given name and a patronymic address the person named in full before, in any case
    ("Ключи вручил меценат Болат Сапаров. Жители поблагодарили Болата Ерлановича. Хочу поблагодарить Болату "
     "Ерлановичу.", {"Болат Сапаров"}),
    ("Кәсіпкер Болат Сапаров үй салды. Тұрғындар Болат Ерланұлына алғыс айтты.", {"Болат Сапаров"}),
])
def test_a_patronymic_names_the_person_named_before(text, names):
    from csrledger.model import Document
    from csrledger.pipeline import analyse
    assert {p.name for p in analyse(Document(id="t", text=text)).persons} == names
