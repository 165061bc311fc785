"""The ``display`` key: a term's name line with inline markup (issue 23, item 4).

The glossary shows the markup rendered; references, tooltips and ``objects.inv`` use the
plain ``term`` name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, parse_html, read_inventory, tooltips_of, write_project

from sphinx_neuroterms.loaders import LoaderOptions, load_file

if TYPE_CHECKING:
    from pathlib import Path

CONF = 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms.yaml"]\n'

TERMS = """\
terms:
  - term: EEG
    display: ":abbr:`EEG (electroencephalography)`"
    definition: A recording of the brain's electrical activity.
    tags: [methods, signals]
  - term: Spike
    definition: An action potential, as :nterm:`EEG` cannot see it.
"""


def test_the_glossary_shows_the_display_and_references_use_the_name(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "conf.py": CONF,
            "terms.yaml": TERMS,
            "index.rst": (
                "Index\n=====\n\nSee :nterm:`EEG`.\n\n.. nterm-glossary::\n   :group-by: tag\n"
            ),
        },
    )
    _, warnings = build_project(root, freshenv=True)
    assert warnings == []
    page = parse_html(root / "_build/html/index.html")
    # Listed under both tags: both name lines show the abbreviation with its expansion.
    abbreviations = page.find("abbr")
    assert [(a.text, a.attrs.get("title")) for a in abbreviations] == [
        ("EEG", "electroencephalography"),
        ("EEG", "electroencephalography"),
    ]
    # The references (from the page and from Spike's definition) show and name it plainly.
    links = [
        a.text for a in page.find("a")
        if a.attrs.get("href") == "#nterm-eeg" and "headerlink" not in a.classes
    ]  # fmt: skip
    assert links
    assert set(links) == {"EEG"}
    tooltips = tooltips_of(root / "_build/html/index.html")["terms"].values()
    assert sorted(name for name, _text in tooltips) == ["EEG", "Spike"]
    assert "EEG" in read_inventory(root / "_build/html/objects.inv")["nterm:term"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("t.yaml", 'terms:\n- term: Basic\n  display: ":class:`~.Basic`"\n  definition: A.\n'),
        ("t.json", '[{"term": "Basic", "display": ":class:`~.Basic`", "definition": "A."}]'),
        ("t.toml", '[[terms]]\nterm = "Basic"\ndisplay = ":class:`~.Basic`"\ndefinition = "A."\n'),
    ],
)
def test_every_format_reads_display(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = load_file(path, LoaderOptions())
    assert result.diagnostics == []
    assert [(term.name, term.display) for term in result.terms] == [
        ("Basic", ":class:`~.Basic`")
    ]
