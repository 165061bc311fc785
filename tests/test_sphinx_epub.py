"""EPUB: references are EPUB 3 pop-up notes, and the book passes ``epubcheck``."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

FILES = {
    "conf.py": (
        'project = "Notes"\nauthor = "Lab"\nextensions = ["sphinx_neuroterms"]\n'
        'neuroterms_sources = ["t.yaml"]\nversion = "1.0"\nepub_copyright = "2026, Lab"\n'
        # "Unlisted" is referenced on purpose, though no glossary lists it.
        'suppress_warnings = ["neuroterms.no_entry"]\nshow_warning_types = True\n'
    ),
    "t.yaml": (
        "terms:\n"
        "- term: Serotonin\n  aliases: [5-HT]\n"
        "  definition: A monoamine messenger <made> & kept in vesicles.\n"
        "- term: Reuptake\n  definition: The return of a released messenger into the cell "
        "that sent it.\n"
        "- term: Unlisted\n  definition: A term that no glossary lists.\n"
    ),
    "index.rst": (
        "Notes\n=====\n\n.. toctree::\n\n   sub/page\n   glossary\n\n"
        ":nterm:`Serotonin` ends by :nterm:`reuptake`; :nterm:`5-HT` again, and "
        ":nterm:`unlisted`.\n"
    ),
    "sub/page.rst": "Sub\n===\n\nDeeper: :nterm:`serotonin`.\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n   :terms: Serotonin, Reuptake\n",
}


def test_notes_per_page(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES)
    _app, warnings = build_project(root, "epub", freshenv=True)
    assert warnings == []
    out = root / "_build" / "epub"
    page = parse_html(out / "index.xhtml")
    refs = [a for a in page.find("a") if a.attrs.get("epub:type") == "noteref"]
    assert [(a.text, a.attrs["href"]) for a in refs] == [
        ("Serotonin", "#nterm-note-serotonin"),
        ("reuptake", "#nterm-note-reuptake"),
        ("5-HT", "#nterm-note-serotonin"),  # one note per term and page
        ("unlisted", "#nterm-note-unlisted"),
    ]
    asides = page.find("aside")
    assert [(a.attrs["id"], a.attrs["epub:type"], a.text) for a in asides] == [
        ("nterm-note-serotonin", "footnote",
         "Serotonin: A monoamine messenger <made> & kept in vesicles."),
        ("nterm-note-reuptake", "footnote",
         "Reuptake: The return of a released messenger into the cell that sent it."),
        ("nterm-note-unlisted", "footnote", "Unlisted: A term that no glossary lists."),
    ]  # fmt: skip
    # The name leads on to the entry (a term without one is just its name).
    entries = [a.attrs["href"] for a in page.find("a") if a.text in {"Serotonin", "Reuptake"}
               and "epub:type" not in a.attrs]  # fmt: skip
    assert entries == ["glossary.xhtml#nterm-serotonin", "glossary.xhtml#nterm-reuptake"]
    # No script, no data block, no title copies.
    text = (out / "index.xhtml").read_text(encoding="utf-8")
    assert "<script" not in text.split("</head>")[1]
    assert "title=" not in "".join(str(a.attrs) for a in refs)
    deeper = parse_html(out / "sub" / "page.xhtml")
    assert [a.attrs["id"] for a in deeper.find("aside")] == ["nterm-note-serotonin"]


def test_tooltips_off_gives_plain_links(tmp_path: Path) -> None:
    files = {**FILES, "conf.py": FILES["conf.py"] + "neuroterms_tooltips = False\n"}
    root = write_project(tmp_path, files)
    _app, warnings = build_project(root, "epub", freshenv=True)
    assert warnings == []
    page = parse_html(root / "_build" / "epub" / "index.xhtml")
    assert page.find("aside") == []
    assert [a.attrs["href"] for a in page.find("a", "nterm")][:2] == [
        "glossary.xhtml#nterm-serotonin", "glossary.xhtml#nterm-reuptake"
    ]


def _epubcheck() -> list[str]:
    """The command that runs epubcheck (Debian's is a link to a jar, run by ``java -jar``)."""
    found = shutil.which("epubcheck")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs Debian's epubcheck (.ci/run); it is missing")
        pytest.skip("epubcheck is not installed")
    real = os.path.realpath(found)
    return ["java", "-jar", real] if real.endswith(".jar") else [found]


@pytest.mark.slow
def test_book_passes_epubcheck(tmp_path: Path) -> None:
    epubcheck = _epubcheck()
    root = write_project(tmp_path, FILES)
    _app, warnings = build_project(root, "epub", freshenv=True)
    assert warnings == []
    [book] = (root / "_build" / "epub").glob("*.epub")
    result = subprocess.run(
        [*epubcheck, str(book)], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
