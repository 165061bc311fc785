"""Incremental builds: a term edit rewrites exactly the pages that show the term."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

from sphinx_util import (
    build_again,
    build_project,
    copy_root,
    entry_text,
    link_tooltip,
    parse_html,
    read_inventory,
    touch_later,
    write_project,
)

if TYPE_CHECKING:
    from pathlib import Path


def test_term_edit_rewrites_only_pages_that_show_it(tmp_path: Path) -> None:
    root = copy_root("neuroterms-many", tmp_path)
    build_project(root)
    _app, _warnings, written = build_again(root)
    assert written == set()  # nothing changed, nothing written

    term_file = root / "terms" / "balance.txt"
    text = term_file.read_text(encoding="utf-8")
    term_file.write_text(
        text.replace("the steady state", "the shifting equilibrium"), encoding="utf-8"
    )
    touch_later(term_file)
    # Only the glossary shows the text; the pages that link to the term hold only its key
    # (the text is in the site's tooltip files). index is Sphinx's doing: its toctree lists a
    # rewritten page (the glossary).
    app, warnings, written = build_again(root)
    assert written == {"glossary", "index"}
    assert warnings == []
    p01 = app.outdir / "p01.html"
    title = link_tooltip(p01, parse_html(p01).find("a", "nterm")[0]) or ""
    assert title.startswith("Neurochemical Balance is the shifting equilibrium")
    entry = entry_text(app.outdir / "glossary.html", "nterm-neurochemical-balance")
    assert entry.startswith("Neurochemical Balance is the shifting equilibrium")

    # A new reference in a page changes the glossary's backlinks too.
    page = root / "p07.rst"
    # (No future mtime here: Sphinx would then find the page outdated in every later build.)
    page.write_text(page.read_text(encoding="utf-8") + "\nAlso :nterm:`Neurochemical Balance`.\n")
    app, _warnings, written = build_again(root)
    assert written == {"p07", "glossary", "index"}
    backlinks = parse_html(app.outdir / "glossary.html").find("p", "nterm-backlinks")[0]
    assert backlinks.text == "Referenced by: Page 1, Page 2, Page 3, Page 7"

    # Renaming a term file loses nothing; the glossary page, which parses the text of every
    # term file, is read again.
    term_file.rename(term_file.with_name("zz-balance.txt"))
    _app, warnings, written = build_again(root)
    assert written == {"glossary", "index"}
    assert warnings == []

    # Removing a term makes its references warn.
    (root / "terms" / "imbalance.txt").unlink()
    app, warnings, written = build_again(root)
    assert written == {"p04", "p05", "p06", "glossary", "index"}
    assert len(warnings) == 3
    assert all("unknown term 'neurochemical imbalances'" in line for line in warnings)
    assert parse_html(app.outdir / "p04.html").find("a", "nterm") == []


def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    root = copy_root("neuroterms-many", tmp_path)
    app, _warnings = build_project(root, verbosity=1)
    assert "3 parsed, 0 up to date" in app.status.getvalue()
    touch_later(root / "terms" / "state.txt")
    app, _warnings = build_project(root, verbosity=1)
    assert "1 parsed, 2 up to date" in app.status.getvalue()


_REUSED_PLAN_PROJECT = {
    "conf.py": (
        'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms.yaml"]\n'
        "show_warning_types = True\n"  # (Sphinx 7 shows the subtype only when asked)
    ),
    "terms.yaml": (
        "terms:\n"
        "- term: Alpha\n"
        "  definition: The first wave of the tests.\n"
        "  see_also: [Nowhere]\n"
        "  colour: blue\n"
        "- term: Beta\n"
        "  definition: A term that no glossary lists.\n"
    ),
    "index.rst": (
        "Index\n=====\n\n:nterm:`Alpha`, :nterm:`Beta` and Sphinx's :term:`Alpha`.\n\n"
        ".. toctree::\n\n   glossary\n"
    ),
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n   :terms: Alpha\n",
}


def test_a_rebuild_that_reads_nothing_reports_and_links_as_before(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", _REUSED_PLAN_PROJECT)
    app, first_warnings = build_project(root)
    # A problem of the file, one planning finds and one of the whole project.
    subtypes = ("unknown_key", "see_also_unknown", "no_entry")
    assert [any(f"[neuroterms.{name}]" in line for line in first_warnings) for name in subtypes] \
        == [True] * 3
    page = app.outdir / "index.html"
    page.unlink()  # written again from its doctree; no page is read

    app, warnings, written = build_again(root)
    assert written == {"index"}
    assert warnings == first_warnings  # every build reports the project's problems
    # :nterm: and Sphinx's :term: (std:term objects are put back when the plan is reused).
    hrefs = [link.attrs["href"] for link in parse_html(page).find("a", "nterm")]
    assert hrefs == ["glossary.html#nterm-alpha"] * 2
    inventory = read_inventory(app.outdir / "objects.inv")
    assert inventory["std:term"]["Alpha"].endswith("glossary.html#nterm-alpha")

    # Fields swapped inside a term: the same term, but the warning names the new line.
    terms = root / "terms.yaml"
    lines = terms.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3], lines[4] = lines[4], lines[3]  # see_also now on line 5, colour on line 4
    terms.write_text("".join(lines), encoding="utf-8")
    touch_later(terms)
    _app, warnings, written = build_again(root)
    assert written == set()
    lines_of = {
        subtype: [line.partition("terms.yaml:")[2][:1] for line in warnings if subtype in line]
        for subtype in ("see_also_unknown", "unknown_key")
    }
    assert lines_of == {"see_also_unknown": ["5"], "unknown_key": ["4"]}


def test_a_term_file_edit_that_no_page_reads_again_still_shows(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", _REUSED_PLAN_PROJECT)
    build_project(root)
    terms = root / "terms.yaml"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("no glossary lists", "nobody lists"),
        encoding="utf-8",
    )
    touch_later(terms)
    app, _warnings, written = build_again(root)
    assert written == {"index"}  # the link-less Beta holds its text (a title)
    page = app.outdir / "index.html"
    beta = next(link for link in parse_html(page).elements if link.text == "Beta")
    assert link_tooltip(page, beta) == "A term that nobody lists."


def test_files_written_once_per_project_follow_the_plan_and_the_builder(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", _REUSED_PLAN_PROJECT)
    app, _warnings = build_project(root)
    outdir = app.outdir
    tooltips = outdir / "_static" / "neuroterms" / "tooltips"
    files = [outdir / "neuroterms.json", outdir / "neuroterms-report.json"]
    files += sorted(tooltips.iterdir())
    written = [path.stat().st_mtime_ns for path in files]

    # Nothing changed: they are as the last build wrote them.
    build_again(root)
    assert [path.stat().st_mtime_ns for path in files] == written

    # A tooltip file deleted is written again.
    deleted = files[-1]
    content = deleted.read_text(encoding="utf-8")
    deleted.unlink()
    build_again(root)
    assert deleted.read_text(encoding="utf-8") == content

    # A missing one is written again.
    (outdir / "neuroterms.json").unlink()
    build_again(root)
    assert json.loads((outdir / "neuroterms.json").read_text("utf-8"))["terms"][0]["url"] == (
        "glossary.html#nterm-alpha"
    )

    # The builder's settings changed (no page is read, every page is written): URLs follow.
    build_again(root, confoverrides={"html_file_suffix": ".htm"})
    assert (outdir / "index.htm").exists()
    shared = json.loads((outdir / "neuroterms.json").read_text("utf-8"))
    assert shared["terms"][0]["url"] == "glossary.htm#nterm-alpha"

    # A term edited: its tooltip text follows.
    terms = root / "terms.yaml"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("first wave", "opening wave"), encoding="utf-8"
    )
    touch_later(terms)
    build_again(root, confoverrides={"html_file_suffix": ".htm"})
    page = outdir / "index.htm"
    alpha = parse_html(page).find("a", "nterm")[0]
    assert link_tooltip(page, alpha) == "The opening wave of the tests."


def test_kept_files_written_since_by_another_doctree_folder_are_written_again(
    tmp_path: Path,
) -> None:
    """One output folder, two doctree folders (``sphinx-build -d``): each build's note of what
    it wrote is in its own doctree folder, so the files must show what wrote them last."""
    root = write_project(tmp_path / "project", _REUSED_PLAN_PROJECT)
    out = tmp_path / "out"

    def build(doctrees: str) -> None:
        command = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
        command += ["-d", str(tmp_path / doctrees), str(root), str(out)]
        subprocess.run(command, check=True, capture_output=True)

    def beta_definition() -> str:
        shared = json.loads((out / "neuroterms.json").read_text("utf-8"))
        return next(term["definition"] for term in shared["terms"] if term["name"] == "Beta")

    terms = root / "terms.yaml"
    original = terms.read_text(encoding="utf-8")
    build("doctrees-a")
    terms.write_text(original.replace("no glossary lists", "nobody lists"), encoding="utf-8")
    touch_later(terms)
    build("doctrees-b")
    assert beta_definition() == "A term that nobody lists."
    terms.write_text(original, encoding="utf-8")
    touch_later(terms)
    build("doctrees-a")  # the plan of its last build holds again, but the files changed since
    assert beta_definition() == "A term that no glossary lists."
