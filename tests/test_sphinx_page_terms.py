"""``nterm-page-terms`` and ``neuroterms_page_terms``: the terms a page references, listed.

Built from a project written here: reST and MyST pages, a page without terms, a glossary.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, link_tooltip, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS = """\
terms:
- term: Synapse
  definition: The junction where one neuron passes a signal to the :nterm:`next <Neuron>`.
- term: Neuron
  aliases: [nerve cell]
  definition: A cell that carries electrical signals.
- term: Myelin
  definition: The fatty sheath around an axon.
"""

FILES = {
    "conf.py": (
        'extensions = ["sphinx_neuroterms", "myst_parser"]\n'
        'neuroterms_sources = ["terms.yaml"]\nshow_warning_types = True\n'
    ),
    "terms.yaml": TERMS,
    "index.rst": (
        "Lab\n===\n\n.. toctree::\n\n   signals\n   notes\n   plain\n   glossary\n\n"
        "Start\n-----\n\nEvery :nterm:`nerve cell` meets another at a :nterm:`synapse`.\n\n"
        "More\n----\n\nA :nterm:`synapses` again, and :term:`Neuron`.\n"
    ),
    "signals.rst": (
        "Signals\n=======\n\nA :nterm:`neuron` fires.\n\n.. nterm-page-terms::\n\nAfter the list.\n"
    ),
    "notes.md": "# Notes\n\nThe {nterm}`myelin` speeds signals.\n\n```{nterm-page-terms}\n```\n",
    "plain.rst": "Plain\n=====\n\nNo term here.\n\n.. nterm-page-terms::\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    pytest.importorskip("myst_parser")
    return write_project(tmp_path / "docs", FILES)


def _listed(page: Path) -> list[tuple[str, str]]:
    """``(name, definition)`` of each term of the page's list(s)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [
        (dt.get_text(), dt.find_next_sibling("dd").get_text().strip())
        for dt in soup.select("dl.nterm-page-terms-list > dt")
    ]


def test_the_directive_lists_the_page_terms(project: Path) -> None:
    _, warnings = build_project(project, freshenv=True)
    assert warnings == []
    out = project / "_build/html"
    assert _listed(out / "signals.html") == [("Neuron", "A cell that carries electrical signals.")]
    assert _listed(out / "notes.html") == [("Myelin", "The fatty sheath around an axon.")]
    assert _listed(out / "plain.html") == []  # nothing referenced: nothing listed
    assert "nterm-page-terms" not in (out / "plain.html").read_text(encoding="utf-8")
    assert _listed(out / "index.html") == []  # off by default
    page = parse_html(out / "signals.html")
    (link,) = [a for a in page.find("a") if a.text == "Neuron" and "data-nterm" in a.attrs]
    assert link.attrs["href"] == "glossary.html#nterm-neuron"
    # Where the directive stands: before the text that follows it.
    html = (out / "signals.html").read_text(encoding="utf-8")
    assert html.index("nterm-page-terms-list") < html.index("After the list.")


def test_the_setting_ends_every_page_that_references_terms(project: Path, tmp_path: Path) -> None:
    off = tmp_path / "off"
    shutil.copytree(project, off)
    build_project(off, freshenv=True)
    _, warnings = build_project(
        project, freshenv=True, confoverrides={"neuroterms_page_terms": True}
    )
    assert warnings == []
    out = project / "_build/html"
    # Every way of referencing counts (alias, plural, Sphinx's :term:), each term once, in
    # glossary order; a definition's own links (Synapse's "next") do not.
    assert [name for name, _ in _listed(out / "index.html")] == ["Neuron", "Synapse"]
    assert _listed(out / "index.html")[1] == (
        "Synapse",
        "The junction where one neuron passes a signal to the next.",
    )
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.index(">synapses</a> again") < html.index("Terms on this page")
    # A page with the directive keeps its one list, where it stands.
    assert len(_listed(out / "signals.html")) == 1
    # Pages without a term, and the glossary (its definitions' links are not the page's), are
    # what they are without the setting.
    for name in ("plain.html", "glossary.html"):
        assert (out / name).read_bytes() == (off / "_build/html" / name).read_bytes(), name


@pytest.mark.parametrize("builder", ["text", "latex", "singlehtml", "epub", "man"])
def test_every_builder_shows_the_list(project: Path, builder: str) -> None:
    _, warnings = build_project(
        project, builder, freshenv=True, confoverrides={"neuroterms_page_terms": True}
    )
    assert [line for line in warnings if "epub" not in line.lower()] == []
    written = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (project / "_build" / builder).rglob("*")
        if path.suffix in {".txt", ".tex", ".html", ".xhtml", ".1"}
    )
    assert "Terms on this page" in written
    assert "A cell that carries electrical signals." in written


def test_parallel_and_incremental(project: Path, tmp_path: Path) -> None:
    parallel = tmp_path / "parallel"
    shutil.copytree(project, parallel)
    settings = {"neuroterms_page_terms": True}
    build_project(project, freshenv=True, confoverrides=settings)
    build_project(parallel, freshenv=True, confoverrides=settings, parallel=2)
    for page in ("index.html", "signals.html", "notes.html"):
        assert (parallel / "_build/html" / page).read_bytes() == (
            project / "_build/html" / page
        ).read_bytes()
    terms = project / "terms.yaml"
    terms.write_text(
        TERMS.replace("carries electrical signals", "carries signals"), encoding="utf-8"
    )
    build_project(project, confoverrides=settings)
    for page in ("index.html", "signals.html"):
        assert ("Neuron", "A cell that carries signals.") in _listed(project / "_build/html" / page)


def test_a_page_with_the_list_is_rewritten_when_a_definition_changes(project: Path) -> None:
    """Links hold no definition (the tooltip files do), but a page's list shows them: an
    edited definition rewrites the pages with a list, and the others read the new text."""
    build_project(project, freshenv=True)
    index = project / "_build/html/index.html"
    (project / "terms.yaml").write_text(
        TERMS.replace("carries electrical signals", "carries signals"), encoding="utf-8"
    )
    build_project(project)
    signals = project / "_build/html/signals.html"
    assert ("Neuron", "A cell that carries signals.") in _listed(signals)
    neuron = next(a for a in parse_html(index).find("a", "nterm") if a.text == "nerve cell")
    assert link_tooltip(index, neuron) == "A cell that carries signals."


@pytest.mark.parametrize("builder", ["singlehtml", "latex"])
def test_books_list_each_page_s_own_terms(project: Path, builder: str) -> None:
    """singlehtml and LaTeX inline every page into one document: each page's list still
    shows that page's terms, not the root page's."""
    _, warnings = build_project(
        project, builder, freshenv=True, confoverrides={"neuroterms_page_terms": True}
    )
    assert warnings == []
    out = project / "_build" / builder
    [written] = [out / "index.html"] if builder == "singlehtml" else list(out.glob("*.tex"))
    text = written.read_text(encoding="utf-8")
    # signals: Neuron only (its own directive); notes: Myelin only; index: Neuron, Synapse.
    lists = text.split("Terms on this page")[1:]
    firsts = sorted(
        tuple(name for name in ("Myelin", "Neuron", "Synapse") if name in chunk[:600])
        for chunk in lists
    )
    assert firsts == [("Myelin",), ("Neuron",), ("Neuron", "Synapse")]
