"""The documentation builds warning-free with the extension and documents what setup() registers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main
from sphinx_util import build_project, tooltips_of, write_project

DOCS = Path(__file__).resolve().parent.parent / "docs"

pytest.importorskip("furo", reason="the docs theme comes with the 'docs' extra")


@pytest.fixture(scope="module")
def docs_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    status = build_main(
        [
            "-q",
            "-nW",
            "--keep-going",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(DOCS),
            str(out / "html"),
        ]
    )
    assert status == 0
    return out / "html"


def registered_config_values(tmp_path: Path) -> set[str]:
    root = write_project(
        tmp_path, {"conf.py": 'extensions = ["sphinx_neuroterms"]\n', "index.rst": "Index\n=====\n"}
    )
    app, _warnings = build_project(root)
    return {value.name for value in app.config if value.name.startswith("neuroterms_")}


@pytest.mark.slow
def test_configuration_reference_lists_every_registered_value(
    docs_html: Path, tmp_path: Path
) -> None:
    page = (docs_html / "reference" / "configuration.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="confval-(neuroterms_\w+)"', page))
    registered = registered_config_values(tmp_path)
    assert "neuroterms_sources" in registered
    assert documented == registered


@pytest.mark.slow
def test_demo_glossary_has_fifteen_entries_with_tooltip_data(docs_html: Path) -> None:
    glossary = (docs_html / "demo" / "glossary.html").read_text(encoding="utf-8")
    entry_ids = set(re.findall(r'<dt id="(nterm-[^"]+)"', glossary))
    assert len(entry_ids) >= 15
    stress = (docs_html / "demo" / "stress.html").read_text(encoding="utf-8")
    assert 'data-nterm="hpa axis"' in stress
    shown = tooltips_of(docs_html / "demo" / "stress.html")["terms"]
    assert shown["hpa axis"][0] == "HPA Axis"


@pytest.mark.slow
def test_the_schema_is_served_at_its_id(docs_html: Path) -> None:
    """The published docs hold the package's schema, unchanged, at the URL of its ``$id``."""
    from sphinx_neuroterms.cli import term_file_schema
    from sphinx_neuroterms.cli.export import SCHEMA_URL

    root = "https://sphinx-neuroterms.readthedocs.io/en/stable/"
    assert SCHEMA_URL.startswith(root)
    served = docs_html / SCHEMA_URL.removeprefix(root)
    assert served.read_text(encoding="utf-8") == term_file_schema()
def test_demo_glossary_page_describes_its_terms_as_linked_data(docs_html: Path) -> None:
    """The demo's chemicals and regions carry real identifiers; the glossary page's JSON-LD,
    expanded by a JSON-LD processor, says so for each."""
    pytest.importorskip("pyld", reason="the JSON-LD processor comes with the 'test' extra")
    from jsonld_util import about, page_triples

    page_url = "https://docs.example/demo/glossary.html"
    found = page_triples(docs_html / "demo" / "glossary.html", page_url)
    assert ("name", "Glossary") in about(found, page_url)
    obo = "http://purl.obolibrary.org/obo/"
    serotonin = about(found, page_url + "#nterm-serotonin")
    assert {
        ("name", "Serotonin"),
        ("alternateName", "5-HT"),
        ("alternateName", "5-hydroxytryptamine"),
        ("termCode", "CHEBI:28790"),
        ("termCode", "MESH:D012701"),
        ("sameAs", obo + "CHEBI_28790"),
        ("sameAs", "https://meshb.nlm.nih.gov/record/ui?ui=D012701"),
        ("url", page_url + "#nterm-serotonin"),
        ("inDefinedTermSet", page_url),
    } <= serotonin
    description = next(text for name, text in serotonin if name == "description")
    assert description.startswith("A monoamine neurotransmitter made from tryptophan that")
    dopamine = about(found, page_url + "#nterm-dopamine")
    assert {("termCode", "CHEBI:18243"), ("sameAs", obo + "CHEBI_18243")} <= dopamine
    nigra = about(found, page_url + "#nterm-substantia-nigra")
    assert {
        ("type", "DefinedTerm"),
        ("name", "Substantia Nigra"),
        ("termCode", "UBERON:0002038"),
        ("sameAs", obo + "UBERON_0002038"),
        ("inDefinedTermSet", page_url),
    } <= nigra
    # Every entry of the page is a term of the set.
    entries = set(
        re.findall(
            r'<dt id="(nterm-[^"]+)"',
            (docs_html / "demo" / "glossary.html").read_text(encoding="utf-8"),
        )
    )
    assert {(s, o) for s, p, o in found if p.endswith("hasDefinedTerm")} == {
        (page_url, f"{page_url}#{entry}") for entry in entries
    }
