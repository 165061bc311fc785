"""Reading ``.. glossary::`` blocks of reST files, checked against Sphinx's own reading."""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx_util import build_project

from sphinx_neuroterms.cli.rst_glossary import load_rst_glossaries, parse_rst_glossaries
from sphinx_neuroterms.loaders import LoaderOptions
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import Location

CLI_DATA = Path(__file__).parent / "data" / "cli"


def _summary(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    return [(t.name, t.aliases, t.definition) for t in parse_rst_glossaries(text, "g.rst").terms]


def test_fixture_terms_in_order_with_aliases_and_lines() -> None:
    result = load_rst_glossaries(CLI_DATA / "glossary.rst", display_path="glossary.rst")
    assert result.diagnostics == []
    # The first glossary is :sorted:, the nested one keeps its order.
    assert [(t.name, t.aliases) for t in result.terms] == [
        ("Axon", ("Nerve fibre", "Nerve fiber")),
        ("Dendrite", ()),
        ("Vesicle", ()),
        ("Receptor", ("Receptors",)),
        ("Ion channel", ()),
    ]
    assert [t.location for t in result.terms] == [
        Location("glossary.rst", 14),
        Location("glossary.rst", 25),
        Location("glossary.rst", 10),
        Location("glossary.rst", 54),
        Location("glossary.rst", 63),
    ]
    assert {t.markup for t in result.terms} == {"rst"}
    axon, _, vesicle, receptor, _ = result.terms
    assert axon.definition == (
        "The long projection that carries an electrical signal away from the cell\n"
        "body.\n\nIt can be wrapped in an insulating sheath."
    )
    assert vesicle.definition.splitlines()[1] == "until a signal releases them."
    assert receptor.definition.endswith(".. code-block:: text\n\n   indented example kept verbatim")


def test_examples_comments_and_literal_blocks_are_not_glossaries() -> None:
    names = {t.name for t in load_rst_glossaries(CLI_DATA / "glossary.rst").terms}
    assert not names & {"Fake literal term", "Fake code term", "Commented-out term"}


def test_malformed_entries_are_reported_with_their_lines() -> None:
    result = load_rst_glossaries(CLI_DATA / "bad_glossary.rst", display_path="bad.rst")
    assert [(d.location, d.subtype) for d in result.diagnostics] == [
        (Location("bad.rst", 3), WarningSubtype.INVALID_TERM),
        (Location("bad.rst", 7), WarningSubtype.INVALID_TERM),
        (Location("bad.rst", 10), WarningSubtype.INVALID_TERM),
    ]
    messages = [d.message for d in result.diagnostics]
    assert "without a term line" in messages[0]
    assert "'Good term' is separated" in messages[1]
    assert "'Trailing term' has no definition" in messages[2]
    # Sphinx reads a term after a blank line as one more name of the same entry; so do we.
    assert [(t.name, t.aliases) for t in result.terms] == [("Lonely term", ("Good term",))]


def test_file_without_glossary_is_reported() -> None:
    result = parse_rst_glossaries("Title\n=====\n\nJust prose.\n", "prose.rst")
    assert result.terms == []
    assert [(d.subtype, d.location) for d in result.diagnostics] == [
        (WarningSubtype.SOURCE_MISSING, Location("prose.rst"))
    ]


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    result = load_rst_glossaries(tmp_path / "missing.rst", display_path="missing.rst")
    assert result.terms == []
    assert [d.subtype for d in result.diagnostics] == [WarningSubtype.SOURCE_MISSING]


def test_content_without_blank_line_tabs_and_classifiers() -> None:
    source = (
        ".. glossary::\n\tSpike : event\n\t   A brief electrical pulse.\n"
        "\tRest\n\t   Quiet state.\n"
    )
    assert _summary(source) == [
        ("Spike", (), "A brief electrical pulse."),
        ("Rest", (), "Quiet state."),
    ]
    # Only " : " with spaces separates a classifier, as in Sphinx.
    assert _summary(".. glossary::\n\n   5:HT ratio\n      A ratio.\n")[0][0] == "5:HT ratio"


def test_sorted_uses_sphinx_order_and_inline_markup_is_stripped() -> None:
    source = (
        ".. glossary::\n   :sorted:\n\n"
        "   *zeta* wave\n      Last.\n\n"
        "   Éclair effect\n      Accented, sorts as E.\n\n"
        "   ``eclipse``\n      Lower case.\n\n"
        "   :abbr:`Ach (acetylcholine)` pathway\n      First.\n"
    )
    assert [name for name, _, _ in _summary(source)] == [
        "Ach pathway",  # as Sphinx shows it: the expansion is the abbreviation's title
        "eclipse",  # in NFD the accent follows the "e", and sorts after "c"
        "Éclair effect",
        "zeta wave",
    ]


def test_directive_argument_and_empty_glossary_are_reported() -> None:
    result = parse_rst_glossaries(".. glossary:: oops\n\nText.\n", "g.rst")
    assert [(d.location.line, d.subtype) for d in result.diagnostics] == [
        (1, WarningSubtype.INVALID_TERM),
        (1, WarningSubtype.INVALID_TERM),
    ]
    assert "takes no argument" in result.diagnostics[0].message
    assert "empty glossary" in result.diagnostics[1].message


def test_markup_option_overrides_rst() -> None:
    source = ".. glossary::\n\n   Spike\n      A pulse.\n"
    result = parse_rst_glossaries(source, "g.rst", LoaderOptions(markup="text"))
    assert result.terms[0].markup == "text"


def test_same_entries_as_sphinx(tmp_path: Path) -> None:
    """Sphinx's own glossary directive finds the same names and definitions in the fixture."""
    srcdir = tmp_path / "project"
    srcdir.mkdir()
    # Smart quotes would change the apostrophes that the raw definitions keep.
    (srcdir / "conf.py").write_text("smartquotes = False\n", encoding="utf-8")
    shutil.copy(CLI_DATA / "glossary.rst", srcdir / "index.rst")
    app, _warnings = build_project(srcdir, "dummy")
    doctree = app.env.get_doctree("index")

    from sphinx import addnodes

    sphinx_entries = []
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            names = [term.astext() for term in item.findall(nodes.term)]
            first_paragraph = item.next_node(nodes.paragraph).astext().replace("\n", " ")
            sphinx_entries.append((names[0], tuple(names[1:]), first_paragraph))
    ours = [
        (t.name, t.aliases, t.definition.split("\n\n")[0].replace("\n", " "))
        for t in load_rst_glossaries(CLI_DATA / "glossary.rst").terms
    ]
    assert ours == sphinx_entries
