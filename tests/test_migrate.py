"""``neuroterms migrate``: the dry run, the write, the second run, and the built result.

The projects are written here, in our own words, with what real glossaries hold: aliases,
classifiers, a nested glossary, comments, index entries, named targets defined at the bottom
of the page, an internal target, a substitution, ``:term:`` in pages, footnotes, literal
examples and an autodoc docstring, and MyST glossaries in both fence styles.
Real third-party glossaries are migrated in ``test_migrate_real.py``.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from sphinx_util import build_project, parse_html, tooltips_of, write_project

from sphinx_neuroterms.cli import main
from sphinx_neuroterms.cli.conf_file import plan_conf_edit

CONF = """\
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

extensions = [
    "sphinx.ext.autodoc",
]
myst_enable_extensions = ["colon_fence", "dollarmath"]
exclude_patterns = ["_build", "drafts/**"]
show_warning_types = True
"""

GLOSSARY = """\
Glossary
========

Terms of the lab, as the lab uses them.

.. glossary::

   Synapse
   Synapses : anatomy
      The junction where one neuron passes a signal to the next; see `Kandel`_
      and the |lab| notes on `vesicle release`_.

      .. index:: single: junction

   .. A comment at term level, which Sphinx ignores.

   Axon
      The long fibre that carries a :term:`spike <action potential>` away from
      the cell body, described at the `axon page <https://example.org/axon>`_.

   action potential
      A brief reversal of the membrane voltage that travels along the
      :term:`axon`.

      .. glossary::

         refractory period
            The short time after an action potential in which none can start.

   Dendrite
      A branch that collects input from :term:`synapses`.

.. _Kandel: https://example.org/principles
.. _vesicle release: release_
.. _release: https://example.org/release
.. |lab| replace:: Neurolab

.. _methods:

Methods
-------

Nothing here yet.
"""

PAGE = """\
Signals
=======

A :term:`synapse` links two cells; the :std:term:`axon` carries the
:term:`action potential`. An :term:`intersphinx term` of another project keeps its role.

Write ``:term:`synapse``` to link a term, like this::

   :term:`synapse`

.. [#] In a footnote, the :term:`dendrite` counts too.

See [#]_ and :doc:`index`.

.. include:: snippet.inc

.. automodule:: neuro_module
   :members:
"""

MODULE = '''\
"""A module whose docstring names a :term:`synapse`; migration cannot rewrite it."""
'''

INDEX = """\
Lab
===

.. toctree::

   glossary
   signals
   notes
"""

MYST_NOTES = """\
# Notes

A {term}`tract` holds many {term}`axons <Axon>`; `{term}` in code stays, as does
{term}`something else`.

:::{glossary}
Tract
  A bundle of axons in the central nervous system, see [the atlas][atlas] and $x^2$.

Nerve
    A bundle of axons outside it, see [atlas].

    :::{note}
    Indented four spaces more than the glossary's fence, this fence is content.
    :::
:::

```{glossary}
---
sorted: true
---
Myelin
  The fatty sheath of an {term}`axon`.
```

```{code-block} md
{term}`tract` in a code block stays.
```

[atlas]: https://example.org/atlas
"""


def _project(root: Path) -> Path:
    return write_project(
        root,
        {
            "conf.py": CONF + 'extensions.append("myst_parser")\n',
            "index.rst": INDEX,
            "glossary.rst": GLOSSARY,
            "signals.rst": PAGE,
            "notes.md": MYST_NOTES,
            "neuro_module.py": MODULE,
            # Not a page: migration leaves it, and its :term: still reaches the term.
            "snippet.inc": "An included :term:`dendrite`.\n",
            "drafts/old.rst": ".. glossary::\n\n   Draft\n      Excluded, never migrated.\n",
        },
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _project(tmp_path / "docs")


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "_build" not in path.parts
    }


def test_dry_run_shows_the_diff_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(project)
    assert main(["migrate", str(project)]) == 0
    out, err = capsys.readouterr()
    assert _files(project) == before
    assert "+++ b/terms/glossary.yaml" in out
    assert "--- a/signals.rst\n+++ b/signals.rst" in out
    assert "-A :term:`synapse` links two cells" in out
    assert "+A :nterm:`synapse` links two cells" in out
    assert "drafts/old.rst" not in out  # excluded by exclude_patterns
    assert err.splitlines() == [
        (
            "glossary.rst:15: this comment between glossary entries is not kept in the term "
            "file: '.. A comment at term level, which Sphinx ignores.' [neuroterms.not_kept]"
        ),
        "3 glossaries (8 terms) to 3 term files",
        "  glossary.rst:6 -> terms/glossary.yaml (5 terms)",
        "  notes.md:6 -> terms/notes.yaml (2 terms)",
        "  notes.md:18 -> terms/notes_2.yaml (1 term)",
        "6 :term: roles rewritten in 2 pages, 4 in term text",
        "link targets and substitutions written into term text: 5",
        "conf.py: added 'sphinx_neuroterms' to extensions",
        (
            'conf.py: set neuroterms_sources = ["terms/glossary.yaml", "terms/notes.yaml", '
            '"terms/notes_2.yaml"]'
        ),
        "7 files to change",
        "dry run: nothing written; run again with --write to migrate",
    ]


def test_write_then_a_second_run_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", str(project), "--write"]) == 0
    written = _files(project)
    capsys.readouterr()
    assert main(["migrate", str(project)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "nothing to migrate: no glossary, and no :term: role of a known term\n"
    assert main(["migrate", str(project), "--write"]) == 0
    assert _files(project) == written


def test_term_files_hold_every_entry(project: Path) -> None:
    assert main(["migrate", str(project), "--write"]) == 0
    rst = yaml.safe_load((project / "terms/glossary.yaml").read_text(encoding="utf-8"))
    assert "markup" not in rst
    terms = {term["term"]: term for term in rst["terms"]}
    # File order kept; the nested glossary's term follows its entry.
    assert list(terms) == ["Synapse", "Axon", "action potential", "refractory period", "Dendrite"]
    synapse = terms["Synapse"]
    assert synapse["aliases"] == ["Synapses"]
    assert synapse["tags"] == ["anatomy"]  # the classifier
    # Named targets from the bottom of the page, followed through an indirect one, and
    # the substitution: the text stands alone. Index entries stay in the text.
    assert synapse["definition"] == (
        "The junction where one neuron passes a signal to the next; see "
        "`Kandel <https://example.org/principles>`__\n"
        "and the Neurolab notes on `vesicle release <https://example.org/release>`__.\n\n"
        ".. index:: single: junction"
    )
    assert ":nterm:`spike <action potential>`" in terms["Axon"]["definition"]
    assert "`axon page <https://example.org/axon>`_" in terms["Axon"]["definition"]
    assert terms["action potential"]["see_also"] == ["refractory period"]
    assert "glossary" not in terms["action potential"]["definition"]
    myst = yaml.safe_load((project / "terms/notes.yaml").read_text(encoding="utf-8"))
    assert myst["markup"] == "myst"
    tract, nerve = myst["terms"]
    assert tract["definition"] == (
        "A bundle of axons in the central nervous system, see "
        "[the atlas](https://example.org/atlas) and $x^2$."
    )
    assert (
        nerve["definition"]
        == "A bundle of axons outside it, see [atlas](https://example.org/atlas).\n\n"
        ":::{note}\nIndented four spaces more than the glossary's fence, this fence is content."
        "\n:::"
    )


def test_pages_and_conf_after_writing(project: Path) -> None:
    assert main(["migrate", str(project), "--write"]) == 0
    glossary = (project / "glossary.rst").read_text(encoding="utf-8")
    assert ".. glossary::" not in glossary
    assert (
        "Terms of the lab, as the lab uses them.\n\n"
        ".. nterm-glossary::\n"
        "   :files: /terms/glossary.yaml\n"
        "   :group-by: none\n"
        "   :order: file\n\n"
        ".. _Kandel: https://example.org/principles\n"
    ) in glossary  # the page's other content stays
    page = (project / "signals.rst").read_text(encoding="utf-8")
    assert "A :nterm:`synapse` links two cells; the :nterm:`axon` carries the" in page
    assert ":term:`intersphinx term`" in page  # not a migrated term: left to intersphinx
    assert "Write ``:term:`synapse``` to link" in page  # literal text
    assert "   :term:`synapse`\n" in page  # literal block
    assert "In a footnote, the :nterm:`dendrite`" in page
    notes = (project / "notes.md").read_text(encoding="utf-8")
    assert "A {nterm}`tract` holds many {nterm}`axons <Axon>`; `{term}` in code" in notes
    assert "{term}`something else`" in notes
    assert "{term}`tract` in a code block stays." in notes
    assert (
        ":::{nterm-glossary}\n:files: /terms/notes.yaml\n:group-by: none\n:order: file\n:::"
        in notes
    )
    # Sorted by Sphinx's rule in the term file, so shown in file order too.
    assert (
        "```{nterm-glossary}\n:files: /terms/notes_2.yaml\n:group-by: none\n:order: file\n```"
    ) in notes
    conf = (project / "conf.py").read_text(encoding="utf-8")
    assert '    "sphinx.ext.autodoc",\n    "sphinx_neuroterms",\n]' in conf
    assert conf.endswith(
        'neuroterms_sources = ["terms/glossary.yaml", "terms/notes.yaml", "terms/notes_2.yaml"]\n'
    )
    assert (project / "drafts/old.rst").read_text(encoding="utf-8").startswith(".. glossary::")


def test_the_migrated_project_builds_with_nothing_lost(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("myst_parser")
    original = _project(tmp_path / "original")
    _, original_warnings = build_project(original, freshenv=True)
    assert main(["migrate", str(project), "--write"]) == 0
    sys.modules.pop("neuro_module", None)
    _, warnings = build_project(project, freshenv=True)
    assert warnings == [line.replace(str(original), str(project)) for line in original_warnings]
    html = parse_html(project / "_build/html/glossary.html")
    entries = [dt for dt in html.find("dt") if "nterm-alias" not in dt.classes]
    assert [dt.text.removesuffix("¶") for dt in entries] == [
        "Synapse",
        "Axon",
        "action potential",
        "refractory period",
        "Dendrite",
    ]
    # Links into the old glossary keep landing: Sphinx's ids are on the entries.
    old_ids = parse_html(original / "_build/html/glossary.html").ids
    kept = {node_id for node_id in old_ids if node_id.startswith("term-")}
    assert kept == {
        "term-Synapse",
        "term-Synapses",
        "term-Axon",
        "term-action-potential",
        "term-refractory-period",
        "term-Dendrite",
    }
    assert kept <= html.ids
    signals = parse_html(project / "_build/html/signals.html")
    links = [a for a in signals.find("a") if a.attrs.get("href", "").startswith("glossary.html#")]
    # The page's four migrated terms, then the included file's and the docstring's :term:,
    # which migration left as they are: they reach the migrated terms, with tooltips.
    assert [a.attrs["href"] for a in links] == [
        "glossary.html#nterm-synapse",
        "glossary.html#nterm-axon",
        "glossary.html#nterm-action-potential",
        "glossary.html#nterm-dendrite",
        "glossary.html#nterm-dendrite",
        "glossary.html#nterm-synapse",
    ]
    assert ":term:`dendrite`" in (project / "snippet.inc").read_text(encoding="utf-8")
    assert all("data-nterm" in a.attrs for a in links)


def test_a_glossary_it_cannot_read_is_left_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(
        tmp_path,
        {
            "conf.py": "extensions = []\n",
            "index.rst": (
                "Index\n=====\n\n.. glossary::\n\n"
                "   Fine\n      Read well.\n\n   Lonely\n\n"
                "Other\n-----\n\n.. glossary::\n\n   Kept\n      Moved.\n"
            ),
        },
    )
    assert main(["migrate", str(root), "--write"]) == 1
    _, err = capsys.readouterr()
    assert err.splitlines()[:2] == [
        (
            "index.rst:9: glossary term 'Lonely' has no definition (indent it under the term "
            "line); the entry is skipped [neuroterms.invalid_term]"
        ),
        (
            "index.rst:4: this glossary is left in place: part of it cannot be read (see "
            "above); fix it and migrate again [neuroterms.invalid_term]"
        ),
    ]
    text = (root / "index.rst").read_text(encoding="utf-8")
    assert text.count(".. glossary::") == 1
    assert ".. nterm-glossary::" in text


@pytest.mark.parametrize(
    ("conf", "expected"),
    [
        ("extensions = []\n", 'extensions = ["sphinx_neuroterms"]\n'),
        ("extensions = ['a', 'b']\n", "extensions = ['a', 'b', 'sphinx_neuroterms']\n"),
        ('extensions = ["a",]\n', 'extensions = ["a", "sphinx_neuroterms"]\n'),
        (
            'extensions = [\n    "a",  # why, too\n    "b"\n]\n',
            'extensions = [\n    "a",  # why, too\n    "b",\n    "sphinx_neuroterms",\n]\n',
        ),
        ('extensions = ["sphinx_neuroterms"]\n', 'extensions = ["sphinx_neuroterms"]\n'),
    ],
)
def test_conf_edits(conf: str, expected: str) -> None:
    sources = 'neuroterms_sources = ["terms"]\n'  # holds the term file already
    edit = plan_conf_edit(conf + sources, ["terms/glossary.yaml"])
    assert (edit.text, edit.by_hand) == (expected + sources, [])


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ("", ('\n# sphinx-neuroterms: the term files (written by \'neuroterms migrate\').\n'
              'neuroterms_sources = ["terms/a.yaml", "terms/b.yaml"]\n')),
        ('neuroterms_sources = ["old.json"]\n',
         'neuroterms_sources = ["old.json", "terms/a.yaml", "terms/b.yaml"]\n'),
        ('neuroterms_sources = ["terms/*.yaml"]\n', 'neuroterms_sources = ["terms/*.yaml"]\n'),
        ('neuroterms_sources = ["./terms/"]\n', 'neuroterms_sources = ["./terms/"]\n'),
    ],
)  # fmt: skip
def test_conf_sources(sources: str, expected: str) -> None:
    conf = 'extensions = ["sphinx_neuroterms"]\n'
    edit = plan_conf_edit(conf + sources, ["terms/a.yaml", "terms/b.yaml"])
    assert (edit.text, edit.by_hand) == (conf + expected, [])


@pytest.mark.parametrize(
    "conf",
    [
        "extensions = ('a',)\n",  # a tuple
        "extensions = []\nextensions = ['b']\n",  # assigned again
        "if True:\n    extensions = []\n",  # in a condition
        "from shared_conf import *\n",  # may come from anywhere
        "extensions = [\n",  # not Python
    ],
)
def test_conf_it_cannot_edit_safely(
    conf: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(
        tmp_path,
        {"conf.py": conf, "index.rst": ".. glossary::\n\n   Term\n      Text.\n"},
    )
    assert main(["migrate", str(root), "--write"]) == 1
    _, err = capsys.readouterr()
    assert (
        "conf.py cannot be edited safely, so nothing was written; add these lines to the end "
        "of conf.py, then run again:"
    ) in err
    quote = "'" if "'" in conf else '"'
    assert f"    extensions = [*extensions, {quote}sphinx_neuroterms{quote}]" in err
    assert "terms/index.yaml" in err.splitlines()[-1]
    # Pages that use the extension would not build without it: nothing is written.
    assert (root / "conf.py").read_text(encoding="utf-8") == conf
    assert not (root / "terms").exists()
    assert (root / "index.rst").read_text(encoding="utf-8").startswith(".. glossary::")


def test_wrong_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", str(tmp_path)]) == 2
    assert "has no conf.py" in capsys.readouterr().err
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    assert main(["migrate", str(tmp_path), "--terms-dir", "../outside"]) == 2
    assert "must be inside" in capsys.readouterr().err


def test_the_docs_walk_through_migrates_and_builds(tmp_path: Path) -> None:
    """The example of the docs' migration page, whose dry run the page shows."""
    example = Path(__file__).parent.parent / "docs" / "_examples" / "migrate"
    original, migrated = tmp_path / "original", tmp_path / "migrated"
    shutil.copytree(example, original)
    shutil.copytree(example, migrated)
    assert main(["migrate", str(migrated), "--write"]) == 0
    offline = {"intersphinx_mapping": {}}
    _, before = build_project(original, confoverrides=offline, freshenv=True)
    _, after = build_project(migrated, confoverrides=offline, freshenv=True)
    assert after == [line.replace(str(original), str(migrated)) for line in before]
    page = parse_html(migrated / "_build/html/stress.html")
    hrefs = [a.attrs["href"] for a in page.find("a") if "data-nterm" in a.attrs]
    assert hrefs == [
        "glossary.html#nterm-hpa-axis",
        "glossary.html#nterm-cortisol",
        "glossary.html#nterm-tryptophan",
    ]


def test_windows_line_ends_are_kept(tmp_path: Path) -> None:
    page = (
        "Index\r\n=====\r\n\r\nA :term:`synapse`.\r\n\r\n"
        ".. glossary::\r\n\r\n   Synapse\r\n      A junction.\r\n"
    )
    root = write_project(tmp_path, {"conf.py": "extensions = []\n"})
    (root / "index.rst").write_bytes(page.encode())
    assert main(["migrate", str(root), "--write"]) == 0
    written = (root / "index.rst").read_bytes().decode()
    assert written == (
        "Index\r\n=====\r\n\r\nA :nterm:`synapse`.\r\n\r\n.. nterm-glossary::\r\n"
        "   :files: /terms/index.yaml\r\n   :group-by: none\r\n   :order: file\r\n"
    )


def test_the_migrated_project_builds_alike_in_parallel_and_again(
    project: Path, tmp_path: Path
) -> None:
    pytest.importorskip("myst_parser")
    assert main(["migrate", str(project), "--write"]) == 0
    parallel = tmp_path / "parallel"
    shutil.copytree(project, parallel)
    sys.modules.pop("neuro_module", None)
    build_project(project, freshenv=True)
    sys.modules.pop("neuro_module", None)
    build_project(parallel, freshenv=True, parallel=2)
    for page in ("glossary.html", "signals.html", "notes.html"):
        serial = (project / "_build/html" / page).read_text(encoding="utf-8")
        assert (parallel / "_build/html" / page).read_text(encoding="utf-8") == serial
    # Incremental: an edited definition reaches the glossary and the tooltips.
    terms = project / "terms" / "glossary.yaml"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("The long fibre", "The long cable"),
        encoding="utf-8",
    )
    sys.modules.pop("neuro_module", None)
    build_project(project)
    glossary = (project / "_build/html/glossary.html").read_text(encoding="utf-8")
    assert "The long cable" in glossary
    tooltips = tooltips_of(project / "_build/html/signals.html")["terms"].values()
    assert any("The long cable" in text for _name, text in tooltips)


# -- cases from a red-team of the command ---------------------------------------------------


def _migrated(tmp_path: Path, files: dict[str, str], status: int = 0) -> Path:
    root = write_project(tmp_path / "docs", {"conf.py": "extensions = []\n", **files})
    assert main(["migrate", str(root), "--write"]) == status
    return root


def _term_file(root: Path, name: str = "index") -> list[dict[str, object]]:
    terms: list[dict[str, object]] = yaml.safe_load(
        (root / "terms" / f"{name}.yaml").read_text(encoding="utf-8")
    )["terms"]
    return terms


def test_term_lines_with_markup_name_what_sphinx_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22, item 10: what a term file cannot hold of a glossary is reported at its line."""
    root = _migrated(
        tmp_path,
        {
            "index.rst": (
                ".. |nmda| replace:: NMDA\n\n.. glossary::\n\n"
                "   :abbr:`EEG (electroencephalography)`\n      A recording.\n\n"
                "   _`Spike train`\n      A train.\n\n"
                "   .. A comment between entries,\n      on two lines.\n\n"
                "   |nmda|\n   C\\+\\+\n      A receptor.\n\n"
                "   Kappa [#]_\n      With a footnote.\n\n.. [#] A note.\n"
            )
        },
    )
    terms = _term_file(root)
    assert [term["term"] for term in terms] == ["EEG", "Spike train", "NMDA", "Kappa"]
    # A name line with markup a term file can show is kept as the term's display (issue 23,
    # item 4); a substitution's text and an escape lose nothing: only the others are reported.
    assert terms[0]["display"] == ":abbr:`EEG (electroencephalography)`"
    lines = [line for line in capsys.readouterr().err.splitlines() if "not_kept" in line]
    assert lines == [
        (
            "index.rst:8: the term file names this term 'Spike train': the markup of the term "
            "line '_`Spike train`' is not kept (a term name is plain text) [neuroterms.not_kept]"
        ),
        (
            "index.rst:11: this comment between glossary entries is not kept in the term file: "
            "'.. A comment between entries,' [neuroterms.not_kept]"
        ),
        (
            "index.rst:18: the term file names this term 'Kappa': the markup of the term line "
            "'Kappa [#]_' is not kept (a term name is plain text) [neuroterms.not_kept]"
        ),
    ]


def test_a_glossary_whose_names_clash_or_whose_text_is_refused_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _migrated(
        tmp_path,
        {
            "index.rst": ".. glossary::\n\n   Axon\n      A fibre.\n\n:term:`myelin`\n",
            "other.rst": ".. glossary::\n\n   Axon\n      Again.\n\n   Myelin\n      A sheath.\n",
            "third.rst": (
                ".. glossary::\n\n   Dendrite\n      A branch.\n\n      .. include:: x.txt\n"
            ),
        },
        status=1,
    )
    err = capsys.readouterr().err
    assert (
        "other.rst:1: this glossary is left in place: 'Axon' (line 3) is also a term at "
        "index.rst:3, and term files keep one term per name; fix it and migrate again"
    ) in err
    assert (
        "third.rst:1: this glossary is left in place: the definition of 'Dendrite' (line 3) "
        "uses 'include', which term text refuses; fix it and migrate again"
    ) in err
    assert (root / "other.rst").read_text(encoding="utf-8").startswith(".. glossary::")
    assert (root / "third.rst").read_text(encoding="utf-8").startswith(".. glossary::")
    # Myelin is still a term of Sphinx's glossary: its role stays.
    assert ":term:`myelin`" in (root / "index.rst").read_text(encoding="utf-8")
    # Again: the clash is with a term file's term now, and still nothing changes.
    assert main(["migrate", str(root)]) == 1
    assert capsys.readouterr().out == ""


def test_roles_that_stay_sphinx_roles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _migrated(
        tmp_path,
        {
            "index.rst": (
                ".. glossary::\n\n   Spikes\n      Many.\n\n"
                ":term:`!Spikes` and :term:`~Spikes` keep Sphinx's modifiers; :term:`Spike` is "
                "a term of the glossary left in place.\n\n"
                "Write ``a\n:term:`Spikes` b`` like that.\n\n>>> ':term:`Spikes`'\n\n"
                ".. note:: An example::\n\n      :term:`Spikes`\n"
            ),
            "kept.rst": ".. glossary::\n\n   Spike\n      One.\n\n   Empty\n",
        },
        status=1,
    )
    capsys.readouterr()
    page = (root / "index.rst").read_text(encoding="utf-8")
    assert ":nterm:" not in page


def test_markdown_code_and_comments_stay(tmp_path: Path) -> None:
    page = (
        "# Notes\n\nA {term}`tract`.\n\n"
        "    ```{glossary}\n    Example\n      An indented code block.\n    ```\n\n"
        "% A comment with {term}`tract`.\n\n<!-- An HTML comment with\n{term}`tract` -->\n\n"
        "Code `over\n{term}`tract`` lines.\n\n"
        "```{glossary}\nTract\n  A bundle.\n```\n"
    )
    root = _migrated(tmp_path, {"conf.py": 'extensions = ["myst_parser"]\n', "notes.md": page})
    written = (root / "notes.md").read_text(encoding="utf-8")
    assert written.count("{nterm}") == 1
    assert "    ```{glossary}\n    Example" in written
    assert [term["term"] for term in _term_file(root, "notes")] == ["Tract"]


def test_sorted_as_sphinx_sorts(tmp_path: Path) -> None:
    root = _migrated(
        tmp_path,
        {
            "index.rst": (
                ".. glossary::\n   :sorted:\n\n   état\n      A.\n\n   exon\n      B.\n\n"
                "   event\n      C.\n"
            )
        },
    )
    assert [term["term"] for term in _term_file(root)] == ["event", "exon", "état"]


def test_nothing_is_written_outside_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "conf.py").write_text("extensions = []\n", encoding="utf-8")
    (outside / "page.rst").write_text(".. glossary::\n\n   Out\n      Side.\n", encoding="utf-8")
    root = tmp_path / "docs"
    (root / "terms").mkdir(parents=True)
    (root / "conf.py").symlink_to(outside / "conf.py")
    (root / "terms" / "index.yaml").symlink_to(outside / "written.yaml")  # dangling
    (root / "linked.rst").symlink_to(outside / "page.rst")
    (root / "index.rst").write_text(".. glossary::\n\n   In\n      Side.\n", encoding="utf-8")
    assert main(["migrate", str(root), "--write"]) == 1  # conf.py is another project's
    assert not (outside / "written.yaml").exists()
    assert (outside / "conf.py").read_text(encoding="utf-8") == "extensions = []\n"
    assert (outside / "page.rst").read_text(encoding="utf-8").startswith(".. glossary::")
    (root / "conf.py").unlink()
    (root / "conf.py").write_text("extensions = []\n", encoding="utf-8")
    assert main(["migrate", str(root), "--write"]) == 0
    assert not (outside / "written.yaml").exists()
    assert [term["term"] for term in _term_file(root, "index_2")] == ["In"]


def test_the_dry_run_is_a_patch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    patch = shutil.which("patch")
    if patch is None:
        pytest.skip("needs GNU patch")
    files = {
        "my page.rst": ".. glossary::\n\n   Axon\n      A fibre.\n\nSee :term:`axon`",
        "index.rst": "Index\r\n=====\r\n\r\n:term:`axon` here.\r\n",
        # One line of Windows in a page of Unix lines, and a separator that is not a line end.
        "mixed.rst": "Mixed\n=====\n\n:term:`axon` here.\r\nA line.\r\nA\u2028B\n",
    }
    patched = write_project(tmp_path / "patched", {"conf.py": "extensions = []\n", **files})
    written = _migrated(tmp_path, files)
    capsys.readouterr()
    assert main(["migrate", str(patched)]) == 0
    diff = capsys.readouterr().out
    done = subprocess.run([patch, "-p1", "--quiet"], input=diff.encode(), cwd=patched, check=False)
    assert done.returncode == 0
    for name in ("my page.rst", "index.rst", "mixed.rst", "conf.py", "terms/my page.yaml"):
        assert (patched / name).read_bytes() == (written / name).read_bytes(), name


def test_targets_of_included_files_are_carried(tmp_path: Path) -> None:
    root = _migrated(
        tmp_path,
        {
            "index.rst": (
                ".. glossary::\n\n   Atlas\n      Made with `FreeSurfer`_ and |tool|.\n\n"
                ".. include:: links.inc\n"
            ),
            "links.inc": (
                ".. _FreeSurfer: https://example.org/freesurfer\n"
                ".. |tool| replace:: the lab's tool\n.. include:: /more.inc\n"
            ),
            "more.inc": ".. include:: links.inc\n",  # a loop is followed once
        },
    )
    (atlas,) = _term_file(root)
    assert atlas["definition"] == (
        "Made with `FreeSurfer <https://example.org/freesurfer>`__ and the lab's tool."
    )


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (``None``) under ``root``: what a user would see."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(root.rglob("*"))
    }


def test_only_the_lines_it_changes_change_their_line_ends(tmp_path: Path) -> None:
    """Issue 22, item 11: an LF page with one CRLF line (and such a conf.py) keep it."""
    root = tmp_path / "docs"
    root.mkdir()
    (root / "conf.py").write_bytes(b"# A line written on Windows.\r\nextensions = []\n")
    (root / "index.rst").write_bytes(
        b"Index\n=====\n\nA :term:`synapse`, on a line pasted from Windows.\r\n"
        b"Another such line.\r\n\n.. glossary::\n\n   Synapse\n      A junction.\n"
    )
    assert main(["migrate", str(root), "--write"]) == 0
    assert (root / "index.rst").read_bytes() == (
        b"Index\n=====\n\nA :nterm:`synapse`, on a line pasted from Windows.\r\n"
        b"Another such line.\r\n\n.. nterm-glossary::\n   :files: /terms/index.yaml\n"
        b"   :group-by: none\n   :order: file\n"
    )
    assert (root / "conf.py").read_bytes() == (
        b'# A line written on Windows.\r\nextensions = ["sphinx_neuroterms"]\n\n'
        b"# sphinx-neuroterms: the term files (written by 'neuroterms migrate').\n"
        b'neuroterms_sources = ["terms/index.yaml"]\n'
    )


def test_a_file_that_is_not_utf8_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22, item 18: a Latin-1 conf.py stops the migration, naming the file and line; a
    Latin-1 page is left as it is, reported at its line."""
    root = write_project(tmp_path / "docs", {"index.rst": ".. glossary::\n\n   Axon\n      A.\n"})
    (root / "conf.py").write_bytes("project = 'Lab'\n# Auteur : René\n".encode("latin-1"))
    before = _snapshot(root)
    assert main(["migrate", str(root), "--write"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"neuroterms: cannot read the project: {root / 'conf.py'}:2: not valid UTF-8 at byte "
        "offset 30 (0xe9"
    )
    assert err.endswith("save it as UTF-8\n")
    assert err.count("\n") == 1
    assert _snapshot(root) == before
    (root / "conf.py").write_text("extensions = []\n", encoding="utf-8")
    (root / "notes.rst").write_bytes("Notes\n=====\n\nCaf\xe9.\n".encode("latin-1"))
    assert main(["migrate", str(root), "--write"]) == 1  # a page is left to do by hand
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith("notes.rst:4: not valid UTF-8 at byte offset 16 (0xe9")
    assert err.splitlines()[0].endswith(
        "save it as UTF-8; the page is left as it is [neuroterms.encoding]"
    )
    assert (root / "notes.rst").read_bytes() == "Notes\n=====\n\nCaf\xe9.\n".encode("latin-1")


@pytest.mark.parametrize(
    "case",
    [
        # Tests run as root, whom chmod does not stop: the failures are made here.
        ("replace", "signals.rst", "Permission denied"),  # after term files and two pages
        ("replace", "conf.py", "Permission denied"),  # the last file: all others are undone
        ("read-only", "glossary.rst", "it is read-only"),  # seen before anything is written
        ("temporary", "terms/notes_2.yaml", "No space left on device"),
    ],
)
def test_a_file_it_cannot_write_leaves_the_project_as_it_was(
    project: Path,
    case: tuple[str, str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 22, item 7: a migration is all or nothing."""
    failure, failing, reason = case
    before = _snapshot(project)
    target = project.resolve() / failing
    replace, access, make_temporary = os.replace, os.access, tempfile.mkstemp

    def refuse_replace(source: Path, destination: Path) -> None:
        if Path(destination) == target and failure == "replace":
            raise PermissionError(errno.EACCES, "Permission denied", str(destination))
        replace(source, destination)

    def refuse_access(path: Path, mode: int) -> bool:
        return not (Path(path) == target and failure == "read-only") and access(path, mode)

    def full_disk(*, dir: Path, prefix: str, suffix: str) -> tuple[int, str]:
        if failure == "temporary" and Path(dir) == target.parent and prefix == f".{target.name}.":
            raise OSError(errno.ENOSPC, "No space left on device")
        return make_temporary(dir=dir, prefix=prefix, suffix=suffix)

    monkeypatch.setattr(os, "replace", refuse_replace)
    monkeypatch.setattr(os, "access", refuse_access)
    monkeypatch.setattr(
        tempfile, "mkstemp", full_disk if failure == "temporary" else make_temporary
    )
    assert main(["migrate", str(project), "--write"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"neuroterms: cannot write {failing}: {reason}; nothing was written, every file is as "
        "it was"
    )
    assert "Traceback" not in err
    assert _snapshot(project) == before
    monkeypatch.undo()
    # Once it can, it does; a file keeps its permissions, and no temporary file is left.
    (project / "signals.rst").chmod(0o640)
    assert main(["migrate", str(project), "--write"]) == 0
    assert stat.S_IMODE((project / "signals.rst").stat().st_mode) == 0o640
    assert ":nterm:" in (project / "signals.rst").read_text(encoding="utf-8")
    assert not [path for path in project.rglob("*") if path.name.endswith(".neuroterms-tmp")]
