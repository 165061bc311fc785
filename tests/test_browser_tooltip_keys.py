"""Any term name gets its tooltip in a real browser (issue 22, items 4 and 16): names that are
also properties of every JavaScript object (``__proto__``, ``constructor``…), and names that
share a long start, whose tooltip files stop splitting at a bounded depth.

The helpers of ``test_browser_tooltips`` serve the built site and read the tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, write_project
from test_browser_tooltips import link, open_site, park_pointer, tip_state, wait_visible

from sphinx_neuroterms.output import tooltips

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

OBJECT_NAMES = ("__proto__", "constructor", "hasOwnProperty", "toString")
LONG_PREFIX = "Voltage-gated sodium channel alpha subunit of peripheral sensory neurons, isoform "


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A project whose terms are named like object properties, and a group of terms sharing
    their first characters split down to the deepest file."""
    root = tmp_path_factory.mktemp("keys")
    names = [*OBJECT_NAMES, *(f"{LONG_PREFIX}{n}" for n in range(4))]
    terms = "terms:\n" + "".join(
        f'  - term: "{name}"\n    definition: "Definition of {name}."\n' for name in names
    )
    links = " ".join(f":nterm:`{name} <{name}>`" for name in names)
    write_project(root, {
        "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms.yaml"]\n',
        "index.rst": f"Home\n====\n\n{links}\n\n.. toctree::\n\n   glossary\n",
        "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
        "terms.yaml": terms,
    })
    limit = tooltips.MAX_FILE_TERMS
    tooltips.MAX_FILE_TERMS = 1  # split every group as far as it goes
    try:
        app, warnings = build_project(root, freshenv=True)
    finally:
        tooltips.MAX_FILE_TERMS = limit
    assert warnings == []
    return {"keys": app.outdir}


@pytest.mark.parametrize("name", [*OBJECT_NAMES, f"{LONG_PREFIX}3"])
def test_hovering_any_name_shows_its_definition(
    browser: Browser, site: dict[str, Path], name: str
) -> None:
    session = open_site(browser, site, "keys")
    page = session.page
    park_pointer(page)
    link(page, name.lower()).hover()
    wait_visible(page)
    state = tip_state(page)
    assert (state["name"], state["text"]) == (name, f"Definition of {name}.")
    assert session.errors == session.outside == []
    session.close()
