"""TBX-Basic termbases: ``neuroterms export --format tbx`` writes the structure the TBX-Basic
dialect requires, and ``neuroterms import file.tbx`` reads it back (untrusted XML)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from test_export import FULL

from sphinx_neuroterms.cli import main
from sphinx_neuroterms.cli.convert import load_sources
from sphinx_neuroterms.cli.export_common import ExportError, plain_paragraphs
from sphinx_neuroterms.cli.export_tbx import dump_tbx
from sphinx_neuroterms.loaders import LoaderOptions, load_file
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term

DOCS = Path(__file__).resolve().parent.parent / "docs"
NS = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUSES = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}
NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")
#: The auxiliary elements a conceptEntry or langSec may hold before its sections (RNG
#: entity.auxInfo).
AUX = {f"{NS}{tag}" for tag in ("descrip", "descripGrp", "admin", "note", "ref", "xref")}


def _demo_terms() -> list[Term]:
    return list(load_sources([str(DOCS / "terms")], LoaderOptions(), read_rst=False).catalog)


def _what_tbx_holds(term: Term) -> Term:
    """The term as a termbase keeps it: plain text, no display, no autolink, no location."""
    return replace(
        term,
        location=Location("-"),
        definition=plain_paragraphs(term.definition, term.markup),
        sections=tuple((t, plain_paragraphs(x, term.markup)) for t, x in term.sections),
        notes=tuple(plain_paragraphs(note, term.markup) for note in term.notes),
        display=None,
        autolink=True,
        markup="text",
    )


def _check_tbx_basic(text: str, terms: list[Term], language: str = "en") -> None:
    """The structure TBX-Basic requires, element by element."""
    root = ET.fromstring(text)
    assert root.tag == f"{NS}tbx"
    assert root.attrib == {"type": "TBX-Basic", "style": "dca", XML_LANG: language}
    assert [child.tag for child in root] == [f"{NS}tbxHeader", f"{NS}text"]
    file_desc = root.find(f"{NS}tbxHeader/{NS}fileDesc")
    assert file_desc is not None
    source_desc = file_desc.findall(f"{NS}sourceDesc")
    assert source_desc and all(s.findall(f"{NS}p") for s in source_desc)
    body = root.find(f"{NS}text/{NS}body")
    assert body is not None
    concepts = list(body)
    assert [c.tag for c in concepts] == [f"{NS}conceptEntry"] * len(terms)
    ids = [c.get("id", "") for c in concepts]
    assert all(NCNAME.fullmatch(i) for i in ids) and len(set(ids)) == len(ids)
    for concept, term in zip(concepts, terms, strict=True):
        tags = [child.tag for child in concept]
        first_lang = tags.index(f"{NS}langSec")
        assert set(tags[:first_lang]) <= AUX and set(tags[first_lang:]) == {f"{NS}langSec"}
        for child in concept[:first_lang]:
            kind = child.get("type")
            if child.tag == f"{NS}descrip":
                assert kind == "subjectField"  # the only concept-level descrip written
            elif child.tag == f"{NS}xref":
                assert kind == "externalCrossReference"
                assert re.fullmatch(r"https?://.+", child.get("target", ""))
            elif child.tag == f"{NS}ref":
                assert kind == "crossReference"
                assert child.get("target") is None or child.get("target") in ids
        lang = concept.find(f"{NS}langSec")
        assert lang is not None and lang.get(XML_LANG) == language
        lang_tags = [child.tag for child in lang]
        first_term = lang_tags.index(f"{NS}termSec")
        assert set(lang_tags[:first_term]) <= AUX
        assert set(lang_tags[first_term:]) == {f"{NS}termSec"}
        definitions = lang.findall(f"{NS}descrip") + lang.findall(f"{NS}descripGrp/{NS}descrip")
        assert [d.get("type") for d in definitions] == ["definition"]
        for group in lang.findall(f"{NS}descripGrp"):
            assert [c.tag for c in group] == [f"{NS}descrip", f"{NS}admin"]
            assert group[1].get("type") == "source"
        statuses = []
        for section in lang.findall(f"{NS}termSec"):
            assert section[0].tag == f"{NS}term" and section[0].text
            notes = section.findall(f"{NS}termNote")
            assert [n.get("type") for n in notes] == ["administrativeStatus"]
            assert notes[0].text in STATUSES
            statuses.append(notes[0].text)
        assert statuses == (
            ["preferredTerm-admn-sts"]
            + ["admittedTerm-admn-sts"] * len(term.aliases)
            + ["deprecatedTerm-admn-sts"] * len(term.avoid)
        )
    # termNote only in termSec, subjectField only in conceptEntry (TBX-Basic_DCA.sch).
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in root.iter(f"{NS}termNote"):
        assert parents[element].tag == f"{NS}termSec"
    for element in root.iter(f"{NS}descrip"):
        if element.get("type") == "subjectField":
            assert parents[element].tag == f"{NS}conceptEntry"


def _reimport(tmp_path: Path, text: str) -> tuple[list[Term], list]:
    path = tmp_path / "terms.tbx"
    path.write_text(text, encoding="utf-8")
    result = load_file(path)
    return result.terms, result.diagnostics


def test_demo_termbase_is_tbx_basic_and_reimports(tmp_path: Path) -> None:
    terms = _demo_terms()
    text = dump_tbx(terms)
    _check_tbx_basic(text, terms)
    loaded, diagnostics = _reimport(tmp_path, text)
    assert diagnostics == []
    assert [replace(t, location=Location("-")) for t in loaded] == [
        _what_tbx_holds(t) for t in terms
    ]


def test_full_term_keeps_what_tbx_holds(tmp_path: Path) -> None:
    other = Term("Reuptake", "Recovery.", Location("x"), aliases=("re-uptake",))
    text = dump_tbx([FULL, other], language="de", prefixes={"CHEBI": "https://example.org/c/"})
    _check_tbx_basic(text, [FULL, other], language="de")
    root = ET.fromstring(text)
    xref = root.find(f".//{NS}xref")
    assert xref is not None
    assert (xref.get("target"), xref.text) == ("https://example.org/c/14321", "CHEBI:14321")
    ref = root.find(f".//{NS}ref")
    assert ref is not None and ref.get("target") == "c-reuptake"
    source = root.find(f".//{NS}descripGrp/{NS}admin")
    assert source is not None and source.text == FULL.source
    loaded, diagnostics = _reimport(tmp_path, text)
    assert diagnostics == []
    assert [replace(t, location=Location("-")) for t in loaded] == [
        _what_tbx_holds(FULL),
        _what_tbx_holds(other),
    ]
    assert (
        loaded[0].definition
        == "A brief rise in the main excitatory messenger.\n\nIt is usually harmless."
    )


def test_identifiers_expand_through_the_shipped_map_else_point_at_a_resolver() -> None:
    term = replace(FULL, identifiers=("CHEBI:14321", "NOSUCHPREFIX:7"))
    root = ET.fromstring(dump_tbx([term]))
    assert [xref.get("target") for xref in root.iter(f"{NS}xref")] == [
        "http://purl.obolibrary.org/obo/CHEBI_14321",
        "https://bioregistry.io/NOSUCHPREFIX:7",
    ]


def test_import_reads_other_tools_termbases_with_located_problems(tmp_path: Path) -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">A concept-level definition.</descrip>
      <langSec xml:lang="fr"><termSec><term>synapse</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>synaptic cleft</term><termNote type="partOfSpeech">noun</termNote></termSec>
        <termSec><term>gap</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en">
        <termSec><term>orphan</term></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c3">
      <langSec xml:lang="en">
        <descripGrp><descrip type="definition">Third.</descrip>
          <admin type="source">javascript:alert(1)</admin></descripGrp>
        <termSec><term>third</term></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""
    terms, problems = _reimport(tmp_path, text)
    assert [(t.name, t.definition, t.avoid, t.location.line) for t in terms] == [
        ("synaptic cleft", "A concept-level definition.", ("gap",), 5),
        ("third", "Third.", (), 19),
    ]
    assert [(d.subtype, d.location.line) for d in problems] == [
        (WarningSubtype.INVALID_TERM, 14),  # no definition: at its conceptEntry
        (WarningSubtype.UNSAFE_URL, 22),  # at the admin element
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "aaaa">]>\n<tbx>&a;</tbx>', 2),
        ('<?xml version="1.0"?>\n<!DOCTYPE tbx SYSTEM "file:///etc/passwd">\n<tbx/>', 2),
        ('<?xml version="1.0"?>\n<tbx>\n<text><body>\n</tbx>', 4),
        ('<?xml version="1.0"?>\n<martif type="TBX"/>', 2),
    ],
    ids=["entities", "external-dtd", "malformed", "not-tbx-v3"],
)
def test_hostile_or_foreign_xml_loads_nothing(tmp_path: Path, text: str, line: int) -> None:
    terms, problems = _reimport(tmp_path, text)
    assert terms == []
    assert [(d.subtype, d.location.line) for d in problems] == [(WarningSubtype.PARSE, line)]


def test_what_tbx_cannot_hold_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ExportError, match="term 'A': definition holds the character U\\+0001"):
        dump_tbx([Term("A", "bad \x01 byte", Location("x"))])
    with pytest.raises(ExportError, match="section title 'A: B'"):
        dump_tbx([Term("A", "a", Location("x"), sections=(("A: B", "text"),))])
    source = tmp_path / "t.yaml"
    source.write_text("- term: A\n  definition: One.\n", encoding="utf-8")
    assert main(["export", str(source), "--format", "tbx", "--with-location"]) == 1
    assert "no place for term locations" in capsys.readouterr().err


def test_cli_language_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "t.yaml"
    source.write_text("- term: A\n  definition: One.\n", encoding="utf-8")
    out = tmp_path / "t.tbx"
    assert (
        main(["export", str(source), "--format", "tbx", "--language", "pt-BR", "-o", str(out)]) == 0
    )
    assert ET.parse(out).getroot().get(XML_LANG) == "pt-BR"
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(source), "--format", "tbx", "--language", "not a tag"])
    assert exit_info.value.code == 2
    assert main(["import", str(out), "-o", str(tmp_path / "back.yaml")]) == 0
    assert "term: A" in (tmp_path / "back.yaml").read_text(encoding="utf-8")
