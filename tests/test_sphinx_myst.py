"""MyST: ``{nterm}`` and both directives in Markdown give what reStructuredText gives."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from sphinx_util import parse_html, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

pytest.importorskip("myst_parser")

# Attributes that only say where a node came from, or how the source spelled it.
_LOCATION = re.compile(r' (source|line|rawsource|translatable)="[^"]*"')


def _build(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_dir: Path, name: str
) -> SphinxTestApp:
    app = make_app(
        "html",
        srcdir=_copy(rootdir / f"test-neuroterms-{name}", tmp_dir / f"neuroterms-{name}"),
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
    )
    app.build()
    app.cleanup()  # restore docutils' registries before the next app registers
    return app


def _copy(source: Path, target: Path) -> Path:
    if not target.exists():
        shutil.copytree(source, target)
    return target


def _normalised(app: SphinxTestApp) -> str:
    doctree = app.env.get_doctree("index")
    return _LOCATION.sub("", doctree.pformat())


@pytest.mark.sphinx("html", testroot="neuroterms-rst")
def test_myst_and_rst_give_the_same_doctree(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, app_params: Any
) -> None:
    tmp_dir = app_params.kwargs["srcdir"].parent
    rst = _build(make_app, rootdir, tmp_dir, "rst")
    myst = _build(make_app, rootdir, tmp_dir, "myst")
    assert warnings_of(rst.warning) == []
    assert warnings_of(myst.warning) == []
    body = _normalised(rst).split("\n", 1)[1]  # the <document> line names the source file
    assert _normalised(myst).split("\n", 1)[1] == body
    assert "<nterm_reference key=\"neurochemical balance\">" in body
    links = parse_html(myst.outdir / "index.html").find("a", "nterm")
    # Two references, then the see-also of Serotonin Tone in its definition and in the glossary.
    assert [(a.text, a.attrs["href"]) for a in links] == [
        ("Neurochemical Balance", "#nterm-neurochemical-balance"),
        ("the tone", "#nterm-serotonin-tone"),
        ("Neurochemical Balance", "#nterm-neurochemical-balance"),
        ("Neurochemical Balance", "#nterm-neurochemical-balance"),
    ]
