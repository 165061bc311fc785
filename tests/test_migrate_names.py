"""Every name, anchor and word of a Sphinx glossary as Sphinx showed it, after ``migrate``
(issue 23).

Each case is a small project with a Sphinx ``.. glossary::`` (or MyST ``{glossary}``), built
by Sphinx alone, then migrated with ``neuroterms migrate --write`` and built again: every
name line keeps its own ``dt``, with the text and the id Sphinx gave it, and every link to
it still lands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, read_inventory, tooltips_of, write_project

from sphinx_neuroterms.cli import main

if TYPE_CHECKING:
    from pathlib import Path

#: The glossaries of the cases, as written in reST; MyST gets the same lines in a fence.
CASE_VARIANTS = """\
Ajax
AJAX
Asynchronous JavaScript and XML
   Loading data in the background of a page.
"""

SAME_ID = """\
HTTP-Header
HTTP Header
   A line of metadata before the body of a message.

Ψυχή
ΨΥΧΉ
   Names without ASCII letters make no id of their own.
"""


def _pages(kind: str, glossary: str, prose: str, api: str = "") -> dict[str, str]:
    """A project whose ``glossary`` page holds ``glossary`` and whose ``usage`` page ``prose``
    (``:term:`…``` written in the page's syntax), and an ``api`` page holding ``api``."""
    if kind == "rst":
        body = "".join(f"   {line}" if line else "" for line in glossary.splitlines(True))
        return {
            "conf.py": "extensions = []\n",
            "index.rst": "Index\n=====\n\n.. toctree::\n\n   glossary\n   usage\n   api\n",
            "glossary.rst": f"Glossary\n========\n\n.. glossary::\n\n{body}",
            "usage.rst": f"Usage\n=====\n\n{prose}\n",
            "api.rst": f"API\n===\n\n{api}",
        }
    prose = prose.replace(":term:", "{term}")
    return {
        "conf.py": 'extensions = ["myst_parser"]\n',
        "index.md": "# Index\n\n```{toctree}\nglossary\nusage\napi\n```\n",
        "glossary.md": f"# Glossary\n\n```{{glossary}}\n{glossary}```\n",
        "usage.md": f"# Usage\n\n{prose}\n",
        "api.md": f"# API\n\n{api}",
    }


def glossary_lines(page: Path) -> dict[str, str]:
    """Every id of every name line (``dt``) of a page's glossaries, with the line's text as
    a reader sees it (the ``¶`` of its permalink left out)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found: dict[str, str] = {}
    for dt in soup.select("dl.glossary dt"):
        text = " ".join(dt.get_text().replace("¶", "").split())
        for element in (dt, *dt.select("[id]")):
            if element.get("id"):
                found[str(element["id"])] = text
    return found


def unlinked_lines(page: Path) -> list[str]:
    """The name lines (``dt``) of a page's glossaries without a permalink (``¶``) to an id
    of their own."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    missing = []
    for dt in soup.select("dl.glossary dt"):
        ids = {str(element["id"]) for element in (dt, *dt.select("[id]")) if element.get("id")}
        link = dt.select_one("a.headerlink")
        if link is None or str(link.get("href", "")).lstrip("#") not in ids:
            missing.append(dt.get_text())
    return missing


def _before_and_after(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Path]:
    """Build the project with Sphinx alone, migrate it, build it again: both outputs."""
    root = write_project(tmp_path / "docs", files)
    _, warnings = build_project(root, builddir=tmp_path / "before", freshenv=True)
    assert warnings == []
    assert main(["migrate", str(root), "--write"]) == 0
    _, warnings = build_project(root, builddir=tmp_path / "after", freshenv=True)
    assert warnings == []
    return tmp_path / "before/html", tmp_path / "after/html"


@pytest.mark.parametrize("kind", ["rst", "myst"])
def test_names_that_differ_only_in_case_keep_their_lines(tmp_path: Path, kind: str) -> None:
    """Issue 23, item 2: ``AJAX`` beside ``Ajax`` stays a name line, with its id and object."""
    if kind == "myst":
        pytest.importorskip("myst_parser")
    files = _pages(kind, CASE_VARIANTS, "Uses :term:`AJAX` and :term:`Ajax`.")
    before, after = _before_and_after(tmp_path, files)
    old, new = glossary_lines(before / "glossary.html"), glossary_lines(after / "glossary.html")
    assert old == {
        "term-Ajax": "Ajax",
        "term-AJAX": "AJAX",
        "term-Asynchronous-JavaScript-and-XML": "Asynchronous JavaScript and XML",
    }
    assert old.items() <= new.items()
    assert unlinked_lines(after / "glossary.html") == []
    # Both links still reach the entry; std:term keeps each name as written.
    links = [
        a.attrs["href"] for a in parse_html(after / "usage.html").find("a")
        if "glossary.html#" in a.attrs.get("href", "")
    ]  # fmt: skip
    assert len(links) == 2
    inventory = read_inventory(after / "objects.inv")["std:term"]
    assert {"Ajax", "AJAX", "Asynchronous JavaScript and XML"} <= set(inventory)


@pytest.mark.parametrize("kind", ["rst", "myst"])
def test_names_with_the_same_id_keep_sphinx_numbered_ids(tmp_path: Path, kind: str) -> None:
    """Issue 23, item 3: the second name making ``term-HTTP-Header`` keeps ``term-0``, and a
    name without ASCII letters its number, each with its own permalink."""
    if kind == "myst":
        pytest.importorskip("myst_parser")
    files = _pages(kind, SAME_ID, "See :term:`HTTP Header` and :term:`ψυχή`.")
    before, after = _before_and_after(tmp_path, files)
    old, new = glossary_lines(before / "glossary.html"), glossary_lines(after / "glossary.html")
    assert old == {
        "term-HTTP-Header": "HTTP-Header",
        "term-0": "HTTP Header",
        "term-1": "Ψυχή",
        "term-2": "ΨΥΧΉ",
    }
    assert old.items() <= new.items()
    assert unlinked_lines(after / "glossary.html") == []


MARKUP_NAME = {
    "rst": """\
:class:`~.Basic`
   The simplest model.

*Fancy* model
   A model with **more**.
""",
    "myst": """\
{class}`~.Basic`
   The simplest model.

*Fancy* model
   A model with **more**.
""",
}

API = {
    "rst": ".. py:module:: models\n\n.. py:class:: Basic\n",
    "myst": "```{py:module} models\n```\n\n```{py:class} Basic\n```\n",
}


@pytest.mark.parametrize("kind", ["rst", "myst"])
def test_names_with_markup_are_named_by_their_text(tmp_path: Path, kind: str) -> None:
    """Issue 23, item 4: a term line ``:class:`~.Basic``` names the term ``Basic`` (what
    ``:term:`` names it by); the glossary still shows the line's markup, a link to the class."""
    if kind == "myst":
        pytest.importorskip("myst_parser")
    prose = "Uses :term:`Basic` and :term:`Fancy model`."
    files = _pages(kind, MARKUP_NAME[kind], prose, api=API[kind])
    before, after = _before_and_after(tmp_path, files)
    old, new = glossary_lines(before / "glossary.html"), glossary_lines(after / "glossary.html")
    assert old == {"term-Basic": "Basic", "term-Fancy-model": "Fancy model"}
    assert old.items() <= new.items()
    # The name line links to the class and keeps its emphasis, as Sphinx showed it.
    glossary = parse_html(after / "glossary.html")
    assert any(a.attrs.get("href") == "api.html#models.Basic" for a in glossary.find("a"))
    assert [em.text for em in glossary.find("em")] == ["Fancy"]
    # References, tooltips and the inventory use the plain name.
    usage = parse_html(after / "usage.html")
    assert len([a for a in usage.find("a") if "glossary.html#" in a.attrs.get("href", "")]) == 2
    names = {name for name, _text in tooltips_of(after / "usage.html")["terms"].values()}
    assert names == {"Basic", "Fancy model"}
    inventory = read_inventory(after / "objects.inv")
    assert {"Basic", "Fancy model"} <= set(inventory["nterm:term"])
    assert {"Basic", "Fancy model"} <= set(inventory["std:term"])


@pytest.mark.parametrize("kind", ["rst", "myst"])
def test_a_sorted_glossary_sorts_names_with_markup_by_their_text(
    tmp_path: Path, kind: str
) -> None:
    """``:sorted:`` sorts by the text Sphinx shows: ``:class:`~.Zeta``` after ``Beta``."""
    if kind == "myst":
        pytest.importorskip("myst_parser")
    role = ":class:" if kind == "rst" else "{class}"
    glossary = f"{role}`~.Zeta`\n   Last.\n\nBeta\n   Second.\n\nAlpha\n   First.\n"
    files = _pages(kind, glossary, "", api=API[kind].replace("Basic", "Zeta"))
    page = next(name for name in files if name.startswith("glossary."))
    option = "   :sorted:\n" if kind == "rst" else ":sorted:\n"
    files[page] = files[page].replace("glossary::\n" if kind == "rst" else "{glossary}\n",
                                      ("glossary::\n" if kind == "rst" else "{glossary}\n")
                                      + option, 1)
    before, after = _before_and_after(tmp_path, files)
    old, new = glossary_lines(before / "glossary.html"), glossary_lines(after / "glossary.html")
    assert list(old.values()) == ["Alpha", "Beta", "Zeta"]
    assert [name for node_id, name in new.items() if node_id.startswith("term-")] == list(
        old.values()
    )
