"""``neuroterms migrate`` on real documentation: nothing lost, nothing new to warn about.

Four real projects, each built as it is, then migrated with ``neuroterms migrate --write``
and built again:

- Sphinx's own documentation (its sdist for the installed Sphinx; source and licence in
  ``real_projects/projects.py``): a reST glossary, ``:term:`` in some 300 pages and in the
  docstrings that autodoc pulls in, which migration cannot rewrite;
- attrs' documentation (its sdist, MIT, see ``real_projects/projects.py``): a MyST glossary
  whose definitions hold directive fences of the same length as its own, footnotes defined
  after it, and ``{term}`` in MyST pages and in docstrings;
- nilearn's glossary (``roots/test-neuroterms-migrate-rst``, BSD-3-Clause, see its
  ``SOURCE.md``): named hyperlink targets at the bottom of the file, extlinks roles, a
  sphinxcontrib-bibtex citation and a nested glossary;
- PyMC's glossary (``roots/test-neuroterms-migrate-myst``, Apache-2.0, see its
  ``SOURCE.md``): MyST, colon fences, dollar math, Python-domain roles, term lines that are
  links, aliases.

Every page must have at least as many links to glossary entries as before, every name line
of a glossary must keep its text and its id, the migrated build must warn about nothing new
(the same problem reported from the term file its text moved to is not new), and a second
run of ``migrate`` must change nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from real_projects.build import Build, fetch_sdist, normalise, run_build
from real_projects.compare import (
    glossary_links,
    glossary_names,
    tooltips_not_shown,
    warning_difference,
    warning_messages,
)
from real_projects.projects import ATTRS, SPHINX, RealProject
from sphinx_util import parse_html

from sphinx_neuroterms.cli import main as neuroterms
from sphinx_neuroterms.cli.migrate import plan_migration

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.slow

ROOTS = Path(__file__).parent / "roots"


def _migrate(docs: Path) -> dict[str, object]:
    """Migrate, then check that a second run would change nothing."""
    assert neuroterms(["migrate", str(docs), "--write"]) == 0
    assert plan_migration(docs).changes == {}
    return {}


def _assert_nothing_lost(original: Build, migrated: Build) -> None:
    assert (original.returncode, migrated.returncode) == (0, 0), migrated.stderr
    added = warning_messages(migrated) - warning_messages(original)
    assert not added, warning_difference(original, migrated)
    before, after = glossary_links(original.outdir), glossary_links(migrated.outdir)
    fewer = {page: (count, after.get(page, 0)) for page, count in before.items()
             if after.get(page, 0) < count}  # fmt: skip
    assert not fewer, f"pages with fewer links to glossary entries (before, after): {fewer}"
    # Every name line keeps its text and the id Sphinx gave it (issue 23): names that differ
    # only in case, numbered ids, names written with markup.
    names_before, names_after = glossary_names(original.outdir), glossary_names(migrated.outdir)
    lost = {
        (page, node_id, name): names_after.get(page, {}).get(node_id)
        for page, lines in names_before.items()
        for node_id, name in lines.items()
        if names_after.get(page, {}).get(node_id) != name
    }
    assert not lost, f"glossary name lines lost or changed ((page, id, name): now): {lost}"
    # Each tooltip shows what its entry shows, no more (issue 23).
    assert tooltips_not_shown(migrated.outdir) == []
    # Shown with -s: the numbers of the closing note.
    print(
        f"\n{migrated.label}: {sum(before.values())} links to glossary entries before, "
        f"{sum(after.values())} after; {len(original.warning_lines)} warning lines before, "
        f"{len(migrated.warning_lines)} after; build time ratio "
        f"{migrated.seconds / original.seconds:.2f}"
    )


@pytest.mark.parametrize("project", [SPHINX, ATTRS], ids=lambda project: project.name)
def test_real_documentation(project: RealProject, tmp_path: Path) -> None:
    for module in project.optional:
        pytest.importorskip(module, reason=f"{project.name}'s documentation needs {module}")
    sdist = fetch_sdist(project)
    original = run_build(
        project, sdist, tmp_path, builder="html", extension=False,
        label=f"{project.name}-original",
    )
    migrated = run_build(
        project, sdist, tmp_path, builder="html", extension=False,
        label=f"{project.name}-migrated", prepare=_migrate,
    )  # fmt: skip
    _assert_nothing_lost(original, migrated)
    if project is ATTRS:
        # Its MyST pages mention terms in plain prose: each finding must be linkable.
        findings = _assert_findings_are_linkable(
            lambda settings: run_build(
                project, sdist, tmp_path, builder="html", extension=False, variant=settings,
                label=f"{project.name}-checked", prepare=_migrate,
            )
        )  # fmt: skip
        assert findings > 0
        print(f"{project.name}: {findings} unlinked findings, each linkable")
    if project is SPHINX:
        # Sphinx's docstrings use :term:, which migration cannot rewrite: autodoc pulls
        # them in as they are, and they reach the migrated entries, with tooltips.
        api = parse_html(migrated.outdir / "extdev/appapi.html")
        links = [a for a in api.find("a") if "glossary.html#" in a.attrs.get("href", "")]
        assert links
        assert all("data-nterm" in a.attrs for a in links)


def _build_root(
    source: Path, workdir: Path, label: str, settings: tuple[str, ...] = ()
) -> Build:
    """Build a copy of a test root with ``sphinx-build`` (a process, as a user would)."""
    outdir = workdir / "out"
    start = time.monotonic()
    overrides = [argument for setting in settings for argument in ("-D", setting)]
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", "--no-color", *overrides,
         "-d", str(workdir / "doctrees"), str(source), str(outdir)],
        capture_output=True, text=True, encoding="utf-8", check=False, cwd=workdir,
    )  # fmt: skip
    seconds = time.monotonic() - start
    stderr = normalise(done.stdout + done.stderr, {str(source): "<src>"})
    return Build(label, done.returncode, stderr, outdir, seconds)


@pytest.mark.parametrize(
    ("root", "needs"),
    [
        ("test-neuroterms-migrate-rst", "sphinxcontrib.bibtex"),
        ("test-neuroterms-migrate-myst", "myst_parser"),
    ],
)
def test_real_glossary_fixtures(root: str, needs: str, tmp_path: Path) -> None:
    pytest.importorskip(needs)
    sources = {}
    for label in ("original", "migrated"):
        sources[label] = tmp_path / label / "src"
        shutil.copytree(ROOTS / root, sources[label])
    _migrate(sources["migrated"])
    builds = [_build_root(sources[label], tmp_path / label, f"{root}-{label}") for label in sources]
    _assert_nothing_lost(*builds)
    (tmp_path / "lint").mkdir()
    _assert_findings_are_linkable(
        lambda settings: _build_root(
            sources["migrated"], tmp_path / "lint", "lint",
            tuple(f"{name}={_setting(value)}" for name, value in settings.items()),
        )
    )  # fmt: skip


def _setting(value: object) -> str:
    """A setting as ``-D`` takes it (a list comma-separated, a flag 0 or 1)."""
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(int(value)) if isinstance(value, bool) else str(value)


def _assert_findings_are_linkable(build: Callable[[dict[str, object]], Build]) -> int:
    """Every ``unlinked`` finding points at prose that automatic links would link: built
    with automatic links on, each term gets a link on each page it was found unlinked on.

    :param build: builds the migrated project with some settings added.
    :return: how many findings there were.
    """
    def terms(settings: dict[str, object]) -> dict[str, dict[str, Any]]:
        done = build(settings)
        assert done.returncode == 0, done.stderr
        report = json.loads((done.outdir / "neuroterms-report.json").read_text("utf-8"))
        return report["terms"]

    checked = terms({"neuroterms_lint": ["unlinked"]})
    linked = terms({"neuroterms_autolink": True})
    mentions = [
        (name, mention) for name, term in checked.items() for mention in term["unlinked"]
    ]
    assert all("\n" not in mention["text"] for _name, mention in mentions)
    not_linkable = {
        (name, mention["page"]) for name, mention in mentions
        if linked[name]["pages"].get(mention["page"], 0)
        <= checked[name]["pages"].get(mention["page"], 0)
    }
    assert not not_linkable, f"findings that automatic links do not link: {not_linkable}"
    return len(mentions)
