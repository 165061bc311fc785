"""Terms' ``identifiers``: CURIEs checked against the prefix map, warned about where they are
written, shown as links in the entry, carried in ``neuroterms.json`` and the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx_util import build_again, build_project, touch_later, write_project

from sphinx_neuroterms.terms.identifiers import PREFIX_MAP_FILE, PrefixMap

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_neuroterms"
CHEBI = "http://purl.obolibrary.org/obo/CHEBI_"

CONF = (
    "extensions = ['sphinx_neuroterms']\nneuroterms_sources = ['terms.yaml']\n"
    "show_warning_types = True\n"
    "neuroterms_identifier_prefixes = {'LAB': 'https://lab.example/ids/'}\n"
)
TERMS = """\
terms:
  - term: Serotonin
    aliases: [5-HT]
    definition: A monoamine.
    identifiers:
      - CHEBI:28790
      - chebi:serotonin
      - FOO:1
      - MeSH:D012701
      - lab:x-7
  - term: Dopamine
    definition: A catecholamine.
    identifiers: [CHEBI:18243, notacurie]
"""
PAGES = {
    "index.rst": "Index\n=====\n\n.. toctree::\n\n   glossary\n   other\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
    "other.rst": "Other\n=====\n\n:nterm:`Serotonin` and :nterm:`dopamine`.\n",
}


def project(root: Path, terms: str = TERMS, conf: str = CONF) -> Path:
    return write_project(root, {"conf.py": conf, "terms.yaml": terms, **PAGES})


def expected_warnings(root: Path) -> list[str]:
    where = f"{root}/terms.yaml"
    return [
        (
            f"{where}:7: WARNING: identifier 'chebi:serotonin' of term 'Serotonin' has a local "
            "identifier 'serotonin' that is not one of CHEBI (pattern ^\\d+$) "
            "[neuroterms.identifier]"
        ),
        (
            f"{where}:8: WARNING: identifier 'FOO:1' of term 'Serotonin' has an unknown prefix "
            "'FOO' (add it to neuroterms_identifier_prefixes) [neuroterms.identifier]"
        ),
        (
            f"{where}:13: WARNING: identifier 'notacurie' of term 'Dopamine' is not a CURIE (a "
            "prefix, a colon, a local identifier) [neuroterms.identifier]"
        ),
    ]


def entry_identifiers(page: Path, entry_id: str) -> list[tuple[str, str | None]]:
    """The identifiers line of an entry: each item's text and link target (None: text)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    term = soup.find("dt", id=entry_id)
    assert term is not None
    line = term.find_next_sibling("dd").find("p", class_="nterm-identifiers")
    assert line is not None
    items: list[tuple[str, str | None]] = []
    for child in line.children:
        if getattr(child, "name", None) == "a":
            items.append((child.get_text(), child["href"]))
        else:
            items.extend((text, None) for text in str(child).split(", ") if text.strip())
    assert items[0] == ("Identifiers: ", None) or items[0][0].startswith("Identifiers:")
    return items[1:]


# -- the prefix map ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("curie", "url"),
    [
        ("CHEBI:28790", CHEBI + "28790"),
        ("chebi:28790", CHEBI + "28790"),  # prefixes match whatever their case
        ("ChEBI:28790", CHEBI + "28790"),
        ("UBERON:0002038", "http://purl.obolibrary.org/obo/UBERON_0002038"),
        ("MESH:D012701", "https://meshb.nlm.nih.gov/record/ui?ui=D012701"),
        ("ILX:0101431", "https://scicrunch.org/scicrunch/interlex/view/ilx_0101431"),  # a synonym
        ("GO:0007268", "http://purl.obolibrary.org/obo/GO_0007268"),
    ],
)
def test_curies_expand_through_the_shipped_map(curie: str, url: str) -> None:
    assert PrefixMap().check(curie) == (curie, url, None)


@pytest.mark.parametrize(
    "curie",
    ["CHEBI:", "CHEBI:abc", "GO:123", "FOO:1", "no-colon", ":28790", "CHEBI:28 790", "1X:2"],
)
def test_malformed_or_unknown_curies_have_no_url(curie: str) -> None:
    found = PrefixMap().check(curie)
    assert found.url is None
    assert found.problem


def test_a_projects_prefix_extends_or_replaces_the_map() -> None:
    prefixes = PrefixMap({"LAB": "https://lab.example/ids/", "chebi": "https://chebi.example/"})
    assert prefixes.check("lab:x 7").url is None  # spaces are never part of a local id
    assert prefixes.check("Lab:x/7").url == "https://lab.example/ids/x/7"
    # Replaced: its own URL, and no pattern to check against.
    assert prefixes.check("CHEBI:anything").url == "https://chebi.example/anything"


def test_the_shipped_map_expands_as_the_curies_package_does() -> None:
    """Every prefix (and synonym) of the shipped map expands a local id that its pattern
    accepts to what ``curies`` makes of the same records."""
    curies = pytest.importorskip("curies")
    data = json.loads((PACKAGE / "data" / PREFIX_MAP_FILE).read_text(encoding="utf-8"))
    assert "Bioregistry" in data["source"]
    assert data["licence"] == "CC0 1.0"
    records = [
        curies.Record(prefix=prefix, uri_prefix=uri, prefix_synonyms=synonyms, pattern=pattern)
        for prefix, uri, pattern, synonyms in data["prefixes"]
    ]
    converter = curies.Converter(records)
    prefixes = PrefixMap()
    samples = {"CHEBI": "28790", "UBERON": "0002038", "mesh": "D012701", "GO": "0007268"}
    checked = 0
    for prefix, _uri, _pattern, synonyms in data["prefixes"]:
        local = samples.get(prefix, "0000001")
        for name in (prefix, *synonyms):
            found = prefixes.check(f"{name}:{local}")
            if found.url is None:  # the pattern refuses the sample id
                continue
            assert found.url == converter.expand(f"{name}:{local}"), name
            checked += 1
    assert 100 < len(data["prefixes"]) <= 400
    assert checked > 200


# -- in a build ----------------------------------------------------------------------------------


@pytest.mark.parametrize("parallel", [1, 2])
def test_bad_identifiers_are_located_warnings_and_the_term_stays(
    tmp_path: Path, parallel: int
) -> None:
    project(tmp_path)
    _app, warnings = build_project(tmp_path, freshenv=True, parallel=parallel)
    assert warnings == expected_warnings(tmp_path)
    page = tmp_path / "_build" / "html" / "glossary.html"
    assert entry_identifiers(page, "nterm-serotonin") == [
        ("CHEBI:28790", CHEBI + "28790"),
        ("chebi:serotonin", None),
        ("FOO:1", None),
        ("MeSH:D012701", "https://meshb.nlm.nih.gov/record/ui?ui=D012701"),
        ("lab:x-7", "https://lab.example/ids/x-7"),
    ]
    assert entry_identifiers(page, "nterm-dopamine") == [
        ("CHEBI:18243", CHEBI + "18243"),
        ("notacurie", None),
    ]


def test_a_rebuild_warns_again_and_an_edit_is_seen(tmp_path: Path) -> None:
    project(tmp_path)
    build_project(tmp_path, freshenv=True)
    _app, warnings, _written = build_again(tmp_path)
    assert warnings == expected_warnings(tmp_path)  # still there, so still reported
    terms = tmp_path / "terms.yaml"
    terms.write_text(
        TERMS.replace("chebi:serotonin", "CHEBI:1").replace("FOO:1", "LAB:1"), encoding="utf-8"
    )
    touch_later(terms)
    _app, warnings, written = build_again(tmp_path)
    assert warnings == expected_warnings(tmp_path)[2:]
    assert "glossary" in written
    page = tmp_path / "_build" / "html" / "glossary.html"
    assert entry_identifiers(page, "nterm-serotonin")[1:3] == [
        ("CHEBI:1", CHEBI + "1"),
        ("LAB:1", "https://lab.example/ids/1"),
    ]


def test_neuroterms_json_and_the_report_carry_them(tmp_path: Path) -> None:
    project(tmp_path)
    build_project(tmp_path, freshenv=True)
    out = tmp_path / "_build" / "html"
    shared = json.loads((out / "neuroterms.json").read_text(encoding="utf-8"))
    assert shared["version"] == 2
    dopamine = next(term for term in shared["terms"] if term["name"] == "Dopamine")
    assert dopamine["identifiers"] == [
        {"curie": "CHEBI:18243", "url": CHEBI + "18243"},
        {"curie": "notacurie", "url": None},
    ]
    report = json.loads((out / "neuroterms-report.json").read_text(encoding="utf-8"))
    assert report["version"] == 2
    assert report["terms"]["Dopamine"]["identifiers"] == dopamine["identifiers"]
    assert len(report["terms"]["Serotonin"]["identifiers"]) == 5


def test_an_invalid_prefix_setting_keeps_its_valid_entries(tmp_path: Path) -> None:
    conf = CONF.replace(
        "{'LAB': 'https://lab.example/ids/'}",
        "{'LAB': 'https://lab.example/ids/', 'BAD': 'javascript:alert(1)//'}",
    )
    project(tmp_path, conf=conf)
    _app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings[0].startswith(f"{tmp_path}/conf.py:4: WARNING: invalid value for ")
    assert warnings[0].endswith("[neuroterms.config]")
    assert "keeping {'LAB': 'https://lab.example/ids/'}" in warnings[0]
    assert warnings[1:] == expected_warnings(tmp_path)


@pytest.mark.parametrize("buildername", ["latex", "epub", "text"])
def test_other_builders_show_them(tmp_path: Path, buildername: str) -> None:
    project(tmp_path, conf=CONF + 'version = "1.0"\nepub_copyright = "2026, Lab"\n')
    _app, warnings = build_project(tmp_path, buildername, freshenv=True)
    assert warnings == expected_warnings(tmp_path)
    out = tmp_path / "_build" / buildername
    if buildername == "latex":
        tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
        assert r"\sphinxhref{http://purl.obolibrary.org/obo/CHEBI\_28790}{CHEBI:28790}" in tex
    elif buildername == "epub":
        xhtml = (out / "glossary.xhtml").read_text(encoding="utf-8")
        assert f'href="{CHEBI}28790"' in xhtml
        assert "ld+json" not in xhtml  # linked data is for web pages
    else:
        text = (out / "glossary.txt").read_text(encoding="utf-8")
        assert "Identifiers: CHEBI:28790, chebi:serotonin, FOO:1" in text


def test_a_project_without_identifiers_never_loads_the_map(tmp_path: Path) -> None:
    project(tmp_path, terms="terms:\n  - term: Serotonin\n    definition: A monoamine.\n")
    script = (
        "import sys\nfrom sphinx.cmd.build import build_main\n"
        f"status = build_main(['-q', '-b', 'html', {str(tmp_path)!r}, "
        f"{str(tmp_path / '_build')!r}])\n"
        "loaded = [name for name in ('sphinx_neuroterms.terms.identifiers', 'curies') "
        "if name in sys.modules]\n"
        "print(status, loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0 []"
