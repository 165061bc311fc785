"""``-j``: a parallel build gives the same output and the same warnings as a serial one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx_util import build_project, copy_root

if TYPE_CHECKING:
    from pathlib import Path

UNKNOWN = (
    "WARNING: unknown term 'Neurochemical Flux'; did you mean 'Neurochemical Balance', "
    "'Neurochemical Imbalance' or 'Neurochemical Balance State'? [neuroterms.unknown]"
)


def test_parallel_html_equals_serial(tmp_path: Path) -> None:
    # A separate copy of the project per build, so the two builds cannot share state.
    serial, serial_warnings = build_project(
        copy_root("neuroterms-many", tmp_path / "serial"), freshenv=True, parallel=0
    )
    parallel, parallel_warnings = build_project(
        copy_root("neuroterms-many", tmp_path / "parallel"), freshenv=True, parallel=2
    )
    pages = sorted(path.name for path in serial.outdir.glob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        assert (parallel.outdir / page).read_text(encoding="utf-8") == (
            serial.outdir / page
        ).read_text(encoding="utf-8"), page
    assert (parallel.outdir / "objects.inv").read_bytes() == (
        serial.outdir / "objects.inv"
    ).read_bytes()
    # Reading really ran in chunks in worker processes ("glossary .. p03").
    assert re.search(
        r"reading sources\.\.\. \S*\[ *\d+%\] \S*\w+ \.\. ", parallel.status.getvalue()
    )
    assert not re.search(
        r"reading sources\.\.\. \S*\[ *\d+%\] \S*\w+ \.\. ", serial.status.getvalue()
    )
    # The unknown reference is reported exactly once in both builds, at its place.
    for app, warnings in ((serial, serial_warnings), (parallel, parallel_warnings)):
        assert [line.split(": ", 1)[1] for line in warnings] == [UNKNOWN]
        assert warnings[0].startswith(f"{app.srcdir / 'p09.rst'}:4:")
