"""Incremental builds: a term edit rewrites exactly the pages that show the term."""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING

import pytest
from sphinx_util import link_tooltip, parse_html, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WRITING = re.compile(r"writing output\.\.\. \[ *\d+%\] (\S+)")


def _rebuild(app: SphinxTestApp) -> set[str]:
    """Build again; return the docnames written."""
    app.status.seek(0)
    app.status.truncate()
    app.warning.seek(0)
    app.warning.truncate()
    app.build()
    return set(_WRITING.findall(_ANSI.sub("", app.status.getvalue())))


def _touch_later(path: Path) -> None:
    # A clearly newer mtime, so the edit is seen even on coarse file-system clocks.
    later = time.time() + 5
    os.utime(path, (later, later))


@pytest.mark.sphinx("html", testroot="neuroterms-many", srcdir="many-incremental")
def test_term_edit_rewrites_only_pages_that_show_it(app: SphinxTestApp) -> None:
    app.build()
    assert _rebuild(app) == set()  # nothing changed, nothing written

    term_file = app.srcdir / "terms" / "balance.txt"
    text = term_file.read_text(encoding="utf-8")
    term_file.write_text(
        text.replace("the steady state", "the shifting equilibrium"), encoding="utf-8"
    )
    _touch_later(term_file)
    # Only the glossary shows the text; the pages that link to the term hold only its key
    # (the text is in the site's tooltip files). index is Sphinx's doing: its toctree lists a
    # rewritten page (the glossary).
    assert _rebuild(app) == {"glossary", "index"}
    assert warnings_of(app.warning) == []
    p01 = app.outdir / "p01.html"
    title = link_tooltip(p01, parse_html(p01).find("a", "nterm")[0]) or ""
    assert title.startswith("Neurochemical Balance is the shifting equilibrium")
    assert "the shifting equilibrium" in (app.outdir / "glossary.html").read_text(encoding="utf-8")

    # A new reference in a page changes the glossary's backlinks too.
    page = app.srcdir / "p07.rst"
    # (No future mtime here: Sphinx would then find the page outdated in every later build.)
    page.write_text(page.read_text(encoding="utf-8") + "\nAlso :nterm:`Neurochemical Balance`.\n")
    assert _rebuild(app) == {"p07", "glossary", "index"}
    backlinks = parse_html(app.outdir / "glossary.html").find("p", "nterm-backlinks")[0]
    assert backlinks.text == "Referenced by: Page 1, Page 2, Page 3, Page 7"

    # Renaming a term file loses nothing; the glossary page, which parses the text of every
    # term file, is read again.
    term_file.rename(term_file.with_name("zz-balance.txt"))
    assert _rebuild(app) == {"glossary", "index"}
    assert warnings_of(app.warning) == []

    # Removing a term makes its references warn.
    (app.srcdir / "terms" / "imbalance.txt").unlink()
    assert _rebuild(app) == {"p04", "p05", "p06", "glossary", "index"}
    warnings = warnings_of(app.warning)
    assert len(warnings) == 3
    assert all("unknown term 'neurochemical imbalances'" in line for line in warnings)
    assert parse_html(app.outdir / "p04.html").find("a", "nterm") == []


@pytest.mark.sphinx("html", testroot="neuroterms-many", srcdir="many-cache", verbosity=1)
def test_unchanged_files_are_not_parsed_again(app: SphinxTestApp) -> None:
    app.build()
    assert "3 parsed, 0 up to date" in app.status.getvalue()
    _touch_later(app.srcdir / "terms" / "state.txt")
    _rebuild(app)
    assert "1 parsed, 2 up to date" in app.status.getvalue()
