"""A referenced term that no glossary lists: one warning per term, tooltips without links."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import parse_html, warnings_of

if TYPE_CHECKING:
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="neuroterms-noentry", freshenv=True)
def test_referenced_term_without_entry_warns_once(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings_of(warning) == [
        (
            f"{app.srcdir}/terms.yaml:2: WARNING: term 'Dopamine' is referenced (by 1 page(s), "
            "first 'index') but no nterm-glossary lists it; its references show the tooltip "
            "without a link [neuroterms.no_entry]"
        )
    ]
    spans = parse_html(app.outdir / "index.html").find("span", "nterm")
    assert [span.attrs.get("title") for span in spans] == [
        "A catecholamine messenger of reward and movement."
    ] * 2
    assert parse_html(app.outdir / "index.html").find("a", "nterm") == []


@pytest.mark.sphinx(
    "html",
    testroot="neuroterms-noentry",
    freshenv=True,
    confoverrides={"suppress_warnings": ["neuroterms.no_entry"]},
)
def test_the_warning_can_be_suppressed(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings_of(warning) == []
