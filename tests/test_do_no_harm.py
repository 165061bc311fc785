"""Do no harm, on real projects: adding the extension changes nothing on pages that use no term.

SPEC section 5: "Adding the extension to a project changes nothing on pages that use no term,
and never turns a working build into a failing one (`:any:`, MyST links, other domains)."

Real documentation (see ``real_projects/projects.py`` for each project's source and licence,
all downloaded from PyPI at test time and cached outside the repository):

- Sphinx's own documentation, from the sdist of the installed Sphinx (rST, a large glossary);
- attrs 26.1.0 (MyST Markdown, a MyST glossary, MyST links, ``default_role = "any"``);
- packaging 26.4 (rST API documentation; also compared with the ``text`` builder).

Each is built without the extension, then with ``"sphinx_neuroterms"`` appended to its
``extensions`` (and nothing else: no term sources, so no page uses a term), and compared:

- the same exit code, and the same warnings (as multisets of lines, paths made neutral);
- every output file byte-identical (HTML pages, ``_sources``, ``objects.inv``, static files,
  ``searchindex.js`` as data less the extension's ``envversion`` entry); the extension may
  only add files of its own (named ``neuroterms*``); no page gets its ``<script>`` or
  ``<link>`` tags, since no page uses a term.

Projects with a Sphinx glossary are also built with ``neuroterms_tooltip_std_terms = True``:
same exit code and warnings, pages without a ``:term:`` reference byte-identical, and pages
with one showing the same text and link targets (the tooltips are additions).

These builds take about four minutes on two cores (Sphinx's documentation is some 300 pages),
hence ``slow``; CI runs them. The sdists are cached in ``~/.cache/sphinx-neuroterms-tests``
(or ``$SPHINX_NEUROTERMS_TEST_CACHE``, see ``real_projects.build.cache_dir``), so only the
first run downloads. attrs' documentation needs attrs, sphinx-notfound-page and
sphinxcontrib-towncrier (the ``test`` extra), and myst-parser, without which it is skipped.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import pytest
from real_projects.build import Build, fetch_sdist, run_build
from real_projects.compare import compare_outputs, report, uses_std_term, warning_difference
from real_projects.projects import PROJECTS, RealProject

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

pytestmark = pytest.mark.slow

#: the three kinds of build, by the settings they add to the project's own
WITHOUT = "without-extension"
WITH = "with-extension"
WITH_STD_TERMS = "with-extension-std-terms"
_KINDS: dict[str, tuple[bool, dict[str, object]]] = {
    WITHOUT: (False, {}),
    WITH: (True, {}),
    WITH_STD_TERMS: (True, {"neuroterms_tooltip_std_terms": True}),
}


class Builds:
    """Builds each (project, builder, kind) once per test module, on first use."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._done: dict[tuple[str, str, str], Build] = {}

    def get(self, project: RealProject, builder: str, kind: str) -> Build:
        """The build, made now if it was not yet."""
        key = (project.name, builder, kind)
        if key not in self._done:
            extension, variant = _KINDS[kind]
            self._done[key] = run_build(
                project,
                fetch_sdist(project),
                self.base / project.name,
                builder=builder,
                extension=extension,
                variant=variant,
                label=f"{project.name}/{builder}/{kind}",
            )
        return self._done[key]

    def baseline(self, project: RealProject, builder: str) -> Build:
        """The build without the extension, which must work: else nothing can be compared."""
        base = self.get(project, builder, WITHOUT)
        assert base.returncode == 0, (
            f"{base.label} failed on its own (exit {base.returncode}); the comparison needs "
            f"a working build:\n{base.stderr[-4000:]}"
        )
        assert any(True for _ in base.outdir.rglob("*.html" if builder == "html" else "*"))
        return base


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The builds of this module, in one temporary folder."""
    return Builds(tmp_path_factory.mktemp("real-projects"))


def _ready(project: RealProject) -> RealProject:
    """Skip a project whose optional dependency is absent; fail if a required one is."""
    for module in project.optional:
        pytest.importorskip(module, reason=f"{project.name}'s documentation needs {module}")
    missing = [module for module in project.requires if importlib.util.find_spec(module) is None]
    if missing:
        pytest.fail(
            f"{project.name}'s documentation needs {', '.join(missing)}: "
            'install the test dependencies (pip install -e ".[test]")'
        )
    return project


@pytest.fixture(params=PROJECTS, ids=lambda project: project.name)
def project(request: pytest.FixtureRequest) -> RealProject:
    """Each real project."""
    return _ready(request.param)


@pytest.fixture(
    params=[project for project in PROJECTS if project.has_std_glossary],
    ids=lambda project: project.name,
)
def glossary_project(request: pytest.FixtureRequest) -> RealProject:
    """Each real project that has a Sphinx glossary used through ``:term:``."""
    return _ready(request.param)


@pytest.fixture(
    params=[(project, builder) for project in PROJECTS for builder in project.other_builders],
    ids=lambda pair: f"{pair[0].name}-{pair[1]}",
)
def other_builder(request: pytest.FixtureRequest) -> tuple[RealProject, str]:
    """Each (project, non-HTML builder) pair that is compared."""
    project, builder = request.param
    return _ready(project), builder


def _assert_same_run(base: Build, other: Build) -> None:
    if other.returncode != base.returncode:
        tail = "\n".join(other.stderr.splitlines()[-50:])
        pytest.fail(
            f"{other.label} exited {other.returncode}, {base.label} {base.returncode}; the end "
            f"of its output:\n{tail}",
            pytrace=False,
        )
    difference = warning_difference(base, other)
    if difference:
        pytest.fail(f"the warnings differ:\n{difference}", pytrace=False)


def _assert_same_files(
    base: Build, other: Build, loose: Callable[[str, bytes], bool] | None = None
) -> None:
    differences, _extra = compare_outputs(base, other, loose=loose)
    if differences:
        pytest.fail(report(differences, base, other), pytrace=False)


def test_html_same_exit_code_and_warnings(builds: Builds, project: RealProject) -> None:
    """Adding the extension adds no warning, drops none, and keeps the exit code."""
    base = builds.baseline(project, "html")
    _assert_same_run(base, builds.get(project, "html", WITH))


def test_html_every_page_identical(builds: Builds, project: RealProject) -> None:
    """With no term anywhere, every page is byte-identical: no asset tags either."""
    base = builds.baseline(project, "html")
    _assert_same_files(base, builds.get(project, "html", WITH))


def test_std_term_tooltips_same_exit_code_and_warnings(
    builds: Builds, glossary_project: RealProject
) -> None:
    """Tooltips on the project's own ``:term:`` links add no warning and break nothing."""
    base = builds.baseline(glossary_project, "html")
    _assert_same_run(base, builds.get(glossary_project, "html", WITH_STD_TERMS))


def test_std_term_tooltips_change_only_term_pages(
    builds: Builds, glossary_project: RealProject
) -> None:
    """With std-term tooltips, pages without a ``:term:`` link stay byte-identical, and the
    pages with one say the same and link to the same places."""
    base = builds.baseline(glossary_project, "html")
    other = builds.get(glossary_project, "html", WITH_STD_TERMS)
    assert any(uses_std_term(page.read_bytes()) for page in base.outdir.rglob("*.html")), (
        f"{base.label} has no :term: link at all: this comparison would prove nothing"
    )
    _assert_same_files(base, other, loose=lambda relpath, content: uses_std_term(content))


def test_other_builder_identical(builds: Builds, other_builder: tuple[RealProject, str]) -> None:
    """A non-HTML builder: same exit code and warnings, every output file identical."""
    project, builder = other_builder
    base = builds.baseline(project, builder)
    other = builds.get(project, builder, WITH)
    _assert_same_run(base, other)
    _assert_same_files(base, other)
