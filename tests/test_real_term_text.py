"""Term text is Sphinx content, on a real glossary: Sphinx's own.

Sphinx's documentation (its sdist, see ``real_projects/projects.py`` for the source and the
licence) has a ``.. glossary::`` whose definitions use ``:class:``, ``:doc:``, ``:ref:``,
``:term:``, ``:confval:``, ``:file:``, ``:dfn:`` and a ``code-block``. Its glossary is
imported with ``neuroterms import`` into a term file, the block is replaced by
``.. nterm-glossary::``, and the documentation is built with the extension. Every role must
render as in the original (no literal ``:class:``, no "Unknown interpreted text role"), the
build must warn no more than the original, and tooltips must show what the reader sees.

Slow (Sphinx's documentation is some 300 pages; about a minute per build here); CI runs it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from real_projects.build import Build, fetch_sdist, run_build
from real_projects.compare import warning_difference
from real_projects.projects import SPHINX
from sphinx_util import build_project, link_tooltip, parse_html, tooltips_of, write_project

from sphinx_neuroterms.cli import main as neuroterms

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

_GLOSSARY_BLOCK = re.compile(r"^\.\. glossary::\n.*", re.MULTILINE | re.DOTALL)


def _migrate_glossary(docs: Path) -> dict[str, object]:
    """Import the glossary into a term file and show it with ``nterm-glossary``."""
    terms = docs / "_neuroterms" / "glossary.yaml"
    terms.parent.mkdir()
    assert neuroterms(["import", str(docs / "glossary.rst"), "-o", str(terms)]) == 0
    page = docs / "glossary.rst"
    text = page.read_text(encoding="utf-8")
    page.write_text(_GLOSSARY_BLOCK.sub(".. nterm-glossary::\n", text), encoding="utf-8")
    # Absolute: the build's conf.py lives in a generated folder.
    return {"neuroterms_sources": [str(terms)]}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    sdist = fetch_sdist(SPHINX)
    base = tmp_path_factory.mktemp("sphinx-glossary")
    original = run_build(
        SPHINX, sdist, base / "original", builder="html", extension=False, label="original"
    )
    migrated = run_build(
        SPHINX, sdist, base / "migrated", builder="html", extension=True, label="migrated",
        prepare=_migrate_glossary,
    )
    return original, migrated


def test_the_migrated_glossary_warns_no_more_than_the_original(
    builds: tuple[Build, Build],
) -> None:
    original, migrated = builds
    assert (original.returncode, migrated.returncode) == (0, 0)
    added = Counter(migrated.warning_lines) - Counter(original.warning_lines)
    assert not added, warning_difference(original, migrated)


def test_its_roles_render_as_in_the_original(builds: tuple[Build, Build]) -> None:
    _, migrated = builds
    html = (migrated.outdir / "glossary.html").read_text(encoding="utf-8")
    for source in (":class:", ":doc:", ":ref:", ":term:", ":confval:", ".. code-block::"):
        assert source not in html
    page = parse_html(migrated.outdir / "glossary.html")
    links = {a.text: a.attrs.get("href", "") for a in page.find("a")}
    assert links["Builder"].startswith("extdev/builderapi.html#sphinx.builders.Builder")
    assert links["source directory"].startswith("#nterm-source-directory")
    assert page.find("div", "highlight-rst")  # the directive entry's code block
    # Sphinx's :term: references elsewhere still reach the migrated terms.
    index = parse_html(migrated.outdir / "usage" / "configuration.html")
    assert any(
        a.attrs.get("href", "").startswith("../glossary.html#nterm-") for a in index.find("a")
    )


def test_tooltips_show_what_the_reader_sees(builds: tuple[Build, Build]) -> None:
    _, migrated = builds
    shown = tooltips_of(migrated.outdir / "usage" / "configuration.html")["terms"]
    assert shown
    tooltips = json.dumps(shown)
    assert ":class:" not in tooltips and "~sphinx" not in tooltips


def test_another_project_links_to_its_terms(
    builds: tuple[Build, Build], tmp_path: Path
) -> None:
    """Sphinx's own glossary, published as ``neuroterms.json``, read by a small project
    through ``neuroterms_external``: links to sphinx-doc.org's entries, with the definitions
    Sphinx's docs show as tooltips."""
    _, migrated = builds
    shared = json.loads((migrated.outdir / "neuroterms.json").read_text(encoding="utf-8"))
    names = {term["name"] for term in shared["terms"]}
    assert {"builder", "environment", "source directory"} <= {name.lower() for name in names}
    base = "https://www.sphinx-doc.org/en/master/"
    root = write_project(tmp_path, {
        "conf.py": (
            'extensions = ["sphinx_neuroterms"]\n'
            f'neuroterms_external = {{"sphinx": ("{base}", '
            f'{str(migrated.outdir / "neuroterms.json")!r})}}\n'
        ),
        "index.rst": (
            "Notes\n=====\n\nA :nterm:`sphinx:builder` reads the :nterm:`source directory` "
            "into :nterm:`environments`.\n"
        ),
    })  # fmt: skip
    _app, warnings = build_project(root, "html", freshenv=True)
    assert warnings == []
    page = root / "_build" / "html" / "index.html"
    links = [(a.text, a.attrs["href"], link_tooltip(page, a))
             for a in parse_html(page).find("a", "nterm")]  # fmt: skip
    assert [(text, href) for text, href, _tip in links] == [
        ("builder", f"{base}glossary.html#nterm-builder"),
        ("source directory", f"{base}glossary.html#nterm-source-directory"),
        ("environments", f"{base}glossary.html#nterm-environment"),
    ]
    for _text, _href, tip in links:
        assert tip
        assert ":class:" not in tip and ":term:" not in tip
