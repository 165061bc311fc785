"""Tooltips in a real browser: Playwright driving Debian's Chromium (see ``browser.py``).

Each test project is built once per module (alabaster, furo, pydata-sphinx-theme and
sphinx-rtd-theme, plus a project of hostile term text). Pages are served to the browser
through a Playwright route on ``http://docs.test/<site>/…`` (no socket, no network: every other
request is aborted and recorded), optionally with a strict ``Content-Security-Policy`` header.
Screenshots and the measured contrast ratios go to ``tests/_artifacts/``.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from browser import launch_chromium
from sphinx.testing.util import SphinxTestApp

from sphinx_neuroterms.output import tooltips

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

pytestmark = pytest.mark.browser

TESTS_DIR = Path(__file__).parent.resolve()
ROOTS = TESTS_DIR / "roots"
ARTIFACTS = TESTS_DIR / "_artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
HOST = "http://docs.test"
STRICT_CSP = "default-src 'self'"
THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme")
TIP = "#nterm-tooltip"

BALANCE = "The steady state in which excitatory and inhibitory messengers keep each other in check."
LEAVE_GRACE_S = 0.3  # neuroterms.js LEAVE_GRACE


# -- building and serving ---------------------------------------------------------------------


def build(root: str, dest: Path, parallel: int = 0, **confoverrides: Any) -> SphinxTestApp:
    """Copy a test root to ``dest`` and build it as HTML; warnings make the build fail."""
    shutil.copytree(ROOTS / f"test-{root}", dest)
    app = SphinxTestApp(
        "html", srcdir=dest, builddir=dest / "_build", freshenv=True, parallel=parallel,
        confoverrides=confoverrides, status=StringIO(), warning=StringIO(),
    )
    app.build()
    return app


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Output folders by site name: one per theme, plus ``csp`` and ``hostile``."""
    base = tmp_path_factory.mktemp("browser-sites")
    found: dict[str, Path] = {}
    for theme in THEMES:
        app = build("neuroterms-tooltip", base / theme, html_theme=theme)
        assert app.warning.getvalue() == "", app.warning.getvalue()
        found[theme] = app.outdir
        app.cleanup()
    # Alabaster's search box is an inline script and style attribute, which a strict policy
    # blocks: the policy test uses a page without the sidebar, so any violation is ours.
    app = build("neuroterms-tooltip", base / "csp", html_sidebars={"**": []})
    found["csp"] = app.outdir
    app.cleanup()
    app = build("neuroterms-tooltip-xss", base / "hostile")
    found["hostile"] = app.outdir
    app.cleanup()
    # Tooltip files of one term each: every group is split, down to whole keys.
    limit = tooltips.MAX_FILE_TERMS
    tooltips.MAX_FILE_TERMS = 1
    try:
        app = build("neuroterms-tooltip", base / "deep")
    finally:
        tooltips.MAX_FILE_TERMS = limit
    found["deep"] = app.outdir
    app.cleanup()
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole module."""
    with launch_chromium() as chromium:
        yield chromium


@dataclass
class Session:
    """A page with everything it reported."""

    context: BrowserContext
    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def violations(self) -> list[Any]:
        """CSP violations the page saw (recorded by an init script)."""
        found: list[Any] = self.page.evaluate("window.__violations || []")
        return found + [line for line in self.console if "Content Security Policy" in line]

    def close(self) -> None:
        """Close the browser context."""
        self.context.close()


_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push({directive: event.violatedDirective, blocked: event.blockedURI,
                            source: event.sourceFile, sample: event.sample});
});
"""


def open_site(
    browser: Browser,
    sites: dict[str, Path],
    site: str,
    page_name: str = "index.html",
    *,
    csp: str | None = None,
    **context_options: Any,
) -> Session:
    """Open a built page in a fresh browser context."""
    context = browser.new_context(**context_options)
    outside: list[str] = []

    def abort(route: Route) -> None:
        outside.append(route.request.url)
        route.abort()

    def serve(route: Route) -> None:
        path = unquote(urlsplit(route.request.url).path).lstrip("/")
        name, _, rest = path.partition("/")
        root = sites[name].resolve()
        target = (root / (rest or "index.html")).resolve()
        if target.is_dir():
            target /= "index.html"
        if root not in target.parents or not target.is_file():
            route.fulfill(status=404, body="not found")
            return
        headers = {
            "Content-Type": mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        }
        if csp:
            headers["Content-Security-Policy"] = csp
        route.fulfill(status=200, headers=headers, body=target.read_bytes())

    # The last route added wins: docs.test is served, everything else is aborted.
    context.route("**/*", abort)
    context.route(f"{HOST}/**", serve)
    context.add_init_script(_RECORD_VIOLATIONS)
    page = context.new_page()
    session = Session(context, page, outside=outside)
    page.on("dialog", lambda dialog: (session.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    page.on("console", lambda message: session.console.append(f"{message.type}: {message.text}"))
    page.goto(f"{HOST}/{site}/{page_name}")
    page.wait_for_load_state("load")
    return session


def tip_state(page: Page) -> dict[str, Any]:
    """What the tooltip shows, and where."""
    state: dict[str, Any] = page.evaluate(
        """() => {
          const tip = document.getElementById("nterm-tooltip");
          if (!tip) return {exists: false};
          const box = tip.getBoundingClientRect();
          return {
            exists: true, visible: !tip.hidden, role: tip.getAttribute("role"),
            name: tip.children[0].textContent, text: tip.children[1].textContent,
            elements: tip.querySelectorAll("*").length,
            above: tip.classList.contains("nterm-tooltip-above"),
            left: box.left, top: box.top, right: box.right, bottom: box.bottom,
            width: document.documentElement.clientWidth,
            height: document.documentElement.clientHeight,
          };
        }"""
    )
    return state


def wait_visible(page: Page, visible: bool = True) -> None:
    """Wait until the tooltip is shown (or hidden)."""
    page.wait_for_function(
        "(want) => { const t = document.getElementById('nterm-tooltip');"
        " return t ? !t.hidden === want : !want; }",
        arg=visible,
        timeout=3000,
    )


def link(page: Page, key: str) -> Any:
    """The first term link with a key (a fixed selector plus a JS comparison, never a
    selector built from the key)."""
    handle = page.evaluate_handle(
        "(key) => Array.from(document.querySelectorAll('[data-nterm]'))"
        ".find((el) => el.getAttribute('data-nterm') === key)",
        key,
    )
    element = handle.as_element()
    assert element is not None, key
    return element


def park_pointer(page: Page) -> None:
    """Move the pointer to an empty corner."""
    page.mouse.move(2, 2)


# -- behaviour -------------------------------------------------------------------------------


def test_hover_shows_name_and_definition(browser: Browser, sites: dict[str, Path]) -> None:
    session = open_site(browser, sites, "alabaster")
    page = session.page
    park_pointer(page)
    trigger = link(page, "neurochemical balance")
    # The page holds no copy of the text: the script loads it on first hover.
    assert trigger.get_attribute("title") is None
    trigger.hover()
    wait_visible(page)
    state = tip_state(page)
    assert (state["role"], state["name"], state["text"]) == (
        "tooltip",
        "Neurochemical Balance",
        BALANCE,
    )
    assert state["elements"] == 2
    # While shown: described by the tooltip, and no native title competing with it.
    assert trigger.get_attribute("aria-describedby") == "nterm-tooltip"
    assert trigger.get_attribute("title") is None
    # No timed auto-hide.
    time.sleep(1.5)
    assert tip_state(page)["visible"]
    park_pointer(page)
    wait_visible(page, False)
    assert trigger.get_attribute("aria-describedby") is None
    assert trigger.get_attribute("title") is None

    # A Sphinx :term: link gets the same tooltip.
    std = page.locator("a[data-nterm-std]").first
    std.hover()
    wait_visible(page)
    assert tip_state(page)["name"] == "Reuptake"
    assert session.dialogs == session.errors == session.outside == []


def test_focus_opens_and_escape_closes_without_moving_focus(
    browser: Browser, sites: dict[str, Path]
) -> None:
    session = open_site(browser, sites, "alabaster")
    page = session.page
    park_pointer(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-nterm')"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('data-nterm')")
    assert focused == "neurochemical balance"
    wait_visible(page)
    assert tip_state(page)["name"] == "Neurochemical Balance"
    page.keyboard.press("Escape")
    wait_visible(page, False)
    assert page.evaluate("document.activeElement.getAttribute('data-nterm')") == focused
    # Escape does not bring it back by itself; the next link's focus shows its own.
    time.sleep(0.3)
    assert not tip_state(page)["visible"]
    page.keyboard.press("Tab")
    wait_visible(page)
    assert tip_state(page)["name"] == "Serotonin Tone"
    # Leaving by keyboard hides it.
    page.keyboard.press("Shift+Tab")
    wait_visible(page)
    assert tip_state(page)["name"] == "Neurochemical Balance"
    page.evaluate("document.activeElement.blur()")
    wait_visible(page, False)
    session.close()


def test_pointer_can_move_onto_the_tooltip(browser: Browser, sites: dict[str, Path]) -> None:
    session = open_site(browser, sites, "alabaster")
    page = session.page
    park_pointer(page)
    trigger = link(page, "long winded term")
    trigger.hover()
    wait_visible(page)
    state = tip_state(page)
    box = trigger.bounding_box()
    assert box is not None
    # From the link straight into the tooltip, slowly, across the gap.
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    end = ((state["left"] + state["right"]) / 2, (state["top"] + state["bottom"]) / 2)
    page.mouse.move(*start)
    page.mouse.move(*end, steps=12)
    time.sleep(LEAVE_GRACE_S * 3)
    assert tip_state(page)["visible"]
    # Text in the tooltip can be selected with the pointer (it is not pointer-events: none).
    hit = page.evaluate(f"document.elementFromPoint({end[0]}, {end[1]}).closest('{TIP}') !== null")
    assert hit
    park_pointer(page)
    wait_visible(page, False)
    session.close()


def test_tooltip_stays_inside_the_viewport(browser: Browser, sites: dict[str, Path]) -> None:
    session = open_site(
        browser, sites, "alabaster", "edge.html", viewport={"width": 360, "height": 480}
    )
    page = session.page
    keys = page.evaluate(
        "Array.from(document.querySelectorAll('[data-nterm]'), "
        "(el) => el.getAttribute('data-nterm'))"
    )
    assert len(keys) >= 3
    flipped = clamped = 0
    for index in range(len(keys)):
        park_pointer(page)
        wait_visible(page, False)
        trigger = page.locator("[data-nterm]").nth(index)
        # Put the link on the last line of the viewport (as far as the page scrolls).
        trigger.scroll_into_view_if_needed()
        page.evaluate(
            "(el) => { const r = el.getBoundingClientRect();"
            " window.scrollBy(0, r.bottom - document.documentElement.clientHeight + 4); }",
            trigger.element_handle(),
        )
        trigger.hover()
        wait_visible(page)
        state = tip_state(page)
        assert state["left"] >= 0 and state["right"] <= state["width"], state
        assert state["top"] >= 0 and state["bottom"] <= state["height"], state
        box = trigger.bounding_box()
        assert box is not None
        tip_height = state["bottom"] - state["top"]
        no_room_below = box["y"] + box["height"] + 6 + tip_height > state["height"] - 8
        assert state["above"] == no_room_below, state
        if state["above"]:
            flipped += 1
            assert state["bottom"] <= box["y"] + 1
        else:
            assert state["top"] >= box["y"] + box["height"] - 1
        if box["x"] + (state["right"] - state["left"]) > state["width"] - 8:
            clamped += 1  # placed at the link's left edge, it would have left the viewport
    assert flipped >= 2
    assert clamped >= 1
    # With room below, it opens below.
    park_pointer(page)
    wait_visible(page, False)
    page.evaluate("window.scrollTo(0, 0)")
    first = page.locator("[data-nterm]").first
    first.hover()
    wait_visible(page)
    assert not tip_state(page)["above"]
    session.close()


def test_touch_first_tap_shows_second_tap_follows(browser: Browser, sites: dict[str, Path]) -> None:
    session = open_site(
        browser, sites, "alabaster", has_touch=True, is_mobile=True,
        viewport={"width": 390, "height": 700},
    )
    page = session.page
    trigger = link(page, "serotonin tone")
    trigger.tap()
    wait_visible(page)
    assert tip_state(page)["name"] == "Serotonin Tone"
    assert page.url.endswith("/index.html")
    # A tap elsewhere closes it.
    page.touchscreen.tap(5, 5)
    wait_visible(page, False)
    # First tap shows, second follows the link.
    trigger.tap()
    wait_visible(page)
    time.sleep(0.2)
    with page.expect_navigation():
        trigger.tap()
    assert page.url.endswith("/glossary.html#nterm-serotonin-tone")
    assert session.dialogs == session.errors == []
    session.close()


def test_texts_in_files_split_deeper_load_on_hover(
    browser: Browser, sites: dict[str, Path]
) -> None:
    """Each hover loads the file of the key, following files that say to go deeper:
    "neurochemical balance" and "neuropeptide signal" share their first five characters."""
    session = open_site(browser, sites, "deep")
    page = session.page
    for key in ("neurochemical balance", "serotonin tone"):
        park_pointer(page)
        wait_visible(page, False)
        link(page, key).hover()
        wait_visible(page)
        assert tip_state(page)["name"].lower() == key
    loaded = page.evaluate(
        "() => Array.from(document.scripts, (el) => el.src)"
        ".filter((src) => src.includes('/tooltips/'))"
    )
    depths = sorted(src.rsplit("/", 1)[1].count("-") + 1 for src in loaded)
    assert depths[-1] == 6  # one file per character, down to where the keys differ
    assert session.errors == session.outside == []
    session.close()


def test_without_javascript_the_link_leads_to_the_entry(
    browser: Browser, sites: dict[str, Path]
) -> None:
    session = open_site(browser, sites, "alabaster", java_script_enabled=False)
    page = session.page
    trigger = page.locator("a.nterm").first
    assert page.locator(TIP).count() == 0
    trigger.click()
    page.wait_for_url("**/glossary.html#nterm-neurochemical-balance")
    assert page.locator("#nterm-neurochemical-balance").count() == 1
    session.close()


def test_strict_content_security_policy(browser: Browser, sites: dict[str, Path]) -> None:
    session = open_site(browser, sites, "csp", csp=STRICT_CSP)
    page = session.page
    # The theme's own markup has inline style attributes (alabaster's relbar) that a strict
    # policy blocks while the page loads; nothing of ours may add to them.
    baseline = session.violations()
    for violation in baseline:
        if isinstance(violation, dict):
            assert violation["directive"] in {"style-src-attr", "script-src-elem"}, violation
            assert "neuroterms" not in (violation["source"] or ""), violation
    park_pointer(page)
    link(page, "serotonin tone").hover()
    wait_visible(page)
    assert tip_state(page)["name"] == "Serotonin Tone"
    # The style sheet applied (a fixed, positioned box), under the same policy.
    position = page.evaluate(f"getComputedStyle(document.querySelector('{TIP}')).position")
    assert position == "fixed"
    page.keyboard.press("Escape")
    wait_visible(page, False)
    link(page, "long winded term").focus()
    wait_visible(page)
    assert session.violations() == baseline, json.dumps(session.violations(), indent=1)
    assert session.errors == session.outside == []
    session.close()


def test_parallel_build_and_incremental_edit_in_the_browser(
    browser: Browser, tmp_path: Path
) -> None:
    app = build("neuroterms-tooltip", tmp_path / "site", parallel=2)
    terms = app.srcdir / "terms.json"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("The steady state", "The edited state"),
        encoding="utf-8",
    )
    later = time.time() + 5
    os.utime(terms, (later, later))
    app.build()
    served = {"parallel": app.outdir}
    for page_name in ("index.html", "edge.html", "std.html"):
        session = open_site(browser, served, "parallel", page_name)
        page = session.page
        park_pointer(page)
        link(page, "neurochemical balance").hover()
        wait_visible(page)
        assert tip_state(page)["text"].startswith("The edited state in which"), page_name
        session.close()
    app.cleanup()


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
    // The site's own scripts, and the tooltip texts the script loads from beside itself.
    const url = src ? new URL(src, document.baseURI) : null;
    const own = url && url.origin === location.origin && url.pathname.includes("/_static/");
    if (!data && !own)
      bad.push("script " + (src || el.textContent.slice(0, 60)));
  }
  for (const tag of ["iframe", "svg", "style", "object", "embed"]) {
    for (const el of document.querySelectorAll(tag)) bad.push(tag);
  }
  if (document.querySelectorAll("script[type='application/json']").length > 1)
    bad.push("two data blocks");
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
