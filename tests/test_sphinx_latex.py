"""LaTeX/PDF output: first-use footnotes (``neuroterms_latex_first_use``), labelled glossaries.

The project (``test-neuroterms-latex``) references a term first in a chapter title, then in
prose; one term only from a table body, one only from a glossary's see-also; the chapter
has two footnotes of its own and a link to a section of an entry.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, copy_root, write_project

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

#: Each term's footnote as it begins in the .tex: its name in bold, then its definition.
FOOTNOTE_START = {
    "Monoamine Oxidase": r"\sphinxstylestrong{Monoamine Oxidase}: A mitochondrial enzyme",
    "Vesicular Packaging": r"\sphinxstylestrong{Vesicular Packaging}: The pumping of",
    "Glutamate Spillover": r"\sphinxstylestrong{Glutamate Spillover}: Glutamate that escapes",
}

_FOOTNOTE = re.compile(
    r"\\begin\{footnote\}\[(\d+)\]\\sphinxAtStartFootnote\n(.*?)\n%\n", re.DOTALL
)


def _tex(app: SphinxTestApp) -> str:
    return next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")


def _footnotes(tex: str) -> list[tuple[str, str]]:
    """Each footnote of the .tex, in order: its number and its text."""
    return [(number, " ".join(text.split())) for number, text in _FOOTNOTE.findall(tex)]


def _chapter(tex: str, title: str) -> str:
    """The .tex of one chapter, from its ``\\chapter`` to the next."""
    start = tex.index(rf"\chapter{{{title}}}")
    end = tex.find(r"\chapter{", start + 1)
    return tex[start : end if end != -1 else len(tex)]


def _dangling_links(tex: str) -> set[str]:
    """Labels that some ``\\hyperref`` points to and no ``\\label`` sets."""
    linked = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    return linked - labels


def test_first_reference_to_each_term_gets_a_footnote(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-latex", tmp_path), "latex", freshenv=True)
    assert warnings == []
    tex = _tex(app)
    footnotes = _footnotes(tex)
    # One footnote per referenced term, whole definitions; Reuptake Transporter, which only
    # the glossary references (in a see-also), gets none.
    for start in FOOTNOTE_START.values():
        assert sum(text.startswith(start) for _, text in footnotes) == 1, start
    assert "carries released transmitter" not in " ".join(text for _, text in footnotes)
    whole = "so that less of them is packed into vesicles."
    assert any(text.endswith(whole) for _, text in footnotes)
    # Numbered in reading order from 1, with the chapter's own footnotes among them.
    assert [number for number, _ in footnotes] == ["1", "2", "3", "4", "5"]
    assert footnotes[2][1] == "A footnote of the page itself."
    assert footnotes[4][1] == "Another footnote of the page."

    chapter = _chapter(tex, "How MAO clears transmitters")  # the title's link is its text
    # The first reference outside the title has the footnote; the next ones are plain links.
    first = chapter.index(r"\sphinxcrossref{\DUrole{nterm}{monoamine oxidase}}}}%")
    assert chapter.index(FOOTNOTE_START["Monoamine Oxidase"]) > first
    later = chapter.index(r"\sphinxcrossref{\DUrole{nterm}{MAO}}}}", first)
    assert not chapter[later:].split("\n", 1)[0].endswith("%")
    # A reference in a table's body gets its footnote there (Sphinx sets it under the table).
    table = chapter[chapter.index(r"\begin{savenotes}") : chapter.index(r"\end{savenotes}")]
    assert FOOTNOTE_START["Glutamate Spillover"] in table
    assert table.count(r"\begin{footnote}") == 1  # "spillover", the second one, is a link


@pytest.mark.parametrize("hidden", ["html", "not latex"])
def test_a_reference_the_pdf_does_not_show_leaves_the_footnote_to_the_next(
    tmp_path: Path, hidden: str
) -> None:
    """A reference in ``.. only:: html`` is not in the PDF: the first one the PDF shows gets
    the footnote (issue 22, item 15); one in ``.. only:: latex`` is shown, and gets it."""
    write_project(tmp_path, {
        "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms.yaml"]\n'
        'neuroterms_latex_first_use = "footnote"\n',
        "index.rst": f"Home\n====\n\n.. only:: {hidden}\n\n   On the web, :nterm:`Dopamine`.\n\n"
        ".. only:: latex\n\n   In print, :nterm:`Dopamine`.\n\nLater, :nterm:`Dopamine`.\n\n"
        ".. nterm-glossary::\n",
        "terms.yaml": "terms:\n  - term: Dopamine\n    definition: A monoamine messenger.\n",
    })
    app, warnings = build_project(tmp_path, "latex", freshenv=True)
    assert warnings == []
    tex = _tex(app)
    assert "On the web" not in tex
    assert _footnotes(tex) == [("1", r"\sphinxstylestrong{Dopamine}: A monoamine messenger.")]
    footnote = tex.index(r"\begin{footnote}")
    assert tex.index("In print") < footnote < tex.index("Later")


def test_glossary_entries_are_labelled_and_every_link_lands(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-latex", tmp_path), "latex", freshenv=True)
    assert warnings == []
    tex = _tex(app)
    glossary = _chapter(tex, "Glossary")
    assert glossary.count(r"\begin{description}") == 4  # one list per letter
    assert r"\begin{footnote}" not in glossary
    for entry in ("glutamate-spillover", "monoamine-oxidase", "vesicular-packaging"):
        assert rf"\label{{\detokenize{{glossary:nterm-{entry}}}}}" in glossary
        assert rf"\hyperref[\detokenize{{glossary:nterm-{entry}}}]" in tex
    # A link to a section of an entry lands on the section's heading.
    section = "glossary:nterm-monoamine-oxidase-mechanism"
    assert rf"\hyperref[\detokenize{{{section}}}]{{\sphinxcrossref{{the mechanism}}}}" in tex
    heading = rf"\phantomsection\label{{\detokenize{{{section}}}}}\subsubsection*{{Mechanism}}"
    assert heading in glossary
    assert _dangling_links(tex) == set()


def test_link_mode_adds_no_footnote(tmp_path: Path) -> None:
    app, warnings = build_project(
        copy_root("neuroterms-latex", tmp_path), "latex", freshenv=True,
        confoverrides={"neuroterms_latex_first_use": "link"},
    )
    assert warnings == []
    tex = _tex(app)
    # Only the chapter's own footnotes, numbered as written.
    assert _footnotes(tex) == [
        ("1", "A footnote of the page itself."),
        ("2", "Another footnote of the page."),
    ]
    assert r"\sphinxcrossref{\DUrole{nterm}{monoamine oxidase}}}} competes" in tex
    assert _dangling_links(tex) == set()


# -- the PDF ------------------------------------------------------------------------------------


def _pdf_tools() -> None:
    """Skip unless latexmk and pdftotext are installed; in CI (which installs them), fail."""
    missing = [tool for tool in ("latexmk", "pdftotext") if shutil.which(tool) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must install {', '.join(missing)} (see .ci/run)")
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


def _pdf_pages(outdir: Path) -> list[str]:
    """Compile the LaTeX output with latexmk; the PDF's pages as text, words unhyphenated."""
    tex = next(outdir.glob("*.tex"))
    result = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=outdir, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "LATEXOPTS": ""},  # read by Sphinx's latexmkrc
    )
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        ["pdftotext", tex.with_suffix(".pdf").name, "-"],
        cwd=outdir, capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    return [" ".join(page.replace("-\n", "").split()) for page in text.split("\f")]


@pytest.mark.slow
def test_pdf_has_the_definitions_at_the_foot_of_the_page(tmp_path: Path) -> None:
    _pdf_tools()
    app, _warnings = build_project(
        copy_root("neuroterms-latex", tmp_path), "latex", freshenv=True
    )
    pages = _pdf_pages(app.outdir)
    definition = (
        "Monoamine Oxidase: A mitochondrial enzyme that breaks down monoamine transmitters "
        "inside the nerve ending, so that less of them is packed into vesicles."
    )
    found = [page for page in pages if definition in page]
    assert len(found) == 1
    # On the page of its reference, numbered, after the page's text.
    page = found[0]
    assert page.index("Inside the nerve ending, monoamine oxidase1 competes") < page.index(
        "1 " + definition
    )
    assert "4 Glutamate Spillover: Glutamate that escapes the synaptic cleft" in page
    assert "3 A footnote of the page itself." in page


def test_missing_pdf_tools_skip_except_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda tool: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install latexmk, pdftotext"):
        _pdf_tools()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _pdf_tools()
