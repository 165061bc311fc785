"""What the benchmark scripts share: timing a process, and printing medians and tables."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path


def run_timed(
    command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> tuple[int, float, int, str]:
    """Run ``command`` (stdout discarded); return its exit status, wall seconds, peak RSS in kB
    and stderr.

    Wall time is the whole process, interpreter start and imports included. The peak RSS comes
    from ``os.wait4`` on this child: the maximum of it and of the processes it waited for (its
    ``-j`` workers), not their sum; ``RUSAGE_CHILDREN`` would span every earlier build too.
    """
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=stderr, cwd=cwd, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        errors = stderr.read().decode("utf-8", "replace")
    return process.returncode, wall, usage.ru_maxrss, errors


def warning_count(stderr: str) -> int:
    """Lines of a build's stderr that hold ``WARNING`` or ``ERROR`` (Sphinx's messages)."""
    return sum("WARNING" in line or "ERROR" in line for line in stderr.splitlines())


def median_range(values: Iterable[float], fmt: str = "{:.2f}") -> str:
    """``median (min-max)``."""
    items = list(values)
    if not items:
        return "-"
    middle = fmt.format(statistics.median(items))
    if len(items) == 1:
        return middle
    return f"{middle} ({fmt.format(min(items))}-{fmt.format(max(items))})"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with a rule under the header."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
