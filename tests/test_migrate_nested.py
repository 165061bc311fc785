"""``neuroterms migrate`` rewrites every reference of a definition, inside directives too
(issue 23, item 7).

A ``{term}`` in a ```` ```{seealso} ```` fence of a MyST glossary or on its fence line
(``~~~{seealso} {term}`Soma```, CommonMark allows no backtick there), a ``:term:`` on the line
of a ``.. seealso::`` or in a ``.. tip::`` inside a ``.. note::``: each becomes a term
reference, and the built glossary links it; code stays as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import yaml
from sphinx_util import build_project, write_project

from sphinx_neuroterms.cli import main

if TYPE_CHECKING:
    from pathlib import Path

MYST_GLOSSARY = """\
# Glossary

````{glossary}
Axon
  The long fibre of a neuron.

  ```{seealso}
  {term}`Dendrite` and {term}`Soma`.
  ```

Dendrite
  A branch that receives signals.

  ~~~{seealso} {term}`Soma`
  ~~~

  ::::{note}
  :::{tip}
  Compare {term}`Axon`, not `` {term}`Axon` `` in code.
  :::
  ::::

Soma
  The cell body; see {term}`Axon`.
````
"""

RST_GLOSSARY = """\
Glossary
========

.. glossary::

   Axon
      The long fibre of a neuron.

      .. seealso:: :term:`Dendrite` and :term:`Soma`.

   Dendrite
      A branch that receives signals.

      .. seealso::

         :term:`Soma`

      .. note::

         .. tip:: Compare :term:`Axon`, not ``:term:`Axon``` in code.

   Soma
      The cell body; see :term:`Axon`.
"""

PROJECTS = {
    "myst": {
        "conf.py": 'extensions = ["myst_parser"]\nmyst_enable_extensions = ["colon_fence"]\n',
        "index.md": "# Home\n\n```{toctree}\nglossary\n```\n",
        "glossary.md": MYST_GLOSSARY,
    },
    "rst": {
        "conf.py": "extensions = []\n",
        "index.rst": "Home\n====\n\n.. toctree::\n\n   glossary\n",
        "glossary.rst": RST_GLOSSARY,
    },
}

#: The code the definitions show, which stays as written.
CODE = {"myst": "`` {term}`Axon` ``", "rst": "``:term:`Axon```"}


@pytest.mark.parametrize("kind", ["myst", "rst"])
def test_references_inside_directives_of_definitions_are_rewritten(
    tmp_path: Path, kind: str
) -> None:
    if kind == "myst":
        pytest.importorskip("myst_parser")
    root = write_project(tmp_path, PROJECTS[kind])
    assert main(["migrate", str(root), "--write"]) == 0
    (term_file,) = (root / "terms").iterdir()
    definitions = {
        term["term"]: term["definition"]
        for term in yaml.safe_load(term_file.read_text(encoding="utf-8"))["terms"]
    }
    for name, definition in definitions.items():
        without_code = definition.replace(CODE[kind], "")
        assert "{term}" not in without_code, name
        assert ":term:" not in without_code, name
    assert CODE[kind] in definitions["Dendrite"]

    app, warnings = build_project(root, freshenv=True)
    assert warnings == []
    see_also = [
        [(link.get_text(), link["href"]) for link in box.select("a.nterm")]
        for box in _soup(app.outdir / "glossary.html").select("div.seealso")
    ]
    assert see_also == [
        [("Dendrite", "#nterm-dendrite"), ("Soma", "#nterm-soma")],
        [("Soma", "#nterm-soma")],
    ]
    (tip,) = _soup(app.outdir / "glossary.html").select("div.tip")
    assert [(link.get_text(), link["href"]) for link in tip.select("a.nterm")] == [
        ("Axon", "#nterm-axon")
    ]
    assert "Compare Axon" in tip.get_text()


def _soup(page: Path) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
