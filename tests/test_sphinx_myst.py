"""MyST: ``{nterm}`` and both directives in Markdown give what reStructuredText gives."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, copy_root, parse_html

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

pytest.importorskip("myst_parser")

# Attributes that only say where a node came from, or how the source spelled it.
_LOCATION = re.compile(r' (source|line|rawsource|translatable)="[^"]*"')


def _normalised(app: SphinxTestApp) -> str:
    doctree = app.env.get_doctree("index")
    return _LOCATION.sub("", doctree.pformat())


def test_myst_and_rst_give_the_same_doctree(tmp_path: Path) -> None:
    rst, rst_warnings = build_project(copy_root("neuroterms-rst", tmp_path), freshenv=True)
    myst, myst_warnings = build_project(copy_root("neuroterms-myst", tmp_path), freshenv=True)
    assert rst_warnings == []
    assert myst_warnings == []
    body = _normalised(rst).split("\n", 1)[1]  # the <document> line names the source file
    assert _normalised(myst).split("\n", 1)[1] == body
    assert "<nterm_reference key=\"neurochemical balance\">" in body
    links = parse_html(myst.outdir / "index.html").find("a", "nterm")
    # Two references, then the see-also of Serotonin Tone in its definition and in the glossary.
    assert [(a.text, a.attrs["href"]) for a in links] == [
        ("Neurochemical Balance", "#nterm-neurochemical-balance"),
        ("the tone", "#nterm-serotonin-tone"),
        ("Neurochemical Balance", "#nterm-neurochemical-balance"),
        ("Neurochemical Balance", "#nterm-neurochemical-balance"),
    ]
