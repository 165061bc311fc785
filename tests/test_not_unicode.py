"""Text that is not Unicode (issue 22, item 3): a lone surrogate, which only an escape makes.

JSON's ``"\\udfff"`` (and the pure-Python YAML reader's) decodes to half of a UTF-16 pair: a
Python string, but not Unicode, so no output of the build can encode it. It crashed the
writing of ``neuroterms.json`` (in a definition) and Sphinx's ``objects.inv`` (in a name),
while ``neuroterms check`` said "no problems". The loaders refuse each such value at its line,
drop only it (its term, when it is the name or definition) and keep the rest.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sphinx_util import build_project, read_inventory, write_project

from sphinx_neuroterms.cli import main
from sphinx_neuroterms.loaders import load_file, yaml_format
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import Location

# Each "\\udfff" here is the six characters of a JSON (or YAML) escape in the file.
TERMS_JSON = """{"terms": [
  {"term": "Dopamine", "definition": "A messenger.", "aliases": ["DA", "bad \\udfff alias"]},
  {"term": "Bad", "definition": "bad \\udfff here"},
  {"term": "N\\ud800me", "definition": "A name that is not Unicode."},
  {"term": "Serotonin", "definition": "Another.", "sections": {"Ti\\udfffle": "Text."}},
  {"term": "Smile", "definition": "A pair of halves is fine: \\ud83d\\ude00."}
]}
"""
TERMS_YAML = """terms:
- term: Dopamine
  definition: A messenger.
  aliases: [DA, "bad \\udfff alias"]
- term: Bad
  definition: "bad \\udfff here"
- term: "N\\ud800me"
  definition: A name that is not Unicode.
- term: Serotonin
  definition: Another.
  sections:
    "Ti\\udfffle": Text.
"""
#: (line, what the message says) of each refused value.
REFUSED = [
    (line, f"{what} is not Unicode (a lone surrogate, {surrogate!r}); {consequence}")
    for line, what, surrogate, consequence in [
        (2, "item 2 of 'aliases' of term 'Dopamine'", "\udfff", "it is dropped"),
        (3, "'definition' of term 'Bad'", "\udfff", "the term is skipped"),
        (4, "'term' of the term entry", "\ud800", "the term is skipped"),
        (5, "a section title of term 'Serotonin'", "\udfff", "it is dropped"),
    ]
]
KEPT = ["Dopamine", "Serotonin", "Smile"]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_json_loader_refuses_each_value_at_its_line(tmp_path: Path) -> None:
    result = load_file(_write(tmp_path / "t.json", TERMS_JSON), display_path="t.json")
    assert [term.name for term in result.terms] == KEPT
    dopamine, serotonin, smile = result.terms
    assert dopamine.aliases == ("DA",)
    assert serotonin.sections == ()
    assert smile.definition == "A pair of halves is fine: \N{GRINNING FACE}."
    assert [(d.subtype, d.location, d.message) for d in result.diagnostics] == [
        (WarningSubtype.ENCODING, Location("t.json", line), message) for line, message in REFUSED
    ]


def test_pure_python_yaml_reader_is_refused_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libyaml refuses such an escape itself (a parse error); the pure-Python reader, used
    # where libyaml is missing, lets it through to the same checks as JSON.
    monkeypatch.setattr(yaml_format, "_YAML_LOADER", yaml.SafeLoader)
    result = load_file(_write(tmp_path / "t.yaml", TERMS_YAML), display_path="t.yaml")
    assert [term.name for term in result.terms] == ["Dopamine", "Serotonin"]
    assert [(d.subtype, d.location.line) for d in result.diagnostics] == [
        (WarningSubtype.ENCODING, line) for line in (4, 6, 7, 12)
    ]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("t.yaml", 'terms:\n- term: Bad\n  definition: "bad \\udfff here"\n', 3),
        ("t.toml", '[[terms]]\nterm = "Bad"\ndefinition = "bad \\udfff here"\n', 3),
    ],
)
def test_yaml_and_toml_parsers_refuse_it_at_its_line(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    result = load_file(_write(tmp_path / name, text), display_path=name)
    assert result.terms == []
    assert [(d.subtype, d.location) for d in result.diagnostics] == [
        (WarningSubtype.PARSE, Location(name, line))
    ]


def test_plain_text_page_cannot_hold_it(tmp_path: Path) -> None:
    # A surrogate written as UTF-8 bytes is not UTF-8: decoding reports it and shows U+FFFD.
    path = tmp_path / "Dopamine.txt"
    path.write_bytes(b"Dopamine is a messenger \xed\xbf\xbf of the brain.\n")
    result = load_file(path, display_path="Dopamine.txt")
    assert [term.name for term in result.terms] == ["Dopamine"]
    assert "\ufffd" in result.terms[0].definition
    assert [d.subtype for d in result.diagnostics] == [WarningSubtype.ENCODING]


CONF = (
    'project = "Surrogates"\n'
    'extensions = ["sphinx_neuroterms"]\n'
    "show_warning_types = True\n"
    'neuroterms_sources = ["t.json"]\n'
)
INDEX = "Home\n====\n\n:nterm:`Dopamine` and :nterm:`Smile`.\n\n.. nterm-glossary::\n"


def test_build_warns_and_writes_its_output(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"conf.py": CONF, "index.rst": INDEX, "t.json": TERMS_JSON})
    _app, warnings = build_project(root, freshenv=True)
    assert warnings == [
        f"{root / 't.json'}:{line}: WARNING: {message} [neuroterms.encoding]"
        for line, message in REFUSED
    ]
    html = root / "_build" / "html"
    shared = json.loads((html / "neuroterms.json").read_text(encoding="utf-8"))
    assert [term["name"] for term in shared["terms"]] == KEPT
    inventory = read_inventory(html / "objects.inv")
    assert {"Dopamine", "Serotonin", "Smile"} <= {
        name for names in inventory.values() for name in names
    }


def test_check_reports_it_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "t.json", TERMS_JSON)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "t.json"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"t.json:{line}: {message} [neuroterms.encoding]" for line, message in REFUSED
    ]
    assert err == "3 terms in 1 file: 4 errors, 0 warnings\n"
