"""Every builder builds the test projects without a crash or an unexpected warning."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sphinx_util import warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub", "gettext")


@pytest.mark.sphinx("html", testroot="neuroterms-basic")
@pytest.mark.parametrize("buildername", BUILDERS)
def test_basic_root_builds_cleanly(
    make_app: Callable[..., SphinxTestApp], app_params: Any, buildername: str
) -> None:
    kwargs = dict(app_params.kwargs)
    kwargs.update(
        buildername=buildername,
        freshenv=True,
        confoverrides={"version": "1.0", "copyright": "2026, tests"},
    )
    app = make_app(**kwargs)
    app.build()
    assert warnings_of(app.warning) == []


@pytest.mark.sphinx("singlehtml", testroot="neuroterms-basic", freshenv=True)
def test_singlehtml_links_stay_in_the_page(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="#nterm-neurochemical-balance"' in html
    assert 'id="nterm-neurochemical-balance"' in html


@pytest.mark.sphinx("dirhtml", testroot="neuroterms-basic", freshenv=True)
def test_dirhtml_links(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "page" / "index.html").read_text(encoding="utf-8")
    assert 'href="../glossary/#nterm-neurochemical-imbalance"' in html


@pytest.mark.sphinx("latex", testroot="neuroterms-glossary", freshenv=True)
def test_latex_glossary_is_a_description_list_with_links(
    app: SphinxTestApp, warning: StringIO
) -> None:
    app.build()
    assert len(warnings_of(warning)) == 6  # the same six problems as in HTML
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\begin{description}" in tex
    assert r"\label{\detokenize{glossary:nterm-dopamine-tone}}" in tex
    assert r"\hyperref[\detokenize{glossary:nterm-dopamine-tone}]" in tex
    assert r"\sphinxurl{https://example.org/dopamine-tone}" in tex
    assert "alert(1)" not in tex


@pytest.mark.sphinx("text", testroot="neuroterms-glossary", freshenv=True)
def test_text_reads_well(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "glossary.txt").read_text(encoding="utf-8")
    assert "Dopamine Tone\nDA tone\n   The background level of **dopamine** that sets how" in text
    assert "See also: Reward Signal, Missing Thing" in text
    assert "Referenced by: Glossary project" in text
    index = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Dopamine Tone, DA tone, reward signals," in index
