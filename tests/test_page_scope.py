"""Pages are searched for terms only where reading recorded some, and nothing is missed where
a builder or another extension brings one page's content into another: ``singlehtml``
inlines every page, ``sphinx.ext.todo`` copies todo notes (and their links) into the page
of its list, which itself uses no term.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, link_tooltip, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS = """\
terms:
- term: Serotonin
  definition: A monoamine messenger made from tryptophan.
- term: Dopamine
  definition: A catecholamine messenger of reward and movement.
"""

DEFINITIONS = {
    "Serotonin": "A monoamine messenger made from tryptophan.",
    "Dopamine": "A catecholamine messenger of reward and movement.",
}


def _project(root: Path, extensions: list[str]) -> Path:
    return write_project(root, {
        "conf.py": f"extensions = {extensions!r}\nneuroterms_sources = ['terms.yaml']\n"
        "todo_include_todos = True\n",
        "terms.yaml": TERMS,
        # The list's page comes first: its copies are made before the note's page resolves
        # the note (Sphinx keeps the doctrees it read in memory, and the copy would be of it).
        "index.rst": "Home\n====\n\n.. toctree::\n\n   agenda\n   notes\n   plain\n   glossary\n",
        "notes.rst": "Notes\n=====\n\n.. todo:: Compare :term:`Serotonin` with "
        ":nterm:`Dopamine`.\n",
        "agenda.rst": "Agenda\n======\n\n.. todolist::\n",
        "plain.rst": "Plain\n=====\n\nA page that names no term.\n",
        "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
    })


def _term_links(page: Path) -> dict[str, str | None]:
    """Each term link of the page's body: its text to what its tooltip shows."""
    return {
        link.text: link_tooltip(page, link)
        for link in parse_html(page).find("a")
        if link.text.capitalize() in DEFINITIONS
    }


@pytest.mark.parametrize(
    "extensions",
    [["sphinx.ext.todo", "sphinx_neuroterms"], ["sphinx_neuroterms", "sphinx.ext.todo"]],
    ids=["todo-first", "todo-last"],
)
def test_links_copied_into_a_todo_list_get_their_tooltips(
    tmp_path: Path, extensions: list[str]
) -> None:
    _project(tmp_path, extensions)
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    # The todo list's page uses no term of its own; its copy of the note links both terms,
    # with tooltips, as the note's own page does.
    for page in ("notes", "agenda"):
        assert _term_links(app.outdir / f"{page}.html") == {
            "Serotonin": DEFINITIONS["Serotonin"],
            "Dopamine": DEFINITIONS["Dopamine"],
        }, page


def test_singlehtml_holds_every_page_terms_and_glossary(tmp_path: Path) -> None:
    _project(tmp_path, ["sphinx_neuroterms", "sphinx.ext.todo"])
    app, warnings = build_project(tmp_path, "singlehtml", freshenv=True)
    assert warnings == []
    page = app.outdir / "index.html"
    # The root page holds no term: the glossary and the links come from the inlined pages.
    entries = {element.attrs["id"] for element in parse_html(page).find("dt")}
    assert {"nterm-serotonin", "nterm-dopamine"} <= entries
    links = [link for link in parse_html(page).find("a") if link.text.capitalize() in DEFINITIONS]
    assert {(link.text, link_tooltip(page, link)) for link in links} == {
        ("Serotonin", DEFINITIONS["Serotonin"]),
        ("Dopamine", DEFINITIONS["Dopamine"]),
    }

