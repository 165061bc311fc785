"""Writing terms as plain mappings, YAML and JSON, and reading them back unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from docutils.core import publish_doctree

from sphinx_neuroterms.cli.export import (
    WRITTEN_KEYS,
    MixedMarkupError,
    document_markup,
    dump_json,
    dump_yaml,
    plain_text_to_rst,
    term_to_mapping,
    terms_to_document,
)
from sphinx_neuroterms.loaders import load_file
from sphinx_neuroterms.loaders.fields import TERM_KEYS
from sphinx_neuroterms.terms.model import Location, Term

#: Strings that a careless YAML writer turns into booleans, numbers, nulls, aliases or tags.
MISTYPED = ("no", "yes", "on", "1.0", "0x1F", "null", "~", "*star", "&anchor", "!tag", "key: value")

FULL = Term(
    name="Glutamate Surge",
    definition="A brief rise in the main excitatory messenger.\n\nIt is usually harmless.",
    location=Location("terms.yaml", 3),
    sections=(("Origin", "Named for its speed."), ("Mechanism", "Release outpaces reuptake.")),
    aliases=("Glutamate spike",),
    see_also=("Reuptake",),
    notes=("Often measured in slices.",),
    tags=("chemistry", "excitation"),
    avoid=("glutamate storm",),
    identifiers=("CHEBI:14321",),
    autolink=False,
    source="https://example.org/glossary#surge",
    display="*Glutamate* Surge",
)
BARE = Term("Reuptake", "Recovery of a released messenger.", Location("terms.yaml", 12))


def _same(term: Term) -> Term:
    """The term with its location blanked: a round trip keeps everything else."""
    return replace(term, location=Location("-"))


def _load_back(tmp_path: Path, name: str, text: str) -> list[Term]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = load_file(path)
    assert result.diagnostics == []
    return result.terms


def test_mapping_keys_in_stable_order_and_empty_ones_left_out() -> None:
    mapping = term_to_mapping(FULL)
    assert list(mapping) == list(WRITTEN_KEYS)
    assert set(WRITTEN_KEYS) <= TERM_KEYS  # every written key is one the loaders read
    assert mapping["sections"] == {
        "Origin": "Named for its speed.",
        "Mechanism": "Release outpaces reuptake.",
    }
    assert list(mapping["sections"]) == ["Origin", "Mechanism"]
    assert mapping["aliases"] == ["Glutamate spike"]
    assert term_to_mapping(BARE) == {
        "term": "Reuptake",
        "definition": "Recovery of a released messenger.",
    }


def test_location_only_on_request() -> None:
    assert "location" not in term_to_mapping(FULL)
    assert term_to_mapping(FULL, include_location=True)["location"] == {
        "path": "terms.yaml",
        "line": 3,
    }
    data = json.loads(dump_json([FULL], include_location=True))
    assert data["terms"][0]["location"] == {"path": "terms.yaml", "line": 3}
    assert "location" not in json.loads(dump_json([FULL]))["terms"][0]


def test_document_markup_follows_the_terms() -> None:
    text_term = replace(BARE, markup="text")
    assert document_markup([text_term]) == "text"
    assert document_markup([FULL]) == "rst"
    assert document_markup([FULL, text_term]) == "rst"
    assert terms_to_document([text_term]) == {"markup": "text", "terms": [term_to_mapping(BARE)]}
    assert terms_to_document([FULL]) == {"terms": [term_to_mapping(FULL)]}
    assert terms_to_document([]) == {"terms": []}


def test_yaml_uses_block_scalars_and_never_folds_long_lines() -> None:
    long_line = "word " * 80 + "end."
    text = dump_yaml([FULL, replace(BARE, definition=long_line)])
    assert (
        "definition: |-\n    A brief rise in the main excitatory messenger.\n\n    It is usually"
        in text
    )
    assert f"definition: {long_line}\n" in text
    # A safe loader reads it: no Python-specific tags were written.
    assert "!!python" not in text
    assert yaml.safe_load(text)["terms"][1]["definition"] == long_line


def test_yaml_keeps_unicode_readable() -> None:
    # Typographic quotes and a non-breaking hyphen, as scraped pages have them.
    definition = "Ça va — the brain\u2019s \u201cbalance\u201d, 5\u2011HT₂ receptors."
    term = replace(BARE, definition=definition)
    assert definition in dump_yaml([term])
    assert definition in dump_json([term])


@pytest.mark.parametrize("value", MISTYPED)
def test_yaml_quotes_what_it_would_mistype(value: str) -> None:
    term = Term(
        value, value, Location("-"), sections=((value, value),), aliases=(f"{value} alias",)
    )
    document = yaml.safe_load(dump_yaml([term]))
    entry = document["terms"][0]
    assert entry["term"] == value
    assert entry["definition"] == value
    assert entry["sections"] == {value: value}


def test_yaml_special_line_breaks_stay_text() -> None:
    # NEL and LINE SEPARATOR are line breaks to YAML 1.1: a block scalar would lose them.
    definition = "first\x85second\u2028third\nfourth "
    text = dump_yaml([replace(BARE, definition=definition)])
    assert yaml.safe_load(text)["terms"][0]["definition"] == definition


def test_json_shape_and_formatting() -> None:
    text = dump_json([FULL, replace(BARE, markup="rst")])
    assert text.endswith("}\n")
    assert text.startswith('{\n  "terms": [\n    {\n      "term": "Glutamate Surge",')
    assert json.loads(text) == {"terms": [term_to_mapping(FULL), term_to_mapping(BARE)]}
    assert json.loads(dump_json([replace(BARE, markup="text")]))["markup"] == "text"


@pytest.mark.parametrize(("suffix", "dump"), [(".yaml", dump_yaml), (".json", dump_json)])
def test_round_trip_through_the_loaders(
    tmp_path: Path, suffix: str, dump: Callable[[list[Term]], str]
) -> None:
    tricky = Term(
        "no",
        "yes: 1.0 and null, *star &anchor !tag",
        Location("-"),
        sections=(("1.0", "null"), ("Origin", "line one\n\n  indented line\nlast")),
        aliases=("~", "key: value"),
        notes=("on", "- not a list item"),
        tags=("0x1F",),
    )
    terms = [FULL, BARE, tricky]
    loaded = _load_back(tmp_path, f"terms{suffix}", dump(terms))
    assert [_same(term) for term in loaded] == [_same(term) for term in terms]


def test_round_trip_of_plain_text_terms_keeps_their_markup(tmp_path: Path) -> None:
    terms = [replace(FULL, markup="text"), replace(BARE, markup="text")]
    text = dump_yaml(terms)
    # (after the first line, the editors' schema comment: tests/test_editors.py)
    assert text.split("\n", 1)[1].startswith("markup: text\nterms:\n")
    loaded = _load_back(tmp_path, "terms.yaml", text)
    assert [_same(term) for term in loaded] == [_same(term) for term in terms]


def test_mixed_markup_escapes_plain_text_as_rst() -> None:
    plain = replace(BARE, definition="Uses *args and my_var_ literally.", markup="text")
    document = terms_to_document([FULL, plain])
    assert "markup" not in document
    assert document["terms"][1]["definition"] == r"Uses \*args and my_var\_ literally."
    # An explicit plain-text document leaves reST source as it is.
    assert terms_to_document([FULL], "text")["terms"][0] == term_to_mapping(FULL)


@pytest.mark.parametrize(
    "text",
    [
        "use *args, my_var_ and `x` and |sub| and a \\ backslash",
        "- not a list\n1. not a list either\n.. not a comment\n>>> not a doctest\n:not: a field",
        "Not a title\n===========",
        "Not a literal block::\nnext line",
        "a [1]_ footnote, an anonymous__ link and a _target",
        "`a <https://example.org>`__ and :role:`x`",
        "(a) not enumerated\n#. nor this\nii. nor this",
        "----",
    ],
)
def test_plain_text_to_rst_renders_the_same_text(text: str) -> None:
    rst = plain_text_to_rst(text)
    doctree = publish_doctree(rst, settings_overrides={"report_level": 5, "halt_level": 5})
    assert " ".join(doctree.astext().split()) == " ".join(text.split())


def test_myst_terms_among_other_markups_are_refused_by_file(tmp_path: Path) -> None:
    """Issue 22, item 9: written into a reST document, MyST text would be shown literally."""
    myst = replace(BARE, definition="See [the atlas](https://example.org).", markup="myst")
    myst = replace(myst, location=Location("notes.yaml", 3))
    plain = replace(BARE, name="Cleft", markup="text", location=Location("cleft.txt", 1))
    with pytest.raises(MixedMarkupError) as raised:
        dump_yaml([FULL, myst, plain])
    assert str(raised.value) == (
        "MyST terms (notes.yaml) cannot be written with reStructuredText terms (terms.yaml) and "
        "plain-text terms (cleft.txt): a term file has one markup, and MyST is not converted to "
        "another; write the MyST files to a document of their own"
    )
    # On their own, MyST terms keep their markup and text.
    (loaded,) = _load_back(tmp_path, "myst.yaml", dump_yaml([myst]))
    assert (loaded.markup, loaded.definition) == ("myst", myst.definition)
