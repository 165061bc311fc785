"""Every form of reference to a term resolves one way, in every builder, locally and across
projects: ``:nterm:``, ``:nterm:term:``, MyST's ``{nterm:term}``, ``:any:``, intersphinx's
``:external+p:nterm:term:``, and Sphinx's own ``:term:`` from projects without the extension.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sphinx_util import (
    build_project,
    entry_text,
    link_tooltip,
    parse_html,
    read_inventory,
    write_project,
)

if TYPE_CHECKING:
    from pathlib import Path

TERMS = {
    "terms": [
        {"term": "Serotonin", "aliases": ["5-HT"], "definition": "A monoamine messenger."},
        {"term": "Dopamine", "definition": "The messenger of reward prediction."},
    ]
}


def provider(root: Path, extra_conf: str = "") -> Path:
    """Project A: two terms and a glossary, built as HTML; returns its output folder."""
    write_project(root, {
        "conf.py": (
            "extensions = ['sphinx_neuroterms']\nneuroterms_sources = ['terms.json']\n"
            f"show_warning_types = True\n{extra_conf}"
        ),
        "terms.json": json.dumps(TERMS),
        "index.rst": "A\n=\n\n.. toctree::\n\n   glossary\n",
        "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
    })
    app, warnings = build_project(root, freshenv=True)
    assert warnings == []
    return app.outdir


def test_domain_role_any_and_myst_links_get_the_tooltip(tmp_path: Path) -> None:
    pytest.importorskip("myst_parser")
    write_project(tmp_path, {
        "conf.py": (
            "extensions = ['myst_parser', 'sphinx_neuroterms']\n"
            "neuroterms_sources = ['terms.json']\nshow_warning_types = True\n"
        ),
        "terms.json": json.dumps(TERMS),
        "index.rst": (
            "Index\n=====\n\n.. toctree::\n\n   myst\n   glossary\n\n"
            ":nterm:`serotonin`, :nterm:term:`Dopamine`, :any:`5-HT`.\n"
        ),
        "myst.md": "# MyST\n\n{nterm}`serotonin`, {nterm:term}`dopamine` and {any}`Serotonin`.\n",
        "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    for page, expected in [
        ("index", [("serotonin", "serotonin"), ("Dopamine", "dopamine"), ("5-HT", "serotonin")]),
        (
            "myst",
            [("serotonin", "serotonin"), ("dopamine", "dopamine"), ("Serotonin", "serotonin")],
        ),
    ]:
        html = parse_html(app.outdir / f"{page}.html")
        links = [a for a in html.find("a") if "glossary.html#nterm-" in a.attrs.get("href", "")]
        # The same reference looks the same: the class, the tooltip key and its text.
        assert [(a.text, a.attrs.get("data-nterm")) for a in links] == expected
        assert all("nterm" in a.classes for a in links)
        assert all(link_tooltip(app.outdir / f"{page}.html", a) for a in links)
        assert all("title" not in a.attrs for a in links)  # the text is held once


def add_words_page(root: Path, text: str) -> None:
    """Add a page ``words`` to the provider project, listed in its toctree."""
    (root / "words.rst").write_text(text, encoding="utf-8")
    index = root / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   words\n", encoding="utf-8")


def test_terms_are_std_terms_in_objects_inv(tmp_path: Path) -> None:
    outdir = provider(tmp_path / "a")
    inventory = read_inventory(outdir / "objects.inv")
    assert inventory["std:term"] == {
        "Serotonin": "glossary.html#nterm-serotonin",
        "5-HT": "glossary.html#nterm-serotonin",
        "Dopamine": "glossary.html#nterm-dopamine",
    }
    assert inventory["nterm:term"]["Serotonin"] == "glossary.html#nterm-serotonin"


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_project_without_the_extension_reaches_terms_by_term_role(
    tmp_path: Path, buildername: str
) -> None:
    outdir = provider(tmp_path / "a")
    write_project(tmp_path / "b", {
        "conf.py": (
            "extensions = ['sphinx.ext.intersphinx']\nshow_warning_types = True\n"
            f"intersphinx_mapping = {{'a': ({str(outdir)!r}, None)}}\n"
        ),
        "index.rst": "B\n=\n\n:term:`serotonin`, :term:`5-HT` and :external+a:term:`Dopamine`.\n",
    })
    app, warnings = build_project(tmp_path / "b", buildername, freshenv=True)
    assert warnings == []
    if buildername == "html":
        hrefs = [a.attrs["href"] for a in parse_html(app.outdir / "index.html").find("a")
                 if "#nterm-" in a.attrs.get("href", "")]
        assert [href.rpartition("/")[2] for href in hrefs] == [
            "glossary.html#nterm-serotonin",
            "glossary.html#nterm-serotonin",
            "glossary.html#nterm-dopamine",
        ]


@pytest.mark.parametrize("buildername", ["html", "text", "latex"])
def test_external_terms_match_like_local_ones_in_every_builder(
    tmp_path: Path, buildername: str
) -> None:
    outdir = provider(tmp_path / "a")
    write_project(tmp_path / "b", {
        "conf.py": (
            "extensions = ['sphinx.ext.intersphinx', 'sphinx_neuroterms']\n"
            "show_warning_types = True\n"
            f"intersphinx_mapping = {{'a': ({str(outdir)!r}, None)}}\n"
        ),
        "index.rst": (
            "B\n=\n\n"
            ":external+a:nterm:term:`serotonin`, :external+a:nterm:term:`dopamines`, "
            ":external+a:nterm:term:`5-ht`, :nterm:term:`SEROTONIN`, :nterm:`dopamines` "
            "and :any:`5-HT`.\n"
        ),
    })
    app, warnings = build_project(tmp_path / "b", buildername, freshenv=True)
    assert warnings == []
    if buildername == "html":
        hrefs = [a.attrs["href"] for a in parse_html(app.outdir / "index.html").find("a")
                 if "#nterm-" in a.attrs.get("href", "")]
        assert [href.rpartition("#")[2] for href in hrefs] == [
            "nterm-serotonin", "nterm-dopamine", "nterm-serotonin",
            "nterm-serotonin", "nterm-dopamine", "nterm-serotonin",
        ]


def test_a_reference_to_another_project_is_not_one_to_the_local_term(tmp_path: Path) -> None:
    """``:external+a:nterm:term:`serotonin``` links project A's entry; the project's own
    Serotonin is not referenced by that page (no backlink), and the link is not lost."""
    outdir = provider(tmp_path / "a")
    write_project(tmp_path / "b", {
        "conf.py": (
            "extensions = ['sphinx.ext.intersphinx', 'sphinx_neuroterms']\n"
            "neuroterms_sources = ['terms.json']\nshow_warning_types = True\n"
            f"intersphinx_mapping = {{'a': ({str(outdir)!r}, None)}}\n"
        ),
        "terms.json": json.dumps({"terms": [
            {"term": "Serotonin", "definition": "This project's own entry."},
            {"term": "Melatonin", "definition": "A hormone of the night."},
        ]}),
        "index.rst": "B\n=\n\n.. toctree::\n\n   other\n   after\n   own\n   glossary\n",
        "other.rst": "Other\n=====\n\nOnly :external+a:nterm:term:`serotonin` here.\n",
        # The role written after its text, as docutils allows.
        "after.rst": "After\n=====\n\nOnly `serotonin`:external+a:nterm:term: here.\n",
        "own.rst": "Own\n===\n\nOur :nterm:`melatonin`.\n",
        "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
    })
    app, warnings = build_project(tmp_path / "b", freshenv=True)
    assert warnings == []
    glossary = app.outdir / "glossary.html"
    assert "Referenced by" not in entry_text(glossary, "nterm-serotonin")
    assert "Referenced by: Own" in entry_text(glossary, "nterm-melatonin")
    for page in ("other", "after"):
        links = [a.attrs["href"] for a in parse_html(app.outdir / f"{page}.html").find("a")
                 if a.text == "serotonin"]
        assert links == [str(outdir / "glossary.html") + "#nterm-serotonin"], page


def test_singlehtml_std_terms_get_tooltips(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "conf.py": (
            "extensions = ['sphinx_neuroterms']\nneuroterms_tooltip_std_terms = True\n"
            "show_warning_types = True\n"
        ),
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   words\n\nA :term:`synapse`.\n",
        "words.rst": (
            "Words\n=====\n\n.. glossary::\n\n   Synapse\n      The junction between two "
            "neurons.\n\nAnd :term:`Synapse` again.\n"
        ),
    })
    for buildername in ("html", "singlehtml"):
        app, warnings = build_project(tmp_path, buildername, freshenv=True)
        assert warnings == []
        links = [a for a in parse_html(app.outdir / "index.html").find("a")
                 if "data-nterm-std" in a.attrs]
        expected = 1 if buildername == "html" else 2  # singlehtml: both pages in one
        assert len(links) == expected, buildername
        page = app.outdir / "index.html"
        assert all(link_tooltip(page, a) == "The junction between two neurons." for a in links)


@pytest.mark.parametrize("parallel", [0, 2])
def test_std_terms_survive_incremental_builds(tmp_path: Path, parallel: int) -> None:
    outdir = provider(tmp_path)
    add_words_page(
        tmp_path,
        "Words\n=====\n\n:term:`serotonin` and :term:`dopamine`.\n\n"
        ".. glossary::\n\n   Serotonin\n      Sphinx's own entry now defines it.\n",
    )
    # Not a fresh environment: the terms registered by the first build must not collide with
    # the glossary entry that a page adds now.
    app, warnings = build_project(tmp_path, parallel=parallel)
    assert warnings == []
    # Links with a fragment, leaving out headerlinks and themes' "#" links to the page itself.
    hrefs = [a.attrs["href"] for a in parse_html(outdir / "words.html").find("a")
             if "#" in a.attrs.get("href", "") and a.attrs["href"] != "#"
             and "headerlink" not in a.classes]
    assert hrefs == ["#term-Serotonin", "glossary.html#nterm-dopamine"]
    inventory = read_inventory(app.outdir / "objects.inv")
    assert inventory["std:term"]["Serotonin"] == "words.html#term-Serotonin"
    assert inventory["std:term"]["Dopamine"] == "glossary.html#nterm-dopamine"


def test_a_glossary_entry_in_another_case_stays_the_projects(tmp_path: Path) -> None:
    provider(tmp_path)
    add_words_page(
        tmp_path,
        "Words\n=====\n\n:term:`Serotonin` and :term:`serotonin`.\n\n"
        ".. glossary::\n\n   serotonin\n      The project's own entry.\n",
    )
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    hrefs = [a.attrs["href"] for a in parse_html(app.outdir / "words.html").find("a")
             if "term-" in a.attrs.get("href", "") and "headerlink" not in a.classes]
    assert hrefs == ["#term-serotonin", "#term-serotonin"]


def test_no_title_when_tooltips_are_off(tmp_path: Path) -> None:
    provider(tmp_path, "neuroterms_tooltips = False\n")
    (tmp_path / "index.rst").write_text(
        "A\n=\n\n.. toctree::\n\n   glossary\n\n"
        ":nterm:`serotonin`, :nterm:term:`serotonin`, :any:`Dopamine`, :term:`5-HT`.\n",
        encoding="utf-8",
    )
    app, warnings = build_project(tmp_path)
    assert warnings == []
    links = [a for a in parse_html(app.outdir / "index.html").find("a")
             if "#nterm-" in a.attrs.get("href", "")]
    assert len(links) == 4
    assert [a.attrs.get("title") for a in links] == [None] * 4


def test_pages_reaching_terms_by_term_or_any_are_rewritten_when_a_term_changes(
    tmp_path: Path,
) -> None:
    provider(tmp_path)
    add_words_page(tmp_path, "Words\n=====\n\n:term:`serotonin` and :any:`Dopamine`.\n")
    build_project(tmp_path)
    terms = json.loads((tmp_path / "terms.json").read_text(encoding="utf-8"))
    terms["terms"][1]["definition"] = "Now defined differently."
    (tmp_path / "terms.json").write_text(json.dumps(terms), encoding="utf-8")
    app, warnings = build_project(tmp_path)
    assert warnings == []
    words = app.outdir / "words.html"
    titles = [link_tooltip(words, a) for a in parse_html(words).find("a")
              if "#nterm-dopamine" in a.attrs.get("href", "")]
    assert titles == ["Now defined differently."]
