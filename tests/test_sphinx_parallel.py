"""``-j``: a parallel build gives the same output and the same warnings as a serial one."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from sphinx_util import warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

UNKNOWN = (
    "WARNING: unknown term 'Neurochemical Flux'; did you mean 'Neurochemical Balance', "
    "'Neurochemical Imbalance' or 'Neurochemical Balance State'? [neuroterms.unknown]"
)


def _build(
    make_app: Callable[..., SphinxTestApp], app_params: Any, name: str, parallel: int
) -> SphinxTestApp:
    kwargs = dict(app_params.kwargs)
    # A separate copy of the project per build, so the two builds cannot share state.
    srcdir = kwargs["srcdir"].parent / name
    if not srcdir.exists():
        shutil.copytree(app_params.kwargs["srcdir"], srcdir)
    kwargs.update(
        srcdir=srcdir,
        builddir=srcdir / "_build",
        freshenv=True,
        parallel=parallel,
        status=StringIO(),
        warning=StringIO(),
    )
    app = make_app(**kwargs)
    app.build()
    # Restore docutils' registries now, so the next app registers its nodes afresh.
    app.cleanup()
    return app


@pytest.mark.sphinx("html", testroot="neuroterms-many")
def test_parallel_html_equals_serial(
    make_app: Callable[..., SphinxTestApp], app_params: Any
) -> None:
    serial = _build(make_app, app_params, "many-serial", 0)
    parallel = _build(make_app, app_params, "many-parallel", 2)
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
    for app in (serial, parallel):
        assert [line.split(": ", 1)[1] for line in warnings_of(app.warning)] == [UNKNOWN]
        assert warnings_of(app.warning)[0].startswith(f"{app.srcdir / 'p09.rst'}:4:")
