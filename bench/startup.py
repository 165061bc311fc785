"""Start-up cost of the extension: ``python bench/run.py --startup``.

A one-page project without terms, built with the extension in ``extensions`` and without it
(Sphinx alone), in alternating pairs (the first of each pair alternates), each build a fresh
``python -m sphinx -b html -q SRC OUT`` process into an emptied output folder. What is timed is
the whole process: the interpreter, the imports, ``setup()``, reading one page and writing it.

Wall time on a shared machine varies by several percent from build to build, more than the
difference measured. When ``valgrind`` is installed, each project is also built once under
its ``callgrind`` tool, which counts the instructions the process executes: the same count on
every run (hash seeds fixed), so a difference of 1% is a difference of the code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from common import median_range, run_timed, table

PAGE = """\
Start-up
========

One page and no terms: what a build costs before there is anything to do.
"""


def write_project(folder: Path, extension: bool) -> None:
    """The one-page project, with or without ``sphinx_neuroterms``."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    extensions = '["sphinx_neuroterms"]' if extension else "[]"
    (folder / "conf.py").write_text(
        f'project = "Start-up"\nextensions = {extensions}\nexclude_patterns = ["_build"]\n',
        encoding="utf-8",
    )
    (folder / "index.rst").write_text(PAGE, encoding="utf-8")


def instructions(project: Path, out: Path) -> int | None:
    """The instructions a whole build of ``project`` executes, counted by valgrind's callgrind
    tool (``None`` without valgrind, or if the build fails)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    if out.exists():
        shutil.rmtree(out)
    command = [
        valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project), str(out),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected : (\d+)", result.stderr)
    return int(found.group(1)) if result.returncode == 0 and found else None


def run(pairs: int, work: Path, count_instructions: bool = True) -> int:
    """Build both projects ``pairs`` times, alternating; print medians and the paired ratio.

    :return: 1 if a build failed, else 0
    """
    projects = {"sphinx": work / "startup-sphinx", "neuroterms": work / "startup-neuroterms"}
    for name, folder in projects.items():
        write_project(folder, extension=name == "neuroterms")
    walls: dict[str, list[float]] = {name: [] for name in projects}
    rss: dict[str, list[float]] = {name: [] for name in projects}
    failed = False
    for pair in range(pairs):
        order = list(projects) if pair % 2 == 0 else list(projects)[::-1]
        for name in order:
            out = work / f"startup-{name}-out"
            if out.exists():
                shutil.rmtree(out)
            command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", projects[name], out]
            returncode, wall, peak, errors = run_timed([str(part) for part in command])
            walls[name].append(wall)
            rss[name].append(peak / 1024)
            print(
                f"  pair {pair + 1}/{pairs} {name:10} {wall:6.2f} s"
                + (f"  FAILED ({returncode}): {errors[-500:]}" if returncode else ""),
                file=sys.stderr,
                flush=True,
            )
            failed = failed or returncode != 0
    ratios = [b / a for a, b in zip(walls["sphinx"], walls["neuroterms"], strict=True)]
    extra = [(b - a) * 1000 for a, b in zip(walls["sphinx"], walls["neuroterms"], strict=True)]
    rows = [
        [
            "Sphinx alone" if name == "sphinx" else "with sphinx_neuroterms",
            median_range(walls[name], "{:.3f}"),
            median_range(rss[name], "{:.0f}"),
        ]
        for name in projects
    ]
    print(
        f"Start-up: a one-page project without terms, whole process wall time, {pairs} "
        f"alternating pair{'s' if pairs != 1 else ''}; median (min-max):"
    )
    print(table(["build", "wall s", "peak RSS MB"], rows))
    print(
        f"with / without the extension (paired): {median_range(ratios, '{:.3f}')}; "
        f"extra {median_range(extra, '{:.0f}')} ms"
    )
    counts = (
        {name: instructions(folder, work / f"startup-{name}-valgrind")
         for name, folder in projects.items()}
        if count_instructions else {}
    )
    if counts and None not in counts.values():
        alone, added = counts["sphinx"], counts["neuroterms"]
        assert alone is not None and added is not None
        print(
            f"instructions (valgrind callgrind, one build each): Sphinx alone {alone:,}, "
            f"with sphinx_neuroterms {added:,}; with / without {added / alone:.4f}"
        )
    return 1 if failed else 0
