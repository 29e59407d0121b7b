"""Text stage: offset-preserving fold, language identification, sentences, Kazakh endings."""
import pytest

from csrledger.text.lang import detect
from csrledger.text.morph import kk_inflects, kk_stem, ru_lemma
from csrledger.text.normalize import fold
from csrledger.text.sentences import split_sentences
from csrledger.text.tokens import tokenize


@pytest.mark.parametrize("text", [
    "ТОО «Алтын»\u00a0выделило 7\u202f000 тенге — «ёлка»",
    "İstanbul “quoted” 1\u20092",
    "Қарағанды облысында ҚҰРЫЛЫС",
])
def test_fold_keeps_length_and_offsets(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == folded.lower() or "İ" in text


def test_fold_unifies_spaces_quotes_dashes_and_yo():
    assert fold("«Ёж»\u00a0—\u202f5") == '"еж" - 5'


@pytest.mark.parametrize("text, folded", [
    ("тегiн көмiр", "тегін көмір"),          # a Latin "i" typed for the Kazakh "і"
    ("Cовет ветеранов", "совет ветеранов"),   # a Latin capital C
    ("Kaspiдің", "kaspiдің"),                 # a Latin name with a Kazakh ending stays Latin
    ("coal and fuel", "coal and fuel"),
])
def test_fold_reads_latin_twins_inside_cyrillic_words_as_cyrillic(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("text, lang", [
    ("Компания построила детский сад на 120 мест в селе Карабалык.", "ru"),
    ("The company funded a new school for 600 pupils in Kulsary.", "en"),
    ("Кәсіпкер ауылдағы мектепке спорт залын салып берді.", "kk"),
    ("Серіктестік Қарағанды облысында 50 орындық балабақша салды.", "kk"),
    ("A kindergarten was built under the programme «Рухани жаңғыру» in Pavlodar region.", "en"),
    ("Аким области поблагодарил предпринимателей за помощь.", "ru"),
])
def test_detect(text, lang):
    assert detect(text) == lang


def test_sentences_split_headline_from_body_and_keep_offsets():
    text = "Новый детский сад открыт\nКомпания выделила 50 млн тенге. Работы завершены.\n\nThe end."
    sentences = split_sentences(text)
    pieces = [text[s.start:s.end] for s in sentences]
    assert pieces == ["Новый детский сад открыт", "Компания выделила 50 млн тенге.", "Работы завершены.", "The end."]


def test_a_line_longer_than_any_paragraph_keeps_its_sentences_and_offsets():
    sentences_in = [f"Компания номер {n} построила школу в селе." for n in range(2_000)]
    text = " ".join(sentences_in)       # one line of 90,000 characters
    pieces = [text[s.start:s.end] for s in split_sentences(text)]
    assert pieces == sentences_in
    marks = '" ' * 3_000 + "\nКомпания построила школу."     # a stretch with no letter is one piece
    assert [marks[s.start:s.end] for s in split_sentences(marks)] == ['" ' * 3_000, "Компания построила школу."]


def test_tokens_keep_kazakh_letters_and_hyphens():
    text = "Ұлытау облысының Нур-Султан"
    assert [t.text for t in tokenize(text)] == ["Ұлытау", "облысының", "Нур-Султан"]


@pytest.mark.parametrize("word, base, expected", [
    ("облысында", "облыс", True),
    ("облысының", "облыс", True),
    ("қарағандыда", "қарағанды", True),
    ("балабақшалар", "балабақша", True),
    ("ауданындағы", "аудан", True),
    ("қарағандылықтар", "қарағанды", False),
    ("облыстық", "облыс", True),
    ("астанаға", "астана", True),
    ("алматы", "алма", False),
])
def test_kazakh_inflection(word, base, expected):
    assert kk_inflects(word, base) is expected


def test_kk_stem_strips_endings():
    assert kk_stem("балабақшаны") == "балабақша"


@pytest.mark.parametrize("word, lemma", [("Алматинской", "алматинский"), ("детских", "детский"), ("домов", "дом")])
def test_russian_lemma(word, lemma):
    assert ru_lemma(word) == lemma


@pytest.mark.parametrize("word, base", [("сәтбаевта", "сәтбаев"), ("қонаевқа", "қонаев"), ("ивановтың", "иванов")])
def test_kazakh_endings_after_russian_surname_in_v(word, base):
    assert kk_inflects(word, base)


@pytest.mark.parametrize("url,date", [
    ("https://news.example.kz/2022/11/07/shkola-otkryta", "2022-11-07"),
    ("https://news.example.kz/ru/news/2023-06-19/fond-pomog", "2023-06-19"),
    ("https://news.example.kz/article/20240902-dom-dlya-semi", "2024-09-02"),
    ("https://news.example.kz/2016/06/reconstruction", "2016-06-01"),
    ("https://news.example.kz/news/123456", None),                 # an article number
    ("https://news.example.kz/files/2019/13/40/a", None),          # no such month
    ("https://news.example.kz/2099/01/01/a", None),                # not yet published
    (None, None),
])
def test_date_in_url(url, date):
    import datetime as dt

    from csrledger.text.urls import date_in_url
    found = date_in_url(url, today=dt.date(2026, 1, 1))
    assert (found.isoformat() if found else None) == date


def test_an_undated_page_takes_its_url_date_and_a_dated_one_keeps_its_own():
    import datetime as dt

    from csrledger.model import Document
    from csrledger.pipeline import prepare
    undated = prepare(Document(id="a", text="Школа открыта.", url="https://x.kz/2021/05/03/a"))
    dated = prepare(Document(id="b", text="Школа открыта.", url="https://x.kz/2021/05/03/a",
                             published=dt.date(2021, 5, 4)))
    assert (undated.published, undated.as_of) == (dt.date(2021, 5, 3), dt.date(2021, 5, 3))
    assert dated.published == dt.date(2021, 5, 4)
