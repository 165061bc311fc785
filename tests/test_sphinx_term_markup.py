"""Term text is Sphinx content: parsed in the page that shows it, resolved like the page.

The ``neuroterms-markup`` project's term files use every kind of markup a page may hold:
cross-references of several domains, math, code, named and anonymous links, inline targets,
substitutions, footnotes, citations, a bibtex footnote citation and an extlinks role.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx_util import (
    build_again,
    build_project,
    copy_root,
    link_tooltip,
    parse_html,
    read_inventory,
    write_project,
)

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

BUILDERS = ("html", "singlehtml", "latex", "text", "epub")


def _build(
    tmp_path: Path, buildername: str, parallel: int = 0
) -> tuple[SphinxTestApp, list[str]]:
    """Build a copy of the markup project with ``-n`` (the build dir outside the sources,
    as epub packs every file of the source folder)."""
    return build_project(
        copy_root("neuroterms-markup", tmp_path), buildername, parallel=parallel,
        builddir=tmp_path / f"build-{buildername}-{parallel}", confoverrides={"nitpicky": True},
    )


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    app, warnings = _build(tmp_path_factory.mktemp("markup"), "html")
    assert warnings == []
    return app


@pytest.mark.parametrize("buildername", BUILDERS)
def test_builds_without_a_warning_in_every_format(tmp_path: Path, buildername: str) -> None:
    # Named links, substitutions, footnotes and citations in term text crashed these builds.
    _, warnings = _build(tmp_path, buildername)
    assert warnings == []


#: The files of each format compared between a serial and a parallel build.
_WRITTEN = {
    "html": ("glossary.html", "index.html"),
    "text": ("glossary.txt", "index.txt"),
    "latex": ("markupproject.tex",),
    "epub": ("glossary.xhtml", "index.xhtml"),
}


@pytest.mark.parametrize("buildername", sorted(_WRITTEN))
def test_parallel_builds_write_the_same_output(tmp_path: Path, buildername: str) -> None:
    serial, _ = _build(tmp_path, buildername)
    parallel, warnings = _build(tmp_path, buildername, parallel=2)
    assert warnings == []
    for name in _WRITTEN[buildername]:
        assert (serial.outdir / name).read_text(encoding="utf-8") == (
            parallel.outdir / name
        ).read_text(encoding="utf-8"), name


def test_roles_resolve_as_in_a_page(html: SphinxTestApp) -> None:
    page = parse_html(html.outdir / "glossary.html")
    # The first link of each text (the sidebar's toctree may repeat a page's title later).
    links: dict[str, str] = {}
    for a in page.find("a"):
        links.setdefault(a.text, a.attrs.get("href", ""))
    assert links["Transporter"] == "api.html#neurolab.Transporter"  # :class:`~…`
    assert links["neurolab.measure()"] == "api.html#neurolab.measure"  # :func:
    assert links["API"] == "api.html"  # :doc: shows the page's title
    assert links["The vesicle cycle"] == "background.html#vesicle-cycle"  # :ref: (Reuptake)
    serotonin = [a.attrs["href"] for a in page.find("a") if a.text == "The vesicle cycle"]
    assert serotonin[1] == "background.html"  # :doc: (Serotonin)
    assert links["Synapse"] == "words.html#term-Synapse"  # :term: of a MyST glossary
    assert links["issue 12"] == "https://tracker.example.org/issues/12"  # extlinks
    assert links["Python"] == "https://www.python.org/"  # named link, target in the text
    assert links["explains"] == "https://example.org/kinetics"  # anonymous link
    assert links["SSRI"] == "#nterm-ssri"  # :nterm: in a note
    text = (html.outdir / "glossary.html").read_text(encoding="utf-8")
    assert ":class:" not in text and ":doc:" not in text and "|lab|" not in text
    assert "Neurolab Seven" in text  # the substitution of rst_epilog
    assert 'id="inline-target"' in text


def test_footnotes_citations_math_and_code(html: SphinxTestApp) -> None:
    page = parse_html(html.outdir / "glossary.html")
    footnotes = [aside.text.split() for aside in page.find("aside", "footnote")]
    assert ["[2]", "Measured", "at", "body", "temperature."] in footnotes
    assert any("Amara" in words for words in footnotes)  # :footcite: of sphinxcontrib-bibtex
    assert "A citation defined in the text itself." in page.find("div", "citation")[0].text
    assert page.find("span", "math")[0].text.startswith(r"\(v = V_{max}")
    assert page.find("div", "math")
    assert "measure" in page.find("div", "highlight-python")[0].text
    assert page.find("div", "admonition")[0].text.split() == [
        "Note", "Uptake", "slows", "in", "the", "cold", "[REF1]."
    ]


def test_tooltips_show_what_the_reader_sees(html: SphinxTestApp) -> None:
    page = parse_html(html.outdir / "index.html")
    titles = {a.text: link_tooltip(html.outdir / "index.html", a) for a in page.find("a", "nterm")}
    assert titles["Reuptake"] == (
        "The return of a released messenger into the cell that sent it, done by a Transporter "
        "(see API and The vesicle cycle), at a rate of v = V_{max} [S] / (K_m + [S]) in "
        "Neurolab Seven, reviewed by Amara and Kuhar. More at Python and issue 12; compare "
        "Synapse and neurolab.measure()."
    )
    assert titles["Serotonin"] == (
        "A monoamine messenger; see the overview and The vesicle cycle. Its level is Neurolab "
        "Seven\N{RIGHT SINGLE QUOTATION MARK}s main measure."
    )


def test_aliases_are_shown_indexed_and_searchable(html: SphinxTestApp) -> None:
    page = parse_html(html.outdir / "glossary.html")
    aliases = page.find("dt", "nterm-alias")
    assert [dt.text.removesuffix("¶") for dt in aliases] == [  # without the headerlink
        "5-HT", "selective serotonin reuptake inhibitor"
    ]
    # As in Sphinx's glossary, each name has its own id (Sphinx's own, kept by migration).
    assert [dt.attrs["id"] for dt in aliases] == [
        "term-5-HT", "term-selective-serotonin-reuptake-inhibitor"
    ]
    index = parse_html(html.outdir / "genindex.html")
    entries = {a.text: a.attrs["href"] for a in index.find("a")}
    assert entries["5-HT"] == "glossary.html#nterm-serotonin"
    assert entries["selective serotonin reuptake inhibitor"] == "glossary.html#nterm-ssri"
    search = (html.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert '"5-HT"' in search


CONF = 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms.yaml"]\n'
GLOSSARY = "Glossary\n========\n\n.. nterm-glossary::\n"


def _term_file(definition: str, name: str = "Trap") -> str:
    body = "\n".join(f"      {line}" if line else "" for line in definition.splitlines())
    return f"terms:\n  - term: {name}\n    definition: |\n{body}\n"


def _build_definition(
    root: Path, definition: str, conf: str = "show_warning_types = True\n"
) -> tuple[SphinxTestApp, list[str]]:
    """Build a one-page glossary of one term with this definition (line 4 of its file)."""
    write_project(root, {
        "conf.py": CONF + conf, "index.rst": GLOSSARY, "terms.yaml": _term_file(definition),
    })
    return build_project(root, freshenv=True)


REFUSED = {
    "raw": ".. raw:: html\n\n   <script>alert(1)</script>",
    "include": ".. include:: /etc/hostname",
    "literalinclude": ".. literalinclude:: conf.py",
    "meta": ".. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/",
    "csv-table :file:": ".. csv-table::\n   :file: conf.py",
    "nterm-glossary": ".. nterm-glossary::",
}


@pytest.mark.parametrize("name", REFUSED)
def test_refused_directives_warn_and_the_rest_renders(tmp_path: Path, name: str) -> None:
    text = f"Kept before.\n\n{REFUSED[name]}\n\nKept after."
    app, warnings = _build_definition(tmp_path, text)
    assert warnings == [
        (f"{tmp_path}/terms.yaml:6: WARNING: '{name}' is refused in term text "
        f"{_REASONS[name]}; it is left out [neuroterms.term_markup]")
    ]
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Kept before." in html and "Kept after." in html
    assert "alert(1)" not in html and "refresh" not in html and "extensions" not in html


_REASONS = {
    "raw": "(it passes raw output through)",
    "include": "(it inserts a file)",
    "literalinclude": "(it inserts a file)",
    "meta": "(it writes into the page's head)",
    "csv-table :file:": "(it reads a file)",
    "nterm-glossary": "(a glossary cannot be shown inside a term)",
}


def test_files_outside_the_project_are_left_out(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n")
    project = tmp_path / "docs"
    # (An absolute path is relative to the source folder, as in a page.)
    text = (
        "An image:\n\n.. image:: ../secret.png\n   :alt: a secret\n\n"
        "A :download:`secret file <../secret.png>` and an image of the project:\n\n"
        ".. image:: /inside.png\n"
    )
    (project / "inside.png").parent.mkdir()
    (project / "inside.png").write_bytes(b"\x89PNG\r\n")
    app, warnings = _build_definition(project, text)
    assert warnings == [
        (f"{project}/terms.yaml:6: WARNING: image '../secret.png' is outside the project; it "
        "is left out [neuroterms.term_markup]"),
        (f"{project}/terms.yaml:9: WARNING: download '../secret.png' is outside the project; "
        "it is left out [neuroterms.term_markup]"),
    ]
    assert not list((app.outdir / "_downloads").glob("**/secret.png"))
    assert [path.name for path in (app.outdir / "_images").iterdir()] == ["inside.png"]
    page = parse_html(app.outdir / "index.html")
    assert "secret file" in page.find("dd")[0].text


def test_an_unknown_role_warns_at_its_line_and_keeps_the_text(tmp_path: Path) -> None:
    text = "First line.\n\nSecond paragraph with\na :nosuchrole:`thing` in it."
    app, warnings = _build_definition(tmp_path, text, conf="")
    assert len(warnings) >= 1
    assert all(line.startswith(f"{tmp_path}/terms.yaml:") for line in warnings)
    assert any('Unknown interpreted text role "nosuchrole"' in line for line in warnings)
    assert ":nosuchrole:`thing`" in parse_html(app.outdir / "index.html").find("dd")[0].text


def test_nitpicky_warnings_point_at_the_term_file(tmp_path: Path) -> None:
    text = "Made by\n:class:`nowhere.Thing` only."
    _, warnings = _build_definition(
        tmp_path, text, conf="nitpicky = True\nshow_warning_types = True\n"
    )
    assert warnings == [
        (f"{tmp_path}/terms.yaml:5: WARNING: py:class reference target not found: "
        "nowhere.Thing [ref.class]")
    ]


IN_PAGE = """\
Defined here
============

.. nterm:: Neuron
   :aliases: nerve cell

   A cell that signals, see :doc:`other` and :math:`V_m` [#n]_.

   .. rubric:: Example

   .. code-block:: python

      fire(neuron)

   .. note:: Neurons rarely divide.

   .. [#n] A footnote of the definition.
"""


@pytest.mark.parametrize("buildername", ["html", "latex", "text"])
def test_an_in_page_term_keeps_its_body_in_a_glossary_elsewhere(
    tmp_path: Path, buildername: str
) -> None:
    write_project(tmp_path, {
        "conf.py": 'extensions = ["sphinx_neuroterms"]\nnitpicky = True\n',
        "index.rst": "Home\n====\n\n.. toctree::\n\n   defined\n   other\n   sub/glossary\n",
        "other.rst": "Other page\n==========\n\nText.\n",
        "defined.rst": IN_PAGE,
        "sub/glossary.rst": GLOSSARY,
    })
    app, warnings = build_project(tmp_path, buildername, freshenv=True)
    assert warnings == []
    if buildername == "text":
        text = (app.outdir / "sub" / "glossary.txt").read_text(encoding="utf-8")
        assert "fire(neuron)" in text and "Neurons rarely divide." in text
        return
    if buildername == "latex":
        return  # built without an error or a warning
    page = parse_html(app.outdir / "sub" / "glossary.html")
    [entry] = page.find("dd")
    links = {a.text: a.attrs["href"] for a in page.find("a") if a.text == "Other page"}
    assert links == {"Other page": "../other.html"}  # resolved from the glossary's folder
    assert page.find("span", "math")[0].text == r"\(V_m\)"
    assert "fire(neuron)" in page.find("div", "highlight-python")[0].text
    assert "Neurons rarely divide." in page.find("div", "admonition")[0].text
    assert [p.text for p in page.find("p", "nterm-section")] == ["Example"]
    # The footnote's mark and text link to each other, with ids of their own.
    [mark] = page.find("a", "footnote-reference")
    assert page.by_id(mark.attrs["href"][1:]).tag == "aside"
    assert "A footnote of the definition." in entry.text


@pytest.mark.parametrize("parallel", [0, 2])
def test_incremental_builds_follow_term_files_and_linked_titles(
    tmp_path: Path, parallel: int
) -> None:
    write_project(tmp_path, {
        "conf.py": CONF,
        "index.rst": "Home\n====\n\n.. toctree::\n\n   other\n   glossary\n\n:nterm:`Neuron`.\n",
        "other.rst": "Other page\n==========\n\nText.\n",
        "glossary.rst": GLOSSARY,
        "terms.yaml": _term_file("A cell; see :doc:`other`.", "Neuron"),
    })
    app, warnings = build_project(tmp_path, parallel=parallel)
    assert warnings == []
    app, warnings, written = build_again(tmp_path, parallel=parallel)
    assert written == set()
    assert warnings == []

    def tooltip() -> str:
        index = app.outdir / "index.html"
        return link_tooltip(index, parse_html(index).find("a", "nterm")[0]) or ""

    assert tooltip() == "A cell; see Other page."
    # A page that a definition links to gets a new title: the glossary shows it, and so
    # do the tooltips of the pages that reference the term.
    (tmp_path / "other.rst").write_text("Renamed page\n============\n\nText.\n")
    app, warnings, written = build_again(tmp_path, parallel=parallel)
    assert written == {"other", "glossary", "index"}
    assert warnings == []
    assert tooltip() == "A cell; see Renamed page."
    assert glossary_text(app) == "A cell; see Renamed page."
    # An edited term file: the glossary is read again, the tooltips follow.
    (tmp_path / "terms.yaml").write_text(
        _term_file("A signalling cell; see :doc:`other`.", "Neuron")
    )
    app, warnings, written = build_again(tmp_path, parallel=parallel)
    assert written == {"glossary", "index"}
    assert tooltip() == "A signalling cell; see Renamed page."
    assert glossary_text(app) == "A signalling cell; see Renamed page."
    assert warnings == []


def glossary_text(app: SphinxTestApp) -> str:
    """The text of the first glossary entry's definition, without its backlinks."""
    page = parse_html(app.outdir / "glossary.html")
    return page.find("dd")[0].text.split("Referenced by")[0].strip()


SECTIONS = """\
terms:
  - term: Serotonin
    definition: A monoamine messenger.
    origin: Named for a serum factor.
    mechanism: Binds receptors.
"""


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_sections_are_addressable(tmp_path: Path, buildername: str) -> None:
    write_project(tmp_path, {
        "conf.py": CONF + "show_warning_types = True\n",
        "index.rst": (
            "Home\n====\n\n:nterm:`Serotonin#Origin`, :nterm:`its mechanism "
            "<serotonin#MECHANISM>` and :nterm:`Serotonin#Nowhere`.\n\n"
            ".. toctree::\n\n   glossary\n"
        ),
        "glossary.rst": GLOSSARY,
        "terms.yaml": SECTIONS,
    })
    app, warnings = build_project(tmp_path, buildername, freshenv=True)
    assert warnings == [
        (f"{tmp_path}/index.rst:4: WARNING: term 'Serotonin' has no section 'Nowhere' (its "
        "sections: Origin, Mechanism) [neuroterms.unknown]")
    ]
    if buildername == "text":
        text = (app.outdir / "index.txt").read_text(encoding="utf-8")
        assert "Serotonin: Origin, its mechanism and Serotonin: Nowhere." in text
        return
    page = parse_html(app.outdir / "index.html")
    links = [(a.text, a.attrs["href"], a.attrs.get("data-nterm")) for a in page.find("a", "nterm")]
    assert links == [
        ("Serotonin: Origin", "glossary.html#nterm-serotonin-origin", "serotonin"),
        ("its mechanism", "glossary.html#nterm-serotonin-mechanism", "serotonin"),
    ]
    glossary = parse_html(app.outdir / "glossary.html")
    assert glossary.by_id("nterm-serotonin-origin").text == "Origin"
    inventory = read_inventory(app.outdir / "objects.inv")
    assert inventory["nterm:section"] == {
        "Serotonin#Origin": "glossary.html#nterm-serotonin-origin",
        "Serotonin#Mechanism": "glossary.html#nterm-serotonin-mechanism",
    }


MYST_TERMS = """\
{markup}terms:
  - term: Dopamine
    definition: |
      A **messenger** measured by {{py:func}}`measure`, at $x^2$ per [the page](https://example.org/da),
      see {{doc}}`api` and {{nterm}}`serotonin`.

      ```python
      measure(sample)
      ```

      <script>alert(1)</script>

      ```{{include}} conf.py
      ```
    sections:
      Origin: Named in the *1950s*.
  - term: Serotonin
    definition: A plain messenger with `code`.
"""


@pytest.mark.parametrize("how", ["file key", "setting"])
def test_myst_term_files_use_the_project_s_myst_settings(tmp_path: Path, how: str) -> None:
    conf = (
        'extensions = ["myst_parser", "sphinx_neuroterms"]\n'
        'myst_enable_extensions = ["dollarmath"]\nneuroterms_sources = ["terms.yaml"]\n'
        "show_warning_types = True\nnitpicky = True\n"
    )
    if how == "setting":
        conf += 'neuroterms_markup = "myst"\n'
    write_project(tmp_path, {
        "conf.py": conf,
        "index.md": "# Home\n\n```{toctree}\napi\nglossary\nrstglossary\n```\n\n"
        "{nterm}`Dopamine` and {nterm}`Serotonin`.\n",
        "api.rst": "API\n===\n\n.. py:function:: measure(sample)\n\n   Measures.\n",
        "glossary.md": "# Glossary\n\n```{nterm-glossary}\n```\n",
        "rstglossary.rst": (
            "RST Glossary\n============\n\n.. nterm-glossary::\n   :terms: Dopamine\n"
        ),
        "terms.yaml": MYST_TERMS.format(markup="markup: myst\n" if how == "file key" else ""),
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    # Found in both glossaries, reported once, at the term file's lines.
    first = 1 if how == "file key" else 0  # the line of "terms:"
    assert warnings == [
        (f"{tmp_path}/terms.yaml:{first + 13}: WARNING: 'include' is refused in term text (it "
        "inserts a file); it is left out [neuroterms.term_markup]"),
        (f"{tmp_path}/terms.yaml:{first + 11}: WARNING: raw output is refused in term text; it "
        "is left out [neuroterms.term_markup]"),
    ]
    for name in ("glossary.html", "rstglossary.html"):  # a MyST page and a reST page
        page = parse_html(app.outdir / name)
        [entry] = [dd for dd in page.find("dd") if "messenger" in dd.text and "Origin" in dd.text]
        links = {a.text: a.attrs["href"] for a in page.find("a")}
        assert links["measure()"] == "api.html#measure"
        assert links["the page"] == "https://example.org/da"
        assert links["API"] == "api.html"
        assert page.find("span", "math")[0].text == r"\(x^2\)"
        assert page.find("strong")[0].text == "messenger"
        assert "measure(sample)" in page.find("div", "highlight-python")[0].text
        assert "alert" not in (app.outdir / name).read_text(encoding="utf-8")
        assert "Named in the 1950s." in entry.text
    index = app.outdir / "index.html"
    tooltip = link_tooltip(index, parse_html(index).find("a", "nterm")[0])
    assert tooltip == (
        "A messenger measured by measure(), at x^2 per the page, see API and serotonin."
    )
