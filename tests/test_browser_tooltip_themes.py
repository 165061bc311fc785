"""Tooltips in a real browser, in every theme: contrast and screenshots, and hostile term text.

Playwright drives Debian's Chromium (see ``browser.py``). The tooltip project is built once
per module in alabaster, furo, pydata-sphinx-theme and sphinx-rtd-theme, plus a project of
hostile term text; pages are served through a Playwright route (no network). Screenshots and
the measured contrast ratios go to ``tests/_artifacts/``. What a reader does with a tooltip is
in ``test_browser_tooltips.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import TIP, build_site, link, open_site, park_pointer, tip_state, wait_visible
from sphinx_util import ROOTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent.resolve() / "_artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Output folders by site name: one per theme, plus ``hostile``."""
    base = tmp_path_factory.mktemp("browser-sites")
    found: dict[str, Path] = {}
    for theme in THEMES:
        found[theme], warnings = build_site(
            "neuroterms-tooltip", base / theme, html_theme=theme
        )
        assert warnings == [], warnings
    found["hostile"], _warnings = build_site("neuroterms-tooltip-xss", base / "hostile")
    return found


# -- hostile text ----------------------------------------------------------------------------

_INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) bad.push(el.tagName + " " + attr.name);
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) &&
          /^(href|src|action|formaction|xlink:href)$/.test(attr.name))
        bad.push(el.tagName + " " + attr.name + "=" + attr.value);
    }
  }
  for (const el of document.querySelectorAll("script")) {
    const src = el.getAttribute("src") || "";
    const data = el.type === "application/json" && el.id === "nterm-tooltips";
    // A glossary page's linked data: JSON the browser never runs, whole (nothing ended it).
    let linked = false;
    if (el.type === "application/ld+json") {
      try { linked = JSON.parse(el.textContent)["@type"] === "DefinedTermSet"; } catch (e) {}
    }
    // The site's own scripts, and the tooltip texts the script loads from beside itself.
    const url = src ? new URL(src, document.baseURI) : null;
    const own = url && url.origin === location.origin && url.pathname.includes("/_static/");
    if (!data && !own && !linked)
      bad.push("script " + (src || el.textContent.slice(0, 60)));
  }
  for (const tag of ["iframe", "svg", "style", "object", "embed"]) {
    for (const el of document.querySelectorAll(tag)) bad.push(tag);
  }
  if (document.querySelectorAll("script[type='application/json']").length > 1)
    bad.push("two data blocks");
  if (document.querySelectorAll("script[type='application/ld+json']").length > 1)
    bad.push("two linked data blocks");
  return bad;
}"""


def _expected(text: str, max_chars: int = 300) -> str:
    from sphinx_neuroterms.terms.plain_text import cut_text

    return cut_text(" ".join(text.split()), max_chars)


@pytest.mark.parametrize("page_name", ["rst.html", "myst.html", "glossary.html"])
def test_hostile_text_never_runs_and_shows_literally(
    browser: Browser, sites: dict[str, Path], page_name: str
) -> None:
    payloads = json.loads((ROOTS / "test-neuroterms-tooltip-xss" / "payloads.json").read_text())
    expected = {
        # The loaders fold a name's whitespace (U+2028 included) to single spaces.
        " ".join(f"hostile {i} {text}".split()).casefold(): (
            " ".join(f"Hostile {i} {text}".split()), _expected(f"Definition {i}: {text}")
        )
        for i, text in enumerate(payloads)
    }
    session = open_site(browser, sites, "hostile", page_name)
    page = session.page
    assert page.evaluate(_INJECTED) == []
    triggers = page.locator("[data-nterm], [data-nterm-std]")
    count = triggers.count()
    assert count >= (2 * len(payloads) if page_name != "glossary.html" else len(payloads))
    checked = 0
    for index in range(count):
        park_pointer(page)
        wait_visible(page, False)
        trigger = triggers.nth(index)
        trigger.scroll_into_view_if_needed()
        trigger.hover()
        wait_visible(page)
        state = tip_state(page)
        assert state["elements"] == 2  # text only: no element was parsed out of the data
        key = trigger.get_attribute("data-nterm")
        if key in expected:
            assert (state["name"], state["text"]) == expected[key], key
            checked += 1
    assert checked >= len(payloads)
    # Keyboard focus and Escape over the same links.
    trigger = triggers.first
    trigger.focus()
    wait_visible(page)
    page.keyboard.press("Escape")
    wait_visible(page, False)
    assert page.evaluate(_INJECTED) == []
    assert session.dialogs == []
    assert session.errors == []
    assert session.outside == []
    session.close()


# -- themes: contrast and screenshots --------------------------------------------------------


def _channels(css: str) -> tuple[float, float, float, float]:
    match = re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", css.strip())
    assert match, css
    red, green, blue, alpha = match.groups()
    return float(red), float(green), float(blue), float(alpha) if alpha is not None else 1.0


def _luminance(css: str) -> float:
    def linear(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue, alpha = _channels(css)
    assert alpha == 1.0, f"translucent colour {css}"
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two computed colours."""
    first, second = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (first + 0.05) / (second + 0.05)


#: theme, colour scheme, the theme's own dark/light switch (attribute on an element).
SCHEMES = [
    ("alabaster", "light", None),
    ("alabaster", "dark", None),
    ("furo", "light", None),
    ("furo", "dark", None),
    ("furo", "light", ("body", "dark")),
    ("furo", "dark", ("body", "light")),
    ("pydata_sphinx_theme", "light", None),
    ("pydata_sphinx_theme", "dark", None),
    ("pydata_sphinx_theme", "light", ("html", "dark")),
    ("pydata_sphinx_theme", "dark", ("html", "light")),
    ("sphinx_rtd_theme", "light", None),
    ("sphinx_rtd_theme", "dark", None),
]


@pytest.fixture(scope="module")
def contrast_report() -> Iterator[dict[str, float]]:
    """Collects the measured ratios and writes them to ``tests/_artifacts/contrast.json``."""
    report: dict[str, float] = {}
    yield report
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "contrast.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


@pytest.mark.parametrize("case", SCHEMES, ids=lambda case: "-".join(map(str, case)))
def test_contrast_in_every_theme_and_scheme(
    browser: Browser,
    sites: dict[str, Path],
    contrast_report: dict[str, float],
    case: tuple[str, str, tuple[str, str] | None],
) -> None:
    theme, scheme, switch = case
    session = open_site(
        browser, sites, theme, color_scheme=scheme, viewport={"width": 1100, "height": 700}
    )
    page = session.page
    mode = scheme
    if switch is not None:
        element, mode = switch
        page.evaluate(
            "([element, mode]) => { const el = element === 'body' ? document.body : "
            "document.documentElement;"
            " el.dataset.theme = mode; if (element === 'html') el.dataset.mode = mode; }",
            [element, mode],
        )
    park_pointer(page)
    link(page, "neurochemical balance").hover()
    wait_visible(page)
    colours = page.evaluate(
        f"""() => {{
          const tip = document.querySelector("{TIP}");
          const style = getComputedStyle(tip);
          return {{bg: style.backgroundColor, fg: style.color,
                   name: getComputedStyle(tip.children[0]).color,
                   text: getComputedStyle(tip.children[1]).color}};
        }}"""
    )
    ratio = min(contrast(colours["fg"], colours["bg"]), contrast(colours["name"], colours["bg"]),
                contrast(colours["text"], colours["bg"]))
    label = f"{theme} {scheme}" + (f" {switch[0]}[data-theme={switch[1]}]" if switch else "")
    contrast_report[label] = round(ratio, 2)
    assert ratio >= 4.5, (label, colours)
    # Themes with a dark mode get a dark tooltip in it, and a light one otherwise.
    dark_page = theme in {"furo", "pydata_sphinx_theme"} and mode == "dark"
    dark_fallback = theme in {"alabaster", "sphinx_rtd_theme"} and scheme == "dark"
    assert (_luminance(colours["bg"]) < 0.2) == (dark_page or dark_fallback), (label, colours)
    # One screenshot per theme and scheme (the README wants alabaster light and furo dark).
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    page.screenshot(path=str(SCREENSHOTS / f"tooltip-{name}.png"))
    assert session.errors == session.outside == []
    session.close()
