"""Term text: plain prose skips the reST parser but gives exactly the parser's paragraphs;
unsafe links and images are taken out of parsed text."""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from sphinx_neuroterms.reading.term_text_parser import plain_paragraphs, remove_unsafe_links
from sphinx_neuroterms.terms.markup_rules import MAY_BE_MARKUP

PLAIN = [
    "A monoamine messenger that steadies mood and sleep.",
    "First paragraph about dopamine.\n\nSecond paragraph, with a comma; and a semicolon.",
    "Levels rise (slowly) after a meal, by 10 percent or so.",
    "Serotonin's precursor is tryptophan - an amino acid.",
    "Three\n\n\n\nblank lines between.",
    "Two\n\n\nblank lines between.",
]

MARKUP = [
    "A *monoamine* messenger.",
    "See `the source <https://example.org>`_.",
    "Read https://example.org/serotonin for more.",
    "- a bullet\n- another",
    "1. first\n2. second",
    "Term\n   definition",
    "Line one\ncontinues here.",
    "A footnote [1]_ reference.\n\n.. [1] The note.",
    ".. note:: a directive",
    "Escaped \\*star\\*.",
]


def _document(text: str) -> nodes.document:
    settings = get_default_settings(Parser)
    settings.report_level = 5
    document = new_document("<test>", settings)
    Parser().parse(text, document)
    return document


def parsed_by_docutils(text: str) -> str:
    return "".join(child.pformat() for child in _document(text).children)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_not_parsed_and_gives_the_parser_s_paragraphs(text: str) -> None:
    assert not MAY_BE_MARKUP.search(text.strip())
    assert "".join(child.pformat() for child in plain_paragraphs(text)) == parsed_by_docutils(
        text
    )


@pytest.mark.parametrize("text", MARKUP)
def test_markup_goes_through_the_parser(text: str) -> None:
    assert MAY_BE_MARKUP.search(text.strip())


def test_links_and_images_keep_only_safe_targets() -> None:
    text = (
        "A `safe <https://example.org/a>`_ and an `unsafe <javascript:alert(1)>`_ link.\n\n"
        ".. image:: https://example.org/receptor.png\n   :alt: remote\n\n"
        ".. image:: receptor.png\n   :alt: local\n\n"
        ".. image:: data:image/png;base64,AAAA\n   :alt: inline data\n"
    )
    document = _document(text)
    remove_unsafe_links(document)
    references = list(document.findall(nodes.reference))
    assert [r["refuri"] for r in references] == ["https://example.org/a"]
    # Remote and relative images stay (a relative one is checked against the project folder
    # while the page is read); a data: URI goes.
    assert [i["uri"] for i in document.findall(nodes.image)] == [
        "https://example.org/receptor.png", "receptor.png"
    ]
    shown = document.astext()
    assert "unsafe" in shown
    assert "inline data" in shown
