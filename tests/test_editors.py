"""Editor support: the schema's published URL, and the schema line of written YAML term files.

``neuroterms import``, ``export`` and ``migrate`` write YAML whose first line names the
term-file schema for yaml-language-server (VS Code's YAML extension and other editors); the line
is a comment, so the file loads exactly as it did without it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sphinx_util import write_project

from sphinx_neuroterms.cli import main, term_file_schema
from sphinx_neuroterms.cli.export import SCHEMA_URL
from sphinx_neuroterms.loaders import load_file
from sphinx_neuroterms.terms.model import Location, Term

SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_URL}"

TERMS_YAML = """\
terms:
  - term: Synapse
    aliases: [Synapses]
    definition: |
      The junction where one nerve cell passes a signal to another.

      It has two sides.
    see_also: [Neuromodulator]
    tags: [anatomy]
  - term: Neuromodulator
    definition: "A messenger that tunes many synapses at once: no, yes, 1.0."
"""

GLOSSARY_RST = """\
Glossary
========

.. glossary::

   Axon
      The long fibre that carries a signal away from the cell body.

   Dendrite
      A branch that receives signals.
"""


def _terms(path: Path) -> list[Term]:
    result = load_file(path)
    assert result.diagnostics == []
    return [replace(term, location=Location("-")) for term in result.terms]


def test_the_schema_id_is_the_url_written_files_name() -> None:
    schema = json.loads(term_file_schema())
    assert schema["$id"] == SCHEMA_URL
    assert SCHEMA_URL.startswith("https://sphinx-neuroterms.readthedocs.io/en/stable/")


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_export_writes_the_schema_line_and_loads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "terms.yaml").write_text(TERMS_YAML, encoding="utf-8")
    assert main(["export", "terms.yaml", "--format", "yaml", "-o", f"copy{suffix}"]) == 0
    written = (tmp_path / f"copy{suffix}").read_text(encoding="utf-8")
    assert written.splitlines()[0] == SCHEMA_LINE
    assert written.count("yaml-language-server") == 1
    assert _terms(tmp_path / f"copy{suffix}") == _terms(tmp_path / "terms.yaml")


def test_export_to_json_has_no_schema_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON has no comments, and the loader warns about keys it does not know (``$schema``)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "terms.yaml").write_text(TERMS_YAML, encoding="utf-8")
    assert main(["export", "terms.yaml", "--format", "json", "-o", "copy.json"]) == 0
    written = (tmp_path / "copy.json").read_text(encoding="utf-8")
    assert "$schema" not in json.loads(written)
    assert _terms(tmp_path / "copy.json") == _terms(tmp_path / "terms.yaml")
    capsys.readouterr()


def test_import_writes_the_schema_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary.rst").write_text(GLOSSARY_RST, encoding="utf-8")
    assert main(["import", "glossary.rst", "-o", "glossary.yaml"]) == 0
    written = (tmp_path / "glossary.yaml").read_text(encoding="utf-8")
    assert written.splitlines()[0] == SCHEMA_LINE
    assert [term.name for term in _terms(tmp_path / "glossary.yaml")] == ["Axon", "Dendrite"]


def test_migrate_writes_the_schema_line(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "docs",
        {"conf.py": "extensions = []\n", "index.rst": GLOSSARY_RST + "\nSee :term:`axon`.\n"},
    )
    assert main(["migrate", str(root), "--write"]) == 0
    written = (root / "terms" / "index.yaml").read_text(encoding="utf-8")
    assert written.splitlines()[0] == SCHEMA_LINE
    terms = _terms(root / "terms" / "index.yaml")
    assert [(term.name, term.definition) for term in terms] == [
        ("Axon", "The long fibre that carries a signal away from the cell body."),
        ("Dendrite", "A branch that receives signals."),
    ]
