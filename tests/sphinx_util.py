"""Helpers shared by the tests: building projects, reading built HTML and warnings.

Every test builds a project one way: ``build_project`` on a folder, written by
``write_project`` from the test's own text or copied from ``tests/roots`` by ``copy_root``.
A rebuild is ``build_project`` again without ``freshenv``; ``build_again`` also says which
pages it wrote, and ``touch_later`` makes an edit newer than the last build without sleeping.

(No tests here; pytest puts this folder on ``sys.path``, so the other files import it.)
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: The shared test projects, ``test-<name>`` folders.
ROOTS = Path(__file__).parent.resolve() / "roots"


@dataclass
class Element:
    """One start tag and the text inside it."""

    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def classes(self) -> list[str]:
        """The ``class`` attribute, split."""
        return self.attrs.get("class", "").split()


@dataclass
class Page:
    """What a test needs from a built HTML page."""

    elements: list[Element] = field(default_factory=list)

    @property
    def ids(self) -> set[str]:
        """Every ``id`` in the page."""
        return {element.attrs["id"] for element in self.elements if "id" in element.attrs}

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        """Elements by tag and, optionally, one class."""
        return [
            element
            for element in self.elements
            if element.tag == tag and (cls is None or cls in element.classes)
        ]

    def by_id(self, element_id: str) -> Element:
        """The element with an id."""
        return next(element for element in self.elements if element.attrs.get("id") == element_id)


def parse_html(path: Path) -> Page:
    """Parse a built HTML file with BeautifulSoup (Python's own HTML parser underneath).

    Each element keeps its attributes (multi-valued ones such as ``class`` joined by spaces,
    as written) and the text of everything inside it.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    page = Page()
    for tag in soup.find_all(True):
        attrs = {
            name: " ".join(value) if isinstance(value, list) else str(value)
            for name, value in tag.attrs.items()
        }
        page.elements.append(Element(tag.name, attrs, tag.get_text()))
    return page


def entry_text(path: Path, entry_id: str) -> str:
    """The text of a glossary entry of a built HTML page: the ``dd`` after the ``dt`` with
    ``entry_id`` (its definition, sections and backlinks)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    term = soup.find("dt", id=entry_id)
    assert term is not None, f"no entry {entry_id!r} in {path.name}"
    definition = term.find_next_sibling("dd")
    assert definition is not None, f"entry {entry_id!r} has no definition"
    return str(definition.get_text())


def warnings_of(warning: StringIO) -> list[str]:
    """The warning lines of a build, without colour codes."""
    return [line for line in _ANSI.sub("", warning.getvalue()).splitlines() if line.strip()]


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write a small Sphinx project (``conf.py`` and pages) under ``root``; return ``root``.

    Projects built from a test's own text keep each case readable in one place; shared
    projects live in ``tests/roots``.
    """
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def copy_root(name: str, folder: Path) -> Path:
    """Copy the test project ``tests/roots/test-<name>`` into ``folder`` (as ``<name>``),
    unless it is there already (a second build of the same copy); return the copy."""
    target = folder / name
    if not target.exists():
        shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def build_project(
    root: Path, buildername: str = "html", *, builddir: Path | None = None, **options: Any
) -> tuple[SphinxTestApp, list[str]]:
    """Build the project at ``root`` with Sphinx's test application; return it and its warnings.

    The output goes to ``root / "_build"`` unless ``builddir`` says otherwise; ``options`` go
    to the application (``freshenv``, ``confoverrides``, ``parallel``, ``verbosity``…). Its
    ``status`` keeps the build's log. Building again without ``freshenv`` is an incremental
    build. An exception raised by the build (an extension crash) propagates, failing the test.
    """
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        buildername, srcdir=root, builddir=builddir or root / "_build", status=status,
        warning=warning, **options,
    )
    try:
        app.build()
    finally:
        app.cleanup()  # restore docutils' registries, so the next app registers afresh
    return app, warnings_of(warning)


def build_again(
    root: Path, buildername: str = "html", **options: Any
) -> tuple[SphinxTestApp, list[str], set[str]]:
    """Build the project at ``root`` again, incrementally; also return the pages written.

    The pages are the documents (by docname) whose ``.html`` file the build wrote, serial or
    ``-j`` (whose log names chunks, not pages); Sphinx's own pages (search, genindex), which
    every build writes, are left out. Before building, every
    output page gets one mtime, a second later than any file of the project, so that a page
    written now has another one whatever the clock's resolution (no sleeping); the pages
    stay newer than their sources, so Sphinx does not find them outdated for it.
    """
    outdir = (options.get("builddir") or root / "_build") / buildername
    pages = sorted(outdir.rglob("*.html"))
    newest = max(path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file())
    stamp = newest + 1_000_000_000
    for page in pages:
        os.utime(page, ns=(stamp, stamp))
    app, warnings = build_project(root, buildername, **options)
    written = {
        page.relative_to(outdir).with_suffix("").as_posix()
        for page in outdir.rglob("*.html")
        if page.stat().st_mtime_ns != stamp
    }
    return app, warnings, written & app.env.found_docs


def touch_later(path: Path) -> None:
    """Give an edited file an mtime clearly later than now (rather than sleeping), so the
    next build sees the edit even on a coarse file-system clock."""
    later = time.time() + 5
    os.utime(path, (later, later))


def read_inventory(path: Path) -> dict[str, dict[str, str]]:
    """An ``objects.inv``: each object type to its names and their URIs."""
    import posixpath

    from sphinx.util.inventory import InventoryFile

    with path.open("rb") as stream:
        data = InventoryFile.load(stream, "", posixpath.join)
    return {
        objtype: {name: getattr(item, "uri", None) or item[2] for name, item in items.items()}
        for objtype, items in data.items()
    }


def tooltips_of(page: Path) -> dict[str, dict[str, list[str]]]:
    """What a built page's tooltips show: ``{"terms": {key: [name, text]}, "std": {…}}``.

    The page's own data block, plus the record of each ``data-nterm`` key of its links from
    the project's tooltip files (``_static/neuroterms/tooltips/``), as the script loads them:
    what a reader sees, wherever the extension keeps it. Keys without a text are left out.
    """
    import json

    parsed = parse_html(page)
    found: dict[str, dict[str, list[str]]] = {"terms": {}}
    for script in parsed.find("script"):
        if script.attrs.get("id") == "nterm-tooltips":
            found = json.loads(script.text)
    root = next(folder for folder in page.parents if (folder / "_static").is_dir())
    texts = root / "_static" / "neuroterms" / "tooltips"
    for element in parsed.elements:
        key = element.attrs.get("data-nterm")
        if key is None or key in found["terms"]:
            continue
        record = _texts_record(texts, key)
        if record is not None:
            found["terms"][key] = record
    return found


def _texts_record(texts: Path, key: str) -> list[str] | None:
    """A key's record in the tooltip files, found as the script finds it: the file of its
    first two characters, then one character more while a file says its group goes deeper."""
    import json

    depth = 2
    while True:
        name = "-".join(f"{ord(character):x}" for character in key[:depth])
        path = texts / f"{name}.js"
        if not path.exists():
            return None
        call = path.read_text(encoding="utf-8")
        deeper = call.endswith(f', "{name}");\n')
        end = -len(f', "{name}");\n') if deeper else -len(");\n")
        assert call.startswith("ntermTooltipTexts(") and call.endswith(");\n")
        records = {
            record[0]: record[1:] for record in json.loads(call[len("ntermTooltipTexts(") : end])
        }
        if key in records:
            return records[key]
        if not deeper or len(key) <= depth:
            return None
        depth += 1


def link_tooltip(page: Path, link: Element) -> str | None:
    """The text a link's tooltip shows (its record, found as the script finds it), else its
    ``title`` (what a reader without the script, or an EPUB or non-rich page, gets)."""
    records = tooltips_of(page)
    for attribute, group in (("data-nterm", "terms"), ("data-nterm-std", "std")):
        key = link.attrs.get(attribute)
        if key is not None and key in records.get(group, {}):
            return records[group][key][1]
    return link.attrs.get("title")
