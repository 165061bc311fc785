"""Take the tooltip screenshot of the README and the docs' landing page from a real build.

Usage, from the repository root (with the ``test`` extra installed, for Playwright)::

    python docs/_scripts/screenshot.py              # build docs/_build/html, then shoot
    python docs/_scripts/screenshot.py --no-build   # reuse an existing build

It builds the HTML docs (``sphinx-build -b html docs docs/_build/html``), opens a demo page in
Debian's Chromium (``/usr/bin/chromium``, or ``$NEUROTERMS_CHROMIUM``; never a downloaded
browser) through Playwright, hovers a term link, waits for the tooltip, and saves the region
around the link and its tooltip as ``docs/_static/tooltip.png``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent
BUILD = DOCS / "_build" / "html"
OUTPUT = DOCS / "_static" / "tooltip.png"
CHROMIUM = Path(os.environ.get("NEUROTERMS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The page, and the term (its normalised key) whose link is hovered.
PAGE = "demo/stress.html"
TERM = "hpa axis"
#: The browser window, in CSS pixels: wide enough for furo's three-column layout.
VIEWPORT = {"width": 1280, "height": 800}
#: Space kept around the article and below the tooltip in the picture, in CSS pixels.
MARGIN = 24
#: Device pixels per CSS pixel: 2 keeps the text sharp on high-density screens.
SCALE = 2


def build() -> None:
    """Build the HTML docs.

    Warnings are not errors here: the very first build has no screenshot yet, and the landing
    page's missing image would stop it.
    """
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
    subprocess.run([*command, str(DOCS), str(BUILD)], check=True)


def shoot(page_path: str, term: str, output: Path) -> None:
    """Hover the first link to ``term`` on ``page_path`` and save the picture.

    The link should be near the top of the page: the picture runs from the page's title to
    just below the tooltip.
    """
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional dependency

    page_file = BUILD / page_path
    if not page_file.is_file():
        sys.exit(f"no {page_file}: build the docs first (drop --no-build)")
    if not (BUILD / "_static" / "neuroterms.js").is_file():
        sys.exit("the build has no _static/neuroterms.js: it has no tooltips to photograph")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(
                viewport=VIEWPORT, device_scale_factor=SCALE, color_scheme="light"
            )
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            link = page.locator(f'a.nterm[data-nterm="{term}"]').first
            link.hover()
            tooltip = page.locator(".nterm-tooltip:not([hidden])")
            tooltip.wait_for(state="visible", timeout=5000)
            page.wait_for_timeout(300)  # let any transition finish
            # The picture: the article's column, from its title down to below the tooltip.
            article = page.locator("article").first.bounding_box()
            title = page.locator("article h1").first.bounding_box()
            tip = tooltip.bounding_box()
            if article is None or title is None or tip is None:
                sys.exit("the page has no article, title or visible tooltip")
            # Never cut a heading or paragraph in half at the bottom edge.
            bottom_edge = page.evaluate(
                """([tipBottom, margin]) => {
                    const blocks = [...document.querySelectorAll(
                        "article h1, article h2, article h3, article p, article li")]
                        .map((el) => el.getBoundingClientRect());
                    let edge = tipBottom;
                    for (const r of blocks) if (r.top < edge && r.bottom > edge) edge = r.bottom;
                    let limit = edge + margin;
                    for (const r of blocks) {
                        if (r.top >= edge && r.top < limit) limit = r.top;
                    }
                    return limit;
                }""",
                [tip["y"] + tip["height"], MARGIN],
            )
            left = max(0, min(article["x"], tip["x"]) - MARGIN)
            top = max(0, title["y"] - MARGIN)
            right = min(
                VIEWPORT["width"],
                max(article["x"] + article["width"], tip["x"] + tip["width"]) + MARGIN,
            )
            bottom = min(VIEWPORT["height"], bottom_edge)
            clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output), clip=clip)
        finally:
            browser.close()
    shown = output.relative_to(Path.cwd()) if output.is_relative_to(Path.cwd()) else output
    print(f"saved {shown}")  # noqa: T201 - a script's one line of output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="reuse docs/_build/html")
    parser.add_argument("--page", default=PAGE, help=f"the page to open (default: {PAGE})")
    parser.add_argument("--term", default=TERM, help=f"the term key to hover (default: {TERM})")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="the PNG to write")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if not args.no_build:
        build()
    shoot(args.page, args.term, args.output.resolve())


if __name__ == "__main__":
    main()
