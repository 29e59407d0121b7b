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
