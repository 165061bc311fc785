"""Bad and hostile term files: every problem is a located, typed diagnostic, and the rest loads.

Small fixtures live in ``tests/data/bad``; large or hostile input (a 10 MB file, an alias bomb,
deep nesting, undecodable bytes) is generated into ``tmp_path`` by the tests themselves.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path

import pytest

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult, load_file
from sphinx_neuroterms.loaders.json_format import load_json
from sphinx_neuroterms.loaders.parsing import MAX_ALIAS_EXPANSION, MAX_DEPTH
from sphinx_neuroterms.loaders.toml_format import load_toml
from sphinx_neuroterms.loaders.yaml_format import load_yaml
from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import Location

PARSE = WarningSubtype.PARSE
DUPLICATE_KEY = WarningSubtype.DUPLICATE_KEY
INVALID_TERM = WarningSubtype.INVALID_TERM
WRONG_TYPE = WarningSubtype.WRONG_TYPE
UNKNOWN_KEY = WarningSubtype.UNKNOWN_KEY
UNSAFE_URL = WarningSubtype.UNSAFE_URL
ENCODING = WarningSubtype.ENCODING

def assert_diagnostics(
    result: LoadResult, expected: Sequence[tuple[WarningSubtype, int | None, str]]
) -> None:
    """Each diagnostic, in order: its subtype, its line, and a phrase of its message."""
    actual = [(d.subtype, d.location.line, d.message) for d in result.diagnostics]
    assert len(actual) == len(expected), "\n".join(map(str, actual))
    for (subtype, line, message), (want_subtype, want_line, phrase) in zip(
        actual, expected, strict=True
    ):
        assert (subtype, line) == (want_subtype, want_line), message
        assert phrase in message, message


def names(result: LoadResult) -> list[str]:
    return [term.name for term in result.terms]


@pytest.fixture
def bad_dir(data_dir: Path) -> Path:
    return data_dir / "bad"


def load_bad(bad_dir: Path, name: str) -> LoadResult:
    result = load_file(bad_dir / name, display_path=name)
    assert all(d.location.path == name for d in result.diagnostics)
    return result


# --- syntax errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "phrase"),
    [
        ("malformed.yaml", 5, "invalid YAML: found unexpected end of stream"),
        ("malformed.json", 4, "invalid JSON: Expecting ',' delimiter (column 5)"),
        ("malformed.toml", 7, "invalid TOML: Invalid value (column 14)"),
        ("duplicate_key.toml", 4, "a key or table is probably given twice"),
    ],
)
def test_syntax_errors_are_located(bad_dir: Path, name: str, line: int, phrase: str) -> None:
    result = load_bad(bad_dir, name)
    assert result.terms == []
    assert_diagnostics(result, [(PARSE, line, phrase)])


@pytest.mark.parametrize(
    ("loader", "text", "line", "phrase"),
    [
        (load_yaml, "terms:\n  - term: a\n   definition: b\n", 3, "invalid YAML"),
        (load_yaml, "- term: a\n\tdefinition: b\n", 2, "invalid YAML"),
        (load_yaml, "- *missing\n", 1, "the alias *missing names no anchor"),
        (load_yaml, "- &a [*a]\n", 1, "the alias *a names no anchor"),
        (
            load_yaml,
            "- term: a\n  definition: \x07bell\n",
            2,
            "control characters are not allowed (U+0007)",
        ),
        (load_json, '[{"term": "a",}]', 1, "Expecting property name"),
        (load_json, '[{"term": "a"}] extra', 1, "Extra data"),
        (load_json, '[\n{"term": "a\tb"}]', 2, "Invalid control character"),
        (load_json, "[\n1" + "0" * 5000 + "]", 2, "invalid JSON"),
        (load_toml, "[[terms]]\nterm = 'a'\nn = 1" + "0" * 5000 + "\n", 3, "invalid TOML"),
        (load_toml, "[[terms]]\nterm = 'a'\n[[terms]\n", 3, "invalid TOML"),
        (load_toml, 'a = """never closed\n', 1, "invalid TOML"),
    ],
)
def test_more_syntax_errors(loader: object, text: str, line: int | None, phrase: str) -> None:
    assert callable(loader)
    result = loader(text, "x", LoaderOptions())
    assert result.terms == []
    assert_diagnostics(result, [(PARSE, line, phrase)])


def test_multi_document_yaml_keeps_the_first(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "multi_document.yaml")
    assert names(result) == ["Glutamate"]
    assert_diagnostics(result, [(PARSE, 3, "a second YAML document starts here")])


# --- duplicate keys -----------------------------------------------------------------------


def test_duplicate_keys_yaml(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "duplicate_keys.yaml")

    assert names(result) == ["Glutamate", "Glycine"]
    assert result.terms[0].definition == "The main excitatory messenger in the brain."
    assert result.terms[0].aliases == ("Glu",)  # keys after the duplicate still count
    assert result.terms[1].sections == (
        ("Origin", "Named for its sweet taste."),
        ("Receptors", "Its receptors are chloride channels."),
    )
    assert {term.markup for term in result.terms} == {"rst"}  # the first "markup" wins
    assert_diagnostics(
        result,
        [
            (DUPLICATE_KEY, 6, "duplicate key 'definition' (first given at line 4)"),
            (DUPLICATE_KEY, 11, "section 'origin' of term 'Glycine' is given twice"),
            (DUPLICATE_KEY, 13, "duplicate key 'markup' (first given at line 1)"),
        ],
    )


def test_duplicate_keys_json(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "duplicate_keys.json")

    assert names(result) == ["Glutamate"]
    assert result.terms[0].definition == "The main excitatory messenger in the brain."
    assert result.terms[0].markup == "rst"
    assert_diagnostics(
        result,
        [
            (DUPLICATE_KEY, 7, "duplicate key 'definition' (first given at line 6)"),
            (DUPLICATE_KEY, 10, "duplicate key 'markup' (first given at line 2)"),
        ],
    )


# --- wrong types --------------------------------------------------------------------------


def test_wrong_types_yaml(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "wrong_types.yaml")

    assert names(result) == ["5", "Adenosine"]
    adenosine = result.terms[1]
    assert adenosine.aliases == ("ADO",)
    assert adenosine.tags == ("neuromodulator",)
    assert adenosine.notes == ("12",)
    assert (adenosine.see_also, adenosine.sections) == ((), ())
    assert_diagnostics(
        result,
        [
            (WRONG_TYPE, 3, "'definition' of term 'Noradrenaline' is a list, not text; the term"),
            (WRONG_TYPE, 4, "'term' of the term entry is false, not text (quote it"),
            (WRONG_TYPE, 6, "'term' of the term entry is the number 5, not text; read as '5'"),
            (WRONG_TYPE, 10, "item 2 of 'aliases' of term 'Adenosine' is a mapping"),
            (WRONG_TYPE, 10, "item 3 of 'aliases' of term 'Adenosine' is a list"),
            (WRONG_TYPE, 11, "'tags' of term 'Adenosine' is the text 'neuromodulator', not a list"),
            (WRONG_TYPE, 12, "'see_also' of term 'Adenosine' is true, not a list (quote it"),
            (WRONG_TYPE, 13, "'origin' of term 'Adenosine' is a list, not text; it is dropped"),
            (WRONG_TYPE, 14, "'notes' of term 'Adenosine' is the number 12, not a list; read as"),
            (WRONG_TYPE, 15, "'sections' of term 'Adenosine' is a list, not a mapping"),
        ],
    )


def test_wrong_types_json(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "wrong_types.json")

    assert names(result) == ["5", "Adenosine"]
    assert result.terms[1].aliases == ("ADO",)  # null and "" are empty, dropped silently
    assert_diagnostics(
        result,
        [
            (WRONG_TYPE, 2, "'term' of the term entry is a list, not text; the term is skipped"),
            (WRONG_TYPE, 3, "'term' of the term entry is true, not text"),
            (WRONG_TYPE, 4, "read as '5'"),
            (WRONG_TYPE, 6, "item 2 of 'aliases' of term 'Adenosine' is a mapping"),
            (WRONG_TYPE, 6, "read as a one-item list (write it as ['neuromodulator'])"),
        ],
    )


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ("just text\n", 1, "the file holds the text 'just text'; expected a list"),
        ("42\n", 1, "the file holds the number 42"),
        ("terms: {term: A, definition: B}\n", 1, "'terms' is a mapping, not a list"),
        ("term: A\ndefinition: B\n", 1, "it looks like a single term"),
        ("[1, 2]: x\nterms: []\n", 1, "a mapping key is a list"),
    ],
)
def test_wrong_shapes(text: str, line: int, phrase: str) -> None:
    result = load_yaml(text, "s.yaml", LoaderOptions())
    assert result.terms == []
    assert [(d.location.line, phrase in d.message) for d in result.diagnostics] == [(line, True)]


# --- invalid entries ------------------------------------------------------------------------


def test_invalid_entries_are_skipped_and_the_rest_loads(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "invalid_entries.yaml")

    assert names(result) == ["Glutamate", "Oxytocin"]
    assert [term.location.line for term in result.terms] == [2, 13]
    assert_diagnostics(
        result,
        [
            (INVALID_TERM, 4, "the term entry has an empty 'term' (its name); it is skipped"),
            (INVALID_TERM, 6, "term 'Histamine' has no 'definition'; it is skipped"),
            (INVALID_TERM, 7, "the term entry has no 'term' (its name); it is skipped"),
            (INVALID_TERM, 8, "entry 5 of the term list is the text 'just a string'"),
            (INVALID_TERM, 9, "entry 6 of the term list is a list, not a term mapping"),
            (INVALID_TERM, 10, "entry 7 of the term list is empty, not a term mapping"),
            (INVALID_TERM, 12, "term 'Melatonin' has an empty 'definition'"),
        ],
    )


def test_unknown_keys_suggest_close_ones(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "unknown_keys.yaml")

    assert names(result) == ["Enkephalin"]
    assert result.terms[0].see_also == ()  # an unknown key is ignored, not guessed at
    assert_diagnostics(
        result,
        [
            (UNKNOWN_KEY, 1, "unknown key 'version' at the top level is ignored"),
            (INVALID_TERM, 3, "term 'Endorphin' has no 'definition'"),
            (
                UNKNOWN_KEY,
                4,
                (
                    "unknown key 'defintion' in term 'Endorphin' is ignored; "
                    "did you mean 'definition'?"
                ),
            ),
            (UNKNOWN_KEY, 7, "did you mean 'see_also'?"),
            (UNKNOWN_KEY, 8, "unknown key 'colour' in term 'Enkephalin' is ignored"),
        ],
    )
    assert "did you mean" not in result.diagnostics[-1].message


def test_unsafe_source_urls_are_dropped(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "unsafe_urls.yaml")

    # Every term loads; only the unsafe links go.
    assert len(result.terms) == 15
    assert {term.name: term.source for term in result.terms if term.source} == {
        "Term L": "HTTPS://example.org/a",
        "Term M": "//example.org/b",
        "Term N": "refs/page.html#c",
        "Term O": "#d",
    }
    scheme = "only http(s) or relative URLs are allowed, so it is dropped"
    assert_diagnostics(
        result,
        [
            (UNSAFE_URL, 2, "'source' of term 'Term A' uses the scheme 'javascript'"),
            (UNSAFE_URL, 3, "'source' of term 'Term B' uses the scheme 'javascript'"),
            (UNSAFE_URL, 4, "'source' of term 'Term C' contains spaces, tabs, line breaks"),
            (UNSAFE_URL, 5, "'source' of term 'Term D' contains spaces, tabs, line breaks"),
            (UNSAFE_URL, 6, "uses the scheme 'data'"),
            (UNSAFE_URL, 7, "uses the scheme 'vbscript'"),
            (UNSAFE_URL, 8, "uses the scheme 'file'"),
            (UNSAFE_URL, 9, "uses the scheme 'ftp'"),
            (UNSAFE_URL, 10, "'source' of term 'Term I' uses the scheme 'javascript'"),
            (UNSAFE_URL, 11, "'source' of term 'Term J' uses the scheme 'javascript'"),
            (UNSAFE_URL, 12, "control characters"),
        ],
    )
    assert all(scheme in d.message for d in result.diagnostics)


# --- names that collide ----------------------------------------------------------------------


def test_names_differing_in_case_or_unicode_form_are_duplicates(bad_dir: Path) -> None:
    result = load_bad(bad_dir, "case_duplicates.yaml")
    assert result.diagnostics == []
    assert names(result) == ["Dopamine", "DOPAMINE", "Caf\u00e9 neuron", "Cafe\u0301 neuron"]

    catalog = TermCatalog(result.terms)

    assert [term.name for term in catalog] == ["Dopamine", "Caf\u00e9 neuron"]
    assert [(d.subtype, d.location) for d in catalog.diagnostics] == [
        (WarningSubtype.DUPLICATE_TERM, Location("case_duplicates.yaml", 3)),
        (WarningSubtype.DUPLICATE_TERM, Location("case_duplicates.yaml", 7)),
    ]
    first, second = (d.message for d in catalog.diagnostics)
    assert "'DOPAMINE' is already claimed by 'Dopamine' at case_duplicates.yaml:1" in first
    assert "already claimed by 'Caf\u00e9 neuron' at case_duplicates.yaml:5" in second


# --- encodings ------------------------------------------------------------------------------

GOOD_YAML = (
    "- term: Glutamate\n"
    "  definition: The main excitatory messenger in the brain.\n"
    "- term: Glycine\n"
    "  definition: An inhibitory messenger of the spinal cord.\n"
)
GOOD_JSON = '[{"term": "Glutamate", "definition": "The main excitatory messenger."}]'
GOOD_TOML = '[[terms]]\nterm = "Glutamate"\ndefinition = "The main excitatory messenger."\n'


@pytest.mark.parametrize(
    ("suffix", "text"), [("yaml", GOOD_YAML), ("json", GOOD_JSON), ("toml", GOOD_TOML)]
)
def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path, suffix: str, text: str) -> None:
    path = tmp_path / f"bom.{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())

    result = load_file(path)

    assert result.diagnostics == []
    assert names(result)[0] == "Glutamate"
    assert result.terms[0].location.line == 1


def test_undecodable_bytes_are_located_and_the_rest_loads(tmp_path: Path) -> None:
    data = GOOD_YAML.replace("inhibitory", "inhibit\xffory").encode("latin-1")
    path = tmp_path / "latin1.yaml"
    path.write_bytes(data)

    result = load_file(path, display_path="latin1.yaml")

    assert names(result) == ["Glutamate", "Glycine"]
    assert result.terms[1].definition == "An inhibit\ufffdory messenger of the spinal cord."
    offset = data.index(b"\xff")
    assert_diagnostics(result, [(ENCODING, 4, f"not valid UTF-8 at byte offset {offset}")])


def test_nul_bytes_are_removed_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "nul.json"
    data = GOOD_JSON.replace("main", "ma\x00in").encode()
    path.write_bytes(data)

    result = load_file(path, display_path="nul.json")

    assert [term.definition for term in result.terms] == ["The main excitatory messenger."]
    assert_diagnostics(result, [(ENCODING, 1, f"NUL byte at byte offset {data.index(0)}")])


def test_a_spreadsheet_s_unicode_text_export_loads(tmp_path: Path) -> None:
    """Spreadsheets save "Unicode text" as tab-separated UTF-16 with a byte order mark."""
    text = "term\tdefinition\r\nGlutamate\tThe main excitatory messenger.\r\n"
    text += "Acetylcholine\tThe messenger of the neuromuscular junction, named in 1914.\r\n"
    path = tmp_path / "terms.tsv"
    path.write_bytes(text.encode("utf-16"))  # the codec writes the mark, little-endian here

    result = load_file(path, display_path="terms.tsv")

    assert result.diagnostics == []
    assert names(result) == ["Glutamate", "Acetylcholine"]
    assert [term.location.line for term in result.terms] == [2, 3]


TBX_NS = "urn:iso:std:iso:30042:ed-2"


def _latin1_tbx(declaration: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="{declaration}"?>\n'
        f'<tbx xmlns="{TBX_NS}" type="TBX-Basic" style="dca" xml:lang="en"><text><body>\n'
        '<conceptEntry id="c1"><langSec xml:lang="en">'
        '<descrip type="definition">A receptor named after its agonist, kaïnate.</descrip>'
        "<termSec><term>Kainate receptor</term></termSec></langSec></conceptEntry>\n"
        "</body></text></tbx>\n"
    ).encode("latin-1")


def test_an_xml_declaration_s_encoding_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    path.write_bytes(_latin1_tbx("ISO-8859-1"))

    result = load_file(path, display_path="terms.tbx")

    assert result.diagnostics == []
    assert [term.definition for term in result.terms] == [
        "A receptor named after its agonist, kaïnate."
    ]


@pytest.mark.parametrize("declaration", ["UTF-7", "unicode_escape", "no-such-charset"])
def test_an_encoding_that_is_not_a_text_charset_is_refused(
    tmp_path: Path, declaration: str
) -> None:
    """Decoders such as UTF-7 make markup out of plain ASCII (``+ADw-`` is ``<``): the file
    is read as UTF-8, with a warning at its declaration."""
    path = tmp_path / "terms.tbx"
    path.write_bytes(_latin1_tbx(declaration).replace(b"named", b"+ADw-b+AD4-named"))

    result = load_file(path, display_path="terms.tbx")

    assert [(item.subtype, item.location.line) for item in result.diagnostics[:1]] == [
        (ENCODING, 1)
    ]
    assert declaration in result.diagnostics[0].message
    assert [term.name for term in result.terms] == ["Kainate receptor"]
    assert "<b>" not in result.terms[0].definition


def test_a_declaration_that_contradicts_the_bytes_gives_way(tmp_path: Path) -> None:
    """A declaration read as ASCII is not UTF-16 (tools write that into UTF-8 files), and a
    UTF-8 byte-order mark wins over a declared ISO-8859-1, as in XML."""
    utf8 = _latin1_tbx("ISO-8859-1").decode("latin-1").encode("utf-8")
    cases = {
        "declared-utf16.tbx": utf8.replace(b'"ISO-8859-1"', b'"UTF-16"'),
        "marked-utf8.tbx": b"\xef\xbb\xbf" + utf8,
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = load_file(path, display_path=name)
        assert result.diagnostics == [], name
        assert [term.definition for term in result.terms] == [
            "A receptor named after its agonist, kaïnate."
        ], name


def test_a_nul_in_utf16_is_located_by_its_byte_offset(tmp_path: Path) -> None:
    text = "term\tdefinition\nGlutamate\tThe main\x00 excitatory messenger.\n"
    path = tmp_path / "terms.tsv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))

    result = load_file(path, display_path="terms.tsv")

    assert [term.definition for term in result.terms] == ["The main excitatory messenger."]
    offset = 2 * text.index("\x00")  # two bytes a character, counted after the mark
    assert_diagnostics(result, [(ENCODING, 2, f"NUL byte at byte offset {offset}")])


# --- hostile input --------------------------------------------------------------------------


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    lines.append(f"terms: [{{term: Bomb, definition: *{chr(ord('a') + levels - 1)}}}]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_stops_fast(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_billion_laughs(), encoding="utf-8")

    result = load_file(path, display_path="bomb.yaml")

    assert result.terms == []
    assert_diagnostics(
        result, [(PARSE, 7, f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes")]
    )


def test_yaml_aliases_below_the_limit_are_fine() -> None:
    # Three levels expand to a few hundred nodes: a legitimate use of anchors.
    result = load_yaml(_billion_laughs(levels=3), "small.yaml", LoaderOptions())
    assert result.terms == []  # the definition is a list, but the file was read
    assert [d.subtype for d in result.diagnostics] == [UNKNOWN_KEY] * 3 + [WRONG_TYPE]


@pytest.mark.parametrize(
    ("loader", "text"),
    [
        (load_json, "[" * 100_000 + "]" * 100_000),
        (load_json, '{"a":' * 100_000 + "1" + "}" * 100_000),
        (load_yaml, "[" * 100_000 + "]" * 100_000),
        (load_yaml, "{a: " * 100_000 + "1" + "}" * 100_000),
        (load_yaml, "- " * 100_000 + "x\n"),
        (load_toml, "a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        (load_toml, "a = " + "{b = " * 100_000 + "1" + "}" * 100_000 + "\n"),
    ],
    ids=[
        "json-arrays",
        "json-objects",
        "yaml-flow",
        "yaml-mappings",
        "yaml-block",
        "toml-arrays",
        "toml-tables",
    ],
)
def test_deep_nesting_is_a_parse_error(loader: object, text: str) -> None:
    # What the user gets: one located parse error, no crash, no hang. The wording of the
    # message may come from the parsing library (libyaml has a nesting limit of its own), so
    # it is not checked here.
    assert callable(loader)
    result = loader(text, "deep", LoaderOptions())

    assert result.terms == []
    [diagnostic] = result.diagnostics
    assert diagnostic.subtype is PARSE
    assert diagnostic.location.path == "deep"
    assert diagnostic.location.line is not None


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 2  # the term list and the term take two levels
    text = '[{"term": "Deep", "definition": "x", "notes": ' + "[" * depth + "]" * depth + "}]"
    result = load_json(text, "ok.json", LoaderOptions())
    assert names(result) == ["Deep"]


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_ten_megabyte_file_loads(tmp_path: Path, suffix: str) -> None:
    definition = "A made-up messenger used to fill a large test file. " * 20  # about 1 kB
    count = 10_000
    path = tmp_path / f"large.{suffix}"
    if suffix == "yaml":
        entries = (f"- term: Messenger {i}\n  definition: {definition}\n" for i in range(count))
    else:
        entries = (
            ("[" if i == 0 else ",")
            + f'{{"term": "Messenger {i}", "definition": "{definition}"}}\n'
            for i in range(count)
        )
    path.write_text("".join(entries) + ("]" if suffix == "json" else ""), encoding="utf-8")
    assert path.stat().st_size > 10_000_000

    result = load_file(path)

    assert result.diagnostics == []
    assert len(result.terms) == count
    assert result.terms[-1].name == f"Messenger {count - 1}"
    assert result.terms[-1].location.line == (2 * count - 1 if suffix == "yaml" else count)
