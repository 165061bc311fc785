"""Live preview: the real ``sphinx-autobuild`` server on a project with term files.

Each test starts the server in its own process group on a free local port, waits (polling,
with a deadline, never a fixed sleep) until it serves the glossary, edits the term file and
waits until the served glossary page and tooltip file say the new text; then adds a term and a
reference to it and waits until the page links it. The server is stopped whatever happens.

sphinx-autobuild watches the source folder, and the folders given with ``--watch``, nothing
else (it runs ``sphinx-build`` in a subprocess and reads nothing from ``conf.py``): term files
outside the source folder need ``--watch`` (docs/usage/live-preview.md).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sphinx_util import write_project

from sphinx_neuroterms.output.tooltips import texts_file

pytest.importorskip("sphinx_autobuild")

pytestmark = pytest.mark.slow

#: How long a build may take to show up in the served pages (the first build included): far
#: more than it needs on an idle machine, so a busy one does not fail the test.
DEADLINE = 60.0
#: How often the pages are fetched while waiting.
POLL = 0.2

TERMS = """\
terms:
  - term: Serotonin
    definition: A monoamine neurotransmitter made from tryptophan.
"""

PAGES = {
    "index.rst": "Home\n====\n\nLow :nterm:`serotonin` again.\n\n.. toctree::\n\n   glossary\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _autobuild(root: Path, source: str, *watch: str) -> Iterator[tuple[str, Path]]:
    """Run ``python -m sphinx_autobuild`` in ``root`` (source folder ``source``, folders to
    watch ``watch``); yield the server's base URL and its log file; stop it afterwards."""
    port = _free_port()
    log = root / "autobuild.log"
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        source,
        "_build/html",
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
    ]
    for folder in watch:
        command += ["--watch", folder]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the builds it starts stop with it
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        yield f"http://127.0.0.1:{port}", log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)


def _get(url: str) -> str | None:
    """The body of a served file, or None while the server does not serve it."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(what: str, found: Callable[[], bool], log: Path) -> None:
    """Poll ``found`` until it holds, failing with the server's log after :data:`DEADLINE`."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if found():
            return
        time.sleep(POLL)
    pytest.fail(f"not seen within {DEADLINE:.0f} s: {what}\n{log.read_text(errors='replace')}")


def _entry(base: str, entry_id: str) -> str | None:
    """The served glossary entry's text (its ``dd``), or None while there is none."""
    from bs4 import BeautifulSoup

    html = _get(f"{base}/glossary.html")
    if html is None:
        return None
    term = BeautifulSoup(html, "html.parser").find("dt", id=entry_id)
    definition = term.find_next_sibling("dd") if term is not None else None
    return None if definition is None else str(definition.get_text())


def _tooltip(base: str, key: str) -> str | None:
    """The served tooltip text of a term (its record in the tooltip file the script loads)."""
    call = _get(f"{base}/_static/neuroterms/tooltips/{texts_file(key)}")
    if call is None:
        return None
    records = json.loads(call.removeprefix("ntermTooltipTexts(").removesuffix(");\n"))
    return next((str(text) for record_key, _, text in records if record_key == key), None)


def _links(base: str, page: str) -> set[str]:
    """The ``data-nterm`` keys of the term links of a served page."""
    from bs4 import BeautifulSoup

    html = _get(f"{base}/{page}") or ""
    return {
        str(link["data-nterm"])
        for link in BeautifulSoup(html, "html.parser").find_all("a", attrs={"data-nterm": True})
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


#: What the served site shows once both edits are built: the page links both terms, and
#: the tooltip files hold the edited and the added definitions.
SERVED_AFTER_EDITS = {
    "links": {"serotonin", "dopamine"},
    "tooltips": {
        "serotonin": "A monoamine neurotransmitter.",
        "dopamine": "A catecholamine added live.",
    },
}


def _edit_and_watch(base: str, log: Path, terms: Path, page: Path) -> dict[str, object]:
    """Edit a definition, then add a term and a reference to it, waiting after each edit
    until the served pages show it (each wait fails the test at its deadline); return what
    the site serves in the end."""
    _wait_for(
        "the first build's glossary",
        lambda: "made from tryptophan" in (_entry(base, "nterm-serotonin") or ""),
        log,
    )
    assert _links(base, "index.html") == {"serotonin"}

    _edit(terms, "made from tryptophan", "edited while the server runs")
    _wait_for(
        "the edited definition in the glossary",
        lambda: "edited while the server runs" in (_entry(base, "nterm-serotonin") or ""),
        log,
    )
    _wait_for(
        "the edited definition in the tooltip file",
        lambda: "edited while the server runs" in (_tooltip(base, "serotonin") or ""),
        log,
    )

    _edit(
        terms,
        "definition: A monoamine",
        "definition: A monoamine neurotransmitter.\n"
        "  - term: Dopamine\n    definition: A catecholamine added live.\n"
        "  - term: Other\n    definition: A placeholder,",
    )
    _edit(page, "again.", "again, and :nterm:`dopamine`.")
    _wait_for(
        "the new term linked from the page",
        lambda: _links(base, "index.html") == {"serotonin", "dopamine"},
        log,
    )
    _wait_for(
        "the new term in the glossary and its tooltip",
        lambda: (
            "added live" in (_entry(base, "nterm-dopamine") or "")
            and "added live" in (_tooltip(base, "dopamine") or "")
        ),
        log,
    )
    return {
        "links": _links(base, "index.html"),
        "tooltips": {key: _tooltip(base, key) for key in ("serotonin", "dopamine")},
    }


def test_term_files_in_the_source_folder_need_nothing_more(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "project",
        {
            "docs/conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms"]\n',
            "docs/terms/neuro.yaml": TERMS,
            **{f"docs/{name}": text for name, text in PAGES.items()},
        },
    )
    with _autobuild(root, "docs") as (base, log):
        served = _edit_and_watch(base, log, root / "docs/terms/neuro.yaml", root / "docs/index.rst")
    assert served == SERVED_AFTER_EDITS


def test_term_files_outside_the_source_folder_with_watch(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "project",
        {
            "docs/conf.py": (
                'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["../terms"]\n'
            ),
            "terms/neuro.yaml": TERMS,
            **{f"docs/{name}": text for name, text in PAGES.items()},
        },
    )
    with _autobuild(root, "docs", "terms") as (base, log):
        served = _edit_and_watch(base, log, root / "terms/neuro.yaml", root / "docs/index.rst")
    assert served == SERVED_AFTER_EDITS
