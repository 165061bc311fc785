"""A referenced term that no glossary lists: one warning per term, tooltips without links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_util import build_project, copy_root, parse_html

if TYPE_CHECKING:
    from pathlib import Path


def test_referenced_term_without_entry_warns_once(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-noentry", tmp_path), freshenv=True)
    assert warnings == [
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


def test_the_warning_can_be_suppressed(tmp_path: Path) -> None:
    _app, warnings = build_project(
        copy_root("neuroterms-noentry", tmp_path), freshenv=True,
        confoverrides={"suppress_warnings": ["neuroterms.no_entry"]},
    )
    assert warnings == []
