"""Names and section titles in a glossary read as Sphinx shows a page's text: smart quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS = (
    "terms:\n"
    "- term: Bayes' theorem\n"
    "  aliases: [Bayes' rule]\n"
    "  definition: How a prior becomes a posterior.\n"
    '  sections:\n    "The \\"odds\\" form": Prior odds times the likelihood ratio.\n'
)


@pytest.mark.parametrize(("smartquotes", "apostrophe", "quote"), [
    (True, "\u2019", ("\u201c", "\u201d")),
    (False, "'", ('"', '"')),
])  # fmt: skip
def test_names_and_titles_get_the_page_s_quotes(
    tmp_path: Path, smartquotes: bool, apostrophe: str, quote: tuple[str, str]
) -> None:
    write_project(tmp_path, {
        "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n'
                   f"smartquotes = {smartquotes}\n",
        "t.yaml": TERMS,
        "index.rst": "Index\n=====\n\nSphinx's own text.\n\n.. nterm-glossary::\n",
    })  # fmt: skip
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    page = parse_html(app.outdir / "index.html")
    names = [" ".join(dt.text.replace("¶", "").split()) for dt in page.find("dt")]
    assert names == [f"Bayes{apostrophe} theorem", f"Bayes{apostrophe} rule"]
    assert [p.text for p in page.find("p", "nterm-section")] == [
        f"The {quote[0]}odds{quote[1]} form"
    ]
    # The page's own text, for comparison: Sphinx educates it the same way.
    assert f"Sphinx{apostrophe}s own text." in [p.text for p in page.find("p")]
