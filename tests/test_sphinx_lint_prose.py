"""The ``unlinked`` check reports only what an author can link: mentions where an automatic
link would go, never in link texts, code, comments, footnotes, citations or titles; and the
``unused`` check counts the references of other terms' text and see-also lines.

Each case is written in reST and in MyST, with one plain mention that is still a finding.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, write_project

if TYPE_CHECKING:
    from pathlib import Path

CONF = (
    'extensions = ["sphinx_neuroterms", "myst_parser"]\n'
    'neuroterms_sources = ["terms.yaml"]\n'
    'neuroterms_lint = ["unlinked"]\nshow_warning_types = True\n'
)

TERMS = """\
terms:
- term: Hippocampus
  definition: A seahorse-shaped part of the brain.
- term: Amygdala
  definition: An almond-shaped part of the brain.
- term: Dentate Gyrus
  definition: The input of the hippocampus.
"""

#: Every place where a mention is not a finding, then one that is (line 27), and a name
#: written across two lines (line 29).
RST_PAGE = """\
The hippocampus
===============

See `the hippocampus <https://example.org>`_, :ref:`the hippocampus <places>` and
:doc:`the hippocampus page <index>`.

.. _places:

Inline ``hippocampus``, :code:`hippocampus`, :command:`hippocampus`, :samp:`hippocampus`.

.. code-block:: text

   hippocampus

::

   hippocampus

.. hippocampus, in a comment

A note [#]_ and a source [Kandel2013]_.

.. [#] The hippocampus, in a footnote.

.. [Kandel2013] Kandel E. The Hippocampus and Memory.

The amygdala is a plain mention.

A dentate
gyrus across two lines.
"""

#: The same places in MyST; the plain mention is on line 19.
MYST_PAGE = """\
# The hippocampus

See [the hippocampus](https://example.org) and {ref}`the hippocampus <places>`.

Inline `hippocampus`.

```text
hippocampus
```

% hippocampus, in a comment

<!-- hippocampus, in an HTML comment -->

A note[^note].

[^note]: The hippocampus, in a footnote.

The amygdala is a plain mention.
"""

FILES = {
    "conf.py": CONF,
    "terms.yaml": TERMS,
    "index.rst": "Index\n=====\n\n.. toctree::\n\n   places\n   notes\n   glossary\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
    "places.rst": RST_PAGE,
    "notes.md": MYST_PAGE,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    pytest.importorskip("myst_parser")
    return write_project(tmp_path / "docs", FILES)


def _findings(warnings: list[str], root: Path) -> list[str]:
    return sorted(line.replace(f"{root}/", "") for line in warnings)


EXPECTED = [
    f"{place}: WARNING: {quoted!r} mentions term {name!r}, which this page never links "
    "[neuroterms.unlinked]"
    for place, quoted, name in [
        ("notes.md:19", "amygdala", "Amygdala"),
        ("places.rst:27", "amygdala", "Amygdala"),
        ("places.rst:29", "dentate gyrus", "Dentate Gyrus"),
    ]
]


def test_only_mentions_an_author_can_link_are_findings(project: Path) -> None:
    _app, warnings = build_project(project, freshenv=True)
    # Not in link texts (a link, :ref:, :doc:), literals (``…``, :code:, :command:, :samp:),
    # code blocks, comments, footnotes, citations, nor titles (never reported: an automatic
    # link never goes in a title either); a name across two lines is quoted on one.
    assert _findings(warnings, project) == EXPECTED


def test_the_report_lists_only_those_mentions(project: Path) -> None:
    build_project(project, freshenv=True)
    report = json.loads((project / "_build/html/neuroterms-report.json").read_text("utf-8"))
    terms = report["terms"]
    assert terms["Hippocampus"]["unlinked"] == []
    assert terms["Amygdala"]["unlinked"] == [
        {"page": "notes", "line": 19, "text": "amygdala"},
        {"page": "places", "line": 27, "text": "amygdala"},
    ]
    assert terms["Dentate Gyrus"]["unlinked"] == [
        {"page": "places", "line": 29, "text": "dentate gyrus"}
    ]


def test_the_lint_command_agrees(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sphinx_neuroterms.cli import main

    monkeypatch.chdir(project)
    assert main(["lint", ".", "--format", "json"]) == 1
    assert [(f["file"], f["line"]) for f in json.loads(capsys.readouterr().out)] == [
        ("notes.md", 19),
        ("places.rst", 27),
        ("places.rst", 29),
    ]


def test_automatic_links_link_exactly_what_the_check_reports(project: Path) -> None:
    # The check and automatic links read one definition of where a link may go: with
    # automatic links on, every finding becomes a link, and nothing else does.
    _app, warnings = build_project(
        project, freshenv=True, confoverrides={"neuroterms_autolink": True}
    )
    assert warnings == []
    report = json.loads((project / "_build/html/neuroterms-report.json").read_text("utf-8"))
    pages = {name: term["pages"] for name, term in report["terms"].items()}
    assert pages == {
        "Amygdala": {"notes": 1, "places": 1},
        "Dentate Gyrus": {"places": 1},
        "Hippocampus": {},
    }


@pytest.mark.parametrize("autolink", [False, True])
def test_a_generated_bibliography_is_neither_checked_nor_linked(
    tmp_path: Path, autolink: bool
) -> None:
    pytest.importorskip("sphinxcontrib.bibtex")
    write_project(tmp_path, {
        "conf.py": CONF.replace('"myst_parser"', '"sphinxcontrib.bibtex"')
        + f'bibtex_bibfiles = ["refs.bib"]\nneuroterms_autolink = {autolink}\n',
        "terms.yaml": TERMS,
        "refs.bib": (
            "@book{kandel2013,\n  author = {Kandel, Eric},\n"
            "  title = {The Hippocampus and Memory},\n  year = {2013},\n"
            "  publisher = {McGraw},\n}\n"
        ),
        "index.rst": (
            "Index\n=====\n\nMemory :footcite:p:`kandel2013`, and :cite:p:`kandel2013`.\n\n"
            ".. footbibliography::\n\n.. bibliography::\n"
        ),
    })
    _app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    html = (tmp_path / "_build/html/index.html").read_text(encoding="utf-8")
    assert "The Hippocampus and Memory" in html  # shown, and not made a link
    assert not re.search(r"<a [^>]*>Hippocampus</a>", html)


UNUSED_TERMS = """\
terms:
- term: Synapse
  definition: Where two neurons meet.
  see_also: [Axon]
- term: Axon
  definition: The fibre a neuron sends.
- term: Dentate Gyrus
  definition: The input of the :nterm:`hippocampus <Hippocampus>`, next to the :term:`CA3`.
- term: Hippocampus
  definition: A part of the brain.
- term: CA3
  definition: A field of the hippocampus.
- term: Myelin
  definition: Its own :nterm:`myelin` does not count.
- term: Amygdala
  definition: An almond-shaped part of the brain.
"""

MYST_TERMS = """\
markup: myst
terms:
- term: Cortex
  definition: Above the {nterm}`amygdala`.
"""


def test_unused_counts_references_from_other_terms(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "conf.py": CONF.replace('["unlinked"]', '["unused"]').replace(
            '["terms.yaml"]', '["terms.yaml", "myst_terms.yaml"]'
        ),
        "terms.yaml": UNUSED_TERMS,
        "myst_terms.yaml": MYST_TERMS,
        "index.rst": "Index\n=====\n",
    })
    _app, warnings = build_project(tmp_path, freshenv=True)
    # Axon (see-also), Hippocampus and CA3 (a definition's roles, reST) and Amygdala (MyST)
    # are used; a term's reference to itself does not count.
    assert _findings(warnings, tmp_path) == sorted(
        f"{file}:{line}: WARNING: term {name!r} is not referenced by any page "
        "[neuroterms.unused]"
        for file, line, name in [
            ("myst_terms.yaml", 3, "Cortex"),
            ("terms.yaml", 2, "Synapse"),
            ("terms.yaml", 7, "Dentate Gyrus"),
            ("terms.yaml", 13, "Myelin"),
        ]
    )
