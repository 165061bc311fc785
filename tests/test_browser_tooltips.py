"""Tooltips in a real browser: Playwright driving Debian's Chromium (see ``browser.py``).

What a reader does: hover, focus, Escape, touch, moving onto the tooltip, a small viewport,
no script, a strict ``Content-Security-Policy``, tooltip files split deep, a ``-j`` build
edited. The test project is built once per module; pages are served to the browser through a
Playwright route on ``http://docs.test/<site>/…`` (no socket, no network: every other request
is aborted and recorded). Themes, contrast and hostile text are in
``test_browser_tooltip_themes.py``. No test sleeps: timers run on Playwright's clock.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from browser import TIP, build_site, link, open_site, park_pointer, tip_state, wait_visible
from sphinx_util import build_project, copy_root, touch_later

from sphinx_neuroterms.output import tooltips

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

STRICT_CSP = "default-src 'self'"
BALANCE = "The steady state in which excitatory and inhibitory messengers keep each other in check."
LEAVE_GRACE_MS = 300  # neuroterms.js LEAVE_GRACE


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Output folders by site name: ``alabaster``, ``csp`` and ``deep``."""
    base = tmp_path_factory.mktemp("browser-sites")
    found: dict[str, Path] = {}
    found["alabaster"], warnings = build_site(
        "neuroterms-tooltip", base / "alabaster", html_theme="alabaster"
    )
    assert warnings == []
    # Alabaster's search box is an inline script and style attribute, which a strict policy
    # blocks: the policy test uses a page without the sidebar, so any violation is ours.
    found["csp"], _warnings = build_site(
        "neuroterms-tooltip", base / "csp", html_sidebars={"**": []}
    )
    # Tooltip files of one term each: every group is split, down to whole keys.
    limit = tooltips.MAX_FILE_TERMS
    tooltips.MAX_FILE_TERMS = 1
    try:
        found["deep"], _warnings = build_site("neuroterms-tooltip", base / "deep")
    finally:
        tooltips.MAX_FILE_TERMS = limit
    return found


# -- behaviour -------------------------------------------------------------------------------


def test_hover_shows_name_and_definition(browser: Browser, sites: dict[str, Path]) -> None:
    session = open_site(browser, sites, "alabaster", clock=True)
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
    page.clock.run_for(1500)
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
    session = open_site(browser, sites, "alabaster", clock=True)
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
    page.clock.run_for(LEAVE_GRACE_MS)
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
    session = open_site(browser, sites, "alabaster", clock=True)
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
    page.clock.run_for(LEAVE_GRACE_MS * 3)
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
    assert tip_state(page)["name"] == "Serotonin Tone"
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
    build_site("neuroterms-tooltip", tmp_path, parallel=2)
    terms = copy_root("neuroterms-tooltip", tmp_path) / "terms.json"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("The steady state", "The edited state"),
        encoding="utf-8",
    )
    touch_later(terms)
    app, _warnings = build_project(terms.parent, parallel=2)  # incremental
    served = {"parallel": app.outdir}
    for page_name in ("index.html", "edge.html", "std.html"):
        session = open_site(browser, served, "parallel", page_name)
        page = session.page
        park_pointer(page)
        link(page, "neurochemical balance").hover()
        wait_visible(page)
        assert tip_state(page)["text"].startswith("The edited state in which"), page_name
        session.close()
