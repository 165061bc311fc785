"""Terminology checks in the build (``neuroterms_lint``): avoid, unused, unlinked.

Built from a project written here, in reST and MyST, serial and ``-j 2``, and again after an
edit of a term file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sphinx_util import build_project, write_project

TERMS = """\
terms:
- term: Neurochemical Imbalance
  definition: A lasting shift in brain messengers, once loosely called a chemical imbalance.
  avoid: [chemical imbalance, Serotonin]
- term: Serotonin
  definition: A monoamine messenger.
- term: GABA
  definition: The main inhibitory messenger.
- term: Myelin
  definition: The fatty sheath around an axon.
"""

FILES = {
    "conf.py": (
        'extensions = ["sphinx_neuroterms", "myst_parser"]\n'
        'neuroterms_sources = ["terms.yaml"]\n'
        'neuroterms_lint = ["avoid", "unused", "unlinked"]\n'
        'myst_enable_extensions = ["dollarmath"]\nshow_warning_types = True\n'
    ),
    "terms.yaml": TERMS,
    "index.rst": (
        "Index\n=====\n\n.. toctree::\n\n   notes\n   glossary\n\n"
        "A Chemical Imbalance is not a :nterm:`neurochemical imbalance`.\n\n"
        "Serotonin and serotonin again; gaba is not GABA, and :nterm:`GABA` is linked.\n\n"
        "``chemical imbalance`` and :math:`chemical imbalance` are not prose::\n\n"
        "   chemical imbalance\n\n"
        ".. code-block:: text\n\n   a chemical imbalance\n"
    ),
    "notes.md": (
        "# Notes\n\nA chemical imbalance, in MyST. `chemical imbalance` is code,"
        " $chemical imbalance$ is math.\n\nSerotonin is {nterm}`serotonin`.\n"
    ),
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    pytest.importorskip("myst_parser")
    return write_project(tmp_path / "docs", FILES)


def _findings(warnings: list[str], root: Path) -> list[str]:
    """The warnings, paths relative to the project, sorted (-j 2 reports in its own order)."""
    return sorted(
        re.sub(r" \[neuroterms\.", " [", line.replace(f"{root}/", "")) for line in warnings
    )


EXPECTED = [
    (
        "index.rst:11: WARNING: 'Serotonin' mentions term 'Serotonin', which this page never "
        "links [unlinked]"
    ),
    (
        "index.rst:9: WARNING: 'Chemical Imbalance' is a name to avoid: use 'Neurochemical "
        "Imbalance' [avoid]"
    ),
    (
        "notes.md:3: WARNING: 'chemical imbalance' is a name to avoid: use 'Neurochemical "
        "Imbalance' [avoid]"
    ),
    (
        "terms.yaml:4: WARNING: avoid name 'Serotonin' of term 'Neurochemical Imbalance' is a "
        "name of term 'Serotonin'; it stays a term and is not checked [invalid_term]"
    ),
    "terms.yaml:9: WARNING: term 'Myelin' is not referenced by any page [unused]",
]


def test_the_checks_find_what_they_say(project: Path) -> None:
    _, warnings = build_project(project, freshenv=True)
    # Not in code, literals, math or the glossary's definitions; an avoid name that is a
    # term stays a term; the acronym GABA is not "gaba"; a term linked on the page (GABA,
    # in notes.md Serotonin) is not unlinked; one finding per unlinked term and page.
    assert _findings(warnings, project) == EXPECTED


def test_serial_and_parallel_find_the_same(project: Path, tmp_path: Path) -> None:
    parallel = tmp_path / "parallel"
    shutil.copytree(project, parallel)
    _, warnings = build_project(parallel, freshenv=True, parallel=2)
    assert _findings(warnings, parallel) == EXPECTED


def test_only_the_chosen_checks_run(project: Path) -> None:
    _, warnings = build_project(project, freshenv=True, confoverrides={"neuroterms_lint": []})
    assert _findings(warnings, project) == [EXPECTED[3]]  # a term file's mistake, always
    _, warnings = build_project(
        project, freshenv=True, confoverrides={"neuroterms_lint": ["unused", "spelling"]}
    )
    assert _findings(warnings, project) == [
        (
            "conf.py:3: WARNING: invalid value for neuroterms_lint (['unused', 'spelling']): "
            "unknown check 'spelling' (expected some of avoid, unused, unlinked); keeping "
            "['unused'] [config]"
        ),
        EXPECTED[3],
        EXPECTED[4],
    ]


def test_an_edited_avoid_list_rechecks_every_page(project: Path) -> None:
    build_project(project, freshenv=True)
    terms = project / "terms.yaml"
    terms.write_text(
        TERMS.replace("avoid: [chemical imbalance, Serotonin]", "avoid: [brain messengers]")
        + "- term: Axon\n  definition: A fibre.\n  avoid: [A Chemical]\n",
        encoding="utf-8",
    )
    _, warnings = build_project(project)
    found = _findings(warnings, project)
    assert "index.rst:9: WARNING: 'A Chemical' is a name to avoid: use 'Axon' [avoid]" in found
    assert not any("'chemical imbalance' is a name to avoid" in line for line in found)


def _report(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (root / "_build/html/neuroterms-report.json").read_text(encoding="utf-8")
    )
    return data


def test_the_report(project: Path, tmp_path: Path) -> None:
    build_project(project, freshenv=True)
    report = _report(project)
    assert (report["format"], report["version"]) == ("sphinx-neuroterms report", 2)
    terms = report["terms"]
    assert isinstance(terms, dict)
    assert list(terms) == ["GABA", "Myelin", "Neurochemical Imbalance", "Serotonin"]
    assert terms["GABA"] == {
        "file": "terms.yaml",
        "line": 7,
        "references": 1,
        "pages": {"index": 1},
        "unlinked": [],
        "identifiers": [],
    }
    assert terms["Serotonin"]["pages"] == {"notes": 1}
    assert terms["Serotonin"]["unlinked"] == [
        {"page": "index", "line": 11, "text": "Serotonin"},
        {"page": "index", "line": 11, "text": "serotonin"},
    ]
    assert terms["Myelin"]["references"] == 0
    assert [(f["check"], f["file"], f["line"]) for f in report["findings"]] == [
        ("avoid", "index.rst", 9),
        ("unlinked", "index.rst", 11),
        ("avoid", "notes.md", 3),
        ("unused", "terms.yaml", 9),
    ]
    # The same from -j 2, and from a build that reads one page again.
    parallel = tmp_path / "parallel"
    shutil.copytree(project, parallel)
    build_project(parallel, freshenv=True, parallel=2)
    assert _report(parallel) == report
    (project / "notes.md").write_text(FILES["notes.md"] + "\nMore.\n", encoding="utf-8")
    build_project(project)
    assert _report(project) == report


def test_no_report_without_terms(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"conf.py": 'extensions = ["sphinx_neuroterms"]\n', "index.rst": "A\n=\n"}
    )
    build_project(root, freshenv=True)
    assert not (root / "_build/html/neuroterms-report.json").exists()


def test_the_lint_command(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sphinx_neuroterms.cli import main

    before = sorted(path for path in project.rglob("*"))
    monkeypatch.chdir(project)
    assert main(["lint", "."]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        (
            "index.rst:9: 'Chemical Imbalance' is a name to avoid: use 'Neurochemical "
            "Imbalance' [neuroterms.avoid]"
        ),
        (
            "index.rst:11: 'Serotonin' mentions term 'Serotonin', which this page never links "
            "[neuroterms.unlinked]"
        ),
        (
            "notes.md:3: 'chemical imbalance' is a name to avoid: use 'Neurochemical "
            "Imbalance' [neuroterms.avoid]"
        ),
        "terms.yaml:9: term 'Myelin' is not referenced by any page [neuroterms.unused]",
    ]
    assert err == "4 findings\n"
    assert sorted(path for path in project.rglob("*")) == before  # nothing written
    assert main(["lint", ".", "--checks", "unused", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "file": "terms.yaml",
            "line": 9,
            "check": "unused",
            "message": "term 'Myelin' is not referenced by any page",
        }
    ]
    assert main(["lint", ".", "--checks", "spelling"]) == 2
    (project / "terms.yaml").write_text("terms: []\n", encoding="utf-8")
    assert main(["lint", ".", "--checks", "avoid"]) == 0
    assert capsys.readouterr().err.endswith("0 findings\n")


def test_lint_needs_a_project_that_uses_the_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sphinx_neuroterms.cli import main

    assert main(["lint", str(tmp_path)]) == 2
    write_project(tmp_path, {"conf.py": "extensions = []\n", "index.rst": "A\n=\n"})
    assert main(["lint", str(tmp_path)]) == 2
    assert "does not use sphinx_neuroterms" in capsys.readouterr().err
