"""Red team of the input paths added in wave 3: CSV/TSV term files, TBX termbases,
identifiers and their prefixes, JSON-LD in glossary pages, translated term text and the
exports. Each test is an attack; it asserts that the build goes on, keeps the valid terms,
warns at a located, typed place, and that nothing the attacker wrote reaches the page as
markup, script or a link elsewhere.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from sphinx_util import build_project, parse_html, write_project

from sphinx_neuroterms.loaders import load_file

if TYPE_CHECKING:
    from pathlib import Path

CONF = (
    'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["{source}"]\n'
    "show_warning_types = True\n"
)
PAGE = "Glossary\n========\n\n.. nterm-glossary::\n"
TBX_NS = "urn:iso:std:iso:30042:ed-2"


def _project(tmp_path: Path, source: str, text: str | bytes, conf: str = "") -> Path:
    write_project(tmp_path, {"conf.py": CONF.format(source=source) + conf, "index.rst": PAGE})
    data = text.encode() if isinstance(text, str) else text
    (tmp_path / source).write_bytes(data)
    return tmp_path


def _glossary_ids(tmp_path: Path) -> set[str]:
    page = parse_html(tmp_path / "_build" / "html" / "index.html")
    return {element.attrs["id"] for element in page.find("dt") if "id" in element.attrs}


def _hrefs(tmp_path: Path) -> list[str]:
    page = parse_html(tmp_path / "_build" / "html" / "index.html")
    return [element.attrs.get("href", "") for element in page.find("a")]


def _tbx(entries: str, before_root: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{before_root}\n'
        f'<tbx xmlns="{TBX_NS}" type="TBX-Basic" style="dca" xml:lang="en">\n'
        f"<text><body>\n{entries}</body></text></tbx>\n"
    )


def _concept(name: str, extra: str = "") -> str:
    return (
        f'<conceptEntry id="{name}">{extra}<langSec xml:lang="en">'
        f'<descrip type="definition">Meaning of {name}.</descrip>'
        f"<termSec><term>{name}</term></termSec></langSec></conceptEntry>\n"
    )


# --- CSV and TSV ---------------------------------------------------------------------------


def test_a_csv_cell_over_python_s_field_limit_loses_no_term(tmp_path: Path) -> None:
    """Python's csv reader refuses cells over 128 KiB; a long definition must not make the
    whole file load nothing."""
    long_definition = "A long definition. " * 10_000  # 190 kB
    path = tmp_path / "terms.csv"
    path.write_text(
        f'term,definition\nLong,"{long_definition}"\nShort,A short one.\n', encoding="utf-8"
    )
    result = load_file(path, display_path="terms.csv")
    assert [term.name for term in result.terms] == ["Long", "Short"]
    assert result.diagnostics == []
    assert result.terms[0].definition == long_definition.strip()


def test_a_hostile_csv_builds_with_located_warnings(tmp_path: Path) -> None:
    """A ``javascript:`` source, a raw-HTML definition, an odd markup cell and a NUL byte:
    each a located warning; the terms stay and nothing runs."""
    text = (
        "term,definition,source,markup\n"
        "Alpha,First.,javascript:alert(1),rst\n"
        'Beta,"Second.\n\n.. raw:: html\n\n   <script>alert(2)</script>",,rst\n'
        "Gamma,Third.,,<b>html</b>\n"
        "Delta,Fo\x00urth.,,\n"
    )
    _project(tmp_path, "terms.csv", text)
    _app, warnings = build_project(tmp_path, freshenv=True)
    located = [line for line in warnings if line.startswith(f"{tmp_path}/terms.csv:")]
    assert any(line.endswith("[neuroterms.unsafe_url]") and ":2:" in line for line in located)
    assert any(line.endswith("[neuroterms.wrong_type]") and ":8:" in line for line in located)
    assert any(line.endswith("[neuroterms.encoding]") for line in located)
    assert any("raw" in line and line.endswith("[neuroterms.term_markup]") for line in warnings)
    assert {"nterm-alpha", "nterm-beta", "nterm-gamma", "nterm-delta"} <= _glossary_ids(tmp_path)
    html = (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(2)" not in html
    assert "<b>html</b>" not in html
    assert not any(href.lower().startswith("javascript") for href in _hrefs(tmp_path))


def test_a_csv_section_title_is_plain_text(tmp_path: Path) -> None:
    """A ``section:`` header with HTML, a ``javascript:`` link and a directive: shown as
    text in the section's title, never as markup or a link."""
    text = (
        'term,definition,"section:<script>x</script> `l <javascript:alert(1)>`_",'
        "section:.. raw:: html\nAlpha,First.,Body one.,Body two.\n"
    )
    _project(tmp_path, "terms.csv", text)
    build_project(tmp_path, freshenv=True)
    page = parse_html(tmp_path / "_build" / "html" / "index.html")
    titles = [element.text for element in page.find("p", "nterm-section")]
    assert titles == ["<script>x</script> `l <javascript:alert(1)>`_", ".. raw:: html"]
    assert not any("javascript" in href for href in _hrefs(tmp_path))
    assert not [e for e in page.find("script") if e.text == "x"]


# --- TBX ---------------------------------------------------------------------------------


def test_a_tbx_with_a_dtd_is_refused_at_its_line(tmp_path: Path) -> None:
    """Billion laughs and external entities: refused before any entity expands or file is
    read, one located ``parse`` warning, and the build goes on."""
    laughs = '<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    _project(tmp_path, "terms.tbx", _tbx(_concept("Alpha"), before_root=laughs))
    _app, warnings = build_project(tmp_path, freshenv=True)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{tmp_path}/terms.tbx:1: WARNING: ")
    assert warnings[0].endswith("[neuroterms.parse]")


def test_tbx_identifiers_and_sources_pass_the_url_checks(tmp_path: Path) -> None:
    """An ``xref`` to ``javascript:`` and a ``javascript:`` source: no such link anywhere,
    each a located warning; the term stays."""
    extra = (
        '<xref type="externalCrossReference" target="javascript:alert(1)"></xref>'
        '<admin type="source">javascript:alert(2)</admin>'
    )
    _project(tmp_path, "terms.tbx", _tbx(_concept("Alpha", extra)), "nitpicky = False\n")
    _app, warnings = build_project(tmp_path, freshenv=True)
    assert any(
        line.startswith(f"{tmp_path}/terms.tbx:4:") and line.endswith("[neuroterms.unsafe_url]")
        for line in warnings
    ), warnings
    assert any(
        line.startswith(f"{tmp_path}/terms.tbx:4:") and line.endswith("[neuroterms.identifier]")
        for line in warnings
    ), warnings
    assert "nterm-alpha" in _glossary_ids(tmp_path)
    assert not any("javascript" in href.lower() for href in _hrefs(tmp_path))


def test_deeply_nested_and_xinclude_tbx_neither_crash_nor_read_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TEXT", encoding="utf-8")
    include = (
        '<note><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        f'href="{secret}" parse="text"/></note>'
    )
    deep = "<note>" + "<hi>" * 50_000 + "deep" + "</hi>" * 50_000 + "</note>"
    path = tmp_path / "terms.tbx"
    path.write_text(_tbx(_concept("Alpha", include) + _concept("Beta", deep)), encoding="utf-8")
    result = load_file(path, display_path="terms.tbx")
    assert [term.name for term in result.terms] == ["Alpha", "Beta"]
    assert not any("TOP-SECRET" in note for term in result.terms for note in term.notes)


# --- identifiers ---------------------------------------------------------------------------


def test_an_identifier_cannot_change_the_host_of_its_prefix_url(tmp_path: Path) -> None:
    """``https://lab.example{id}`` with a local id ``@evil.example/`` would link to
    evil.example (``lab.example`` read as a user name): refused in the setting, and an
    identifier that would change the host is shown as text with a located warning."""
    from sphinx_neuroterms.terms.identifiers import PrefixMap

    checker = PrefixMap({"LAB": "https://lab.example", "OK": "https://ok.example/{id}"})
    for curie in ("LAB:@evil.example/", "LAB:.evil.example", "LAB::80@evil.example"):
        found = checker.check(curie)
        assert found.url is None, found
        assert "host" in (found.problem or "")
    assert checker.check("OK:@evil.example/").url == "https://ok.example/@evil.example/"
    terms = (
        "terms:\n  - term: Alpha\n    definition: First.\n    identifiers: ['LAB:@evil.example/']\n"
    )
    conf = "neuroterms_identifier_prefixes = {'LAB': 'https://lab.example{id}'}\n"
    _project(tmp_path, "terms.yaml", terms, conf)
    _app, warnings = build_project(tmp_path, freshenv=True)
    assert any(
        line.startswith(f"{tmp_path}/conf.py:4: WARNING: invalid value")
        and line.endswith("[neuroterms.config]")
        for line in warnings
    ), warnings
    assert not any("evil.example" in href for href in _hrefs(tmp_path))


def test_a_prefix_url_with_id_in_its_host_is_refused() -> None:
    from sphinx_neuroterms.config_checks import is_prefix_map

    for url in ("https://{id}.example/", "https://lab.example{id}", "https://lab.example"):
        assert is_prefix_map({"LAB": url}) is not None, url
    for url in ("https://lab.example/", "https://lab.example/?q={id}", "https://l.example/{id}/"):
        assert is_prefix_map({"LAB": url}) is None, url


def test_an_identifier_with_markup_is_escaped(tmp_path: Path) -> None:
    terms = (
        "terms:\n  - term: Alpha\n    definition: First.\n"
        "    identifiers: ['LAB:\"><script>alert(1)</script>']\n"
    )
    conf = "neuroterms_identifier_prefixes = {'LAB': 'https://lab.example/'}\n"
    _project(tmp_path, "terms.yaml", terms, conf)
    build_project(tmp_path, freshenv=True)
    html = (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    links = [href for href in _hrefs(tmp_path) if "lab.example" in href]
    assert links == ["https://lab.example/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"]


# --- JSON-LD -------------------------------------------------------------------------------


def test_json_ld_cannot_end_its_script_element(tmp_path: Path) -> None:
    hostile = "</script><script>alert(1)</script><!-- ]]> \u2028\u2029"
    terms = (
        "terms:\n  - term: 'Alpha </script><!--'\n"
        f"    definition: {json.dumps(hostile)}\n"
        f"    aliases: [{json.dumps(hostile)}]\n"
    )
    write_project(
        tmp_path,
        {
            "conf.py": CONF.format(source="terms.yaml"),
            "index.rst": "Title </script>\n================\n\n.. nterm-glossary::\n",
            "terms.yaml": terms,
        },
    )
    build_project(tmp_path, freshenv=True)
    html = (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    assert "<" not in blocks[0]
    assert "\u2028" not in blocks[0] and "\u2029" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["hasDefinedTerm"][0]["name"] == "Alpha </script><!--"
    assert hostile.strip() in data["hasDefinedTerm"][0]["alternateName"]


# --- translations --------------------------------------------------------------------------

TERMS_YAML = (
    "terms:\n  - term: Alpha\n    definition: |\n      First paragraph.\n\n"
    "      Second paragraph.\n  - term: Beta\n    definition: Kept in English.\n"
)


def _translated_project(tmp_path: Path, mo: bytes) -> Path:
    _project(tmp_path, "terms.yaml", TERMS_YAML, 'language = "de"\nlocale_dirs = ["locale"]\n')
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "neuroterms-terms.mo").write_bytes(mo)
    return folder / "neuroterms-terms.mo"


def _mo(messages: dict[str, str], charset: str = "utf-8") -> bytes:
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="de", charset=charset)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    stream = BytesIO()
    write_mo(stream, catalog)
    return stream.getvalue()


def test_a_truncated_or_odd_mo_file_is_a_located_warning(tmp_path: Path) -> None:
    """A ``.mo`` cut after its magic number, or naming a charset Python does not know:
    the build goes on in the source language, with a ``parse`` warning at the file."""
    broken = [
        b"\xde\x12\x04\x95",
        _mo({"Kept in English.": "Deutsch."}).replace(b"charset=utf-8", b"charset=nocode"),
    ]
    for number, data in enumerate(broken):
        root = tmp_path / str(number)
        mo = _translated_project(root, data)
        _app, warnings = build_project(root, freshenv=True)
        assert len(warnings) == 1, warnings
        assert warnings[0].startswith(f"{mo}:")
        assert "WARNING: the term catalog cannot be read" in warnings[0]
        assert warnings[0].endswith("[neuroterms.parse]")
        assert "nterm-beta" in _glossary_ids(root)
        html = (root / "_build" / "html" / "index.html").read_text(encoding="utf-8")
        assert "Kept in English." in html


def test_a_translation_is_term_text_with_its_refusals(tmp_path: Path) -> None:
    """A msgstr that writes raw HTML, includes a file or opens a directive meant to swallow
    what follows: refused like term text, and the next paragraph stays in its entry."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TEXT", encoding="utf-8")
    mo = _mo(
        {
            "First paragraph.": (
                f".. raw:: html\n\n   <script>alert(1)</script>\n\n.. include:: {secret}\n\n"
                f":file:`{secret}` ::"
            ),
            "Kept in English.": ".. title:: Phished",
        }
    )
    _translated_project(tmp_path, mo)
    _app, warnings = build_project(tmp_path, freshenv=True)
    html = (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "TOP-SECRET-TEXT" not in html
    assert (
        "Phished"
        not in parse_html(tmp_path / "_build" / "html" / "index.html").find("title")[0].text
    )
    refused = [line for line in warnings if line.endswith("[neuroterms.term_markup]")]
    assert len(refused) >= 3, warnings
    assert {"nterm-alpha", "nterm-beta"} <= _glossary_ids(tmp_path)
    assert "Second paragraph." in html


# --- exports -------------------------------------------------------------------------------

HOSTILE_YAML = (
    "terms:\n"
    "  - term: '=HYPERLINK(\"https://evil.example\")'\n"
    "    definition: \"+cmd|' /C calc'!A0 <b>&amp;</b> ]]> \\\"\\\"\\\" '''\"\n"
    "    aliases: ['@SUM(1)', '-2+3']\n"
    "    source: 'https://a.example/x>y\"z{w}'\n"
    "    identifiers: ['https://b.example/<id>']\n"
)


def test_skos_export_encodes_what_an_iri_cannot_hold(tmp_path: Path, capsys: object) -> None:
    """A source or identifier URL with ``>``, ``"``, spaces or braces (which the URL checks
    let pass, as browsers encode them) stopped the Turtle writer with a traceback."""
    rdflib = __import__("pytest").importorskip("rdflib")
    from rdflib.namespace import DCTERMS, SKOS

    from sphinx_neuroterms.cli import main

    (tmp_path / "terms.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    out = tmp_path / "out.ttl"
    code = main(["export", "--format", "skos", str(tmp_path / "terms.yaml"), "-o", str(out)])
    assert code == 0
    graph = rdflib.Graph().parse(data=out.read_text(encoding="utf-8"), format="turtle")
    sources = {str(value) for value in graph.objects(None, DCTERMS.source)}
    assert sources == {"https://a.example/x%3Ey%22z%7Bw%7D"}
    matches = {str(value) for value in graph.objects(None, SKOS.exactMatch)}
    assert matches == {"https://b.example/%3Cid%3E"}
    labels = {str(value) for value in graph.objects(None, SKOS.prefLabel)}
    assert labels == {'=HYPERLINK("https://evil.example")'}


def test_csv_export_protects_formulas_and_reads_back(tmp_path: Path) -> None:
    from sphinx_neuroterms.cli import main

    (tmp_path / "terms.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", str(tmp_path / "terms.yaml"), "-o", str(out)]) == 0
    import csv

    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    cells = [cell for row in rows[1:] for cell in row if cell]
    assert all(cell[0] not in "=+-@" for cell in cells), cells
    again = load_file(out, display_path="out.csv")
    assert [term.name for term in again.terms] == ['=HYPERLINK("https://evil.example")']
    assert again.terms[0].aliases == ("@SUM(1)", "-2+3")
