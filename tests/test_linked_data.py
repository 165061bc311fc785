"""Glossary pages describe their terms as JSON-LD (schema.org ``DefinedTermSet`` and
``DefinedTerm``s), read back with a real JSON-LD processor."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from jsonld_util import about, linked_data_blocks, page_triples
from sphinx_util import build_project, parse_html, write_project

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("pyld", reason="the JSON-LD processor comes with the 'test' extra")

CHEBI = "http://purl.obolibrary.org/obo/CHEBI_"
#: Where the tests pretend the built pages are published (relative URLs resolve against it).
SITE = "https://docs.example/lab/"

CONF = (
    "extensions = ['sphinx_neuroterms']\nneuroterms_sources = ['terms.yaml']\n"
    "show_warning_types = True\n"
)
TERMS = """\
terms:
  - term: Serotonin
    aliases: [5-HT, 5-hydroxytryptamine]
    definition: A monoamine made from :nterm:`tryptophan`, with *emphasis*.
    identifiers: [CHEBI:28790, MESH:D012701, FOO:1]
  - term: Tryptophan
    definition: An essential amino acid.
    identifiers: [CHEBI:16828]
  - term: Reuptake
    definition: Taking a transmitter back.
    tags: [mechanism]
"""
PAGES = {
    "index.rst": "Index\n=====\n\n.. toctree::\n\n   glossary\n   other\n",
    "glossary.rst": "Terms of the lab\n================\n\n.. nterm-glossary::\n",
    "other.rst": "Other\n=====\n\n:nterm:`Serotonin` and :nterm:`reuptake`.\n",
}
#: What every term of TERMS says, as triples about its entry.
EXPECTED = {
    "nterm-serotonin": {
        ("type", "DefinedTerm"),
        ("name", "Serotonin"),
        ("alternateName", "5-HT"),
        ("alternateName", "5-hydroxytryptamine"),
        ("description", "A monoamine made from tryptophan, with emphasis."),
        ("termCode", "CHEBI:28790"),
        ("termCode", "MESH:D012701"),
        ("sameAs", CHEBI + "28790"),
        ("sameAs", "https://meshb.nlm.nih.gov/record/ui?ui=D012701"),
    },
    "nterm-tryptophan": {
        ("type", "DefinedTerm"),
        ("name", "Tryptophan"),
        ("description", "An essential amino acid."),
        ("termCode", "CHEBI:16828"),
        ("sameAs", CHEBI + "16828"),
    },
    "nterm-reuptake": {
        ("type", "DefinedTerm"),
        ("name", "Reuptake"),
        ("description", "Taking a transmitter back."),
    },
}


def project(root: Path, terms: str = TERMS, conf: str = CONF) -> Path:
    return write_project(root, {"conf.py": conf, "terms.yaml": terms, **PAGES})


def check_triples(page: Path, base: str, page_url: str) -> None:
    """Every term's triples, the set's, and nothing else."""
    found = page_triples(page, base)
    subjects = {subject for subject, _p, _o in found}
    assert subjects == {page_url} | {f"{page_url}#{anchor}" for anchor in EXPECTED}
    assert about(found, page_url) == {
        ("type", "DefinedTermSet"),
        ("name", "Terms of the lab"),
        ("url", page_url),
        *(("hasDefinedTerm", f"{page_url}#{anchor}") for anchor in EXPECTED),
    }
    for anchor, expected in EXPECTED.items():
        entry = f"{page_url}#{anchor}"
        assert about(found, entry) == {*expected, ("url", entry), ("inDefinedTermSet", page_url)}, (
            anchor
        )


@pytest.mark.parametrize("parallel", [1, 2])
def test_the_glossary_page_describes_every_term(tmp_path: Path, parallel: int) -> None:
    project(tmp_path)
    _app, warnings = build_project(tmp_path, freshenv=True, parallel=parallel)
    assert warnings == [
        (
            f"{tmp_path}/terms.yaml:5: WARNING: identifier 'FOO:1' of term 'Serotonin' has an "
            "unknown prefix 'FOO' (add it to neuroterms_identifier_prefixes) "
            "[neuroterms.identifier]"
        )
    ]
    out = tmp_path / "_build" / "html"
    # Relative to the page: resolved against wherever the page is published.
    check_triples(out / "glossary.html", SITE + "glossary.html", SITE + "glossary.html")
    # Only the glossary page has it.
    assert linked_data_blocks(out / "other.html") == []
    assert linked_data_blocks(out / "index.html") == []


def test_urls_are_absolute_under_html_baseurl(tmp_path: Path) -> None:
    project(tmp_path, conf=CONF + "html_baseurl = 'https://lab.example/docs/'\n")
    build_project(tmp_path, freshenv=True)
    page = tmp_path / "_build" / "html" / "glossary.html"
    (block,) = linked_data_blocks(page)
    assert json.loads(block)["url"] == "https://lab.example/docs/glossary.html"
    # Whatever the base, the URLs stay the site's.
    check_triples(page, "https://elsewhere.example/", "https://lab.example/docs/glossary.html")


def test_a_page_in_a_folder_and_dirhtml(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "glossary.rst").unlink()
    write_project(tmp_path, {
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   ref/glossary\n   other\n",
        "ref/glossary.rst": PAGES["glossary.rst"],
    })  # fmt: skip
    build_project(tmp_path, freshenv=True)
    page_url = SITE + "ref/glossary.html"
    check_triples(tmp_path / "_build" / "html" / "ref" / "glossary.html", page_url, page_url)
    # singlehtml: the one page describes every glossary, its entries in that page.
    build_project(tmp_path, "singlehtml", freshenv=True)
    page_url = SITE + "index.html"
    check_triples(tmp_path / "_build" / "singlehtml" / "index.html", page_url, page_url)
    build_project(tmp_path, "dirhtml", freshenv=True)
    page_url = SITE + "ref/glossary/"
    check_triples(
        tmp_path / "_build" / "dirhtml" / "ref" / "glossary" / "index.html", page_url, page_url
    )


def test_hostile_text_stays_inside_the_script(tmp_path: Path) -> None:
    hostile = "</script><script>alert(1)</script><!-- \u2028\u2029 & <b>"
    terms = TERMS.replace(
        "definition: Taking a transmitter back.",
        f"definition: {json.dumps('Taking ' + hostile)}",
    ).replace("aliases: [5-HT,", f"aliases: [{json.dumps(hostile)},")
    project(tmp_path, terms=terms, conf=CONF + "neuroterms_markup = 'text'\n")
    build_project(tmp_path, freshenv=True)
    page = tmp_path / "_build" / "html" / "glossary.html"
    html = page.read_text(encoding="utf-8")
    assert "alert(1)</script>" not in html
    assert "\u2028" not in html.partition('type="application/ld+json"')[2].partition("</script>")[0]
    (block,) = linked_data_blocks(page)
    data = json.loads(block)
    reuptake = next(term for term in data["hasDefinedTerm"] if term["name"] == "Reuptake")
    # Whole, as a one-line text (the line separators are spaces there, as in its tooltip).
    shown = " ".join(hostile.split())
    assert reuptake["description"] == "Taking " + shown
    serotonin = next(term for term in data["hasDefinedTerm"] if term["name"] == "Serotonin")
    assert serotonin["alternateName"][0] == shown
    # No script element but the data block holds the text: nothing broke out to run.
    scripts = parse_html(page).find("script")
    holding = [script.attrs.get("type") for script in scripts if "alert(1)" in script.text]
    assert holding == ["application/ld+json"]


def test_the_setting_turns_it_off(tmp_path: Path) -> None:
    project(tmp_path, conf=CONF + "neuroterms_jsonld = False\n")
    build_project(tmp_path, freshenv=True)
    html = (tmp_path / "_build" / "html" / "glossary.html").read_text(encoding="utf-8")
    assert "application/ld+json" not in html


def test_a_project_without_glossary_has_none(tmp_path: Path) -> None:
    project(tmp_path)
    write_project(tmp_path, {"glossary.rst": "Terms\n=====\n\nNo glossary here.\n"})
    build_project(tmp_path, freshenv=True)
    for page in (tmp_path / "_build" / "html").glob("*.html"):
        assert "application/ld+json" not in page.read_text(encoding="utf-8"), page.name
