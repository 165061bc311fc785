"""The demo project: every source kind, rST and MyST pages, every builder, serial and -j 2."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile
from sphinx_util import parse_html, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub", "gettext")

#: Terms from the five plain-text pages, the YAML, JSON and TOML files.
FILE_TERMS = {
    "Neurochemical Imbalance": "nterm-neurochemical-imbalance",
    "Neurotransmitter imbalance": "nterm-neurotransmitter-imbalance",
    "Neurochemical Balance State": "nterm-neurochemical-balance-state",
    "Neurochemical Balance": "nterm-neurochemical-balance",
    "Neurotransmitter Imbalance Consequence": "nterm-neurotransmitter-imbalance-consequence",
    "Serotonin": "nterm-serotonin",
    "GABA": "nterm-gaba",
    "Tryptophan": "nterm-tryptophan",
    "Cortisol": "nterm-cortisol",
    "HPA axis": "nterm-hpa-axis",
}


@pytest.mark.sphinx("html", testroot="neuroterms-demo")
@pytest.mark.parametrize("parallel", [1, 2])
@pytest.mark.parametrize("buildername", BUILDERS)
def test_demo_builds_without_warnings(
    make_app: Callable[..., SphinxTestApp], app_params: Any, buildername: str, parallel: int
) -> None:
    kwargs = dict(app_params.kwargs, buildername=buildername, freshenv=True, parallel=parallel)
    app = make_app(**kwargs)
    app.build()
    assert warnings_of(app.warning) == []


@pytest.fixture(scope="module")
def demo_html(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo built once as HTML with two processes, shared by the output tests."""
    srcdir = tmp_path_factory.mktemp("demo") / "src"
    shutil.copytree(rootdir / "test-neuroterms-demo", srcdir)
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, parallel=2, warning=warning)
    try:
        app.build()
        assert warnings_of(warning) == []
        yield app.outdir
    finally:
        app.cleanup()


def test_every_term_link_lands_on_an_existing_id(demo_html: Path) -> None:
    ids_by_page: dict[str, set[str]] = {}
    links = 0
    for page_path in ("index.html", "stress.html", "mood.html", "glossary.html"):
        for link in parse_html(demo_html / page_path).find("a", "nterm"):
            page, _, anchor = link.attrs["href"].partition("#")
            target = page or page_path
            if target not in ids_by_page:
                ids_by_page[target] = parse_html(demo_html / target).ids
            assert anchor in ids_by_page[target], (page_path, link.attrs["href"])
            links += 1
    assert links >= 14


def test_glossary_lists_every_file_term_with_its_parts(demo_html: Path) -> None:
    glossary = parse_html(demo_html / "glossary.html")
    names = {dt.text.strip().removesuffix("¶"): dt.attrs.get("id") for dt in glossary.find("dt")}
    for name, anchor in FILE_TERMS.items():
        assert names.get(name) == anchor
    html = (demo_html / "glossary.html").read_text(encoding="utf-8")
    # Sections under their titles, with their own anchors; notes; the source link.
    assert 'id="nterm-serotonin-origin">Origin</p>' in html
    assert 'id="nterm-neurochemical-imbalance-mechanism">Mechanism</p>' in html
    assert "Low GABA tone is linked with restlessness." in html
    assert 'href="https://example.org/serotonin" rel="noopener"' in html
    # Scraped pages are plain text and lose their cookie banner.
    assert "cookie" not in html.lower()


def test_backlinks_name_the_referencing_pages(demo_html: Path) -> None:
    html = (demo_html / "glossary.html").read_text(encoding="utf-8")
    entry = html[html.index('id="nterm-cortisol"'):]
    entry = entry[: entry.index("</dd>")]
    assert re.search(
        r'Referenced by: <a class="reference internal" href="stress.html">Stress</a>', entry
    )
    tryptophan = html[html.index('id="nterm-tryptophan"'):]
    tryptophan = tryptophan[: tryptophan.index("</dd>")]
    assert 'href="mood.html"' in tryptophan  # referenced from the MyST page


def test_mentions_link_from_rst_and_myst(demo_html: Path) -> None:
    stress = (demo_html / "stress.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#nterm-hpa-axis"' in stress
    assert 'href="glossary.html#nterm-neurotransmitter-imbalance-consequence"' in stress
    assert 'href="#nterm-allostatic-load"' in stress  # the in-page definition
    mood = (demo_html / "mood.html").read_text(encoding="utf-8")
    assert '>the balance</a>' in mood
    assert 'href="glossary.html#nterm-neurochemical-balance"' in mood
    assert 'href="glossary.html#nterm-serotonin"' in mood


def test_general_index_and_inventory(demo_html: Path) -> None:
    genindex = (demo_html / "genindex.html").read_text(encoding="utf-8")
    for name, anchor in FILE_TERMS.items():
        assert f'href="glossary.html#{anchor}"' in genindex, name
    with (demo_html / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    terms = inventory["nterm:term"]
    for name, anchor in FILE_TERMS.items():
        entry = terms[name]
        location = getattr(entry, "uri", None) or entry[2]
        assert location == f"glossary.html#{anchor}"
    assert "Allostatic Load" in terms
    assert "Mood Baseline" in terms
