"""Related terms: what each glossary entry suggests reading next."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_again, build_project, parse_html, touch_later, write_project

from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.related import find_mentions, related_terms

if TYPE_CHECKING:
    from pathlib import Path


def _catalog(*terms: Term) -> TermCatalog:
    catalog = TermCatalog()
    for term in terms:
        catalog.add(term)
    return catalog


def _rewrite(path: Path, text: str) -> None:
    """Change a source file so that the next build sees it changed."""
    path.write_text(text, encoding="utf-8")
    touch_later(path)


def _term(name: str, definition: str, **fields: tuple[str, ...]) -> Term:
    return Term(name, definition, Location("t.yaml", 1), **fields)


CATALOG = _catalog(
    _term("Serotonin", "A messenger made from :nterm:`tryptophan`.", tags=("monoamine",)),
    _term("Tryptophan", "An amino acid.", notes=("Also a precursor of melatonin.",)),
    _term("Melatonin", "A hormone of sleep.", tags=("hormone",)),
    _term("Dopamine", "A messenger of reward.", tags=("monoamine",), see_also=("Serotonin",)),
    _term("Cortisol", "A hormone of stress.", tags=("hormone",)),
)


def test_mentions_either_way_then_shared_tags() -> None:
    related = related_terms(CATALOG, 5)
    # Serotonin mentions Tryptophan (2), shares a tag with Dopamine (1).
    assert related["serotonin"] == ("tryptophan", "dopamine")
    # Tryptophan is mentioned by Serotonin (2); its note mentions Melatonin (2): by name.
    assert related["tryptophan"] == ("melatonin", "serotonin")
    # Dopamine lists Serotonin under see_also already: not repeated.
    assert "dopamine" not in related
    assert related["cortisol"] == ("melatonin",)


def test_kept_mentions_and_a_search_of_the_edited_text_agree_with_a_fresh_search() -> None:
    terms = list(CATALOG)
    edited = [
        _term("Cortisol", "A hormone of stress, unlike melatonin or GABA.", tags=("hormone",))
        if term.name == "Cortisol" else term
        for term in terms
    ]
    # One text of five searched again, for the names that can start in it.
    after_edit = find_mentions(edited, previous=find_mentions(terms))
    assert after_edit == find_mentions(edited)
    assert after_edit.found["cortisol"][2] == ("melatonin",)
    # A new name: every text is searched again.
    added = [*edited, _term("GABA", "A messenger that calms.")]
    after_adding = find_mentions(added, previous=after_edit)
    assert after_adding == find_mentions(added)
    assert after_adding.found["cortisol"][2] == ("melatonin", "gaba")


def test_limit_and_off() -> None:
    assert related_terms(CATALOG, 1)["serotonin"] == ("tryptophan",)
    assert related_terms(CATALOG, 0) == {}


def test_glossary_entries_show_them(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n',
            "t.yaml": (
                "terms:\n- term: Serotonin\n  definition: Made from tryptophan.\n"
                "- term: Tryptophan\n  definition: An amino acid.\n"
            ),
            "index.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
        },
    )
    _, warnings = build_project(root, freshenv=True)
    assert warnings == []
    page = parse_html(root / "_build/html/index.html")
    (serotonin, tryptophan) = page.find("p", "nterm-related")
    assert serotonin.text == "Related: Tryptophan"
    assert tryptophan.text == "Related: Serotonin"
    links = {a.text: a.attrs["href"] for a in page.find("a") if "data-nterm" in a.attrs}
    assert links == {"Tryptophan": "#nterm-tryptophan", "Serotonin": "#nterm-serotonin"}
    _, warnings = build_project(root, freshenv=True, confoverrides={"neuroterms_related": 0})
    assert parse_html(root / "_build/html/index.html").find("p", "nterm-related") == []


def test_myst_glossary_and_parallel_alike(tmp_path: Path) -> None:
    pytest.importorskip("myst_parser")
    files = {
        "conf.py": (
            'extensions = ["sphinx_neuroterms", "myst_parser"]\nneuroterms_sources = ["t.yaml"]\n'
        ),
        "t.yaml": (
            "terms:\n- term: Serotonin\n  definition: Made from tryptophan.\n  tags: [a]\n"
            "- term: Tryptophan\n  definition: An amino acid.\n"
            "- term: Dopamine\n  definition: A messenger.\n  tags: [a]\n"
        ),
        "index.md": "# Glossary\n\n```{nterm-glossary}\n```\n",
    }
    serial = write_project(tmp_path / "serial", files)
    parallel = write_project(tmp_path / "parallel", files)
    build_project(serial, freshenv=True)
    build_project(parallel, freshenv=True, parallel=2)
    html = (serial / "_build/html/index.html").read_bytes()
    assert (parallel / "_build/html/index.html").read_bytes() == html
    related = [
        p.text for p in parse_html(serial / "_build/html/index.html").find("p", "nterm-related")
    ]
    assert related == ["Related: Serotonin", "Related: Tryptophan, Dopamine", "Related: Serotonin"]


def test_rebuilds_keep_them_current(tmp_path: Path) -> None:
    """A rebuild searches again the texts that changed, and every text when a name did."""
    terms = (
        "terms:\n- term: Serotonin\n  definition: Made from tryptophan.\n"
        "- term: Tryptophan\n  definition: An amino acid.\n"
        "- term: Melatonin\n  definition: A hormone of sleep.\n"
    )
    root = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n',
            "t.yaml": terms,
            "index.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
        },
    )
    build_project(root, freshenv=True)

    def related() -> list[str]:
        page = parse_html(root / "_build/html/index.html")
        return [p.text for p in page.find("p", "nterm-related")]

    assert related() == ["Related: Tryptophan", "Related: Serotonin"]  # Melatonin has none
    _, warnings, written = build_again(root)
    assert warnings == [] and written == set()
    _rewrite(
        root / "t.yaml",
        terms.replace("A hormone of sleep.", "A hormone of sleep, made from serotonin."),
    )
    build_project(root)
    assert related() == [
        "Related: Serotonin",
        "Related: Melatonin, Tryptophan",
        "Related: Serotonin",
    ]
    _, warnings = build_project(root, confoverrides={"neuroterms_related": 1})
    assert related() == ["Related: Serotonin", "Related: Melatonin", "Related: Serotonin"]
    # A new term: texts that did not change are searched again for its name.
    _rewrite(
        root / "t.yaml",
        terms.replace("A hormone of sleep.", "A hormone of sleep, made from serotonin.")
        + "- term: Sleep\n  definition: A state of rest.\n",
    )
    build_project(root)
    assert related() == [
        "Related: Serotonin, Sleep",
        "Related: Melatonin, Tryptophan",
        "Related: Melatonin",
        "Related: Serotonin",
    ]


def test_an_edit_elsewhere_rewrites_the_entries_it_relates_to(tmp_path: Path) -> None:
    """An entry's related terms follow from other terms' texts: editing a term that another
    page lists rewrites the page whose entry it now relates to."""
    terms = (
        "terms:\n- term: Alpha\n  definition: First.\n  tags: [a]\n"
        "- term: Beta\n  definition: Second.\n  tags: [b]\n"
    )
    glossary = "{title}\n=====\n\n.. nterm-glossary::\n   :tags: {tag}\n"
    root = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n',
            "t.yaml": terms,
            "index.rst": "Index\n=====\n\n.. toctree::\n\n   p1\n   p2\n",
            "p1.rst": glossary.format(title="One", tag="a"),
            "p2.rst": glossary.format(title="Two", tag="b"),
        },
    )
    build_project(root, freshenv=True)

    def related(page: str) -> list[str]:
        html = parse_html(root / f"_build/html/{page}.html")
        return [p.text for p in html.find("p", "nterm-related")]

    assert related("p1") == related("p2") == []
    _rewrite(root / "t.yaml", terms.replace("Second.", "Second, unlike alpha."))
    _, warnings = build_project(root)
    assert warnings == []
    assert related("p1") == ["Related: Beta"]
    assert related("p2") == ["Related: Alpha"]
