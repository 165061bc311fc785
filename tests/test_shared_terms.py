"""``neuroterms.json``: the terms another project can read, written beside ``objects.inv``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, write_project

if TYPE_CHECKING:
    from pathlib import Path

FILES = {
    "conf.py": (
        'project = "Lab"\nextensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n'
    ),
    "t.yaml": (
        "terms:\n- term: Serotonin\n  aliases: [5-HT]\n  tags: [monoamine]\n"
        "  definition: A messenger made from :nterm:`tryptophan`, *mostly* in the gut.\n"
        "- term: Tryptophan\n  definition: An amino acid.\n"
    ),
    "index.rst": "Lab\n===\n\n.. toctree::\n\n   glossary\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n   :terms: Serotonin\n",
}


@pytest.mark.parametrize(
    ("builder", "url"),
    [
        ("html", "glossary.html#nterm-serotonin"),
        ("dirhtml", "glossary/#nterm-serotonin"),
        ("singlehtml", "index.html#nterm-serotonin"),
    ],
)
def test_written_by_html_builders(tmp_path: Path, builder: str, url: str) -> None:
    root = write_project(tmp_path, FILES)
    build_project(root, builder, freshenv=True)
    data = json.loads((root / "_build" / builder / "neuroterms.json").read_text("utf-8"))
    assert (data["format"], data["version"], data["project"]) == (
        "sphinx-neuroterms terms", 2, "Lab"
    )
    assert data["terms"] == [
        {
            "name": "Serotonin",
            "aliases": ["5-HT"],
            "definition": "A messenger made from tryptophan, mostly in the gut.",
            "tags": ["monoamine"],
            "url": url,
            "identifiers": [],
        },
        # No glossary lists it: nowhere to link to.
        {"name": "Tryptophan", "aliases": [], "definition": "An amino acid.", "tags": [],
         "url": None, "identifiers": []},
    ]  # fmt: skip


@pytest.mark.parametrize("builder", ["text", "epub"])
def test_not_written_by_other_builders(tmp_path: Path, builder: str) -> None:
    root = write_project(tmp_path, FILES)
    build_project(root, builder, freshenv=True)
    assert not (root / "_build" / builder / "neuroterms.json").exists()


def test_not_written_without_terms(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"conf.py": 'extensions = ["sphinx_neuroterms"]\n', "index.rst": "A\n=\n"}
    )
    build_project(root, freshenv=True)
    assert not (root / "_build/html/neuroterms.json").exists()


def test_one_term_per_line(tmp_path: Path) -> None:
    """Both JSON files list a term per line (they read and diff well), and stay JSON."""
    root = write_project(tmp_path, FILES)
    build_project(root, freshenv=True)
    for name, terms_key in (("neuroterms.json", "terms"), ("neuroterms-report.json", "terms")):
        text = (root / "_build" / "html" / name).read_text("utf-8")
        data = json.loads(text)
        term_lines = [line for line in text.splitlines() if line.startswith("    ")]
        assert len(term_lines) == len(data[terms_key]) == 2
        assert all("Serotonin" in line or "Tryptophan" in line for line in term_lines)
