"""The terminal and HTML views show the same highlights and list the records."""
from __future__ import annotations

from csrledger.records.highlight import render_html, render_terminal, spans
from tests.test_records_support import analysed

TEXT = "АО «Алюминий Казахстана» выделило 50 млн тенге на ремонт школы в Павлодаре <2024>."


def _doc():
    return analysed(TEXT, companies=[("АО «Алюминий Казахстана»", "Алюминий Казахстана")],
                    money=[("50 млн тенге", 5e7)], places=[("Павлодаре", "Pavlodar", "city", "KZ-55")])


def test_spans_cover_sponsor_amount_object_place():
    doc, a = _doc()
    found = {(TEXT[s.start:s.end], s.cls) for s in spans(doc, a)}
    assert {("АО «Алюминий Казахстана»", "sponsor"), ("50 млн тенге", "amount"), ("школы", "object"),
            ("Павлодаре", "place")} <= found


def test_terminal_without_colour_brackets_and_lists_records():
    doc, a = _doc()
    out = render_terminal(doc, a, color=False)
    assert "[[АО «Алюминий Казахстана»]]" in out and "$(50 млн тенге)$" in out and "@(Павлодаре)@" in out
    assert "Records (1):" in out and "education" in out and "50 000 000 KZT" in out
    assert "\033[" not in out
    assert "\033[" in render_terminal(doc, a, color=True)


def test_html_is_escaped_and_self_contained():
    doc, a = _doc()
    page = render_html(doc, a)
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert '<mark class="sponsor">АО «Алюминий Казахстана»</mark>' in page
    assert "&lt;2024&gt;" in page and "<2024>" not in page
    assert "<ol><li>" in page


def test_document_without_records_renders():
    doc, a = analysed("Погода в Астане будет солнечной.")
    assert "Records (0):" in render_terminal(doc, a, color=False)
    assert "<ol></ol>" in render_html(doc, a)
