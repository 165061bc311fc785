"""Run ``sphinx-build`` in this process and record where its time goes, as JSON.

Used by ``bench/run.py`` in place of ``python -m sphinx`` (it calls the same
``sphinx.cmd.build.main``)::

    python bench/probe.py --stats stats.json [--cprofile build.prof] -- -b html -q SRC OUT

It records:

* garbage-collector pauses, per generation, through ``gc.callbacks`` (cProfile charges them
  to whichever function happened to allocate, so they are measured separately);
* the build's phases, reported by the ``setup()`` that ``bench/generate.py`` writes into each
  ``conf.py`` (``env-before-read-docs``, ``env-updated``, ``write-started``,
  ``build-finished``): wall time and GC time at each, and the number of objects the
  collector tracks once reading is done;
* the documents Sphinx decided to read, and the peak RSS of this (the main) process.

Under ``-j`` Sphinx forks worker processes; each writes its own GC totals to
``<stats>.worker-<pid>.json`` when it exits, and the runner adds them up.
"""

from __future__ import annotations

import cProfile
import gc
import json
import multiprocessing.util
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

#: The name ``conf.py`` looks this module up by, in ``sys.modules``.
MODULE_NAME = "bench_probe"


class GcTimer:
    """Totals of garbage-collector pauses, per generation."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Start counting from zero (in a freshly forked worker, say)."""
        #: Seconds spent in collections of generation 0, 1 and 2.
        self.seconds = [0.0, 0.0, 0.0]
        #: Collections of each generation.
        self.count = [0, 0, 0]
        #: Objects found unreachable and freed, per generation.
        self.collected = [0, 0, 0]
        self._started: float | None = None

    def callback(self, phase: str, info: dict[str, int]) -> None:
        """The ``gc.callbacks`` hook."""
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            generation = info["generation"]
            self.seconds[generation] += time.perf_counter() - self._started
            self.count[generation] += 1
            self.collected[generation] += info.get("collected", 0)
            self._started = None

    @property
    def total(self) -> float:
        """Seconds in all collections."""
        return sum(self.seconds)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready totals."""
        return {
            "seconds": self.total,
            "by_generation": self.seconds,
            "collections": self.count,
            "collected": self.collected,
        }


TIMER = GcTimer()
_START = time.perf_counter()
_STATS_PATH: Path | None = None
#: Phase name to (wall seconds since start, GC seconds since start, tracked objects or None).
MARKS: dict[str, dict[str, Any]] = {}
#: Every batch of docnames Sphinx announced it would read.
READ: list[str] = []


def mark(label: str) -> None:
    """Note the wall clock and GC total now (called from the generated ``conf.py``)."""
    entry: dict[str, Any] = {
        "t": time.perf_counter() - _START,
        "gc": TIMER.total,
    }
    if label == "env-updated":
        # What the collector will keep scanning while writing (PERFORMANCE.md: ~695k objects
        # with Sphinx's glossary at 2,000/300/60 versus ~310k without links).
        entry["tracked_objects"] = len(gc.get_objects())
    MARKS[label] = entry


def note_read(docnames: list[str]) -> None:
    """Record the documents Sphinx is about to read."""
    mark("read-start")
    READ.extend(docnames)


def _write_worker_stats() -> None:
    if _STATS_PATH is not None:
        path = _STATS_PATH.with_name(f"{_STATS_PATH.name}.worker-{os.getpid()}.json")
        path.write_text(json.dumps({"gc": TIMER.as_dict()}), encoding="utf-8")


def _after_fork(_: object) -> None:
    # Runs in each forked multiprocessing child after it has cleared the parent's finalizers;
    # the finalizer runs when the child's task is done (multiprocessing's _exit_function).
    TIMER.reset()
    multiprocessing.util.Finalize(None, _write_worker_stats, exitpriority=100)


def main(argv: list[str]) -> int:
    """Parse ``--stats FILE [--cprofile FILE] -- SPHINX-ARGS`` and run the build."""
    global _STATS_PATH, _START  # noqa: PLW0603 - one build per process
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    ours, sphinx_args = argv[:split], argv[split + 1 :]
    options = dict(zip(ours[::2], ours[1::2], strict=False))
    if "--stats" not in options:
        print("--stats FILE is required", file=sys.stderr)
        return 2
    _STATS_PATH = Path(options["--stats"])
    sys.modules[MODULE_NAME] = sys.modules[__name__]
    gc.callbacks.append(TIMER.callback)
    multiprocessing.util.register_after_fork(TIMER, _after_fork)

    from sphinx.cmd.build import main as sphinx_main

    profiler = cProfile.Profile() if "--cprofile" in options else None
    started = _START = time.perf_counter()
    status = 1  # if the build raises
    if profiler is not None:
        profiler.enable()
    try:
        status = sphinx_main(sphinx_args)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(options["--cprofile"])
        stats = {
            "status": status,
            "wall": time.perf_counter() - started,
            "gc": TIMER.as_dict(),
            "marks": MARKS,
            "read": sorted(READ),
            # Linux reports kilobytes.
            "maxrss_main_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
        _STATS_PATH.write_text(json.dumps(stats), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
