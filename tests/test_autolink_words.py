"""A plain mention is a whole word (issue 23, item 5).

With ``neuroterms_autolink``, a name with no letter or digit (``:``, ``<``) never links the
punctuation of prose, and a name is not found inside a hyphenated or dotted word ("length-1",
"node.js"); standing alone, the same names link. In reST and MyST pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS = """\
terms:
- term: ":"
  definition: A colon.
- term: "<"
  definition: Less than.
- term: "-1"
  definition: Minus one.
- term: js
  definition: A scripting language.
"""

PROSE = (
    "A train has two parts: a start and an end; a < b. A vector of length-1 is written in "
    "node.js and tested with js.test. Later, -1 is a value, and js is a language."
)

GLOSSARY = "Glossary\n========\n\n.. nterm-glossary::\n"

CONF = (
    'extensions = ["sphinx_neuroterms", "myst_parser"]\nneuroterms_sources = ["terms.yaml"]\n'
    "neuroterms_autolink = True\n"
)


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("index.rst", f"Home\n====\n\n{PROSE}\n\n.. toctree::\n\n   glossary\n"),
        ("index.md", f"# Home\n\n{PROSE}\n\n```{{toctree}}\nglossary\n```\n"),
    ],
    ids=["rst", "myst"],
)
def test_only_whole_words_with_a_letter_or_digit_link(
    tmp_path: Path, page: str, text: str
) -> None:
    pytest.importorskip("myst_parser")
    root = write_project(tmp_path, {
        "conf.py": CONF, "terms.yaml": TERMS, page: text, "glossary.rst": GLOSSARY,
    })
    app, warnings = build_project(root, freshenv=True)
    assert warnings == []
    html = parse_html(app.outdir / "index.html")
    links = [(link.text, link.attrs["data-nterm"]) for link in html.find("a", "nterm")]
    assert links == [("-1", "-1"), ("js", "js")]
    paragraph = next(p.text for p in html.find("p") if "two parts" in p.text)
    assert " ".join(paragraph.split()) == PROSE  # nothing added or lost around the links


def test_the_matcher_finds_whole_words_for_every_user() -> None:
    """The same matcher finds unlinked mentions (``neuroterms lint``) and related terms."""
    from sphinx_neuroterms.terms.mentions import MentionMatcher

    matcher = MentionMatcher([("dopamine", "d"), (":", "colon"), ("5-HT", "s")])
    text = "Dopamine-producing cells; co-dopamine; dopamine. (Dopamine) 5-HT: a 5-HT.x"
    found = [text[mention.start : mention.end] for mention in matcher.find(text)]
    assert found == ["dopamine", "Dopamine", "5-HT"]
