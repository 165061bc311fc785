"""Names with ``#`` (``C#``, ``F#``) are names: a whole name wins over ``Name#Section``, in
``:nterm:`` and ``:nterm:term:``, for term files' terms and ``.. nterm::`` terms, in every
builder; only a text that names no term is split, at its last ``#``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS = {
    "terms": [
        {"term": "C", "definition": "A systems language."},
        {"term": "C#", "definition": "A managed language.", "sections": {"Origin": "2000."}},
        {"term": "F#", "definition": "A functional language."},
    ]
}

WORDS = (
    ":nterm:`C#`, :nterm:`F#`, :nterm:`C`, :nterm:term:`C#`, :nterm:term:`F#`, "
    ":nterm:`C##Origin`, :nterm:term:`C##origin`, :nterm:`D#`, :nterm:`C#Nowhere`.\n"
)


def project(root: Path, extra: dict[str, str] | None = None) -> Path:
    return write_project(root, {
        "conf.py": (
            "extensions = ['sphinx_neuroterms']\nneuroterms_sources = ['terms.json']\n"
            "show_warning_types = True\n"
        ),
        "terms.json": json.dumps(TERMS),
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   glossary\n\n" + WORDS,
        "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
        **(extra or {}),
    })


def expected_warnings(root: Path) -> list[str]:
    """Only the two texts that name nothing: the whole text is the name reported."""
    return [
        f"{root}/index.rst:8: WARNING: unknown term 'D#' [neuroterms.unknown]",
        (f"{root}/index.rst:8: WARNING: term 'C' has no section 'Nowhere' (its sections: "
         "none) [neuroterms.unknown]"),
    ]


def entry_name(glossary: Path, href: str) -> str:
    """The name of the glossary entry (or section) that a link lands on."""
    text = parse_html(glossary).by_id(href.partition("#")[2]).text
    return text.split("\n")[0].strip().removesuffix("¶")  # the headerlink's mark


@pytest.mark.parametrize("parallel", [1, 2])
def test_names_with_a_hash_link_their_own_entries(tmp_path: Path, parallel: int) -> None:
    project(tmp_path)
    app, warnings = build_project(tmp_path, freshenv=True, parallel=parallel)
    assert sorted(warnings) == sorted(expected_warnings(tmp_path))
    page = parse_html(app.outdir / "index.html")
    links = [(a.text, a.attrs["href"]) for a in page.find("a", "nterm")]
    glossary = app.outdir / "glossary.html"
    assert [(text, entry_name(glossary, href)) for text, href in links] == [
        ("C#", "C#"), ("F#", "F#"), ("C", "C"), ("C#", "C#"), ("F#", "F#"),
        ("C#: Origin", "Origin"), ("C#: Origin", "Origin"),
    ]
    assert links[-1][1] == links[-2][1]
    assert parse_html(glossary).by_id(links[-1][1].partition("#")[2]).tag == "p"


@pytest.mark.parametrize("buildername", ["text", "latex"])
def test_names_with_a_hash_resolve_in_other_builders(tmp_path: Path, buildername: str) -> None:
    project(tmp_path)
    app, warnings = build_project(tmp_path, buildername, freshenv=True)
    assert sorted(warnings) == sorted(expected_warnings(tmp_path))
    if buildername == "text":
        text = (app.outdir / "index.txt").read_text(encoding="utf-8")
        # (``:nterm:term:`` keeps Sphinx's emphasis of cross-references in text.)
        assert "C#, F#, C, *C#*, *F#*, C#: Origin, C#: Origin, D#, C: Nowhere." in text


def test_in_page_terms_with_a_hash_in_their_names(tmp_path: Path) -> None:
    # No term file knows ``G#``: the name is told from a section once every page is read.
    project(tmp_path, {
        "index.rst": (
            "Index\n=====\n\n.. toctree::\n\n   glossary\n   notes\n\n"
            ":nterm:`G#`, :nterm:term:`G#`, :nterm:`G##Scale`, :nterm:`the note <G#>`.\n"
        ),
        "notes.rst": (
            "Notes\n=====\n\n.. nterm:: G#\n\n   A sharp note.\n\n"
            "   .. rubric:: Scale\n\n   Eight notes.\n"
        ),
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    page = parse_html(app.outdir / "index.html")
    links = [(a.text, a.attrs["href"]) for a in page.find("a", "nterm")]
    notes = app.outdir / "notes.html"
    assert [(text, entry_name(notes, href)) for text, href in links] == [
        ("G#", "G#"), ("G#", "G#"), ("G#: Scale", "Scale"), ("the note", "G#"),
    ]
