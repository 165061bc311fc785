"""The YAML, JSON and TOML loaders on well-formed files: every key, both shapes, line numbers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sphinx_neuroterms.loaders import LoaderOptions, LoadResult, find_loader, load_file
from sphinx_neuroterms.loaders.fields import (
    FILE_KEYS,
    SECTION_SHORTHANDS,
    TERM_FIELDS,
    TERM_KEYS,
)
from sphinx_neuroterms.loaders.json_format import load_json
from sphinx_neuroterms.loaders.toml_format import load_toml
from sphinx_neuroterms.loaders.yaml_format import load_yaml
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term
from sphinx_neuroterms.terms.urls import unsafe_url_reason

#: The content of ``tests/data/structured/terms.*``, apart from locations.
EXPECTED_TERMS = (
    Term(
        name="Serotonin",
        definition=(
            "A monoamine messenger made from tryptophan, busy in the gut as well as in the "
            "brain.\n\nMost of the body's supply never reaches a neuron."
        ),
        location=Location(""),
        sections=(
            ("Origin", "Named for a substance in blood serum that tightened vessels."),
            (
                "Mechanism",
                (
                    "Acts through more than a dozen receptor types, most of them coupled to G "
                    "proteins."
                ),
            ),
            ("Clinical relevance", "Many antidepressants slow its reuptake."),
            ("Measurement", "Brain levels cannot be read from a blood sample."),
        ),
        aliases=("5-HT", "5-hydroxytryptamine"),
        see_also=("Dopamine", "Reuptake"),
        notes=(
            "Platelets store most circulating serotonin.",
            "A precursor, 5-HTP, is sold as a supplement.",
        ),
        tags=("monoamine", "neurotransmitter"),
        source="https://example.org/glossary/serotonin",
    ),
    Term(
        name="Dopamine",
        definition="A catecholamine involved in movement, motivation and learning from reward.",
        location=Location(""),
        aliases=("DA",),
        tags=("monoamine",),
    ),
    Term(
        name="Reuptake",
        definition="The transport of a released messenger back into the cell that sent it.",
        location=Location(""),
        see_also=("Serotonin",),
        source="../reference/transporters.html#reuptake",
    ),
)

#: Where each term of ``terms.*`` starts, per format.
EXPECTED_LINES = {"yaml": (4, 23, 27), "json": (4, 22, 28), "toml": (4, 32, 38)}


def _without_locations(terms: list[Term]) -> list[Term]:
    return [dataclasses.replace(term, location=Location("")) for term in terms]


@pytest.fixture
def structured_dir(data_dir: Path) -> Path:
    return data_dir / "structured"


@pytest.mark.parametrize("suffix", ["yaml", "json", "toml"])
def test_every_key_loads_the_same_in_every_format(structured_dir: Path, suffix: str) -> None:
    path = structured_dir / f"terms.{suffix}"
    result = load_file(path, display_path=f"terms.{suffix}")

    assert result.diagnostics == []
    assert _without_locations(result.terms) == list(EXPECTED_TERMS)
    assert [term.location for term in result.terms] == [
        Location(f"terms.{suffix}", line) for line in EXPECTED_LINES[suffix]
    ]


def test_the_three_formats_agree_term_for_term(structured_dir: Path) -> None:
    loaded = [
        _without_locations(load_file(structured_dir / f"terms.{suffix}").terms)
        for suffix in ("yaml", "json", "toml")
    ]
    assert loaded[0] == loaded[1] == loaded[2]


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_list_form(structured_dir: Path, suffix: str) -> None:
    result = load_file(structured_dir / f"list_form.{suffix}", display_path="list")

    assert result.diagnostics == []
    assert [(term.name, term.aliases, term.markup) for term in result.terms] == [
        ("Acetylcholine", ("ACh",), "rst"),
        ("Synaptic cleft", (), "rst"),
    ]
    expected_lines = {"yaml": [2, 6], "json": [2, 3]}[suffix]
    assert [term.location.line for term in result.terms] == expected_lines


def test_file_level_markup_text(structured_dir: Path) -> None:
    result = load_file(structured_dir / "plain_text.yaml")

    assert result.diagnostics == []
    assert [(term.name, term.markup) for term in result.terms] == [
        ("Neurochemical balance", "text")
    ]
    # Plain text is not parsed here either: the asterisks stay as written.
    assert result.terms[0].definition.endswith("the task *at hand*.")


def test_options_markup_overrides_the_file(structured_dir: Path) -> None:
    as_text = load_file(structured_dir / "terms.yaml", LoaderOptions(markup="text"))
    as_rst = load_file(structured_dir / "plain_text.yaml", LoaderOptions(markup="rst"))

    assert {term.markup for term in as_text.terms} == {"text"}
    assert {term.markup for term in as_rst.terms} == {"rst"}


def test_markup_key_in_toml_and_json() -> None:
    toml = load_toml(
        'markup = "text"\n[[terms]]\nterm = "A"\ndefinition = "B"\n', "t", LoaderOptions()
    )
    json_result = load_json(
        '{"markup": "text", "terms": [{"term": "A", "definition": "B"}]}', "j", LoaderOptions()
    )

    assert [term.markup for term in toml.terms] == ["text"]
    assert [term.markup for term in json_result.terms] == ["text"]


def test_invalid_markup_value_falls_back_to_rst() -> None:
    result = load_yaml(
        "markup: html\nterms:\n- {term: A, definition: B}\n", "m.yaml", LoaderOptions()
    )

    assert [term.markup for term in result.terms] == ["rst"]
    [diagnostic] = result.diagnostics
    assert diagnostic.subtype is WarningSubtype.WRONG_TYPE
    assert diagnostic.location == Location("m.yaml", 1)
    assert "expected one of 'rst', 'myst', 'text'" in diagnostic.message


def test_loaders_are_registered_for_their_suffixes() -> None:
    assert find_loader("a.yaml") is load_yaml
    assert find_loader("a.YML") is load_yaml
    assert find_loader("a.json") is load_json
    assert find_loader("a.toml") is load_toml


@pytest.mark.parametrize(
    ("loader", "text"),
    [(load_yaml, ""), (load_yaml, "# only a comment\n"), (load_json, "[]"), (load_toml, "")],
)
def test_empty_files_hold_no_terms(loader: object, text: str) -> None:
    assert callable(loader)
    result = loader(text, "empty", LoaderOptions())
    assert result == LoadResult([], [])


def test_empty_terms_key_is_no_terms() -> None:
    assert load_yaml("terms:\n", "e.yaml", LoaderOptions()) == LoadResult([], [])


def test_shorthand_sections_come_first_in_fixed_order() -> None:
    text = (
        "- term: GABA\n"
        "  definition: The main inhibitory messenger.\n"
        "  sections:\n"
        "    Receptors: Two main families.\n"
        "  mechanism: Opens chloride channels.\n"
        "  origin: Made from glutamate.\n"
    )
    [term] = load_yaml(text, "s.yaml", LoaderOptions()).terms
    assert [title for title, _ in term.sections] == ["Origin", "Mechanism", "Receptors"]


def test_whitespace_is_stripped_and_one_line_fields_collapsed() -> None:
    text = (
        "- term: '  Nitric \n   oxide '\n"
        "  definition: |+\n"
        "\n"
        "    A gas that acts as a messenger.\n"
        "\n"
        "    It diffuses through membranes.\n"
        "\n"
        "  aliases: ['  NO  ']\n"
        "  notes: ['  line one\n\n    line two  ']\n"
    )
    [term] = load_yaml(text, "w.yaml", LoaderOptions()).terms
    assert term.name == "Nitric oxide"
    assert term.definition == "A gas that acts as a messenger.\n\nIt diffuses through membranes."
    assert term.aliases == ("NO",)
    assert term.notes == ("line one\nline two",)


def test_yaml_anchors_aliases_and_merge_keys() -> None:
    text = (
        "defaults: &common\n"
        "  tags: [monoamine]\n"
        "  see_also: [Reuptake]\n"
        "terms:\n"
        "  - <<: *common\n"
        "    term: Noradrenaline\n"
        "    definition: A catecholamine of alertness.\n"
        "  - <<: *common\n"
        "    term: Histamine\n"
        "    definition: A monoamine of wakefulness.\n"
        "    tags: [amine]\n"
    )
    result = load_yaml(text, "a.yaml", LoaderOptions())

    assert [(term.name, term.tags, term.see_also) for term in result.terms] == [
        ("Noradrenaline", ("monoamine",), ("Reuptake",)),
        ("Histamine", ("amine",), ("Reuptake",)),
    ]
    # The anchor's holder is not a file key, and says so, once.
    [diagnostic] = result.diagnostics
    assert diagnostic.subtype is WarningSubtype.UNKNOWN_KEY
    assert diagnostic.location.line == 1
    assert "'defaults'" in diagnostic.message


def test_yaml_typed_scalars_in_text_fields() -> None:
    text = "- term: 2024-01-31\n  definition: 3.5\n  aliases: [0x1F, ~, 1.5e+3]\n"
    result = load_yaml(text, "t.yaml", LoaderOptions())

    [term] = result.terms
    assert (term.name, term.definition, term.aliases) == ("2024-01-31", "3.5", ("31", "1500.0"))
    assert [(d.subtype, d.location.line) for d in result.diagnostics] == [
        (WarningSubtype.WRONG_TYPE, 1),
        (WarningSubtype.WRONG_TYPE, 2),
        (WarningSubtype.WRONG_TYPE, 3),
        (WarningSubtype.WRONG_TYPE, 3),
    ]
    assert "read as '2024-01-31'" in result.diagnostics[0].message


def test_yaml_unsafe_tags_are_never_constructed() -> None:
    text = (
        "- term: Tagged\n"
        "  definition: !!python/object/apply:os.system [echo unsafe]\n"
        "- term: Other\n"
        "  definition: !custom plain text\n"
    )
    result = load_yaml(text, "t.yaml", LoaderOptions())

    assert [(term.name, term.definition) for term in result.terms] == [("Other", "plain text")]
    assert [(d.subtype, d.location.line) for d in result.diagnostics] == [
        (WarningSubtype.PARSE, 2),
        (WarningSubtype.WRONG_TYPE, 2),
        (WarningSubtype.PARSE, 4),
    ]
    assert "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'" in (
        result.diagnostics[0].message
    )
    assert "'definition' of term 'Tagged' is a list" in result.diagnostics[1].message


def test_toml_inline_array_of_terms_is_located_at_its_key() -> None:
    text = 'title = "x"\nterms = [\n  {term = "A", definition = "B"},\n  {term = "C"},\n]\n'
    result = load_toml(text, "i.toml", LoaderOptions())

    assert [term.name for term in result.terms] == ["A"]
    assert [term.location for term in result.terms] == [Location("i.toml", 2)]
    assert [(d.subtype, d.location.line) for d in result.diagnostics] == [
        (WarningSubtype.UNKNOWN_KEY, 1),
        (WarningSubtype.INVALID_TERM, 2),
    ]


def test_toml_key_lines_skip_multiline_strings_and_arrays() -> None:
    text = (
        "[[terms]]\n"
        'term = "A"\n'
        'definition = """\n'
        "colour = 1\n"
        "[[terms]]\n"
        '"""\n'
        "aliases = [\n"
        '  "x", # colour = 2\n'
        "]\n"
        "colour = 3\n"
        "[terms.sections]\n"
        "Origin = 5\n"
    )
    result = load_toml(text, "m.toml", LoaderOptions())

    [term] = result.terms
    assert term.location == Location("m.toml", 1)
    assert term.sections == (("Origin", "5"),)
    assert [(d.subtype, d.location.line) for d in result.diagnostics] == [
        (WarningSubtype.UNKNOWN_KEY, 10),
        (WarningSubtype.WRONG_TYPE, 12),
    ]


def test_schema_constants_describe_the_format() -> None:
    assert [field.key for field in TERM_FIELDS] == [
        "term",
        "display",
        "definition",
        "aliases",
        "sections",
        "origin",
        "mechanism",
        "see_also",
        "notes",
        "tags",
        "avoid",
        "identifiers",
        "autolink",
        "source",
    ]
    assert {field.key for field in TERM_FIELDS} == TERM_KEYS
    assert [field.key for field in TERM_FIELDS if field.required] == ["term", "definition"]
    assert dict(SECTION_SHORTHANDS) == {"origin": "Origin", "mechanism": "Mechanism"}
    assert {"terms", "markup"} == FILE_KEYS
    assert all(field.type and field.description for field in TERM_FIELDS)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a",
        "http://example.org/b?c=d#e",
        "HTTPS://EXAMPLE.ORG/",
        "//example.org/f",
        "../g.html",
        "h/i.html#j",
        "#k",
        "?l=m",
        "n:o/p"[2:],  # "o/p": a relative path
    ],
)
def test_safe_urls(url: str) -> None:
    assert unsafe_url_reason(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "\x00javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "mailto:someone@example.org",
        "javascript&colon;alert(1)",
        "\uff4a\uff41\uff56\uff41script:alert(1)",  # full-width letters fold to "java"
        "https://example.org/\u2028",
    ],
)
def test_unsafe_urls(url: str) -> None:
    assert unsafe_url_reason(url) is not None


def test_pure_python_yaml_fallback(
    structured_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml, PyYAML's own safe parser gives the same terms and lines."""
    import yaml

    from sphinx_neuroterms.loaders import yaml_format

    with_c = load_file(structured_dir / "terms.yaml").terms
    monkeypatch.setattr(yaml_format, "_YAML_LOADER", yaml.SafeLoader)

    assert load_file(structured_dir / "terms.yaml").terms == with_c
    malformed = load_file(data_dir / "bad" / "malformed.yaml")
    assert [(d.subtype, d.location.line) for d in malformed.diagnostics] == [
        (WarningSubtype.PARSE, 5)
    ]
    deep = load_yaml("[" * 100_000, "deep.yaml", LoaderOptions())
    assert "nested deeper than" in deep.diagnostics[0].message
    control = load_yaml("- a\n- \x07\n", "c.yaml", LoaderOptions())
    assert [(d.location.line, "U+0007" in d.message) for d in control.diagnostics] == [(2, True)]
