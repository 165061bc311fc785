"""Adding the extension to a project that builds never makes it fail or warn more.

Each case builds one small project twice, without and then with ``sphinx_neuroterms`` in
``extensions``, and compares what the user gets: the warnings and the written pages. The real
third-party projects are built the same way in ``test_do_no_harm.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, write_project

if TYPE_CHECKING:
    from pathlib import Path


def build_twice(
    root: Path, files: dict[str, str], conf: str = "", buildername: str = "html",
    extensions: tuple[str, ...] = (),
) -> tuple[list[str], list[str]]:
    """The warnings of a build without the extension, then of one with it (same folder)."""
    results = []
    for added in ((), ("sphinx_neuroterms",)):
        names = [*extensions, *added]
        conf_py = f"extensions = {names!r}\nshow_warning_types = True\n{conf}"
        write_project(root, {"conf.py": conf_py, **files})
        _, warnings = build_project(root, buildername, freshenv=True)
        results.append(warnings)
    return results[0], results[1]


@pytest.mark.parametrize("buildername", ["html", "text", "latex"])
def test_unresolved_any_reference_only_warns(tmp_path: Path, buildername: str) -> None:
    files = {
        "index.rst": "Title\n=====\n\nAn :any:`unknown thing` and `backticked text`.\n",
    }
    without, with_extension = build_twice(
        tmp_path, files, conf='default_role = "any"\n', buildername=buildername
    )
    assert any("unknown thing" in line for line in without)
    assert with_extension == without


# myst-parser's own resolver uses an attribute that Sphinx 9 deprecates; not ours to fix.
@pytest.mark.filterwarnings("ignore:.*MystReferenceResolver.app:PendingDeprecationWarning")
def test_myst_links_do_not_warn(tmp_path: Path) -> None:
    pytest.importorskip("myst_parser")
    files = {
        "index.md": (
            "# Title\n\n(a-label)=\n## Section\n\n"
            "A [link to a label](a-label), a [document link](other.md), "
            "a [missing one](nowhere) and <https://example.org>.\n\n"
            "```{toctree}\nother\n```\n"
        ),
        "other.md": "# Other\n\nText.\n",
    }
    without, with_extension = build_twice(
        tmp_path, files, conf="myst_heading_anchors = 2\n", extensions=("myst_parser",)
    )
    assert with_extension == without


@pytest.mark.parametrize("buildername", ["html", "dirhtml", "singlehtml"])
def test_pages_without_terms_are_byte_identical(tmp_path: Path, buildername: str) -> None:
    # With the extension, one page uses a term; the other pages must be exactly what Sphinx
    # alone writes: no script, no style sheet, no data block.
    pages = {
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   plain\n   uses\n",
        "plain.rst": "Plain\n=====\n\nNothing about terms here.\n",
        "terms.yaml": "terms:\n  - term: Serotonin\n    definition: A monoamine.\n",
    }
    outputs = []
    for uses, conf in [
        ("Uses\n====\n\nSerotonin, a word.\n", "extensions = []\n"),
        (
            "Uses\n====\n\n:nterm:`Serotonin`, a word.\n\n.. nterm-glossary::\n",
            "extensions = ['sphinx_neuroterms']\nneuroterms_sources = ['terms.yaml']\n",
        ),
    ]:
        root = tmp_path / str(len(outputs))
        write_project(root, {"conf.py": conf, **pages, "uses.rst": uses})
        app, warnings = build_project(root, buildername, freshenv=True)
        assert warnings == []
        outputs.append(app.outdir)
    without, with_extension = outputs
    unchanged = [p.relative_to(without) for p in without.rglob("*.html")]
    if buildername == "singlehtml":
        unchanged = []  # one page holds everything, the term included
    assert unchanged or buildername == "singlehtml"
    for page in unchanged:
        if {page.stem, page.parent.name} & {"uses", "genindex"}:
            continue  # the page with the term, and the index that lists the term
        assert (with_extension / page).read_bytes() == (without / page).read_bytes(), page
    uses_page = "uses.html" if buildername == "html" else (
        "uses/index.html" if buildername == "dirhtml" else "index.html"
    )
    assert "neuroterms.js" in (with_extension / uses_page).read_text(encoding="utf-8")
