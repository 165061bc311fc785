"""Automatic links (``neuroterms_autolink``): the first plain mention per section links.

Built from a project written here, in reST and MyST, serial and ``-j 2``, and again after a
term is added.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS = """\
terms:
- term: Neurochemical Balance
  definition: Messengers in proportion.
- term: Neurochemical Balance State
  definition: The steady state of that balance.
- term: GABA
  definition: The main inhibitory messenger.
- term: Receptor
  definition: A protein that a messenger binds.
- term: Tone
  definition: A lasting level of activity.
  autolink: false
"""

FILES = {
    "conf.py": (
        'extensions = ["sphinx_neuroterms", "myst_parser"]\n'
        'neuroterms_sources = ["terms.yaml"]\nneuroterms_autolink = True\n'
        'myst_enable_extensions = ["dollarmath"]\nshow_warning_types = True\n'
        'neuroterms_lint = ["avoid", "unlinked"]\n'
    ),
    "terms.yaml": TERMS,
    "index.rst": (
        "Index\n=====\n\n.. toctree::\n\n   notes\n   off\n   glossary\n\n"
        "The neurochemical balance state differs from a neurochemical balance. Receptors bind "
        "GABA; gaba is a word, GABA again. The tone of a receptor.\n\n"
        "``receptor`` in code, :math:`receptor`, a :doc:`receptor <notes>` link and "
        "`receptor <https://example.org>`_ stay.\n\n"
        "Receptor section\n----------------\n\nA receptor here links again, and a "
        ":nterm:`GABA` link is already there, so GABA stays text.\n\n"
        ".. only:: latex\n\n   Neurochemical balance only in LaTeX.\n\n"
        "Plural section\n--------------\n\n:nterm:`Receptors <receptors>` by hand, so a "
        "receptor stays text here, and after :term:`GABA` so does GABA.\n"
    ),
    "notes.md": (
        "# Notes about receptors\n\nA receptor, in MyST. `receptor` is code, $receptor$ math.\n"
    ),
    "off.rst": ":neuroterms-autolink: false\n\nOff\n===\n\nA receptor, not linked here.\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    pytest.importorskip("myst_parser")
    return write_project(tmp_path / "docs", FILES)


def _links(page: Path) -> list[tuple[str, str]]:
    """``(text, href)`` of each term link of a page's body (not its list of terms)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("div.body, div[role=main], article, main") or soup
    return [(a.get_text(), str(a["href"])) for a in body.select("a[data-nterm]")]


def test_first_mentions_per_section_link(project: Path) -> None:
    _, warnings = build_project(project, freshenv=True)
    # What is linked is not "unlinked"; what opted out (a term, a page) still is.
    assert [line.replace(f"{project}/", "") for line in warnings] == [
        (
            "index.rst:10: WARNING: 'tone' mentions term 'Tone', which this page never links "
            "[neuroterms.unlinked]"
        ),
        (
            "off.rst:6: WARNING: 'receptor' mentions term 'Receptor', which this page never "
            "links [neuroterms.unlinked]"
        ),
    ]
    out = project / "_build/html"
    assert _links(out / "index.html") == [
        # The longest name wins; then each term once per section; acronyms only in capitals;
        # "tone" opts out; code, math, links and the LaTeX-only block stay.
        ("neurochemical balance state", "glossary.html#nterm-neurochemical-balance-state"),
        ("neurochemical balance", "glossary.html#nterm-neurochemical-balance"),
        ("Receptors", "glossary.html#nterm-receptor"),
        ("GABA", "glossary.html#nterm-gaba"),
        # A new section: the first mention links again; GABA, linked there by hand (this
        # is that link), is not linked again.
        ("receptor", "glossary.html#nterm-receptor"),
        ("GABA", "glossary.html#nterm-gaba"),
        # Linked by hand by a plural, and by Sphinx's :term: role: not linked again.
        ("Receptors", "glossary.html#nterm-receptor"),
        ("GABA", "glossary.html#nterm-gaba"),
    ]
    assert _links(out / "notes.html") == [("receptor", "glossary.html#nterm-receptor")]
    assert _links(out / "off.html") == []  # the page opted out
    # The glossary's own text and titles are not linked.
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    assert "Messengers in proportion." in glossary


def test_serial_and_parallel_alike(project: Path, tmp_path: Path) -> None:
    parallel = tmp_path / "parallel"
    shutil.copytree(project, parallel)
    build_project(project, freshenv=True)
    build_project(parallel, freshenv=True, parallel=2)
    for page in ("index.html", "notes.html", "glossary.html"):
        assert (parallel / "_build/html" / page).read_bytes() == (
            project / "_build/html" / page
        ).read_bytes()


def test_a_new_term_links_its_mentions_on_the_next_build(project: Path) -> None:
    build_project(project, freshenv=True)
    (project / "terms.yaml").write_text(
        TERMS + "- term: Protein\n  definition: A chain of amino acids.\n", encoding="utf-8"
    )
    build_project(project)
    assert ("protein", "glossary.html#nterm-protein") not in _links(
        project / "_build/html/index.html"
    )  # "protein" appears in definitions only, which are not linked
    (project / "notes.md").write_text("# Notes about receptors\n\nA protein.\n", encoding="utf-8")
    (project / "terms.yaml").write_text(
        TERMS + "- term: Ligand\n  definition: What binds a receptor.\n", encoding="utf-8"
    )
    (project / "off.rst").write_text("Off\n===\n\nA ligand.\n", encoding="utf-8")
    build_project(project)
    assert _links(project / "_build/html/off.html") == [("ligand", "glossary.html#nterm-ligand")]
    # Every page was read again, and the pages that mention the new term show it.
    assert ("Receptors", "glossary.html#nterm-receptor") in _links(
        project / "_build/html/index.html"
    )


def test_off_by_default_and_a_page_may_opt_in(project: Path) -> None:
    (project / "notes.md").write_text(
        "---\nneuroterms-autolink: true\n---\n" + FILES["notes.md"], encoding="utf-8"
    )
    _, warnings = build_project(
        project, freshenv=True, confoverrides={"neuroterms_autolink": False}
    )
    assert _links(project / "_build/html/index.html") == [  # the links written by hand
        ("GABA", "glossary.html#nterm-gaba"),
        ("Receptors", "glossary.html#nterm-receptor"),
        ("GABA", "glossary.html#nterm-gaba"),
    ]
    assert any("[neuroterms.unlinked]" in line for line in warnings)
    assert _links(project / "_build/html/notes.html") == [
        ("receptor", "glossary.html#nterm-receptor")
    ]


def test_a_page_of_ten_thousand_mentions(tmp_path: Path) -> None:
    """One pass over each text: the page builds, and each section links a term once."""
    sentence = "A receptor meets a neurochemical balance state near GABA. "
    root = write_project(
        tmp_path,
        {
            "conf.py": FILES["conf.py"].replace(', "myst_parser"', ""),
            "terms.yaml": TERMS,
            "index.rst": "Many\n====\n\n.. toctree::\n\n   glossary\n\n" + sentence * 3400 + "\n",
            "glossary.rst": FILES["glossary.rst"],
        },
    )
    build_project(root, freshenv=True)
    assert [text for text, _ in _links(root / "_build/html/index.html")] == [
        "receptor",
        "neurochemical balance state",
        "GABA",
    ]
