"""Ids on a page are unique, whatever the names: glossary entries, groups, sections,
``.. nterm::`` entries and the page's own labels; every link and ``objects.inv`` follow the
id an entry or section finally got, in HTML, singlehtml and under ``-j``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, read_inventory, write_project

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx_util import Page

CONF = "extensions = ['sphinx_neuroterms']\nneuroterms_sources = ['terms.json']\n" \
    "show_warning_types = True\n"

#: ``Serotonin`` + its ``Origin`` section and ``Serotonin Origin`` slug alike.
TERMS = {
    "terms": [
        {
            "term": "Serotonin",
            "definition": "A monoamine messenger.",
            "sections": {"Origin": "Named for serum."},
        },
        {"term": "Serotonin Origin", "definition": "Where the messenger is made."},
        {"term": "Dopamine", "definition": "The messenger of reward prediction."},
    ]
}


def ids_of(page: Page) -> list[str]:
    """Every id of a page, repeated ones as often as they occur."""
    return [element.attrs["id"] for element in page.elements if "id" in element.attrs]


def hrefs(page: Page, text: str) -> list[str]:
    """The targets of the links whose text is ``text``."""
    return [a.attrs.get("href", "") for a in page.find("a") if a.text == text]


def project(root: Path, words: str, glossary: str = "") -> Path:
    return write_project(root, {
        "conf.py": CONF,
        "terms.json": json.dumps(TERMS),
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   glossary\n\n" + words,
        "glossary.rst": f"Glossary\n========\n\n{glossary}.. nterm-glossary::\n",
    })


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_section_and_a_term_named_alike_get_their_own_ids(
    tmp_path: Path, parallel: int
) -> None:
    project(
        tmp_path, ":nterm:`Serotonin#Origin`, :nterm:`Serotonin Origin`, :nterm:`Serotonin`.\n"
    )
    app, warnings = build_project(tmp_path, freshenv=True, parallel=parallel)
    assert warnings == []
    glossary = parse_html(app.outdir / "glossary.html")
    assert [i for i, n in Counter(ids_of(glossary)).items() if n > 1] == []
    # The term keeps the id its name gives; the section gets the next free one.
    assert glossary.by_id("nterm-serotonin-origin").text.startswith("Serotonin Origin")
    assert glossary.by_id("nterm-serotonin").text.startswith("Serotonin")
    assert glossary.by_id("nterm-serotonin-origin-2").text == "Origin"

    index = parse_html(app.outdir / "index.html")
    assert hrefs(index, "Serotonin: Origin") == ["glossary.html#nterm-serotonin-origin-2"]
    assert hrefs(index, "Serotonin Origin") == ["glossary.html#nterm-serotonin-origin"]
    assert hrefs(index, "Serotonin") == ["glossary.html#nterm-serotonin"]
    inventory = read_inventory(app.outdir / "objects.inv")
    assert inventory["nterm:section"]["Serotonin#Origin"].endswith(
        "glossary.html#nterm-serotonin-origin-2"
    )
    assert inventory["nterm:term"]["Serotonin Origin"].endswith(
        "glossary.html#nterm-serotonin-origin"
    )


def test_a_glossary_leaves_the_ids_of_its_page_alone(tmp_path: Path) -> None:
    # A label kept from before the terms moved to files, and a heading whose id is an
    # entry's: the glossary's entries take other ids, and links follow them.
    project(
        tmp_path,
        ":nterm:`Dopamine`, :nterm:`Serotonin#Origin`, :ref:`nterm-dopamine`, "
        ":nterm:`Serotonin Origin <Serotonin Origin>`.\n",
        glossary=(
            ".. _nterm-dopamine:\n\nOld anchor\n----------\n\nKept for old links.\n\n"
            "Nterm Serotonin Origin\n----------------------\n\n"
        ),
    )
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    glossary = parse_html(app.outdir / "glossary.html")
    assert [i for i, n in Counter(ids_of(glossary)).items() if n > 1] == []
    dopamine = next(dt for dt in glossary.find("dt") if dt.text.startswith("Dopamine"))
    assert dopamine.attrs["id"] == "nterm-dopamine-2"
    index = parse_html(app.outdir / "index.html")
    assert hrefs(index, "Dopamine") == ["glossary.html#nterm-dopamine-2"]
    section = hrefs(index, "Serotonin: Origin")[0].partition("#")[2]
    assert glossary.by_id(section).text == "Origin"
    assert "glossary.html#nterm-dopamine" in hrefs(index, "Old anchor")
    # The heading keeps the id Sphinx gave it; the entry named like it takes another.
    assert glossary.by_id("nterm-serotonin-origin").tag == "section"
    entry = hrefs(index, "Serotonin Origin")[0].partition("#")[2]
    assert glossary.by_id(entry).tag == "dt"
    assert glossary.by_id(entry).text.startswith("Serotonin Origin")


def test_in_page_terms_link_their_sections_by_their_ids(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "conf.py": "extensions = ['sphinx_neuroterms']\nshow_warning_types = True\n",
        "index.rst": (
            "Index\n=====\n\n.. toctree::\n\n   terms\n\n"
            ":nterm:`Serotonin#Origin`, :nterm:`Serotonin Origin`.\n"
        ),
        "terms.rst": (
            "Terms\n=====\n\n"
            ".. nterm:: Serotonin Origin\n\n   Where the messenger is made.\n\n"
            ".. nterm:: Serotonin\n\n   A monoamine messenger.\n\n"
            "   .. rubric:: Origin\n\n   Named for serum.\n"
        ),
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    terms = parse_html(app.outdir / "terms.html")
    assert [i for i, n in Counter(ids_of(terms)).items() if n > 1] == []
    index = parse_html(app.outdir / "index.html")
    assert hrefs(index, "Serotonin Origin") == ["terms.html#nterm-serotonin-origin"]
    section = hrefs(index, "Serotonin: Origin")[0].partition("#")[2]
    assert terms.by_id(section).text == "Origin"
    inventory = read_inventory(app.outdir / "objects.inv")
    assert inventory["nterm:section"]["Serotonin#Origin"].endswith(f"terms.html#{section}")


def test_singlehtml_links_have_one_fragment(tmp_path: Path) -> None:
    project(
        tmp_path,
        ":nterm:`Serotonin#Origin`, :nterm:`Dopamine`, :nterm:term:`Serotonin Origin`, "
        ":any:`Serotonin`, :nterm:`origin <Serotonin#Origin>`.\n",
    )
    app, warnings = build_project(tmp_path, "singlehtml", freshenv=True)
    assert warnings == []
    page = parse_html(app.outdir / "index.html")
    expected = {
        "Serotonin: Origin": "#nterm-serotonin-origin-2",
        "origin": "#nterm-serotonin-origin-2",
        "Dopamine": "#nterm-dopamine",
        "Serotonin Origin": "#nterm-serotonin-origin",
        "Serotonin": "#nterm-serotonin",
    }
    for text, href in expected.items():
        links = [link for link in hrefs(page, text) if link.startswith("#nterm-")]
        assert links == [href], text
        assert href[1:] in page.ids


def test_a_new_term_named_like_a_section_moves_the_links_to_that_section(
    tmp_path: Path,
) -> None:
    only_serotonin = {"terms": [TERMS["terms"][0], TERMS["terms"][2]]}
    project(tmp_path, ":nterm:`Serotonin#Origin`.\n")
    (tmp_path / "terms.json").write_text(json.dumps(only_serotonin), encoding="utf-8")
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    index = parse_html(app.outdir / "index.html")
    assert hrefs(index, "Serotonin: Origin") == ["glossary.html#nterm-serotonin-origin"]

    # Incremental: index.rst is not read again, but its link must follow the section.
    (tmp_path / "terms.json").write_text(json.dumps(TERMS), encoding="utf-8")
    app, warnings = build_project(tmp_path)
    assert warnings == []
    index = parse_html(app.outdir / "index.html")
    assert hrefs(index, "Serotonin: Origin") == ["glossary.html#nterm-serotonin-origin-2"]
