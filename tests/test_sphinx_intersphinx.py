"""Cross-project: terms are in ``objects.inv`` and another project links to them."""

from __future__ import annotations

import shutil
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from sphinx_util import parse_html, read_inventory, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="neuroterms-basic", freshenv=True)
def test_terms_in_objects_inv_and_other_project_links(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], rootdir: Path, app_params: Any
) -> None:
    app.build()
    inventory = read_inventory(app.outdir / "objects.inv")
    assert inventory["nterm:term"] == {
        "Neurochemical Balance": "glossary.html#nterm-neurochemical-balance",
        "Neurochemical Imbalance": "glossary.html#nterm-neurochemical-imbalance",
    }
    app.cleanup()  # restore docutils' registries before the second project registers

    srcdir = app.srcdir.parent / "neuroterms-external"
    if not srcdir.exists():
        shutil.copytree(rootdir / "test-neuroterms-external", srcdir)
    warning = StringIO()
    other = make_app(
        "html",
        srcdir=srcdir,
        freshenv=True,
        warning=warning,
        confoverrides={
            "intersphinx_mapping": {"a": (str(app.outdir), str(app.outdir / "objects.inv"))}
        },
    )
    other.build()
    assert warnings_of(warning) == []
    links = [a.attrs["href"] for a in parse_html(other.outdir / "index.html").find("a")
             if "nterm-" in a.attrs.get("href", "")]
    base = f"{app.outdir}/glossary.html"
    assert links == [
        f"{base}#nterm-neurochemical-balance",
        f"{base}#nterm-neurochemical-imbalance",
        f"{base}#nterm-neurochemical-balance",
        f"{base}#nterm-neurochemical-imbalance",
    ]


@pytest.mark.sphinx("html", testroot="neuroterms-basic", srcdir="basic-any", freshenv=True)
def test_any_and_domain_role_resolve_locally(app: SphinxTestApp) -> None:
    (app.srcdir / "page.rst").write_text(
        "A page\n======\n\n"
        ":any:`Neurochemical Balance` and :nterm:term:`neurochemical imbalance`.\n",
        encoding="utf-8",
    )
    app.build()
    links = parse_html(app.outdir / "page.html").find("a")
    hrefs = [a.attrs["href"] for a in links if "nterm-" in a.attrs.get("href", "")]
    assert hrefs == [
        "glossary.html#nterm-neurochemical-balance",
        "glossary.html#nterm-neurochemical-imbalance",
    ]
