"""The ``unlinked`` check counts every link a page shows to a term: a see-also line of an
``.. nterm::`` definition, or of a glossary entry on the page, links the term too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, write_project

if TYPE_CHECKING:
    from pathlib import Path

CONF = (
    "extensions = ['sphinx_neuroterms']\nneuroterms_sources = ['terms.json']\n"
    "show_warning_types = True\nneuroterms_lint = ['unlinked']\n"
)

TERMS = {
    "terms": [
        {"term": "Receptor", "definition": "A protein that binds a messenger."},
        {"term": "Desensitization", "definition": "A fading response.", "see_also": ["Receptor"]},
    ]
}


def project(root: Path, pages: dict[str, str]) -> Path:
    names = "".join(f"   {name.removesuffix('.rst')}\n" for name in pages)
    return write_project(root, {
        "conf.py": CONF,
        "terms.json": json.dumps(TERMS),
        "index.rst": f"Index\n=====\n\n.. toctree::\n\n{names}",
        **pages,
    })


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_see_also_line_links_its_terms(tmp_path: Path, parallel: int) -> None:
    project(tmp_path, {
        # The case: the directive's see-also link is the page's link to Receptor.
        "sensitivity.rst": (
            "Sensitivity\n===========\n\n.. nterm:: Receptor Sensitivity\n"
            "   :see-also: Receptor\n\n   How strongly a receptor responds.\n\n"
            "Each receptor adapts.\n"
        ),
        # A glossary entry's see-also line links Receptor from the glossary's page.
        "glossary.rst": (
            "Glossary\n========\n\nWhat a receptor does over time.\n\n"
            ".. nterm-glossary::\n   :terms: Desensitization\n"
        ),
        # No link at all: still a finding.
        "plain.rst": "Plain\n=====\n\nA receptor binds.\n",
    })
    _app, warnings = build_project(tmp_path, freshenv=True, parallel=parallel)
    assert warnings == [
        (f"{tmp_path}/plain.rst:4: WARNING: 'receptor' mentions term 'Receptor', which this "
         "page never links [neuroterms.unlinked]")
    ]
