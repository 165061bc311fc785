"""``nterm-glossary`` is marked up as Sphinx's own ``.. glossary::``, so themes style it alike.

The test project puts both glossaries on one page. The HTML checks compare the ``dl``
classes and the term headerlinks; the browser checks (Debian's Chromium, see ``browser.py``)
compare the computed style of the term names in alabaster, furo, pydata-sphinx-theme and
sphinx-rtd-theme, light and dark. Before the lists had the ``glossary`` class, furo showed
``nterm-glossary`` names grey and in regular weight (its style for API descriptions) and
sphinx-rtd-theme in small blue boxes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sphinx_util import Element, Page, build_project, copy_root, parse_html

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme")
OUR_CLASS = "nterm-glossary-list"


def _glossary_lists(page: Page) -> tuple[list[Element], list[Element]]:
    """Sphinx's glossary lists and ours, in page order."""
    lists = page.find("dl", "glossary")
    return (
        [dl for dl in lists if OUR_CLASS not in dl.classes],
        [dl for dl in lists if OUR_CLASS in dl.classes],
    )


def _headerlinks(page: Page) -> dict[str, str]:
    """``href`` -> ``title`` of every headerlink."""
    return {a.attrs["href"]: a.attrs.get("title", "") for a in page.find("a", "headerlink")}


def test_lists_carry_the_classes_of_sphinx_glossary(tmp_path: Path) -> None:
    app, warnings = build_project(
        copy_root("neuroterms-glossary-theme", tmp_path), freshenv=True
    )
    assert warnings == []
    page = parse_html(app.outdir / "index.html")
    [std], ours = _glossary_lists(page)
    # One list for ``:group-by: none``, one per letter (S, T) for the default grouping.
    assert len(ours) == 3
    # Both the std list and our first list hold entries of several paragraphs, so the HTML
    # writer marks neither "simple": the classes must then be exactly the same.
    assert std.classes == ["glossary"]
    assert [cls for cls in ours[0].classes if cls != OUR_CLASS] == std.classes
    # A list of one-paragraph entries is "simple" in Sphinx's glossary and in ours alike.
    assert set(ours[2].classes) == {"simple", "glossary", OUR_CLASS}


def test_terms_get_the_headerlink_of_sphinx_glossary(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-glossary-theme", tmp_path), freshenv=True
    )
    page = parse_html(app.outdir / "index.html")
    links = _headerlinks(page)
    title = links["#term-Synaptic-Cleft"]  # Sphinx's own, in the project's language
    assert title
    terms = [dt for dt in page.find("dt") if dt.attrs.get("id", "").startswith("nterm-")]
    assert [dt.attrs["id"] for dt in terms] == [
        "nterm-serotonin",
        "nterm-tryptophan",
        "nterm-serotonin-2",
        "nterm-tryptophan-2",
    ]
    for dt in terms:
        assert links[f"#{dt.attrs['id']}"] == title
        assert dt.text.removesuffix("¶") in {"Serotonin", "Tryptophan"}


# -- in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test project built once per theme: theme -> HTML output folder."""
    base = tmp_path_factory.mktemp("glossary-theme")
    found: dict[str, Path] = {}
    for theme in THEMES:
        app, warnings = build_project(
            copy_root("neuroterms-glossary-theme", base / theme), freshenv=True,
            confoverrides={"html_theme": theme},
        )
        assert warnings == [], theme
        found[theme] = app.outdir
    return found


#: Every term name, Sphinx's or ours, with the computed style that makes it look strong or weak.
_TERM_STYLES = """() => Array.from(document.querySelectorAll(
    "dl.glossary > dt, dl.nterm-glossary-list > dt")).map((dt) => {
  const style = getComputedStyle(dt);
  return {ours: dt.parentElement.classList.contains("nterm-glossary-list"),
          // The name without the headerlink (a dt with a second id starts with its span).
          name: Array.from(dt.childNodes)
            .filter((node) => !(node.classList && node.classList.contains("headerlink")))
            .map((node) => node.textContent).join("").trim(),
          weight: Number(style.fontWeight),
          color: style.color, size: style.fontSize, family: style.fontFamily,
          background: style.backgroundColor};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", THEMES)
def test_names_look_like_sphinx_glossary_names(
    browser: Browser, sites: dict[str, Path], theme: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    # The pages are read from disk; nothing goes to the network.
    context.route("http*://**", lambda route: route.abort())
    page = context.new_page()
    page.goto((sites[theme] / "index.html").as_uri())
    # furo and pydata-sphinx-theme switch modes by attribute as well (their theme button).
    page.evaluate(
        "(scheme) => { document.body.dataset.theme = scheme;"
        " document.documentElement.dataset.theme = scheme;"
        " document.documentElement.dataset.mode = scheme; }",
        scheme,
    )
    styles: list[dict[str, Any]] = page.evaluate(_TERM_STYLES)
    context.close()
    std = [style for style in styles if not style["ours"]]
    ours = [style for style in styles if style["ours"]]
    assert [style["name"] for style in std] == ["Synaptic Cleft", "Reuptake"]
    # An alias is a name of the entry too, styled as one (Sphinx's glossary gives an entry
    # with several names a dt for each).
    assert [style["name"] for style in ours] == ["Serotonin", "5-HT", "Tryptophan"] * 2
    expected = {key: value for key, value in std[0].items() if key not in {"ours", "name"}}
    for style in ours:
        assert {key: style[key] for key in expected} == expected, (theme, scheme, style)
    # Names stand out from the text under them: furo's glossary weight is 500, the others
    # are bold.
    assert expected["weight"] >= (500 if theme == "furo" else 700)
