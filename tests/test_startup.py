"""A project that loads the extension and has no terms pays for registering it, not for the
machinery behind it (start-up cost, ``docs/performance.md``).

Each build runs in a fresh interpreter, which then lists the package's modules it imported:
the loaders, the plan, the resolver and the writers of glossaries and links stay unloaded
until a project has terms. The same probe on a project with one term file is the control.
A project that gets its first term, or loses its last, builds as if the extension had
always been at work.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_again, build_project, parse_html, touch_later, write_project

if TYPE_CHECKING:
    from pathlib import Path

#: What a project with terms needs and a project without never should.
MACHINERY = {
    "sphinx_neuroterms.loaders",
    "sphinx_neuroterms.project.term_files",
    "sphinx_neuroterms.project.plan",
    "sphinx_neuroterms.project.after_reading",
    "sphinx_neuroterms.domain.records",
    "sphinx_neuroterms.domain.resolve",
    "sphinx_neuroterms.output.glossary_entries",
    "sphinx_neuroterms.output.report",
    "sphinx_neuroterms.output.terms_json",
    "sphinx_neuroterms.terms.catalog",
}

#: Builds the project given as the first argument; prints the exit status and our modules.
PROBE = """\
import json, sys
from sphinx.cmd.build import main
status = main(["-b", sys.argv[2], "-q", "-E", sys.argv[1], sys.argv[1] + "/_build"])
loaded = sorted(name for name in sys.modules if name.startswith("sphinx_neuroterms"))
print(json.dumps([status, loaded]))
"""

#: Sphinx's own glossary, ``:term:`` and ``:any:``: what the extension's handlers meet in a
#: project that has not (yet) any term of its own.
PAGE = """\
Start
=====

.. glossary::

   Synapse
      Where two neurons meet.

A :term:`synapse`, an :any:`Synapse`, and :any:`nothing known` (a miss).
"""


def loaded_modules(root: Path, buildername: str = "html") -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(root), buildername],
        capture_output=True, text=True, check=True,
    )
    status, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 0, result.stderr
    return set(loaded)


def test_a_project_without_terms_loads_no_machinery(tmp_path: Path) -> None:
    conf = 'extensions = ["sphinx_neuroterms"]\nexclude_patterns = ["_build"]\n'
    write_project(tmp_path, {"conf.py": conf, "index.rst": PAGE})
    loaded = loaded_modules(tmp_path)
    assert "sphinx_neuroterms.extension" in loaded
    assert not loaded & MACHINERY, sorted(loaded & MACHINERY)


def test_a_project_with_terms_loads_it(tmp_path: Path) -> None:
    conf = (
        'extensions = ["sphinx_neuroterms"]\nexclude_patterns = ["_build"]\n'
        'neuroterms_sources = ["terms.yaml"]\n'
    )
    terms = "terms:\n  - term: Dopamine\n    definition: A neurotransmitter of reward.\n"
    page = "Start\n=====\n\n:nterm:`Dopamine`\n\n.. nterm-glossary::\n"
    write_project(tmp_path, {"conf.py": conf, "index.rst": page, "terms.yaml": terms})
    assert loaded_modules(tmp_path) >= MACHINERY


CONF = 'extensions = ["sphinx_neuroterms"]\nexclude_patterns = ["_build"]\n'
INDEX = "Index\n=====\n\n.. toctree::\n\n   a\n   z\n"


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_first_term_reaches_pages_not_read_again(tmp_path: Path, parallel: int) -> None:
    """Pages whose ``:term:`` and ``:any:`` had nothing to reach are written again when a
    page defines the project's first term."""
    write_project(tmp_path, {
        "conf.py": CONF, "index.rst": INDEX,
        "a.rst": "A\n=\n\nSee :term:`Dopamine` and :any:`dopamine`.\n",
        "z.rst": "Z\n=\n\nNothing yet.\n",
    })
    build_project(tmp_path, parallel=parallel)
    z = tmp_path / "z.rst"
    z.write_text(
        "Z\n=\n\n.. nterm:: Dopamine\n\n   A neurotransmitter of reward.\n", encoding="utf-8"
    )
    touch_later(z)
    app, _warnings, written = build_again(tmp_path, parallel=parallel)
    assert "a" in written
    links = parse_html(app.outdir / "a.html").find("a")
    targets = {link.attrs.get("href") for link in links}
    assert "z.html#nterm-dopamine" in targets


def test_a_fresh_build_without_terms_leaves_none_of_their_files(tmp_path: Path) -> None:
    """Tooltip files and the term texts' catalog of an earlier build with terms go when a
    fresh build (``-E``) has none."""
    with_terms = {
        "conf.py": CONF + 'neuroterms_sources = ["terms.yaml"]\n',
        "terms.yaml": "terms:\n  - term: Dopamine\n    definition: A neurotransmitter.\n",
        "index.rst": "Index\n=====\n\n:nterm:`Dopamine`\n\n.. nterm-glossary::\n",
    }
    without = {"conf.py": CONF, "index.rst": "Index\n=====\n\nNo term.\n"}
    outputs = {"html": ("_static", "neuroterms", "tooltips"), "gettext": ("neuroterms-terms.pot",)}
    for buildername, parts in outputs.items():
        root = tmp_path / buildername
        write_project(root, with_terms)
        app, _ = build_project(root, buildername, freshenv=True)
        assert app.outdir.joinpath(*parts).exists()
        (root / "terms.yaml").unlink()
        write_project(root, without)
        app, _ = build_project(root, buildername, freshenv=True)
        assert not app.outdir.joinpath(*parts).exists()
