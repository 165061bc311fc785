"""Term text: plain prose skips the reST parser but gives exactly the parser's paragraphs."""

from __future__ import annotations

import gc

import pytest
from docutils import nodes
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from sphinx_neuroterms.term_text import _parse_rst, _rst_settings, parse_term_text

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


def parsed_by_docutils(text: str) -> str:
    document = new_document("<test>", _rst_settings())
    Parser().parse(text, document)
    return "".join(child.pformat() for child in document.children)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_matches_the_parser_without_running_it(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = parsed_by_docutils(text)
    _parse_rst.cache_clear()
    monkeypatch.setattr(Parser, "parse", lambda *args: pytest.fail("the parser ran"))
    children, problems = parse_term_text(text, "terms.yaml")
    assert problems == ()
    assert "".join(child.pformat() for child in children) == expected
    assert all(isinstance(child, nodes.paragraph) for child in children)


@pytest.mark.parametrize("text", MARKUP)
def test_markup_goes_through_the_parser(text: str) -> None:
    children, _ = parse_term_text(text, "terms.yaml")
    assert "".join(child.pformat() for child in children) == parsed_by_docutils(text)


def test_problems_are_reported_and_the_text_is_kept() -> None:
    children, problems = _parse_rst("Call :unknownrole:`x` here.", "terms.yaml")
    assert "".join(child.astext() for child in children) == "Call :unknownrole:`x` here."
    assert problems == ('Unknown interpreted text role "unknownrole".',)
    assert not any(isinstance(n, nodes.problematic) for c in children for n in c.findall())


def test_parsed_nodes_do_not_keep_their_document_alive() -> None:
    _parse_rst.cache_clear()
    children, _ = _parse_rst("A *marked* text with a `link <https://example.org>`_.", "gc.yaml")
    assert all(child.parent is None for child in children)
    assert all(node.document is None for child in children for node in child.findall())
    gc.collect()
    documents = [obj for obj in gc.get_objects() if isinstance(obj, nodes.document)]
    assert not any(doc.get("source") == "gc.yaml" for doc in documents)


def test_links_and_images_keep_only_safe_targets() -> None:
    text = (
        "A `safe <https://example.org/a>`_ and an `unsafe <javascript:alert(1)>`_ link.\n\n"
        ".. image:: https://example.org/receptor.png\n   :alt: remote\n\n"
        ".. image:: receptor.png\n   :alt: local\n\n"
        ".. image:: data:image/png;base64,AAAA\n   :alt: inline data\n"
    )
    children, problems = _parse_rst(text, "links.yaml")
    assert problems == ()
    references = [n for c in children for n in c.findall(nodes.reference)]
    assert [r["refuri"] for r in references] == ["https://example.org/a"]
    images = [n for c in children for n in c.findall(nodes.image)]
    assert [(i["uri"], i["candidates"]) for i in images] == [
        ("https://example.org/receptor.png", {"?": "https://example.org/receptor.png"})
    ]
    shown = "".join(c.astext() for c in children)
    assert "unsafe" in shown
    assert "local" in shown
    assert "inline data" in shown
