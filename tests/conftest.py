"""Shared test setup: Sphinx's testing fixtures and the folder of test projects."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

# Test projects are built by Sphinx, not collected by pytest.
collect_ignore = ["roots"]

TESTS_DIR = Path(__file__).parent.resolve()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` projects."""
    return TESTS_DIR / "roots"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Term-file fixtures for the loader and command-line tests."""
    return TESTS_DIR / "data"
