"""The ``nterm-glossary`` and ``nterm`` directives: entries, filters, ids, index, warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import Page, build_project, copy_root, parse_html

from sphinx_neuroterms.domain.ids import group_letter, slugify, sort_key, unique_id

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


def _entry_names(page: Page, start_id: str | None = None) -> list[str]:
    return [  # without the headerlink; aliases are dt elements too (tested on their own)
        dt.text.removesuffix("¶") for dt in page.find("dt") if "nterm-alias" not in dt.classes
    ]


@pytest.fixture(scope="module")
def built_and_warnings(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[SphinxTestApp, list[str]]:
    """The glossary project, built once for the tests that only read its output."""
    root = copy_root("neuroterms-glossary", tmp_path_factory.mktemp("glossary"))
    return build_project(root, freshenv=True)


@pytest.fixture
def built(built_and_warnings: tuple[SphinxTestApp, list[str]]) -> SphinxTestApp:
    return built_and_warnings[0]


def test_warnings(built_and_warnings: tuple[SphinxTestApp, list[str]]) -> None:
    built, warnings = built_and_warnings
    src = built.srcdir
    assert warnings == [
        (f"{src}/topics.rst:22: WARNING: glossary :files: names '/missing.yaml', which is "
        "not one of the term files of neuroterms_sources [neuroterms.option]"),
        (f"{src}/topics.rst:30: WARNING: invalid :group-by: 'sideways' (expected letter, tag, "
        "none); using 'letter' [neuroterms.option]"),
        # Found in both pages that show the term, reported once.
        (f"{src}/terms.json:46: WARNING: 'raw' is refused in term text (it passes raw output "
        "through); it is left out [neuroterms.term_markup]"),
        (f"{src}/defined.rst:16: WARNING: term name 'Reward Signal' is already claimed by "
        f"'Reward Signal' at {src}/terms.json:25; the first one read keeps it "
        "[neuroterms.duplicate_term]"),
        (f"{src}/terms.json:15: WARNING: see-also 'Missing Thing' of term 'Dopamine Tone' "
        "names no known term [neuroterms.see_also_unknown]"),
        (f"{src}/topics.rst:30: WARNING: glossary lists unknown term 'Nonexistent Term' "
        "[neuroterms.unknown]"),
    ]


def test_full_glossary(built: SphinxTestApp) -> None:
    page = parse_html(built.outdir / "glossary.html")
    # Sorted case- and accent-insensitively, grouped by first letter, with a jump bar.
    assert _entry_names(page) == [
        "Dopamine Tone",
        "Élan Vital",
        "Plain Escape",
        "Raw Trap",
        "Reward Signal",
        "Serotonin Tone",
        "\N{GREEK SMALL LETTER GAMMA}-Aminobutyric Acid",
    ]
    assert [a.text for a in page.find("p", "nterm-jumpbar")[0:1]] == ["D · E · P · R · S · Γ"]
    jump = [a for a in page.find("a") if a.attrs.get("href", "").startswith("#nterm-group-")]
    assert [a.attrs["href"] for a in jump] == [
        "#nterm-group-d", "#nterm-group-e", "#nterm-group-p", "#nterm-group-r",
        "#nterm-group-s", "#nterm-group-\N{GREEK SMALL LETTER GAMMA}",
    ]
    assert {a.attrs["href"][1:] for a in jump} <= page.ids
    # Readable, Unicode-aware ids.
    assert {
        "nterm-élan-vital",
        "nterm-\N{GREEK SMALL LETTER GAMMA}-aminobutyric-acid",
        "nterm-dopamine-tone",
    } <= page.ids
    # The entry: definition (reST), sections with anchors, notes, see-also, source, backlinks.
    dd = page.by_id("nterm-dopamine-tone-origin")
    assert dd.text == "Origin"
    assert "nterm-dopamine-tone-mechanism" in page.ids
    assert page.find("strong")[0].text == "dopamine"
    notes = page.find("ul", "nterm-notes")
    assert [n.text.strip() for n in notes] == ["It rises with novelty."]
    see_also = page.find("p", "nterm-see-also")[0]
    assert see_also.text == "See also: Reward Signal, Missing Thing"
    source = page.find("a", "nterm-source")[0]
    assert source.attrs == {
        "class": "reference external nterm-source",
        "href": "https://example.org/dopamine-tone",
        "rel": "noopener",
    }
    backlinks = page.find("p", "nterm-backlinks")[0]
    assert backlinks.text == "Referenced by: Glossary project"
    html = (built.outdir / "glossary.html").read_text(encoding="utf-8")
    assert (
        'Referenced by: <a class="reference internal" href="index.html">Glossary project</a></p>'
        in html
    )


def test_untrusted_text_stays_text(built: SphinxTestApp) -> None:
    html = (built.outdir / "glossary.html").read_text(encoding="utf-8")
    assert "alert(1)" not in html
    assert "Shown as text: &lt;b&gt;not bold&lt;/b&gt; &amp; *not emphasis*." in html


def test_filters_and_grouping(built: SphinxTestApp) -> None:
    html = (built.outdir / "topics.html").read_text(encoding="utf-8")
    by_tag, referenced, by_file, chosen = html.split('<div class="nterm-glossary')[1:]
    # The last glossary runs to the page's end: cut off the page's tooltip and linked data.
    chosen = chosen.split('<script type="application/json" id="nterm-tooltips">')[0]
    chosen = chosen.split('<script type="application/ld+json">')[0]
    # group-by tag: one group per tag; a term with two tags is listed twice, with one id.
    assert by_tag.count('<dt id="nterm-reward-signal') == 1
    assert by_tag.count(">Reward Signal</dt>") + by_tag.count(">Reward Signal<a class") == 2
    assert 'id="nterm-group-amino-acid"' in by_tag
    # only-referenced, group-by none, only the Origin section.
    from bs4 import BeautifulSoup

    def names(part: str) -> list[str]:
        listed = BeautifulSoup(part, "html.parser").select("dt:not(.nterm-alias)")
        return [dt.get_text().removesuffix("¶") for dt in listed]

    def sections(part: str) -> list[str]:
        return [
            p.get_text() for p in BeautifulSoup(part, "html.parser").select("p.nterm-section")
        ]

    assert "Élan Vital" not in names(referenced)
    assert "Raw Trap" not in names(referenced)
    assert "Dopamine Tone" in names(referenced)
    assert "Dopamine Tone" not in names(chosen)
    assert set(sections(referenced)) == {"Origin"}
    assert "Élan Vital" not in referenced
    assert "Raw Trap" not in referenced
    assert "Mechanism" not in referenced
    assert "nterm-group" not in referenced
    # :files: picks the terms of one file (a file that is not a term file adds none), and
    # :order: file keeps their order in the file.
    assert names(by_file) == [
        "Dopamine Tone",
        "Reward Signal",
        "Élan Vital",
        "\N{GREEK SMALL LETTER GAMMA}-Aminobutyric Acid",
        "Raw Trap",
    ]
    # :terms: picks by name; the bad :group-by: fell back to letters.
    assert "Plain Escape" in names(chosen)
    assert "Dopamine Tone" not in chosen
    assert 'class="nterm-group rubric"' in chosen
    ids = parse_html(built.outdir / "topics.html").ids
    assert len(ids) == len(set(ids))


def test_canonical_entry_and_in_page_terms(built: SphinxTestApp) -> None:
    index = parse_html(built.outdir / "index.html")
    hrefs = {a.text: a.attrs["href"] for a in index.find("a", "nterm")}
    # The unfiltered glossary is canonical, whatever the docname order; in-page terms
    # are canonical at their definition.
    assert hrefs == {
        "Dopamine Tone": "glossary.html#nterm-dopamine-tone",
        "DA tone": "glossary.html#nterm-dopamine-tone",
        "reward signals": "glossary.html#nterm-reward-signal",
        "\N{GREEK SMALL LETTER GAMMA}-aminobutyric acid": (
            "glossary.html#nterm-\N{GREEK SMALL LETTER GAMMA}-aminobutyric-acid"
        ),
        "Serotonin Tone": "defined.html#nterm-serotonin-tone",
    }
    defined = parse_html(built.outdir / "defined.html")
    assert {"nterm-serotonin-tone", "nterm-serotonin-tone-origin"} <= defined.ids
    assert defined.find("a", "nterm")[0].attrs["href"] == "glossary.html#nterm-dopamine-tone"


def test_general_index(built: SphinxTestApp) -> None:
    page = parse_html(built.outdir / "genindex.html")
    targets = {
        a.text: a.attrs["href"] for a in page.find("a") if "nterm-" in a.attrs.get("href", "")
    }
    assert targets["Dopamine Tone"] == "glossary.html#nterm-dopamine-tone"
    assert targets["Serotonin Tone"] == "defined.html#nterm-serotonin-tone"
    assert targets["\N{GREEK SMALL LETTER GAMMA}-Aminobutyric Acid"] == (
        "glossary.html#nterm-\N{GREEK SMALL LETTER GAMMA}-aminobutyric-acid"
    )


def test_backlinks_off(tmp_path: Path) -> None:
    built, _warnings = build_project(
        copy_root("neuroterms-glossary", tmp_path), freshenv=True,
        confoverrides={"neuroterms_backlinks": False},
    )
    assert "nterm-backlinks" not in (built.outdir / "glossary.html").read_text(encoding="utf-8")


def test_helpers() -> None:
    assert slugify("\N{GREEK SMALL LETTER GAMMA}-Aminobutyric  Acid") == (
        "\N{GREEK SMALL LETTER GAMMA}-aminobutyric-acid"
    )
    assert slugify("5-HT₂A receptor") == "5-ht2a-receptor"
    assert slugify("!!!") == "term"
    used: set[str] = {"nterm-a"}
    assert [unique_id("nterm-a", used), unique_id("nterm-a", used)] == ["nterm-a-2", "nterm-a-3"]
    assert group_letter("élan") == "E"
    assert group_letter("5-HT") == "#"
    assert sorted(["beta", "Élan", "alpha"], key=sort_key) == ["alpha", "beta", "Élan"]
