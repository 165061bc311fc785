"""Shared test setup: the data folder and the browser (projects are built with
``sphinx_util.build_project``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Test projects are built by Sphinx, not collected by pytest.
collect_ignore = ["roots"]

TESTS_DIR = Path(__file__).parent.resolve()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Term-file fixtures for the loader and command-line tests."""
    return TESTS_DIR / "data"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's, see ``browser.py``) for a module's browser tests."""
    from browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium
