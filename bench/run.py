"""Glossary build benchmark: sphinx-neuroterms against Sphinx's own glossary and no links.

For each cell (sidebar on/off x serial/``-j 2``) it builds the three projects of
``bench/generate.py`` (``plain``, ``std``, ``neuroterms``) from scratch, interleaved
(round 1: plain std neuroterms, round 2: std neuroterms plain, ...), each build in its own
``sphinx-build`` process (``bench/probe.py``, which calls ``sphinx.cmd.build.main`` like
``python -m sphinx`` and records GC pauses and phases) writing into a fresh output folder.
Then the incremental scenario: build, edit one term's definition, rebuild, rebuild again.

Run from the repository root::

    python bench/run.py                       # 2,000 terms, 300 pages, 60 refs, 3 rounds
    python bench/run.py --smoke               # CI: tiny project, 1 round, < 1 minute
    python bench/run.py --autolink            # automatic links off and on, same project
    python bench/run.py --profile             # cProfile + GC of one neuroterms build
    python bench/run.py --profile --profile-modes neuroterms,plain --sidebar off

It prints tables; it asserts nothing about speed. The exit status is non-zero only if a build
fails or the incremental check fails (a page that should show the edited text does not, a
page is written that should not be, or an unchanged rebuild writes anything).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import real
import startup
from common import median_range, run_timed, table, warning_count
from generate import MODES, BenchSpec, Mode, generate, resolve_term_format

#: Automatic links may cost at most this much of the same build without them.
AUTOLINK_GOAL = 1.15

PROBE = BENCH_DIR / "probe.py"
#: HTML pages Sphinx writes in every build besides the documents.
NON_DOC_PAGES = frozenset({"genindex", "search", "py-modindex"})
#: Where a glossary ratio should be, per sidebar setting (the issue's goals).
TARGETS = {True: 0.85, False: 0.75}
#: The build matrix's parameters per ``(--scale, --smoke)``; a value given on the command line
#: wins. The large scale splits the glossary over pages by letter, as a project of that size
#: would (one page of 20,000 terms weighs tens of megabytes), in every mode alike.
PRESETS: dict[tuple[str, bool], dict[str, Any]] = {
    ("default", False): {
        "terms": 2000, "pages": 300, "refs": 60, "repeat": 3, "jobs": "1,2",
        "sidebar": "on,off", "glossary_parts": 1,
    },
    ("default", True): {
        "terms": 40, "pages": 8, "refs": 10, "repeat": 1, "jobs": "1,2",
        "sidebar": "on,off", "glossary_parts": 1,
    },
    ("large", False): {
        "terms": 20_000, "pages": 1000, "refs": 50, "repeat": 3, "jobs": "1,2",
        "sidebar": "off", "glossary_parts": 10,
    },
    ("large", True): {
        "terms": 200, "pages": 8, "refs": 10, "repeat": 1, "jobs": "1,2",
        "sidebar": "off", "glossary_parts": 4,
    },
}  # fmt: skip


@dataclass
class Build:
    """One ``sphinx-build`` run and what was measured."""

    mode: str
    sidebar: bool
    jobs: int
    round: int
    returncode: int
    #: Wall seconds of the whole process (interpreter start and imports included).
    wall: float
    #: Peak RSS in kB of the process tree (``wait4``: max of the build and its workers).
    peak_rss_kb: int
    #: Peak RSS in kB of the main process alone.
    main_rss_kb: int
    #: GC seconds in the main process, in total and in the read and write phases.
    gc_main: float
    gc_read: float
    gc_write: float
    #: GC seconds summed over ``-j`` worker processes (they overlap the main process).
    gc_workers: float
    #: Generation-2 (full) collections in the main process.
    gc_full_collections: int
    #: Objects the collector tracked when reading had finished.
    tracked_objects: int
    #: Seconds from ``env-before-read-docs`` to ``env-updated``, and writing.
    read_phase: float
    write_phase: float
    #: Documents Sphinx read.
    read: list[str]
    #: Mean bytes of a content page's HTML, the glossary pages' bytes, and all HTML.
    page_bytes: float
    glossary_bytes: int
    html_bytes: int
    #: Lines of stderr holding ``WARNING`` or ``ERROR``.
    warnings: int
    stderr_tail: str = ""


def sphinx_command(
    src: Path,
    out: Path,
    jobs: int,
    stats: Path,
    cprofile: Path | None = None,
    *,
    settings: Sequence[str] = (),
) -> list[str]:
    """The build command: ``sphinx-build -b html -q [-j N] [-D …] SRC OUT`` under the
    probe."""
    probe_args = ["--stats", str(stats)]
    if cprofile is not None:
        probe_args += ["--cprofile", str(cprofile)]
    parallel = ["-j", str(jobs)] if jobs > 1 else []
    return [
        sys.executable,
        str(PROBE),
        *probe_args,
        "--",
        "-b",
        "html",
        "-q",
        *parallel,
        *(argument for setting in settings for argument in ("-D", setting)),
        str(src),
        str(out),
    ]


def run_sphinx(
    src: Path,
    out: Path,
    jobs: int,
    stats: Path,
    cprofile: Path | None = None,
    *,
    settings: Sequence[str] = (),
) -> tuple[int, float, int, str]:
    """Run one build; return its exit status, wall seconds, tree peak RSS (kB) and stderr."""
    for stale in stats.parent.glob(f"{stats.name}*"):
        stale.unlink()
    return run_timed(sphinx_command(src, out, jobs, stats, cprofile, settings=settings))


def read_stats(stats: Path) -> tuple[dict[str, Any], float]:
    """The probe's JSON and the GC seconds of its workers (their files are removed)."""
    data: dict[str, Any] = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}
    workers = 0.0
    for path in stats.parent.glob(f"{stats.name}.worker-*.json"):
        workers += json.loads(path.read_text(encoding="utf-8"))["gc"]["seconds"]
        path.unlink()
    return data, workers


def html_sizes(
    out: Path, docnames: Sequence[str], glossaries: Sequence[str]
) -> tuple[float, int, int]:
    """Mean bytes of the content pages' HTML, the glossary pages' bytes, all HTML bytes."""
    pages = [
        (out / f"{name}.html").stat().st_size
        for name in docnames
        if (out / f"{name}.html").exists()
    ]
    glossary_paths = [out / f"{name}.html" for name in glossaries]
    total = sum(path.stat().st_size for path in out.rglob("*.html"))
    return (
        statistics.fmean(pages) if pages else 0.0,
        sum(path.stat().st_size for path in glossary_paths if path.exists()),
        total,
    )


def glossary_docs(manifest: dict[str, Any]) -> list[str]:
    """The glossary's pages (one unless the glossary is split)."""
    return list(manifest.get("glossaries", [manifest["glossary"]]))


def build(
    project: Path, out: Path, jobs: int, manifest: dict[str, Any], label: tuple[str, bool, int, int]
) -> Build:
    """A from-scratch build of ``project`` into a fresh ``out``."""
    if out.exists():
        shutil.rmtree(out)
    stats = out.with_name(out.name + ".stats.json")
    returncode, wall, peak, errors = run_sphinx(project, out, jobs, stats)
    return measured(out, stats, manifest, label, returncode, wall, peak, errors)


def measured(  # noqa: PLR0917 - a plain record builder
    out: Path,
    stats: Path,
    manifest: dict[str, Any],
    label: tuple[str, bool, int, int],
    returncode: int,
    wall: float,
    peak: int,
    errors: str,
) -> Build:
    """Combine the runner's and the probe's measurements of one build."""
    data, gc_workers = read_stats(stats)
    marks = data.get("marks", {})

    def at(name: str, key: str) -> float:
        return float(marks.get(name, {}).get(key, 0.0))

    page_bytes, glossary_bytes, html_bytes = html_sizes(
        out, manifest["docnames"], glossary_docs(manifest)
    )
    gc_data = data.get("gc", {})
    mode, sidebar, jobs, round_ = label
    return Build(
        mode=mode,
        sidebar=sidebar,
        jobs=jobs,
        round=round_,
        returncode=returncode,
        wall=wall,
        peak_rss_kb=peak,
        main_rss_kb=int(data.get("maxrss_main_kb", 0)),
        gc_main=float(gc_data.get("seconds", 0.0)),
        gc_read=at("env-updated", "gc") - at("read-start", "gc"),
        gc_write=at("build-finished", "gc") - at("write-started", "gc"),
        gc_workers=gc_workers,
        gc_full_collections=int(gc_data.get("collections", [0, 0, 0])[2]),
        tracked_objects=int(marks.get("env-updated", {}).get("tracked_objects", 0)),
        read_phase=at("env-updated", "t") - at("read-start", "t"),
        write_phase=at("build-finished", "t") - at("write-started", "t"),
        read=list(data.get("read", [])),
        page_bytes=page_bytes,
        glossary_bytes=glossary_bytes,
        html_bytes=html_bytes,
        warnings=warning_count(errors),
        stderr_tail="\n".join(errors.strip().splitlines()[-15:]),
    )


# -- incremental scenario ------------------------------------------------------------------


@dataclass
class Incremental:
    """Build, edit one term's definition, rebuild, rebuild again without changes."""

    mode: str
    jobs: int
    term: str
    full_wall: float
    edit_wall: float
    noop_wall: float
    #: Documents re-read after the edit.
    reread: list[str]
    #: Documents whose HTML was re-written after the edit (by mtime), and other HTML files.
    rewritten: list[str]
    other_rewritten: list[str]
    #: The glossary: the only page that shows the term's text (links carry no definition:
    #: neuroterms keeps tooltip texts in the site's tooltip files).
    expected: list[str]
    #: Expected documents not re-written, and documents re-written beyond the expected ones
    #: (``index`` is Sphinx's: it re-writes the toctree parents of every written document).
    missing: list[str]
    extra: list[str]
    #: Documents that must show the new text and do, and those that do not.
    carrying: int
    not_carrying: list[str]
    #: HTML files still holding the old text.
    stale: list[str]
    #: Documents re-written by the rebuild without changes (must be none).
    noop_rewritten: list[str]
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the scenario passed."""
        return not self.failures


#: Where neuroterms writes the tooltip texts (a glob under the output folder).
TOOLTIP_FILES = "_static/neuroterms/tooltips/*.js"

#: Re-written beyond the expected pages, by Sphinx itself: the toctree parent of every page.
TOCTREE_PARENTS = frozenset({"index"})


def html_mtimes(out: Path) -> dict[str, int]:
    """Every HTML file's modification time, by path relative to ``out`` without ``.html``."""
    return {
        path.relative_to(out).with_suffix("").as_posix(): path.stat().st_mtime_ns
        for path in out.rglob("*.html")
    }


def incremental(project: Path, work: Path, mode: Mode, jobs: int) -> Incremental:
    """Run the incremental scenario on a copy of ``project``."""
    manifest: dict[str, Any] = json.loads((project / "bench.json").read_text(encoding="utf-8"))
    edit = manifest["edit"]
    src = work / f"inc-{mode}-j{jobs}-src"
    out = work / f"inc-{mode}-j{jobs}-out"
    for folder in (src, out):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(project, src)
    stats = work / f"inc-{mode}-j{jobs}.stats.json"
    failures: list[str] = []

    def rebuild(step: str) -> tuple[float, dict[str, Any]]:
        returncode, wall, _, errors = run_sphinx(src, out, jobs, stats)
        data, _ = read_stats(stats)
        if returncode:
            failures.append(f"{step} build failed ({returncode}): {errors.strip()[-500:]}")
        return wall, data

    full_wall, _ = rebuild("first")
    before = html_mtimes(out)
    path = src / edit["file"]
    text = path.read_text(encoding="utf-8")
    if text.count(edit["old"]) != 1:
        failures.append(f"the old definition occurs {text.count(edit['old'])} times in {path}")
    path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    edit_wall, data = rebuild("edited")
    after = html_mtimes(out)
    written = sorted(name for name, mtime in after.items() if before.get(name) != mtime)
    docs = set(manifest["docnames"]) | set(glossary_docs(manifest)) | {"index"}
    rewritten = [name for name in written if name in docs]
    other = [name for name in written if name not in docs]
    # The glossary page that shows the term (of several, when the glossary is split).
    expected = [edit.get("glossary", manifest["glossary"])]
    missing = sorted(set(expected) - set(rewritten))
    extra = sorted(set(rewritten) - set(expected))

    # Every expected page shows the new text; no page still shows the old one.
    must_show = expected
    not_carrying = [
        name
        for name in must_show
        if edit["marker"] not in (out / f"{name}.html").read_text(encoding="utf-8")
    ]
    old_prefix = edit["old"][:60]
    stale = sorted(
        name for name in after if old_prefix in (out / f"{name}.html").read_text(encoding="utf-8")
    )
    if mode == "neuroterms":
        # The referencing pages' readers get the text from the tooltip files.
        texts = [path.read_text(encoding="utf-8") for path in out.glob(TOOLTIP_FILES)]
        if not any(edit["marker"] in text for text in texts):
            not_carrying.append("the tooltip files")
        if any(old_prefix in text for text in texts):
            stale.append("the tooltip files")
    noop_wall, _ = rebuild("unchanged")
    noop = sorted(
        name
        for name, mtime in html_mtimes(out).items()
        if after.get(name) != mtime and name in docs
    )
    if missing:
        failures.append(f"not re-written: {', '.join(missing)}")
    if set(extra) - TOCTREE_PARENTS:
        failures.append(
            f"re-written without need: {', '.join(sorted(set(extra) - TOCTREE_PARENTS))}"
        )
    if not_carrying:
        failures.append(f"without the new text: {', '.join(not_carrying)}")
    if stale:
        failures.append(f"still showing the old text: {', '.join(stale)}")
    if noop:
        failures.append(f"re-written by an unchanged rebuild: {', '.join(noop)}")
    return Incremental(
        mode=mode,
        jobs=jobs,
        term=edit["term"],
        full_wall=full_wall,
        edit_wall=edit_wall,
        noop_wall=noop_wall,
        reread=list(data.get("read", [])),
        rewritten=rewritten,
        other_rewritten=other,
        expected=expected,
        missing=missing,
        extra=extra,
        carrying=len(must_show) - len([name for name in not_carrying if name in must_show]),
        not_carrying=not_carrying,
        stale=stale,
        noop_rewritten=noop,
        failures=failures,
    )


# -- reporting ------------------------------------------------------------------------------


def package_fingerprint() -> tuple[str, int, str]:
    """A digest of ``sphinx_neuroterms``'s files, their count, and git's view of them.

    Other developers edit the package while benchmarks run; comparing the digest at the start
    and the end of a run tells whether every build measured the same code.
    """
    import hashlib
    import importlib.util

    found = importlib.util.find_spec("sphinx_neuroterms")
    if found is None or found.origin is None:
        return "-", 0, "not installed"
    root = Path(found.origin).parent
    digest = hashlib.sha1(usedforsecurity=False)
    files = sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix in {".py", ".js", ".css", ".json"}
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    try:
        head = subprocess.run(
            ["git", "-C", str(root.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(root.parent), "status", "--porcelain", "--", root.name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.splitlines()
        git = f"git HEAD {head or '?'}, {len(changed)} package files changed or new"
    except OSError:
        git = "git unavailable"
    return digest.hexdigest()[:12], len(files), git


def cell_name(sidebar: bool, jobs: int) -> tuple[str, str]:
    """The (sidebar, jobs) labels of a cell."""
    return ("on" if sidebar else "off"), (
        "-j 2" if jobs == 2 else f"-j {jobs}" if jobs > 1 else "serial"
    )


def paired(
    builds: list[Build], cell: tuple[bool, int], a: str, b: str, key: Callable[[Build], float]
) -> list[float]:
    """Per round, ``key(a) / key(b)`` for the builds of one cell."""
    by_round: dict[int, dict[str, Build]] = {}
    for item in builds:
        if (item.sidebar, item.jobs) == cell and item.returncode == 0:
            by_round.setdefault(item.round, {})[item.mode] = item
    return [
        key(run[a]) / key(run[b])
        for run in by_round.values()
        if a in run and b in run and key(run[b]) > 0
    ]


def report(builds: list[Build], cells: list[tuple[bool, int]], modes: Sequence[str]) -> str:
    """The result tables of the build matrix."""
    out = io.StringIO()

    def select(cell: tuple[bool, int], mode: str) -> list[Build]:
        return [
            item
            for item in builds
            if (item.sidebar, item.jobs) == cell and item.mode == mode and item.returncode == 0
        ]

    rows = []
    for cell in cells:
        for mode in modes:
            runs = select(cell, mode)
            rows.append(
                [
                    *cell_name(*cell),
                    mode,
                    str(len(runs)),
                    median_range(item.wall for item in runs),
                    median_range((item.read_phase for item in runs), "{:.1f}"),
                    median_range((item.write_phase for item in runs), "{:.1f}"),
                ]
            )
    out.write("Wall seconds of a full build (process start to exit), median (min-max):\n")
    out.write(
        table(["sidebar", "jobs", "mode", "n", "wall s", "read phase s", "write phase s"], rows)
    )

    rows = []
    for cell in cells:
        if "neuroterms" not in modes:
            break
        target = TARGETS[cell[0]]
        vs_std = paired(builds, cell, "neuroterms", "std", lambda b: b.wall)
        vs_plain = paired(builds, cell, "neuroterms", "plain", lambda b: b.wall)
        rss = paired(builds, cell, "neuroterms", "std", lambda b: b.peak_rss_kb)
        rss_plain = paired(builds, cell, "neuroterms", "plain", lambda b: b.peak_rss_kb)
        verdict = "-"
        if vs_std:
            verdict = "met" if statistics.median(vs_std) <= target else "NOT met"
        rows.append(
            [
                *cell_name(*cell),
                median_range(vs_std, "{:.3f}"),
                f"≤ {target}",
                verdict,
                median_range(vs_plain, "{:.3f}"),
                median_range(rss, "{:.3f}"),
                median_range(rss_plain, "{:.3f}"),
            ]
        )
    if rows:
        out.write("\n\nPaired ratios (same round), median (min-max):\n")
        out.write(
            table(
                [
                    "sidebar",
                    "jobs",
                    "neuroterms/std",
                    "goal",
                    "time goal",
                    "neuroterms/plain",
                    "peak RSS nt/std",
                    "peak RSS nt/plain",
                ],
                rows,
            )
        )

    rows = []
    for cell in cells:
        for mode in modes:
            runs = select(cell, mode)
            rows.append(
                [
                    *cell_name(*cell),
                    mode,
                    median_range((item.peak_rss_kb / 1024 for item in runs), "{:.0f}"),
                    median_range((item.main_rss_kb / 1024 for item in runs), "{:.0f}"),
                    median_range((item.gc_main for item in runs), "{:.2f}"),
                    median_range((item.gc_read for item in runs), "{:.2f}"),
                    median_range((item.gc_write for item in runs), "{:.2f}"),
                    median_range((item.gc_workers for item in runs), "{:.2f}")
                    if cell[1] > 1
                    else "-",
                    median_range((item.gc_full_collections for item in runs), "{:.0f}"),
                    median_range((item.tracked_objects / 1000 for item in runs), "{:.0f}k"),
                ]
            )
    out.write("\n\nMemory and garbage collection, median (min-max):\n")
    out.write(
        table(
            [
                "sidebar",
                "jobs",
                "mode",
                "peak RSS MB (tree)",
                "main RSS MB",
                "GC s main",
                "GC s read",
                "GC s write",
                "GC s workers",
                "full GCs",
                "tracked objs after read",
            ],
            rows,
        )
    )

    rows = []
    seen: set[tuple[str, bool]] = set()
    for item in builds:
        if item.returncode or (item.mode, item.sidebar) in seen:
            continue
        seen.add((item.mode, item.sidebar))
        rows.append(
            [
                "on" if item.sidebar else "off",
                item.mode,
                f"{item.page_bytes:,.0f}",
                f"{item.glossary_bytes:,}",
                f"{item.html_bytes / 1e6:.1f}",
            ]
        )
    out.write("\n\nHTML output (first build of each mode):\n")
    out.write(
        table(
            ["sidebar", "mode", "bytes/content page", "glossary bytes (all pages)", "all HTML MB"],
            rows,
        )
    )
    warned = [item for item in builds if item.warnings]
    if warned:
        out.write(
            f"\n\nBuilds with warnings: {len(warned)} (e.g. {warned[0].mode}: "
            f"{warned[0].warnings} warning lines)\n{warned[0].stderr_tail}"
        )
    out.write("\n")
    return out.getvalue()


def report_incremental(results: list[Incremental]) -> str:
    """The incremental scenario's table and any failures."""
    rows = [
        [
            item.mode,
            "serial" if item.jobs == 1 else f"-j {item.jobs}",
            f"{item.full_wall:.1f}",
            f"{item.edit_wall:.1f}",
            f"{item.noop_wall:.1f}",
            (
                f"{len(item.reread)} ({', '.join(item.reread[:3])}"
                f"{'…' if len(item.reread) > 3 else ''})"
            ),
            str(len(item.rewritten)),
            str(len(item.expected)),
            ", ".join(item.extra) or "-",
            ", ".join(item.missing) or "-",
            f"{item.carrying}/{len(item.expected)}",
            str(len(item.stale)),
            str(len(item.noop_rewritten)),
            "ok" if item.ok else "FAILED",
        ]
        for item in results
    ]
    text = (
        "Incremental: edit one term's definition, rebuild (re-read/re-written documents), "
        "then rebuild unchanged:\n"
        + table(
            [
                "mode",
                "jobs",
                "full s",
                "edit s",
                "no-op s",
                "re-read",
                "re-written",
                "expected",
                "extra",
                "missing",
                "new text",
                "stale pages",
                "no-op writes",
                "check",
            ],
            rows,
        )
    )
    if results:
        first = results[0]
        text += (
            f"\nEdited term: {first.term!r}. Expected = the glossary (its page holding the term, "
            "when split), the only page showing the text (plain has no links; std's :term: links "
            "carry no definition; neuroterms' links carry a key, and the tooltip files the text, "
            "checked too). 'index' is "
            "re-written by Sphinx itself (toctree parent of every written page). Other HTML "
            f"re-written every build: {', '.join(first.other_rewritten) or '-'}."
        )
    for item in results:
        for failure in item.failures:
            text += f"\nFAILED {item.mode} -j{item.jobs}: {failure}"
    return text + "\n"


# -- profile ---------------------------------------------------------------------------------


def profile(base: BenchSpec, sidebar: bool, modes: Sequence[Mode], work: Path, top: int) -> int:
    """Build each mode's project once, serially, under cProfile; print where time goes.

    The first mode gets the full tables (own time, cumulative time, the package's functions);
    every other mode is compared with it function by function (own time, first minus other).
    """
    profiles: dict[str, Path] = {}
    for mode in modes:
        spec = BenchSpec(**{**asdict(base), "mode": mode, "sidebar": sidebar})
        project = work / f"profile-{mode}-{'sidebar' if sidebar else 'nosidebar'}"
        manifest = generate(spec, project)
        out = work / f"profile-{mode}-out"
        if out.exists():
            shutil.rmtree(out)
        stats_path = work / f"profile-{mode}.stats.json"
        prof = profiles[mode] = work / f"build-{mode}.prof"
        returncode, wall, peak, errors = run_sphinx(project, out, 1, stats_path, prof)
        result = measured(
            out, stats_path, manifest, (mode, sidebar, 1, 0), returncode, wall, peak, errors
        )
        if returncode:
            print(errors, file=sys.stderr)
            return 1
        fmt = f", terms as {manifest['term_format']}" if manifest["term_format"] else ""
        print(
            f"Profiled {mode} build ({describe(spec)}, sidebar {'on' if sidebar else 'off'}"
            f"{fmt}): {wall:.1f} s wall under cProfile (read phase {result.read_phase:.1f} s, "
            f"write phase {result.write_phase:.1f} s); GC {result.gc_main:.2f} s "
            f"(read {result.gc_read:.2f}, write {result.gc_write:.2f}, "
            f"{result.gc_full_collections} full collections); "
            f"{result.tracked_objects:,} tracked objects after reading; "
            f"peak RSS {result.peak_rss_kb / 1024:.0f} MB. Profile: {prof}"
        )
    first = modes[0]
    print()
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        stats = pstats.Stats(str(profiles[first]), stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        print(f"== {first}: top {top} by {order} ==")
        print(_trim_pstats(buffer.getvalue()))
    buffer = io.StringIO()
    stats = pstats.Stats(str(profiles[first]), stream=buffer)
    stats.sort_stats("cumulative").print_stats("sphinx_neuroterms", top)
    print(f"== {first}: sphinx_neuroterms functions, top {top} by cumulative ==")
    print(_trim_pstats(buffer.getvalue()))
    for other in modes[1:]:
        print(f"== own time, {first} minus {other}: top {top} differences ==")
        print(profile_diff(profiles[first], profiles[other], top))
    return 0


def profile_diff(first: Path, other: Path, top: int) -> str:
    """The functions whose own time differs most between two profiles (first minus other)."""

    def own_times(path: Path) -> dict[tuple[str, int, str], tuple[int, float]]:
        raw: dict[Any, Any] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
        return {func: (value[1], value[2]) for func, value in raw.items()}

    ours, theirs = own_times(first), own_times(other)
    deltas = []
    for func in ours.keys() | theirs.keys():
        calls_a, time_a = ours.get(func, (0, 0.0))
        calls_b, time_b = theirs.get(func, (0, 0.0))
        deltas.append((time_a - time_b, calls_a - calls_b, time_a, time_b, func))
    deltas.sort(key=lambda item: abs(item[0]), reverse=True)
    rows = [
        [
            f"{delta:+.3f}",
            f"{time_a:.3f}",
            f"{time_b:.3f}",
            f"{calls:+,}",
            f"{Path(func[0]).name}:{func[1]}({func[2]})",
        ]
        for delta, calls, time_a, time_b, func in deltas[:top]
    ]
    total_a = sum(time for _, time in ours.values())
    total_b = sum(time for _, time in theirs.values())
    return (
        table(["delta s", "first s", "other s", "delta calls", "function"], rows)
        + f"\ntotal own time: {total_a:.2f} s vs {total_b:.2f} s ({total_a - total_b:+.2f} s)"
    )


def _trim_pstats(text: str) -> str:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.lstrip().startswith("ncalls"):
            return "\n".join(lines[index:])
    return text


# -- command line ----------------------------------------------------------------------------


def describe(spec: BenchSpec) -> str:
    """``N terms / P pages / R refs``."""
    return f"{spec.terms} terms / {spec.pages} pages / {spec.refs} refs per page"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        choices=sorted({scale for scale, _ in PRESETS}),
        default="default",
        help="large: 20,000 terms / 1,000 pages / 50 refs, sidebar off, the glossary split by "
        "letter over 10 pages in every mode",
    )
    parser.add_argument("--terms", type=int)
    parser.add_argument("--pages", type=int)
    parser.add_argument("--refs", type=int, help="references per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, help="rounds of the build matrix")
    parser.add_argument("--jobs", help="comma-separated -j values (1 = serial)")
    parser.add_argument("--sidebar", help="comma-separated: on, off")
    parser.add_argument(
        "--glossary-parts", type=int, help="split the glossary by letter over this many pages"
    )
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated modes")
    parser.add_argument(
        "--term-format",
        choices=("auto", "yaml", "txt"),
        default="auto",
        help="neuroterms term storage (auto: YAML if the YAML loader imports, else .txt)",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny projects, 1 round (1 pair): checks it works"
    )
    parser.add_argument("--no-incremental", action="store_true", help="skip the edit scenario")
    parser.add_argument("--no-matrix", action="store_true", help="only the edit scenario")
    parser.add_argument("--profile", action="store_true", help="only profile builds (no matrix)")
    parser.add_argument(
        "--autolink",
        action="store_true",
        help="only the automatic links scenario: the neuroterms project with as many plain "
        "mentions as references per page, built with neuroterms_autolink off and on (and the "
        "plain project with the same mentions, the floor)",
    )
    parser.add_argument(
        "--real",
        action="store_true",
        help="only real projects: each built as it is and after 'neuroterms migrate --write', "
        "serially, in alternating pairs (--smoke: the two test glossaries, 1 pair)",
    )
    parser.add_argument(
        "--real-projects",
        default=",".join(real.PROJECT_NAMES),
        help="comma-separated real projects (--real)",
    )
    parser.add_argument(
        "--real-download",
        action="store_true",
        help="--real: download a missing sdist with pip (default: only the tests' cache)",
    )
    parser.add_argument(
        "--startup",
        action="store_true",
        help="only start-up cost: a one-page project without terms, with and without the "
        "extension, in alternating pairs",
    )
    parser.add_argument(
        "--pairs", type=int, help="alternating pairs of --real (default 5) and --startup (10)"
    )
    parser.add_argument(
        "--profile-modes",
        default="neuroterms",
        help="modes to profile; the first gets full tables, the others a diff against it",
    )
    parser.add_argument("--top", type=int, default=30, help="profile rows to print")
    parser.add_argument("--work", type=Path, help="keep projects and output here")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    args = parser.parse_args(argv)
    # What is not given on the command line comes from the preset.
    for name, value in PRESETS[args.scale, args.smoke].items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.pairs is None:
        args.pairs = 1 if args.smoke else 10 if args.startup else 5
    return args


def compile_bytecode() -> None:
    """Write the extension's bytecode, as installing a wheel does (pip compiles every module).

    From a checkout, with ``PYTHONDONTWRITEBYTECODE`` set (as on CI machines), every build
    would compile our sources again while Sphinx loads its installed bytecode: a cost no
    installed user pays (about 60 ms of the start-up measure).
    """
    import compileall

    import sphinx_neuroterms

    compileall.compile_dir(Path(sphinx_neuroterms.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return non-zero if a build or the incremental check failed."""
    args = parse_args(argv)
    jobs = [int(value) for value in args.jobs.split(",")]
    sidebars = [value.strip() == "on" for value in args.sidebar.split(",")]
    modes: list[Mode] = [mode for mode in MODES if mode in args.modes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="neuroterms-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    try:
        if args.startup:
            return startup.run(args.pairs, work, count_instructions=not args.smoke)
        if args.real:
            names = [name for name in args.real_projects.split(",") if name]
            return real.run(names, args.pairs, work, smoke=args.smoke, download=args.real_download)
        base = BenchSpec(
            terms=args.terms,
            pages=args.pages,
            refs=args.refs,
            seed=args.seed,
            term_format=args.term_format,
            glossary_parts=args.glossary_parts,
        )
        if args.profile:
            requested = [name for name in args.profile_modes.split(",") if name]
            if not requested or any(name not in MODES for name in requested):
                print(f"--profile-modes: choose from {', '.join(MODES)}", file=sys.stderr)
                return 2
            wanted = [next(mode for mode in MODES if mode == name) for name in requested]
            return profile(base, sidebars[0], wanted, work, args.top)
        if args.autolink:
            return run_autolink(args, base, work, sidebars[0], jobs)
        return run_matrix(args, base, work, modes, sidebars, jobs)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def run_autolink(
    args: argparse.Namespace, base: BenchSpec, work: Path, sidebar: bool, jobs: list[int]
) -> int:
    """Time the neuroterms project (with plain mentions) with automatic links off and on, and
    the plain project with the same mentions (the floor), in the same rounds, rotating which
    goes first; print the paired ratios."""
    spec = replace(base, mode="neuroterms", sidebar=sidebar, mentions=base.refs)
    project = work / "src-autolink"
    generate(spec, project)
    floor = work / "src-autolink-plain"
    generate(replace(spec, mode="plain"), floor)
    print(
        f"Automatic links: {describe(base)} plus {spec.mentions} plain mentions per page, "
        f"sidebar {'on' if sidebar else 'off'}; load average at start "
        f"{os.getloadavg()[0]:.2f}.",
        flush=True,
    )
    #: What each build is: its label, its project and its neuroterms_autolink setting.
    variants: list[tuple[str, Path, list[str]]] = [
        ("plain", floor, []),
        ("off", project, ["neuroterms_autolink=0"]),
        ("on", project, ["neuroterms_autolink=1"]),
    ]
    walls: dict[tuple[int, str], list[float]] = {}
    failed = False
    for round_ in range(args.repeat):
        for count in jobs:
            shift = round_ % len(variants)
            for label, source, settings in variants[shift:] + variants[:shift]:
                out = work / f"out-autolink-{label}-j{count}"
                if out.exists():
                    shutil.rmtree(out)
                stats = out.with_name(out.name + ".stats.json")
                returncode, wall, _, errors = run_sphinx(
                    source, out, count, stats, settings=settings
                )
                failed = failed or returncode != 0
                walls.setdefault((count, label), []).append(wall)
                cell = "serial" if count == 1 else f"-j {count}"
                print(
                    f"  round {round_ + 1}/{args.repeat} {cell:6} {label:5} {wall:6.1f} s"
                    + (f"  FAILED ({returncode}): {errors[-500:]}" if returncode else ""),
                    file=sys.stderr,
                    flush=True,
                )
    rows = []
    for count in jobs:
        plain, off, on = (walls[count, label] for label in ("plain", "off", "on"))
        ratios = [b / a for a, b in zip(off, on, strict=True)]
        rows.append([
            "serial" if count == 1 else f"-j {count}", median_range(plain, "{:.1f}"),
            median_range(off, "{:.1f}"), median_range(on, "{:.1f}"),
            median_range(ratios, "{:.3f}"),
            "met" if statistics.median(ratios) <= AUTOLINK_GOAL else "NOT met",
            median_range([b / a for a, b in zip(plain, on, strict=True)], "{:.3f}"),
        ])  # fmt: skip
    print()
    print("Wall seconds and paired ratios (same round), median (min-max):")
    headers = [
        "jobs", "plain s", "autolink off s", "autolink on s", "on/off", f"≤ {AUTOLINK_GOAL}",
        "on/plain",
    ]  # fmt: skip
    print(table(headers, rows))
    print("plain: the same pages and mentions, every reference as plain text (no extension).")
    return 1 if failed else 0


def run_matrix(  # noqa: PLR0917
    args: argparse.Namespace,
    base: BenchSpec,
    work: Path,
    modes: list[Mode],
    sidebars: list[bool],
    jobs: list[int],
) -> int:
    """Generate, run the build matrix and the incremental scenario, print, return status."""
    import docutils
    import sphinx

    fmt = resolve_term_format(base.term_format)
    print(
        f"Glossary benchmark: {describe(base)} ({base.pages * base.refs:,} references), "
        f"seed {base.seed}; Python {platform.python_version()}, Sphinx {sphinx.__version__}, "
        f"docutils {docutils.__version__}, {os.cpu_count()} CPUs; neuroterms terms as {fmt}"
        + ("" if fmt == "yaml" else " (YAML loader not importable)")
        + f"; load average at start {os.getloadavg()[0]:.2f}.",
        flush=True,
    )
    fingerprint, count, git = package_fingerprint()
    print(f"sphinx_neuroterms sources: digest {fingerprint} ({count} files; {git}).", flush=True)
    projects: dict[tuple[str, bool], tuple[Path, dict[str, Any]]] = {}
    for sidebar in sidebars:
        for mode in modes:
            spec = BenchSpec(**{**asdict(base), "mode": mode, "sidebar": sidebar})
            path = work / f"src-{mode}-{'sidebar' if sidebar else 'nosidebar'}"
            projects[mode, sidebar] = (path, generate(spec, path))
    glossaries = glossary_docs(next(iter(projects.values()))[1])
    if len(glossaries) > 1:
        print(
            f"The glossary is split by first letter over {len(glossaries)} pages in every mode "
            f"({', '.join(glossaries)}): neuroterms one nterm-glossary per page (:letters:, "
            ":part-of: main), std one '.. glossary::' per page, plain one definition list per "
            "page.",
            flush=True,
        )

    builds: list[Build] = []
    cells = [(sidebar, count) for sidebar in sidebars for count in jobs]
    if not args.no_matrix:
        for round_ in range(args.repeat):
            for sidebar, count in cells:
                shift = round_ % len(modes)
                for mode in modes[shift:] + modes[:shift]:
                    project, manifest = projects[mode, sidebar]
                    out = work / f"out-{mode}-{'sidebar' if sidebar else 'nosidebar'}-j{count}"
                    item = build(project, out, count, manifest, (mode, sidebar, count, round_))
                    builds.append(item)
                    print(
                        f"  round {round_ + 1}/{args.repeat} sidebar {'on ' if sidebar else 'off'} "
                        f"{'serial' if count == 1 else f'-j {count}':6} {mode:10} "
                        f"{item.wall:6.1f} s"
                        + (f"  FAILED ({item.returncode})" if item.returncode else ""),
                        file=sys.stderr,
                        flush=True,
                    )
        print()
        print(report(builds, cells, modes))

    results: list[Incremental] = []
    if not args.no_incremental:
        sidebar = sidebars[0]
        plan = [
            (mode, count)
            for mode in ("plain", "std", "neuroterms")
            if mode in modes
            for count in (jobs if mode == "neuroterms" else jobs[:1])
        ]
        for mode, count in plan:
            results.append(incremental(projects[mode, sidebar][0], work, mode, count))
            print(
                f"  incremental {mode} -j{count}: {'ok' if results[-1].ok else 'FAILED'}",
                file=sys.stderr,
                flush=True,
            )
        print(f"(incremental scenario with sidebar {'on' if sidebar else 'off'})")
        print(report_incremental(results))
    print(
        f"Load average at end {os.getloadavg()[0]:.2f} (others share this machine: timings are "
        "noisy)."
    )
    if package_fingerprint()[0] != fingerprint:
        print(
            "NOTE: sphinx_neuroterms changed during this run (digest now "
            f"{package_fingerprint()[0]}): builds may have measured different code."
        )

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "spec": asdict(base),
                    "builds": [asdict(b) for b in builds],
                    "incremental": [asdict(r) for r in results],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    failed = [item for item in builds if item.returncode]
    for item in failed:
        print(
            f"build FAILED: {item.mode} sidebar={item.sidebar} -j{item.jobs}:\n{item.stderr_tail}"
        )
    return 1 if failed or not all(item.ok for item in results) else 0


if __name__ == "__main__":
    sys.exit(main())
