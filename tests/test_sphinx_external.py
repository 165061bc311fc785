"""``neuroterms_external``: another project's ``neuroterms.json`` gives links and tooltips."""

from __future__ import annotations

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_project, link_tooltip, parse_html, tooltips_of, write_project

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: The project whose terms are shared ("Lab"): one term in a glossary, one in none.
LAB = {
    "conf.py": (
        'project = "Lab"\nextensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n'
    ),
    "t.yaml": (
        "terms:\n- term: Serotonin\n  aliases: [5-HT]\n"
        "  definition: A monoamine messenger; most of the supply of the body is made in the gut.\n"
        "- term: Tryptophan\n  definition: The amino acid the body turns into serotonin.\n"
    ),
    "index.rst": "Lab\n===\n\n.. toctree::\n\n   glossary\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n   :terms: Serotonin\n",
}

#: The project that reads them ("Notes"), with a term of its own named like one of Lab's.
NOTES_CONF = (
    'project = "Notes"\n'
    'extensions = ["sphinx_neuroterms"]\n'
    'neuroterms_sources = ["t.yaml"]\n'
    "neuroterms_external = {{\n"
    '    "lab": ("{base}", {location}),\n'
    "}}\n"
    "show_warning_types = True\n"
)
NOTES = {
    "t.yaml": (
        "terms:\n- term: Tryptophan\n  definition: Our own note on the amino acid.\n"
    ),
    "index.rst": (
        "Notes\n=====\n\n.. toctree::\n\n   sub/page\n   glossary\n\n"
        "By project: :nterm:`lab:serotonin`. By alias: :nterm:`5-HT`. "
        "Plural, any case: :nterm:`SEROTONINS`. Local first: :nterm:`tryptophan`. "
        "Theirs by name: :nterm:`their tryptophan <lab:Tryptophan>`.\n"
    ),
    "sub/page.rst": "Sub\n===\n\nDeeper: :nterm:`serotonin`.\n",
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
}


def build_lab(root: Path) -> Path:
    """Build Lab; the folder of its HTML (``neuroterms.json`` inside)."""
    lab = write_project(root / "lab", LAB)
    build_project(lab, "html", freshenv=True)
    return lab / "_build" / "html"


def write_notes(root: Path, base: str, location: str | None) -> Path:
    """Write Notes, reading Lab's terms from ``location`` (a path, URL or None)."""
    conf = NOTES_CONF.format(base=base, location="None" if location is None else repr(location))
    return write_project(root / "notes", {"conf.py": conf, **NOTES})


def external_links(page: Path) -> list[tuple[str, str, str | None]]:
    """(text, href, tooltip text) of each link to another project's term."""
    return [
        (a.text, a.attrs["href"], link_tooltip(page, a))
        for a in parse_html(page).find("a", "nterm")
        if "external" in a.classes
    ]


SEROTONIN = "A monoamine messenger; most of the supply of the body is made in the gut."
TRYPTOPHAN = "The amino acid the body turns into serotonin."


@pytest.mark.parametrize("parallel", [0, 2])
def test_links_and_tooltips_from_a_local_file(tmp_path: Path, parallel: int) -> None:
    lab_html = build_lab(tmp_path)
    notes = write_notes(tmp_path, "https://lab.example/docs/", str(lab_html / "neuroterms.json"))
    _app, warnings = build_project(notes, "html", freshenv=True, parallel=parallel)
    assert warnings == []
    out = notes / "_build" / "html"
    entry = "https://lab.example/docs/glossary.html#nterm-serotonin"
    assert external_links(out / "index.html") == [
        ("serotonin", entry, SEROTONIN),  # "lab:" names the project, and is not shown
        ("5-HT", entry, SEROTONIN),
        ("SEROTONINS", entry, SEROTONIN),
        # Lab's glossary does not list it: the link goes to Lab's documentation.
        ("their tryptophan", "https://lab.example/docs/", TRYPTOPHAN),
    ]
    local = [
        a for a in parse_html(out / "index.html").find("a", "nterm") if "internal" in a.classes
    ]
    assert [(a.text, a.attrs["href"]) for a in local] == [
        ("tryptophan", "glossary.html#nterm-tryptophan")
    ]
    data = tooltips_of(out / "index.html")["terms"]
    assert data["lab:serotonin"] == ["Serotonin", SEROTONIN]
    assert data["lab:tryptophan"] == ["Tryptophan", TRYPTOPHAN]
    assert data["tryptophan"] == ["Tryptophan", "Our own note on the amino acid."]
    links = parse_html(out / "index.html").find("a", "external")
    assert {a.attrs.get("data-nterm") for a in links} == {"lab:serotonin", "lab:tryptophan"}


def test_a_relative_base_is_relative_to_each_page(tmp_path: Path) -> None:
    lab_html = build_lab(tmp_path)
    notes = write_notes(tmp_path, "../lab/", str(lab_html / "neuroterms.json"))
    _app, warnings = build_project(notes, "html", freshenv=True)
    assert warnings == []
    out = notes / "_build" / "html"
    assert external_links(out / "sub" / "page.html") == [
        ("serotonin", "../../lab/glossary.html#nterm-serotonin", SEROTONIN)
    ]
    assert external_links(out / "index.html")[0][1] == "../lab/glossary.html#nterm-serotonin"


def test_other_builders_link_too(tmp_path: Path) -> None:
    lab_html = build_lab(tmp_path)
    notes = write_notes(tmp_path, "https://lab.example/docs/", str(lab_html / "neuroterms.json"))
    _app, warnings = build_project(notes, "latex", freshenv=True)
    assert warnings == []
    tex = next((notes / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxhref{https://lab.example/docs/glossary.html\#nterm-serotonin}" in tex


def test_base_url_default_location(tmp_path: Path) -> None:
    """Location None: the file is the base plus ``neuroterms.json`` (here a folder)."""
    lab_html = build_lab(tmp_path)
    notes = write_notes(tmp_path, str(lab_html) + "/", None)
    _app, warnings = build_project(notes, "html", freshenv=True)
    assert warnings == []
    links = external_links(notes / "_build" / "html" / "index.html")
    assert links[0] == ("serotonin", f"{lab_html}/glossary.html#nterm-serotonin", SEROTONIN)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "could not be read"),
        ("{not json", "not valid JSON"),
        ('{"format": "something else", "version": 1, "terms": []}', "not a neuroterms.json"),
        ('{"format": "sphinx-neuroterms terms", "version": "one", "terms": []}', "version"),
    ],
)
def test_unreadable_file_is_one_located_warning(
    tmp_path: Path, content: str | None, reason: str
) -> None:
    location = tmp_path / "lab.json"
    if content is not None:
        location.write_text(content, encoding="utf-8")
    notes = write_notes(tmp_path, "https://lab.example/docs/", str(location))
    (notes / "index.rst").write_text(
        "Notes\n=====\n\n.. toctree::\n\n   sub/page\n   glossary\n\nLocal: :nterm:`tryptophan`.\n",
        encoding="utf-8",
    )
    (notes / "sub" / "page.rst").write_text("Sub\n===\n\nNo terms.\n", encoding="utf-8")
    _app, warnings = build_project(notes, "html", freshenv=True)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{notes / 'conf.py'}:4: WARNING: the terms of 'lab'")
    assert reason in warnings[0]
    assert warnings[0].endswith("[neuroterms.external]")
    assert (notes / "_build" / "html" / "index.html").exists()


def test_malformed_entries_are_passed_over(tmp_path: Path) -> None:
    location = tmp_path / "lab.json"
    location.write_text(json.dumps({
        "format": "sphinx-neuroterms terms", "version": 1, "project": "Lab",
        "terms": [
            "not a term", {"name": ""}, {"name": 3}, {"name": "Lone \udfff surrogate"},
            {"name": "Broken", "definition": "half \ud800 a pair", "aliases": ["\udc00", "B"]},
            {"name": "Serotonin", "aliases": "5-HT", "definition": SEROTONIN,
             "url": "glossary.html#nterm-serotonin"},
        ],
    }), encoding="utf-8")  # fmt: skip
    notes = write_notes(tmp_path, "https://lab.example/docs/", str(location))
    (notes / "index.rst").write_text(
        "Notes\n=====\n\n.. toctree::\n\n   sub/page\n   glossary\n",
        encoding="utf-8",
    )
    (notes / "sub" / "page.rst").write_text(
        "Sub\n===\n\nDeeper: :nterm:`serotonin`, :nterm:`lab:broken`, :nterm:`lab:b`.\n",
        encoding="utf-8",
    )
    _app, warnings = build_project(notes, "html", freshenv=True)
    assert warnings == []
    # Text that is not Unicode (lone surrogates from JSON escapes) cannot reach a page: the
    # name's entry is passed over, a bad alias dropped, a bad definition left empty.
    assert external_links(notes / "_build" / "html" / "sub" / "page.html") == [
        ("serotonin", "https://lab.example/docs/glossary.html#nterm-serotonin", SEROTONIN),
        ("broken", "https://lab.example/docs/", None),
        ("b", "https://lab.example/docs/", None),
    ]


HOSTILE_URLS = [
    "javascript://%0aalert(document.domain)",
    "JAVASCRIPT://%0aalert(1)",
    "vbscript://%0amsgbox(1)",
    "data://text/html,<script>alert(1)</script>",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
]


@pytest.mark.parametrize("base", ["https://lab.example.org/docs/", ""])
def test_unsafe_entry_urls_are_refused_with_a_located_warning(tmp_path: Path, base: str) -> None:
    location = tmp_path / "lab.json"
    terms = [
        {"name": f"Evil {number}", "definition": "x", "url": url}
        for number, url in enumerate(HOSTILE_URLS)
    ]
    terms.append({"name": "Serotonin", "definition": SEROTONIN, "url": "glossary.html#s"})
    location.write_text(json.dumps({
        "format": "sphinx-neuroterms terms", "version": 1, "terms": terms,
    }), encoding="utf-8")  # fmt: skip
    notes = write_notes(tmp_path, base, str(location))
    mentions = " ".join(f":nterm:`lab:evil {number}`" for number in range(len(HOSTILE_URLS)))
    (notes / "index.rst").write_text(
        f"Notes\n=====\n\n.. toctree::\n\n   sub/page\n   glossary\n\n{mentions}\n",
        encoding="utf-8",
    )
    _app, warnings = build_project(notes, "html", freshenv=True)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{notes / 'conf.py'}:4: WARNING: the terms of 'lab'")
    assert f"{len(HOSTILE_URLS)} entry URL(s) refused as unsafe" in warnings[0]
    assert warnings[0].endswith("[neuroterms.external]")
    # Each term is kept, linked to the project's root; no link anywhere runs script.
    links = external_links(notes / "_build" / "html" / "index.html")
    assert [text for text, _href, _tip in links] == [
        f"evil {number}" for number in range(len(HOSTILE_URLS))
    ]
    assert {href for _text, href, _tip in links} == {base or ""}
    for page in (notes / "_build" / "html").rglob("*.html"):
        for anchor in parse_html(page).find("a"):
            href = anchor.attrs.get("href", "").strip().lower()
            assert not href.startswith(("javascript", "vbscript", "data", "java\t")), href
    # The safe entry keeps its URL.
    assert external_links(notes / "_build" / "html" / "sub" / "page.html")[0][1] == (
        f"{base}glossary.html#s" if base else "../glossary.html#s"
    )


def test_an_unsafe_base_url_is_refused(tmp_path: Path) -> None:
    lab_html = build_lab(tmp_path)
    notes = write_notes(tmp_path, "javascript:alert(1)//", str(lab_html / "neuroterms.json"))
    _app, warnings = build_project(notes, "html", freshenv=True)
    assert len(warnings) >= 1
    assert any(
        "neuroterms_external" in warning and "'javascript'" in warning for warning in warnings
    ), warnings
    page = notes / "_build" / "html" / "sub" / "page.html"
    assert all("javascript" not in a.attrs.get("href", "") for a in parse_html(page).find("a"))


def test_changed_terms_rewrite_the_pages_using_them(tmp_path: Path) -> None:
    lab_html = build_lab(tmp_path)
    copy = tmp_path / "lab.json"
    copy.write_bytes((lab_html / "neuroterms.json").read_bytes())
    notes = write_notes(tmp_path, "https://lab.example/docs/", str(copy))
    build_project(notes, "html", freshenv=True)
    page = notes / "_build" / "html" / "sub" / "page.html"
    assert external_links(page)[0][2] == SEROTONIN

    data = json.loads(copy.read_text(encoding="utf-8"))
    data["terms"][0]["definition"] = "A messenger, newly worded."
    copy.write_text(json.dumps(data), encoding="utf-8")
    _app, warnings = build_project(notes, "html")
    assert warnings == []
    assert external_links(page)[0][2] == "A messenger, newly worded."


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, ThreadingHTTPServer]]:
    """Lab's built HTML served on localhost: (its base URL, the server)."""
    lab_html = build_lab(tmp_path)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(lab_html))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", server
    finally:
        server.shutdown()
        server.server_close()


def test_fetched_once_then_cached_offline(
    tmp_path: Path, served: tuple[str, ThreadingHTTPServer]
) -> None:
    base, server = served
    notes = write_notes(tmp_path, base, None)
    _app, warnings = build_project(notes, "html", freshenv=True)
    assert warnings == []
    page = notes / "_build" / "html" / "sub" / "page.html"
    expected = [("serotonin", f"{base}glossary.html#nterm-serotonin", SEROTONIN)]
    assert external_links(page) == expected

    server.shutdown()
    server.server_close()
    # Offline now: the environment's copy serves, with no warning, while it is fresh.
    (notes / "sub" / "page.rst").write_text("Sub\n===\n\nAgain: :nterm:`serotonin`.\n")
    _app, warnings = build_project(notes, "html")
    assert warnings == []
    assert external_links(page) == expected

    # Stale (limit 0 days): fetched again, which fails; the cached copy is kept.
    (notes / "sub" / "page.rst").write_text("Sub\n===\n\nOnce more: :nterm:`serotonin`.\n")
    _app, warnings = build_project(
        notes, "html", confoverrides={"neuroterms_external_cache_limit": 0}
    )
    assert len(warnings) == 1
    assert "the cached copy is kept" in warnings[0]
    assert warnings[0].endswith("[neuroterms.external]")
    assert external_links(page) == expected


def test_a_served_file_past_the_size_limit_is_not_read_whole(
    tmp_path: Path, served: tuple[str, ThreadingHTTPServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_neuroterms.project import external_files

    monkeypatch.setattr(external_files, "MAX_BYTES", 100)
    base, _server = served
    notes = write_notes(tmp_path, base, None)
    _app, warnings = build_project(notes, "html", freshenv=True)
    external = [warning for warning in warnings if warning.endswith("[neuroterms.external]")]
    assert len(external) == 1, warnings
    assert external[0].startswith(f"{notes / 'conf.py'}:4: WARNING: the terms of 'lab'")
    assert "larger than 100 bytes" in external[0]
    # Nothing of the file was used: the pages' references to its terms are unknown.
    assert all("unknown term" in warning for warning in warnings if warning not in external)

