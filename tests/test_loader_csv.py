"""Spreadsheet term files (.csv, .tsv): read like YAML, located at their rows, written back
by ``neuroterms export --format csv|tsv`` without loss."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sphinx_util import build_project, parse_html, write_project
from test_export import FULL

from sphinx_neuroterms.cli import main
from sphinx_neuroterms.cli.convert import load_sources
from sphinx_neuroterms.cli.export_common import ExportError
from sphinx_neuroterms.cli.export_table import dump_csv, dump_tsv, section_columns
from sphinx_neuroterms.loaders import LoaderOptions, load_file
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term

DOCS = Path(__file__).resolve().parent.parent / "docs"

#: A term with every character a cell must escape or protect.
AWKWARD = Term(
    name="-ergic",
    definition='=SUM(A1) is not a formula here; "quoted", a tab\there.\n\nSecond paragraph.',
    location=Location("x.yaml", 1),
    aliases=("a;b", "back\\slash", "'quoted", "@handle", "+plus"),
    notes=("A note over\ntwo lines; with a semicolon.", "ends with a backslash \\"),
    tags=("x",),
    markup="myst",
)
TEXT_TERM = Term("Plain", "Plain *text*, not markup.", Location("p.txt", 1), markup="text")


def _blank(term: Term) -> Term:
    return replace(term, location=Location("-"))


def _load(tmp_path: Path, name: str, text: str, **options: object) -> tuple[list[Term], list]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = load_file(path, LoaderOptions(**options))  # type: ignore[arg-type]
    return result.terms, result.diagnostics


def _demo_terms() -> list[Term]:
    loaded = load_sources([str(DOCS / "terms")], LoaderOptions(), read_rst=False)
    return list(loaded.catalog)


@pytest.mark.parametrize(("name", "dump"), [("t.csv", dump_csv), ("t.tsv", dump_tsv)])
def test_round_trip_keeps_every_key(tmp_path: Path, name: str, dump) -> None:
    terms = [FULL, AWKWARD, TEXT_TERM, *_demo_terms()]
    loaded, diagnostics = _load(tmp_path, name, dump(terms))
    assert diagnostics == []
    assert [_blank(term) for term in loaded] == [_blank(term) for term in terms]


def test_cells_that_look_like_formulas_are_protected(tmp_path: Path) -> None:
    text = dump_csv([AWKWARD])
    row = text.splitlines()[1]
    assert row.startswith("'-ergic,"), row
    assert "\"'=SUM(A1)" in row
    # Only a cell's start is protected: the items after the first are not cells.
    assert "a\\;b; back\\\\slash; 'quoted; @handle; +plus" in text


def test_rows_are_located_after_multi_line_cells(tmp_path: Path) -> None:
    text = (
        "\ufeffterm,definition,see_also,bogus\n"  # Excel's BOM
        '"Serotonin","A messenger.\n\nA second paragraph.",\n'
        ",,,\n"  # an empty row is skipped
        "\n"
        "Dopamine,,\n"  # an empty definition: the row is skipped, at its line
        'GABA,An inhibitor.,"Serotonin;\nNowhere",x,extra\n'
    )
    path = tmp_path / "terms.csv"
    path.write_bytes(text.encode("utf-8"))
    result = load_file(path)
    assert [(t.name, t.location.line) for t in result.terms] == [("Serotonin", 2), ("GABA", 8)]
    assert result.terms[0].definition == "A messenger.\n\nA second paragraph."
    assert result.terms[1].location_of("see_also:Nowhere").line == 9
    found = [(d.subtype, d.location.line) for d in result.diagnostics]
    assert found == [
        (WarningSubtype.UNKNOWN_KEY, 1),  # the unknown column, once, at the header
        (WarningSubtype.INVALID_TERM, 7),  # Dopamine's empty definition
        (WarningSubtype.UNKNOWN_KEY, 9),  # GABA's cell beyond the header, on its own line
    ]


def test_same_problems_in_the_same_words_as_yaml(tmp_path: Path) -> None:
    yaml_text = (
        "terms:\n"
        "- term: Serotonin\n  definition: A messenger.\n  autolink: maybe\n"
        "  source: 'javascript:alert(1)'\n"
        "- term: Dopamine\n  definition: Another.\n  origin: Old.\n"
        "  sections:\n    origin: Twice.\n"
    )
    csv_text = (
        "term,definition,autolink,source,origin,section:origin\n"
        "Serotonin,A messenger.,maybe,javascript:alert(1),,\n"
        "Dopamine,Another.,,,Old.,Twice.\n"
    )
    yaml_terms, yaml_problems = _load(tmp_path, "t.yaml", yaml_text)
    csv_terms, csv_problems = _load(tmp_path, "t.csv", csv_text)
    assert [_blank(t) for t in csv_terms] == [_blank(t) for t in yaml_terms]
    assert [(d.subtype, d.message) for d in csv_problems] == [
        (d.subtype, d.message) for d in yaml_problems
    ]
    assert [d.location.line for d in csv_problems] == [2, 2, 3]


def test_markup_column_and_the_project_default(tmp_path: Path) -> None:
    text = "term,definition,markup\nA,One.,myst\nB,Two.,\nC,Three.,latex\n"
    terms, problems = _load(tmp_path, "t.csv", text, default_markup="text")
    assert [t.markup for t in terms] == ["myst", "text", "text"]
    assert [(d.subtype, d.location.line) for d in problems] == [(WarningSubtype.WRONG_TYPE, 4)]
    forced, _ = _load(tmp_path, "u.csv", text, markup="rst")
    assert {t.markup for t in forced} == {"rst"}


def test_header_problems(tmp_path: Path) -> None:
    terms, problems = _load(tmp_path, "t.csv", "\nname,definition\nA,One.\n")
    assert terms == []
    assert [(d.subtype, d.location.line) for d in problems] == [
        (WarningSubtype.UNKNOWN_KEY, 2),
        (WarningSubtype.INVALID_TERM, 2),
    ]
    terms, problems = _load(tmp_path, "u.csv", "term,definition,term,sections\nA,One.,B,x\n")
    assert [t.name for t in terms] == ["A"]
    assert [d.subtype for d in problems] == [
        WarningSubtype.DUPLICATE_KEY,
        WarningSubtype.UNKNOWN_KEY,
    ]


def test_unclosed_quote_is_a_parse_error_at_its_row(tmp_path: Path) -> None:
    terms, problems = _load(tmp_path, "t.csv", 'term,definition\nA,One.\nB,"Two.\n\nmore\n')
    assert terms == []
    assert [(d.subtype, d.location.line) for d in problems] == [(WarningSubtype.PARSE, 3)]


def test_section_orders_no_columns_can_keep_are_refused() -> None:
    first = Term("A", "a", Location("x"), sections=(("Origin", "o"), ("Use", "u")))
    other = Term("B", "b", Location("x"), sections=(("Use", "u"), ("Origin", "o")))
    with pytest.raises(ExportError, match="term 'B'"):
        dump_csv([first, other])
    # An order that only a topological sort finds is kept.
    third = Term("C", "c", Location("x"), sections=(("Use", "u"), ("Risk", "r")))
    fourth = Term("D", "d", Location("x"), sections=(("Risk", "r"),))
    fifth = Term("E", "e", Location("x"), sections=(("Dose", "d"), ("Origin", "o")))
    ordered = [fourth, first, third, fifth]
    assert _keeps_orders(section_columns(ordered), ordered)


def _keeps_orders(columns: list[str], terms: list[Term]) -> bool:
    return all(
        [columns.index(title) for title, _ in term.sections]
        == sorted(columns.index(title) for title, _ in term.sections)
        for term in terms
    )


def test_cli_refuses_what_a_spreadsheet_cannot_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "t.json"
    source.write_text('{"terms": [{"term": "A", "definition": "one\\rtwo"}]}', encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["export", str(source), "--format", "csv", "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert "term 'A': 'definition' holds a carriage return" in error
    assert "nothing was written" in error
    assert not out.exists()


def test_cli_writes_csv_that_check_accepts(tmp_path: Path) -> None:
    out = tmp_path / "demo.tsv"
    assert main(["export", str(DOCS / "terms"), "--format", "tsv", "-o", str(out)]) == 0
    result = load_file(out)
    assert [_blank(t) for t in result.terms] == [_blank(t) for t in _demo_terms()]


def test_demo_spreadsheet_builds_the_same_glossary(tmp_path: Path) -> None:
    """The demo's term files and a CSV exported from them give the same glossary page."""
    pages = {
        "conf.py": (
            'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms"]\n'
            "show_warning_types = True\n"  # (Sphinx 7 shows the subtype only when asked)
        ),
        "index.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
    }
    from_files = write_project(tmp_path / "files", pages)
    shutil.copytree(DOCS / "terms", from_files / "terms")
    from_csv = write_project(tmp_path / "csv", pages)
    (from_csv / "terms").mkdir()
    (from_csv / "terms" / "demo.csv").write_text(dump_csv(_demo_terms()), encoding="utf-8")
    entries = []
    for root in (from_files, from_csv):
        app, warnings = build_project(root, freshenv=True)
        assert [w for w in warnings if "see_also_unknown" not in w] == []
        page = parse_html(app.outdir / "index.html")
        entries.append(
            [
                (element.tag, element.attrs.get("id"), " ".join(element.text.split()))
                for element in page.elements
                if element.tag in ("dt", "dd")
            ]
        )
    assert len(entries[0]) >= 2 * len(_demo_terms())
    assert entries[0] == entries[1]


def test_docs_spreadsheet_is_the_export_of_the_demo_precursors() -> None:
    """The spreadsheet the docs show is what the exporter writes for the demo's JSON file."""
    terms = load_file(DOCS / "terms" / "precursors.json").terms
    shown = DOCS / "_examples" / "spreadsheet" / "precursors.csv"
    assert shown.read_text(encoding="utf-8") == dump_csv(terms)
    assert [_blank(t) for t in load_file(shown).terms] == [_blank(t) for t in terms]
