"""The demo project: every source kind, rST and MyST pages, every builder, serial and -j 2."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from sphinx.util.inventory import InventoryFile
from sphinx_util import build_project, copy_root, parse_html

if TYPE_CHECKING:
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


@pytest.mark.parametrize("parallel", [1, 2])
@pytest.mark.parametrize("buildername", BUILDERS)
def test_demo_builds_without_warnings(tmp_path: Path, buildername: str, parallel: int) -> None:
    _app, warnings = build_project(
        copy_root("neuroterms-demo", tmp_path), buildername, freshenv=True, parallel=parallel
    )
    assert warnings == []


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once as HTML with two processes, shared by the output tests."""
    root = copy_root("neuroterms-demo", tmp_path_factory.mktemp("demo"))
    app, warnings = build_project(root, freshenv=True, parallel=2)
    assert warnings == []
    return app.outdir


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
