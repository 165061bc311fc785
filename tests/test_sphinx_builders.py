"""Every builder builds the test projects without a crash or an unexpected warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, copy_root, parse_html

if TYPE_CHECKING:
    from pathlib import Path

BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub", "gettext")


@pytest.mark.parametrize("buildername", BUILDERS)
def test_basic_root_builds_cleanly(tmp_path: Path, buildername: str) -> None:
    _app, warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), buildername, freshenv=True,
        confoverrides={"version": "1.0", "copyright": "2026, tests"},
    )
    assert warnings == []


def test_singlehtml_links_stay_in_the_page(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), "singlehtml", freshenv=True
    )
    page = parse_html(app.outdir / "index.html")
    links = [a.attrs["href"] for a in page.find("a", "nterm")]
    assert "#nterm-neurochemical-balance" in links
    assert page.by_id("nterm-neurochemical-balance").tag == "dt"


def test_dirhtml_links(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), "dirhtml", freshenv=True
    )
    links = parse_html(app.outdir / "page" / "index.html").find("a", "nterm")
    assert "../glossary/#nterm-neurochemical-imbalance" in [a.attrs["href"] for a in links]


def test_latex_glossary_is_a_description_list_with_links(tmp_path: Path) -> None:
    app, warnings = build_project(
        copy_root("neuroterms-glossary", tmp_path), "latex", freshenv=True
    )
    assert len(warnings) == 6  # the same six problems as in HTML
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\begin{description}" in tex
    assert r"\label{\detokenize{glossary:nterm-dopamine-tone}}" in tex
    assert r"\hyperref[\detokenize{glossary:nterm-dopamine-tone}]" in tex
    assert r"\sphinxurl{https://example.org/dopamine-tone}" in tex
    assert "alert(1)" not in tex


def test_text_reads_well(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-glossary", tmp_path), "text", freshenv=True
    )
    text = (app.outdir / "glossary.txt").read_text(encoding="utf-8")
    assert "Dopamine Tone\nDA tone\n   The background level of **dopamine** that sets how" in text
    assert "See also: Reward Signal, Missing Thing" in text
    assert "Referenced by: Glossary project" in text
    index = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Dopamine Tone, DA tone, reward signals," in index
