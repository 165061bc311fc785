"""Launching Debian's Chromium through Playwright for the browser tests.

Never downloads a browser: the tests drive the system's ``/usr/bin/chromium`` (override with
``NEUROTERMS_CHROMIUM``). Without it the browser tests are skipped on a developer's machine but
fail under CI (``CI`` set), where ``.ci/run`` installs it: a browser test that silently skips in
CI would prove nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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
