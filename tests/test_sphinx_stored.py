"""References as stored doctrees hold them (``nterm_reference_text``), in every output.

A stored reference is a Text node; these pin down what that must not change: SmartQuotes still
educates link text, substitutions still copy references, and a plain Text equal to a
reference's text next to it is never mistaken for the reference (MyST makes such siblings:
``Adrenaline{nterm}`Adrenaline``` gives a Text "Adrenaline" and then the reference).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, copy_root

if TYPE_CHECKING:
    from pathlib import Path


LINK = re.compile(r'<a class="nterm reference internal" href="#nterm-cortisol"[^>]*>([^<]*)</a>')


def _paragraphs(html: str) -> list[str]:
    return re.findall(r"<p>(.*?)</p>", html, re.DOTALL)


def test_html(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-stored", tmp_path), freshenv=True)
    assert warnings == []
    paragraphs = _paragraphs((app.outdir / "index.html").read_text("utf-8"))
    equal, quoted, escaped, substituted = paragraphs[:4]
    # The plain "Cortisol" stays text; the reference after it is the link.
    assert LINK.sub(r"[\1]", equal) == "Cortisol[Cortisol] follows plain text equal to its own."
    # SmartQuotes ran before the references were stored: quotes and dashes are educated,
    # inside the link text too.
    assert LINK.sub(r"[\1]", quoted) == (
        "\u201cQuoted\u201d [\u201cstress\u201d hormone] \u2013 with dashes."
    )
    # The text around references is escaped like any text; reST escapes are resolved.
    assert LINK.sub(r"[\1]", escaped) == (
        "Escapes *stay* as typed, and &lt;b&gt; &amp; \u201cquotes\u201d are text "
        "around [Cortisol]."
    )
    assert LINK.sub(r"[\1]", substituted) == "A substitution used twice: [Cortisol] and [Cortisol]."


def test_latex(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-stored", tmp_path), "latex", freshenv=True)
    assert warnings == []
    tex = (app.outdir / "stored.tex").read_text("utf-8")
    link = r"{\hyperref[\detokenize{index:nterm-cortisol}]{\sphinxcrossref{\DUrole{nterm}{%s}}}}"
    assert "Cortisol" + link % "Cortisol" + " follows plain text equal to its own." in tex
    assert "\u201cQuoted\u201d " + link % "\u201cstress\u201d hormone" in tex
    assert "used twice: " + link % "Cortisol" + " and " + link % "Cortisol" + ".\n" in tex


def test_text(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-stored", tmp_path), "text", freshenv=True)
    assert warnings == []
    text = (app.outdir / "index.txt").read_text("utf-8")
    assert "CortisolCortisol follows plain text equal to its own.\n" in text
    assert "used twice: Cortisol and Cortisol.\n" in text


def test_myst_sibling_text_equal_to_the_reference(tmp_path: Path) -> None:
    pytest.importorskip("myst_parser")
    app, warnings = build_project(copy_root("neuroterms-stored", tmp_path), "latex", freshenv=True)
    assert warnings == []
    tex = (app.outdir / "myst.tex").read_text("utf-8")
    # Replacing by equality (Element.replace) would link the plain text and drop the link.
    link = (
        r"{\hyperref[\detokenize{myst:nterm-adrenaline}]"
        r"{\sphinxcrossref{\DUrole{nterm}{Adrenaline}}}}"
    )
    assert "\nAdrenaline" + link + " follows plain text equal to its own." in tex


def test_reference_in_a_title_is_plain_text_in_tocs(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-stored", tmp_path), freshenv=True)
    assert warnings == []
    index = (app.outdir / "index.html").read_text("utf-8")
    titled = (app.outdir / "titled.html").read_text("utf-8")
    # The toctree entry and the "next" link are links themselves: no link nested inside.
    assert '<a class="reference internal" href="titled.html">About Cortisol</a>' in index
    assert 'title="next chapter">About Cortisol</a>' in index
    # The heading itself keeps its link, to the entry on the index page.
    heading = re.search(r"<h1>(.*?)</h1>", titled, re.DOTALL)
    assert heading is not None
    assert re.search(
        r'<a class="nterm reference internal" href="index.html#nterm-cortisol"[^>]*>Cortisol</a>',
        heading.group(1),
    )
