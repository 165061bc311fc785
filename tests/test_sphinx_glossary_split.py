"""A large glossary split over pages: ``:letters:`` or ``:tags:`` per page, ``:part-of:`` to
share one jump bar across them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx_util import build_again, build_project, parse_html, touch_later, write_project

if TYPE_CHECKING:
    from pathlib import Path

TERMS = "terms:\n" + "".join(
    f"- term: {name}\n  tags: [{tag}]\n  definition: A short note on {name.lower()}.\n"
    for name, tag in [
        ("Acetylcholine", "messenger"), ("Axon", "anatomy"), ("Dopamine", "messenger"),
        ("Glutamate", "messenger"), ("Myelin", "anatomy"), ("Serotonin", "messenger"),
        ("Synapse", "anatomy"), ("5-HT receptor", "receptor"),
    ]
)  # fmt: skip

FILES = {
    "conf.py": (
        'project = "Split"\nextensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n'
        "show_warning_types = True\n"
    ),
    "t.yaml": TERMS,
    "index.rst": (
        "Split\n=====\n\n.. toctree::\n\n   glossary/first\n   glossary/second\n\n"
        ":nterm:`Axon`, :nterm:`serotonin` and :nterm:`5-HT receptor`.\n"
    ),
    "glossary/first.rst": (
        "Glossary, A to F\n================\n\n.. nterm-glossary::\n   :letters: #, a-f\n"
        "   :part-of: main\n"
    ),
    "glossary/second.rst": (
        "Glossary, G to Z\n================\n\n.. nterm-glossary::\n   :letters: G-Z\n"
        "   :part-of: main\n"
    ),
}


def jump_bar(page: Path) -> list[tuple[str, str]]:
    """(label, href) of a page's jump bar."""
    parsed = parse_html(page)
    [bar] = parsed.find("p", "nterm-jumpbar")
    start = parsed.elements.index(bar)
    links = [el for el in parsed.elements[start + 1 :] if el.tag == "a"][: len(bar.text.split("·"))]
    return [(a.text, a.attrs["href"]) for a in links]


def entries(page: Path) -> list[str]:
    return [dt.attrs["id"] for dt in parse_html(page).find("dt") if "id" in dt.attrs]


@pytest.mark.parametrize("parallel", [0, 2])
def test_parts_list_their_letters_and_share_a_jump_bar(tmp_path: Path, parallel: int) -> None:
    root = write_project(tmp_path, FILES)
    _app, warnings = build_project(root, "html", freshenv=True, parallel=parallel)
    assert warnings == []
    out = root / "_build" / "html"
    first, second = out / "glossary" / "first.html", out / "glossary" / "second.html"
    assert [name for name in entries(first) if name.startswith("nterm-")] == [
        "nterm-5-ht-receptor", "nterm-acetylcholine", "nterm-axon", "nterm-dopamine",
    ]  # fmt: skip
    assert [name for name in entries(second) if name.startswith("nterm-")] == [
        "nterm-glutamate", "nterm-myelin", "nterm-serotonin", "nterm-synapse",
    ]  # fmt: skip
    # One bar over both pages: this page's groups by id, the other's by its page.
    assert jump_bar(first) == [
        ("#", "#nterm-group-symbols"), ("A", "#nterm-group-a"), ("D", "#nterm-group-d"),
        ("G", "second.html#nterm-group-g"), ("M", "second.html#nterm-group-m"),
        ("S", "second.html#nterm-group-s"),
    ]  # fmt: skip
    assert jump_bar(second) == [
        ("#", "first.html#nterm-group-symbols"), ("A", "first.html#nterm-group-a"),
        ("D", "first.html#nterm-group-d"), ("G", "#nterm-group-g"), ("M", "#nterm-group-m"),
        ("S", "#nterm-group-s"),
    ]  # fmt: skip
    for page in (first, second):
        ids = parse_html(page).ids
        for _label, href in jump_bar(page):
            target_page = page if href.startswith("#") else page.parent / href.partition("#")[0]
            assert href.partition("#")[2] in parse_html(target_page).ids | ids
    # References go to the part that lists the term.
    links = [(a.text, a.attrs["href"]) for a in parse_html(out / "index.html").find("a", "nterm")]
    assert links == [
        ("Axon", "glossary/first.html#nterm-axon"),
        ("serotonin", "glossary/second.html#nterm-serotonin"),
        ("5-HT receptor", "glossary/first.html#nterm-5-ht-receptor"),
    ]


def test_split_by_tag(tmp_path: Path) -> None:
    files = {
        **FILES,
        "glossary/first.rst": (
            "Anatomy\n=======\n\n.. nterm-glossary::\n   :tags: anatomy\n   :group-by: tag\n"
            "   :part-of: by-tag\n"
        ),
        "glossary/second.rst": (
            "Chemistry\n=========\n\n.. nterm-glossary::\n   :tags: messenger, receptor\n"
            "   :group-by: tag\n   :part-of: by-tag\n"
        ),
    }
    root = write_project(tmp_path, files)
    _app, warnings = build_project(root, "html", freshenv=True)
    assert warnings == []
    out = root / "_build" / "html" / "glossary"
    assert jump_bar(out / "first.html") == [
        ("anatomy", "#nterm-group-anatomy"),
        ("messenger", "second.html#nterm-group-messenger"),
        ("receptor", "second.html#nterm-group-receptor"),
    ]


def test_bad_letters_are_one_located_warning(tmp_path: Path) -> None:
    files = {
        **FILES,
        "glossary/second.rst": (
            "Glossary, G to Z\n================\n\n.. nterm-glossary::\n   :letters: G-Z, 12, z-a\n"
            "   :part-of: main\n"
        ),
    }
    root = write_project(tmp_path, files)
    _app, warnings = build_project(root, "html", freshenv=True)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{root / 'glossary' / 'second.rst'}:4: WARNING: invalid")
    assert "'12', 'z-a'" in warnings[0]
    assert warnings[0].endswith("[neuroterms.option]")
    # The valid letters still apply.
    out = root / "_build" / "html" / "glossary" / "second.html"
    assert "nterm-serotonin" in entries(out)
    assert "nterm-axon" not in entries(out)


def test_a_new_group_reaches_every_part(tmp_path: Path) -> None:
    root = write_project(tmp_path, FILES)
    build_project(root, "html", freshenv=True)
    first = root / "_build" / "html" / "glossary" / "first.html"
    assert ("T", "second.html#nterm-group-t") not in jump_bar(first)
    (root / "t.yaml").write_text(
        TERMS + "- term: Tau\n  definition: A protein that steadies axons.\n", encoding="utf-8"
    )
    touch_later(root / "t.yaml")
    _app, warnings = build_project(root, "html")
    assert warnings == []
    assert ("T", "second.html#nterm-group-t") in jump_bar(first)


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_edited_term_reads_again_only_the_part_that_lists_it(
    tmp_path: Path, parallel: int
) -> None:
    # Sphinx reads in parallel only more than five pages: -j readers merge them in any order.
    pages = {
        f"page{number}.rst": f"Page {number}\n======\n\n:nterm:`Axon`.\n" for number in range(8)
    }
    files = {**FILES, **pages}
    files["index.rst"] += "\n.. toctree::\n\n" + "".join(f"   page{n}\n" for n in range(8))
    root = write_project(tmp_path, files)
    build_project(root, "html", freshenv=True, parallel=parallel)
    # Serotonin is in the second part; the edit also moves every later term down a line.
    edited = TERMS.replace(
        "definition: A short note on serotonin.",
        "definition: |-\n    A messenger of mood\n    and sleep.",
    )
    assert edited != TERMS
    (root / "t.yaml").write_text(edited, encoding="utf-8")
    touch_later(root / "t.yaml")
    _app, warnings, written = build_again(root, "html", parallel=parallel)
    assert warnings == []
    assert "glossary/second" in written
    assert "glossary/first" not in written
    second = parse_html(root / "_build" / "html" / "glossary" / "second.html")
    shown = [" ".join(dd.text.split()) for dd in second.find("dd")]
    assert any(text.startswith("A messenger of mood and sleep.") for text in shown), shown
