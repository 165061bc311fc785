"""The ``:nterm:`` role: links, tooltips, name matching and unknown terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx_util import build_project, copy_root, link_tooltip, parse_html

from sphinx_neuroterms.nodes import nterm_reference, nterm_text
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.plain_text import plain_text, tooltip_text

if TYPE_CHECKING:
    from pathlib import Path

BALANCE_DEFINITION = (
    "Neurochemical Balance is the steady state in which excitatory and inhibitory messengers "
    "keep each other in check, so that neurons fire neither too readily nor too rarely."
)


def test_links_resolve_to_existing_entries(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-basic", tmp_path), freshenv=True)
    assert warnings == []
    glossary_ids = parse_html(app.outdir / "glossary.html").ids
    index = parse_html(app.outdir / "index.html").find("a", "nterm")
    page = parse_html(app.outdir / "page.html").find("a", "nterm")

    assert [(a.text, a.attrs["href"]) for a in index] == [
        ("Neurochemical Balance", "glossary.html#nterm-neurochemical-balance"),
        ("the balance", "glossary.html#nterm-neurochemical-balance"),
    ]
    # Case and a simple plural resolve to the same term.
    assert [(a.text, a.attrs["href"]) for a in page] == [
        ("neurochemical imbalances", "glossary.html#nterm-neurochemical-imbalance"),
    ]
    for link in index + page:
        assert link.attrs["href"].partition("#")[2] in glossary_ids
        assert link.classes == ["nterm", "reference", "internal"]
    assert link_tooltip(app.outdir / "index.html", index[0]) == BALANCE_DEFINITION


def test_stored_references_are_one_text_run(tmp_path: Path) -> None:
    app, _warnings = build_project(copy_root("neuroterms-basic", tmp_path), freshenv=True)
    doctree = app.env.get_doctree("index")  # unpickled from the build's doctree directory
    assert list(doctree.findall(nterm_reference)) == []
    (run,) = doctree.findall(nterm_text)
    assert isinstance(run, nodes.Text)
    assert run.parent.tagname == "paragraph"
    assert run.parent.children == [run]  # the paragraph's text and both references
    text = str(run)
    assert text == (
        "A first reference to Neurochemical Balance and one with a title,\nthe balance."
    )
    assert [(text[s.start : s.end], s.key, s.line) for s in run.references()] == [
        ("Neurochemical Balance", "neurochemical balance", 9),
        ("the balance", "neurochemical balance", 9),
    ]
    assert run.source.endswith("index.rst")
    copied = run.deepcopy()
    assert (str(copied), copied.spans) == (text, run.spans)


def test_tooltip_is_cut(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), freshenv=True,
        confoverrides={"neuroterms_tooltip_max_chars": 40},
    )
    link = parse_html(app.outdir / "index.html").find("a", "nterm")[0]
    assert link_tooltip(app.outdir / "index.html", link) == "Neurochemical Balance is the steady…"


def test_tooltips_off(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), freshenv=True,
        confoverrides={"neuroterms_tooltips": False},
    )
    link = parse_html(app.outdir / "index.html").find("a", "nterm")[0]
    assert link_tooltip(app.outdir / "index.html", link) is None
    assert "data-nterm" not in link.attrs


def test_unknown_term_warns_and_renders_unlinked(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-unknown", tmp_path), freshenv=True)
    source = app.srcdir / "index.rst"
    assert warnings == [
        (f"{source}:8: WARNING: unknown term 'Neurochemical Balanse'; "
        "did you mean 'Neurochemical Balance'? [neuroterms.unknown]"),
        f"{source}:8: WARNING: unknown term 'serotonin syndrome' [neuroterms.unknown]",
    ]
    page = parse_html(app.outdir / "index.html")
    assert page.find("a", "nterm") == []
    paragraph = next(p for p in page.find("p") if "misspelt" in p.text)
    assert "Neurochemical Balanse" in paragraph.text


def test_unknown_warning_can_be_suppressed(tmp_path: Path) -> None:
    _app, warnings = build_project(
        copy_root("neuroterms-unknown", tmp_path), freshenv=True,
        confoverrides={"suppress_warnings": ["neuroterms.unknown"]},
    )
    assert warnings == []


def test_unknown_term_in_text_builder(tmp_path: Path) -> None:
    app, warnings = build_project(
        copy_root("neuroterms-unknown", tmp_path), "text", freshenv=True
    )
    assert len(warnings) == 2
    assert "A misspelt name, Neurochemical Balanse, and" in (app.outdir / "index.txt").read_text()


def test_plain_text_reduces_markup() -> None:
    assert plain_text("See ``GABA`` and *tone* at `the site <https://x.org>`_.", "rst") == (
        "See GABA and tone at the site."
    )
    assert plain_text("Keep *this* as written", "text") == "Keep *this* as written"
    term = Term("T", "word " * 20, Location("t.txt", 1), markup="text")
    assert tooltip_text(term, 12) == "word word…"
