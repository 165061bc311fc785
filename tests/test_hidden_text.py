"""Text a page hides is hidden from every text made of it (issue 23, item 1).

Tooltips, ``neuroterms.json``, ``nterm-page-terms``, EPUB notes and LaTeX footnotes show
what the term's entry shows in that build: ``.. only::`` decided by the builder's tags and
``.. todo::`` only with ``todo_include_todos``, in reST and MyST term text alike, whether the
pages were read by this build, an earlier one of another builder, or ``-j`` readers.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, tooltips_of, write_project

if TYPE_CHECKING:
    from pathlib import Path

RST_TERMS = """\
terms:
- term: REST API
  definition: ".. todo:: Write this entry."
- term: Hidden
  definition: |-
    Shown to everyone.

    .. only:: latex

       Only in the PDF.
"""

MYST_TERMS = """\
markup: myst
terms:
- term: REST API
  definition: |-
    ```{todo}
    Write this entry.
    ```
- term: Hidden
  definition: |-
    Shown to everyone.

    ```{only} latex
    Only in the PDF.
    ```
"""

INDEX = "Home\n====\n\nSee :nterm:`REST API` and :nterm:`Hidden`.\n\n.. nterm-page-terms::\n\n" \
    ".. nterm-glossary::\n"

HIDDEN_WORDS = ("Only in the PDF", "Write this entry", "Todo")

_FOOTNOTE = re.compile(r"\\begin\{footnote\}\[\d+\]\\sphinxAtStartFootnote\n(.*?)\n%\n", re.DOTALL)


def _project(root: Path, terms: str, extra_conf: str = "") -> Path:
    extensions = '["sphinx_neuroterms", "sphinx.ext.todo"'
    extensions += ', "myst_parser"]' if terms.startswith("markup: myst") else "]"
    return write_project(root, {
        "conf.py": f"extensions = {extensions}\nneuroterms_sources = ['terms.yaml']\n"
        f"neuroterms_latex_first_use = 'footnote'\n{extra_conf}",
        "index.rst": INDEX,
        "terms.yaml": terms,
    })


def _html_texts(root: Path) -> dict[str, str]:
    """Each term's text in the HTML output: tooltip, ``neuroterms.json``, page-terms list."""
    outdir = root / "_build" / "html"
    page = outdir / "index.html"
    tooltips = {key: record[1] for key, record in tooltips_of(page)["terms"].items()}
    listed = json.loads((outdir / "neuroterms.json").read_text(encoding="utf-8"))
    page_terms = next(
        element.text for element in parse_html(page).find("div", "nterm-page-terms")
    )
    assert tooltips.keys() == {"rest api", "hidden"}
    return {
        "tooltip hidden": tooltips["hidden"],
        "tooltip rest api": tooltips["rest api"],
        "json hidden": next(t["definition"] for t in listed["terms"] if t["name"] == "Hidden"),
        "json rest api": next(t["definition"] for t in listed["terms"] if t["name"] == "REST API"),
        "page terms": page_terms,
    }


def _check_html(root: Path) -> dict[str, str]:
    texts = _html_texts(root)
    for where, text in texts.items():
        for word in HIDDEN_WORDS:
            assert word not in text, (where, text)
    assert texts["tooltip hidden"] == texts["json hidden"] == "Shown to everyone."
    assert texts["tooltip rest api"] == texts["json rest api"] == ""
    assert "Shown to everyone." in texts["page terms"]
    return texts


def _footnotes(root: Path) -> list[str]:
    tex = next((root / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    return [" ".join(text.split()) for text in _FOOTNOTE.findall(tex)]


@pytest.mark.parametrize("terms", [RST_TERMS, MYST_TERMS], ids=["rst", "myst"])
def test_html_texts_leave_out_what_the_page_hides_and_the_pdf_shows_its_own(
    tmp_path: Path, terms: str
) -> None:
    root = _project(tmp_path, terms)
    _, warnings = build_project(root, "html", freshenv=True)
    assert warnings == []
    first = _check_html(root)
    # The LaTeX build reuses the pages the HTML build read: its footnotes show the PDF's text.
    _, warnings = build_project(root, "latex")
    assert warnings == []
    footnotes = _footnotes(root)
    assert r"\sphinxstylestrong{Hidden}: Shown to everyone. Only in the PDF." in footnotes
    assert r"\sphinxstylestrong{REST API}" in footnotes
    assert not any("Write this entry" in footnote for footnote in footnotes)
    # And back to HTML, still without reading again: the same texts as the first time.
    build_project(root, "html")
    assert _check_html(root) == first


def test_parallel_readers_record_the_same(tmp_path: Path) -> None:
    serial = _project(tmp_path / "serial", RST_TERMS)
    build_project(serial, "html", freshenv=True)
    parallel = _project(tmp_path / "parallel", RST_TERMS)
    _, warnings = build_project(parallel, "html", freshenv=True, parallel=2)
    assert warnings == []
    assert _check_html(parallel) == _check_html(serial)


def test_included_todos_are_shown(tmp_path: Path) -> None:
    root = _project(tmp_path, RST_TERMS, "todo_include_todos = True\n")
    build_project(root, "html", freshenv=True)
    texts = _html_texts(root)
    assert "Write this entry." in texts["tooltip rest api"]
    assert "Only in the PDF" not in texts["tooltip hidden"]


def test_epub_notes_leave_out_what_the_page_hides(tmp_path: Path) -> None:
    root = _project(tmp_path, RST_TERMS)
    _, warnings = build_project(root, "epub", freshenv=True)
    assert not any("neuroterms" in warning for warning in warnings)
    page = (root / "_build" / "epub" / "index.xhtml").read_text(encoding="utf-8")
    assert 'class="nterm-note"' in page
    asides = " ".join(re.findall(r"<aside[^>]*>(.*?)</aside>", page, re.DOTALL))
    assert "Shown to everyone." in asides
    for word in HIDDEN_WORDS:
        assert word not in asides
