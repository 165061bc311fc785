"""The real browser that the tooltip tests drive is installed and runs scripts from a page."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import launch_chromium


@pytest.mark.browser
def test_chromium_runs_a_local_page(tmp_path: Path) -> None:
    page_file = tmp_path / "index.html"
    page_file.write_text(
        "<!doctype html><title>smoke</title><p id='out'>static</p>"
        "<script>document.getElementById('out').textContent = 'scripted ' + (2 + 3);</script>",
        encoding="utf-8",
    )
    with launch_chromium() as browser:
        page = browser.new_page()
        page.goto(page_file.as_uri())
        assert page.title() == "smoke"
        assert page.text_content("#out") == "scripted 5"
