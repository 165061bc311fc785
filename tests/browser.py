"""Debian's Chromium through Playwright for the browser tests: launching it, serving built
sites to it, reading the tooltip.

Never downloads a browser: the tests drive the system's ``/usr/bin/chromium`` (override with
``NEUROTERMS_CHROMIUM``). Without it the browser tests are skipped on a developer's machine but
fail under CI (``CI`` set), where ``.ci/run`` installs it: a browser test that silently skips in
CI would prove nothing.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from sphinx_util import build_project, copy_root

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = Path(os.environ.get("NEUROTERMS_CHROMIUM", "/usr/bin/chromium"))

#: Headless, as root in a container, and quiet on a machine without a network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def require_chromium() -> None:
    """Skip (or fail under CI) when the browser or Playwright is missing."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright is not installed (pip install -e '.[test]')"
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """A headless Chromium controlled by Playwright, closed afterwards."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


# -- built sites, served to the browser ------------------------------------------------------

HOST = "http://docs.test"
TIP = "#nterm-tooltip"


def build_site(
    root: str, folder: Path, parallel: int = 0, **confoverrides: Any
) -> tuple[Path, list[str]]:
    """Build a copy of the test project ``root`` in ``folder`` as HTML; return the output
    folder and the warnings."""
    app, warnings = build_project(
        copy_root(root, folder), freshenv=True, parallel=parallel, confoverrides=confoverrides
    )
    return app.outdir, warnings


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
    clock: bool = False,
    **context_options: Any,
) -> Session:
    """Open a built page in a fresh browser context, served at ``HOST/<site>/``.

    With ``clock``, the page's timers run on Playwright's clock (installed before the page
    loads, so every timer of the script is on it): time flows as usual, and a test moves it
    on with ``page.clock.run_for(ms)`` instead of sleeping."""
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
    if clock:
        page.clock.install()
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
