"""Real projects, as they are and migrated: ``python bench/run.py --real``.

Each project is built as it is (Sphinx's glossary and ``:term:``) and after
``python -m sphinx_neuroterms migrate DIR --write`` on a copy, serially, in alternating pairs
(the first of each pair alternates), each build a fresh ``python -m sphinx -b html -q``
process into emptied output and doctree folders. The projects:

``nilearn-glossary``, ``pymc-glossary``
    the real third-party glossaries of the tests (``tests/roots/test-neuroterms-migrate-rst``
    and ``-myst``; sources and licences in their ``SOURCE.md``), a few pages each;
``sphinx``, ``attrs``
    the documentation of the real projects of ``tests/real_projects/projects.py`` that have a
    glossary, from their sdists in the tests' cache (``tests/real_projects/build.py``:
    ``$SPHINX_NEUROTERMS_TEST_CACHE`` or ``~/.cache/sphinx-neuroterms-tests``; the slow test
    ``tests/test_migrate_real.py`` fills it, or ``--real-download`` asks pip). They are built
    the way the tests build them: the project's ``conf.py`` unchanged, run by a generated one
    that turns the network off (``sphinx-build -c``). Seconds (attrs) to minutes (Sphinx) a
    build: ``--smoke`` leaves them out.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from common import median_range, run_timed, table, warning_count

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ROOT / "tests" / "roots"

#: The test glossaries: name, test root, the module its configuration needs.
FIXTURES = {
    "nilearn-glossary": ("test-neuroterms-migrate-rst", "sphinxcontrib.bibtex"),
    "pymc-glossary": ("test-neuroterms-migrate-myst", "myst_parser"),
}
#: The projects of ``tests/real_projects/projects.py`` that have a glossary to migrate.
SDIST_PROJECTS = ("sphinx", "attrs")
PROJECT_NAMES = (*FIXTURES, *SDIST_PROJECTS)


@dataclass
class Variant:
    """One side of a pair: how to build it, and what its builds measured."""

    #: ``original`` or ``migrated``.
    label: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    out: Path
    doctrees: Path
    walls: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    warnings: list[int] = field(default_factory=list)
    failed: str = ""


def _html_command(src: Path, out: Path, doctrees: Path, confdir: Path | None = None) -> list[str]:
    """A serial ``sphinx-build -b html -q`` command."""
    conf = ["-c", str(confdir)] if confdir is not None else []
    return [
        sys.executable, "-m", "sphinx", "-b", "html", "-q", "--no-color", *conf,
        "-d", str(doctrees), str(src), str(out),
    ]  # fmt: skip


def _migrate(docs: Path) -> str:
    """Run ``neuroterms migrate --write`` on ``docs``; return a note on what it did."""
    returncode, _, _, errors = run_timed(
        [sys.executable, "-m", "sphinx_neuroterms", "migrate", str(docs), "--write"]
    )
    if returncode == 0:
        return "migrated"
    if returncode == 1:
        return "migrated, something left to do by hand: " + errors.strip()[-300:]
    raise RuntimeError(f"neuroterms migrate {docs} failed ({returncode}): {errors[-500:]}")


def _fixture(name: str, work: Path) -> tuple[list[Variant], str]:
    """The two sides of a test glossary, prepared in ``work``."""
    root, _ = FIXTURES[name]
    variants = []
    note = ""
    for label in ("original", "migrated"):
        base = work / label
        src = base / "src"
        shutil.copytree(ROOTS / root, src)
        if label == "migrated":
            note = _migrate(src)
        out, doctrees = base / "out", base / "doctrees"
        command = _html_command(src, out, doctrees)
        variants.append(Variant(label, command, base, dict(os.environ), out, doctrees))
    return variants, note


def _sdist_project(name: str, work: Path, download: bool) -> tuple[list[Variant], str]:
    """The two sides of a real project's documentation, prepared in ``work``.

    :raises LookupError: its sdist is not in the cache (and ``download`` is off), or a module
        its documentation needs is not installed
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from real_projects.build import (
        SOURCE_DATE_EPOCH,
        cache_dir,
        fetch_sdist,
        unpack,
        write_conf_dir,
    )
    from real_projects.projects import PROJECTS

    project = next(project for project in PROJECTS if project.name == name)
    missing = [
        module
        for module in (*project.requires, *project.optional)
        if importlib.util.find_spec(module) is None
    ]
    if missing:
        raise LookupError(f"needs {', '.join(missing)}")
    cached = cache_dir() / "sdists" / f"{project.dist}-{project.version}"
    if not download and not cached.is_dir():
        raise LookupError(f"no sdist in {cached} (run with --real-download)")
    sdist = fetch_sdist(project)
    # As the tests build it: no Read the Docs settings, fixed dates, fixed hashing.
    env = {key: value for key, value in os.environ.items() if not key.startswith("READTHEDOCS")}
    env |= {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0"}
    variants = []
    note = ""
    for label in ("original", "migrated"):
        base = work / label
        docs = unpack(sdist, base / "tree") / project.docs
        if label == "migrated":
            note = _migrate(docs)
        confdir = base / "conf"
        write_conf_dir(
            docs, confdir, offline=project.offline_overrides, variant={}, extension=False
        )
        out, doctrees = base / "out", base / "doctrees"
        command = _html_command(docs, out, doctrees, confdir)
        variants.append(Variant(label, command, base, env, out, doctrees))
    return variants, f"{note}; sdist {sdist.name}"


def _build(variant: Variant) -> None:
    """One full build of a variant into emptied folders; record what it measured."""
    for folder in (variant.out, variant.doctrees):
        if folder.exists():
            shutil.rmtree(folder)
    returncode, wall, peak, errors = run_timed(variant.command, cwd=variant.cwd, env=variant.env)
    if returncode:
        variant.failed = f"exit {returncode}: {errors.strip()[-500:]}"
        return
    variant.walls.append(wall)
    variant.rss_mb.append(peak / 1024)
    variant.warnings.append(warning_count(errors))


def run(names: list[str], pairs: int, work: Path, *, smoke: bool, download: bool) -> int:
    """Build each project ``pairs`` times as it is and migrated, alternating; print a table.

    :return: 1 if a build (or a migration) failed, else 0
    """
    unknown = sorted(set(names) - set(PROJECT_NAMES))
    if unknown:
        print(f"--real-projects: unknown {', '.join(unknown)}; choose from "
              f"{', '.join(PROJECT_NAMES)}", file=sys.stderr)  # fmt: skip
        return 2
    notes: list[str] = []
    if smoke:
        notes += [f"{name}: skipped under --smoke (whole documentation: run without --smoke)"
                  for name in names if name not in FIXTURES]  # fmt: skip
        names = [name for name in names if name in FIXTURES]
    print(
        f"Real projects, as they are and after 'neuroterms migrate --write': serial full "
        f"builds, {pairs} alternating pair{'s' if pairs != 1 else ''}; load average at start "
        f"{os.getloadavg()[0]:.2f}.",
        flush=True,
    )
    rows: list[list[str]] = []
    failed = False
    for name in names:
        folder = work / f"real-{name}"
        if folder.exists():
            shutil.rmtree(folder)
        try:
            if name in FIXTURES:
                module = FIXTURES[name][1]
                if importlib.util.find_spec(module) is None:
                    raise LookupError(f"needs {module}")
                variants, note = _fixture(name, folder)
            else:
                variants, note = _sdist_project(name, folder, download)
        except LookupError as error:
            notes.append(f"{name}: skipped, {error}")
            continue
        except RuntimeError as error:
            notes.append(f"{name}: FAILED, {error}")
            failed = True
            continue
        notes.append(f"{name}: {note}")
        for pair in range(pairs):
            for variant in variants if pair % 2 == 0 else variants[::-1]:
                if variant.failed:
                    continue
                _build(variant)
                print(
                    f"  pair {pair + 1}/{pairs} {name:16} {variant.label:8} "
                    + (f"FAILED {variant.failed}" if variant.failed
                       else f"{variant.walls[-1]:7.2f} s"),
                    file=sys.stderr,
                    flush=True,
                )  # fmt: skip
        original, migrated = variants
        for variant in variants:
            if variant.failed:
                failed = True
                notes.append(f"{name} {variant.label}: build FAILED, {variant.failed}")
        count = min(len(original.walls), len(migrated.walls))
        ratios = [migrated.walls[i] / original.walls[i] for i in range(count)]
        memory = [migrated.rss_mb[i] / original.rss_mb[i] for i in range(count)]
        rows.append([
            name, str(count), median_range(original.walls), median_range(migrated.walls),
            median_range(ratios, "{:.3f}"), median_range(memory, "{:.3f}"),
            median_range(original.warnings, "{:.0f}"), median_range(migrated.warnings, "{:.0f}"),
        ])  # fmt: skip
    print()
    print("Wall seconds of a serial full build, median (min-max); ratios paired (same pair):")
    headers = [
        "project", "pairs", "original s", "migrated s", "migrated/original", "peak RSS m/o",
        "warnings original", "warnings migrated",
    ]  # fmt: skip
    print(table(headers, rows))
    print(
        "original: Sphinx's glossary and :term:; migrated: the same sources after 'neuroterms "
        "migrate --write' (nterm-glossary over YAML term files, :nterm:). Warnings: lines of "
        "stderr with WARNING or ERROR. No floor (references as plain text) exists for a real "
        "project."
    )
    for note in notes:
        print(f"  {note}")
    return 1 if failed else 0
