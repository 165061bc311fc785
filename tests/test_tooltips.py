"""Tooltips in the built HTML: per-page data, assets, the ``:term:`` drop-in, ``-j``, rebuilds.

What a reader sees and does in a browser is in ``test_browser_tooltips.py``; these tests read
the files Sphinx writes.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from sphinx_util import (
    build_again,
    build_project,
    copy_root,
    parse_html,
    tooltips_of,
    touch_later,
    write_project,
)

from sphinx_neuroterms.output import tooltips
from sphinx_neuroterms.output.tooltips import (
    PAYLOAD_ID,
    payload_member,
    payload_script,
    script_json,
    texts_record,
)
from sphinx_neuroterms.terms.plain_text import cut_text

if TYPE_CHECKING:
    from pathlib import Path

_DATA_BLOCK = re.compile(
    rf'<script type="application/json" id="{PAYLOAD_ID}">(.*?)</script>', re.DOTALL
)

BALANCE = "The steady state in which excitatory and inhibitory messengers keep each other in check."
REUPTAKE = "The return of a released messenger into the neuron that sent it."
SIGNALS = (
    "Adenosine", "Bradykinin", "Cortisol", "Dynorphin", "Endorphin", "Galanin", "Histamine",
    "Kisspeptin", "Leptin", "Melatonin", "Neuropeptide", "Orexin", "Prolactin", "Relaxin",
    "Somatostatin", "Tachykinin", "Urocortin", "Vasopressin", "Glycine", "Taurine",
)


def data_block(path: Path) -> str | None:
    """The raw text of a page's tooltip data block, or ``None``."""
    blocks = _DATA_BLOCK.findall(path.read_text(encoding="utf-8"))
    assert len(blocks) <= 1
    return blocks[0] if blocks else None


def payload(path: Path) -> dict[str, dict[str, list[str]]]:
    """What a page's tooltips show (its data block and the tooltip files its keys name)."""
    found = tooltips_of(path)
    assert found["terms"] or found.get("std"), f"no tooltip data for {path.name}"
    return found


def check_page(path: Path) -> None:
    """Every tooltip link of a page has its text, held once: not in the link's ``title``
    (except a span, which has no entry to lead to), and in the page's data block only for
    Sphinx ``:term:`` links (the project's terms are in the tooltip files)."""
    page = parse_html(path)
    links = [el for el in page.elements if "data-nterm" in el.attrs or "data-nterm-std" in el.attrs]
    if not links:
        assert data_block(path) is None
        return
    data = payload(path)
    block = json.loads(data_block(path) or '{"terms": {}}')
    assert block["terms"] == {}
    used_terms, used_std = set(), set()
    for link in links:
        if "data-nterm" in link.attrs:
            name, text = data["terms"][link.attrs["data-nterm"]]
            used_terms.add(link.attrs["data-nterm"])
        else:
            name, text = data["std"][link.attrs["data-nterm-std"]]
            used_std.add(link.attrs["data-nterm-std"])
        assert name
        assert link.attrs.get("title") == (text if link.tag == "span" else None)
    # Only the terms the page references.
    assert set(data["terms"]) == used_terms
    assert set(data.get("std", {})) == used_std


# -- payload helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "<!--<script>",
        "</SCRIPT >",
        "a & b > c",
        "line\u2028sep\u2029para",
        '"quoted" \\ back',
        "\u202eevil\u202c",
    ],
)
def test_script_json_cannot_leave_its_element(text: str) -> None:
    encoded = script_json({"k": [text]})
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in encoded
    assert json.loads(encoded) == {"k": [text]}


def test_payload_script_shape() -> None:
    block = payload_script(
        [payload_member("a", "A", "x</script>")], [payload_member("s#t", "T", "y")]
    )
    assert block.startswith(f'<script type="application/json" id="{PAYLOAD_ID}">')
    assert block.count("</script>") == 1
    inner = block[block.index(">") + 1 : block.rindex("</script>")]
    assert json.loads(inner) == {"terms": {"a": ["A", "x</script>"]}, "std": {"s#t": ["T", "y"]}}
    assert json.loads(payload_script([])[len(block.split(">")[0]) + 1 : -10]) == {"terms": {}}


def test_cut_text_on_word_boundary() -> None:
    assert cut_text("alpha beta gamma", 100) == "alpha beta gamma"
    assert cut_text("alpha beta gamma", 12) == "alpha beta…"
    assert cut_text("alpha, beta gamma", 9) == "alpha…"
    assert len(cut_text("x" * 50, 10)) == 10


# -- the tooltip files ----------------------------------------------------------------------------


def test_texts_files_split_large_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """A group of more keys than a file holds goes one character deeper, and its file says so;
    a key no longer than the prefix stays in the shallower file."""
    monkeypatch.setattr(tooltips, "MAX_FILE_TERMS", 2)
    records = {key: texts_record(key, key.title(), f"About {key}.") for key in
               ("se", "serotonin", "sertraline", "secretin", "dopamine")}  # fmt: skip
    files = tooltips.texts_files(records)
    assert sorted(files) == ["64-6f.js", "73-65-63.js", "73-65-72.js", "73-65.js"]
    assert files["73-65.js"] == 'ntermTooltipTexts([["se","Se","About se."]], "73-65");\n'
    assert json.loads(files["73-65-72.js"][len("ntermTooltipTexts(") : -3]) == [
        ["serotonin", "Serotonin", "About serotonin."],
        ["sertraline", "Sertraline", "About sertraline."],
    ]
    assert files["64-6f.js"].startswith('ntermTooltipTexts([["dopamine",')


def test_texts_file_names_stay_short_whatever_the_keys() -> None:
    """Keys sharing a long start stop splitting at a bounded depth: that file holds them all
    (issue 22, item 4: 210 keys sharing 88 characters made a name too long to write)."""
    prefix = "a" * 88
    records = {f"{prefix}{n:03}": texts_record(f"{prefix}{n:03}", "N", "T") for n in range(210)}
    records["\U0010ffff" * 40] = texts_record("\U0010ffff" * 40, "Wide", "T")
    files = tooltips.texts_files(records)
    assert max(len(name) for name in files) <= 7 * tooltips.MAX_DEPTH + 2
    [deepest] = [name for name in files if name.count("-") == tooltips.MAX_DEPTH - 1]
    assert files[deepest].count('"N"') == 210
    assert tooltips.texts_file("serotonin") == "73-65.js"  # ordinary keys keep their names


#: 88 characters that 210 terms share (issue 22, item 4).
LONG_PREFIX = (
    "Voltage-gated sodium channel alpha subunit of peripheral sensory neurons, splice variant "
)[:88]


def test_terms_sharing_a_long_start_build_and_every_link_finds_its_text(tmp_path: Path) -> None:
    names = [f"{LONG_PREFIX}{n:03}" for n in range(210)]
    terms = "terms:\n" + "".join(
        f"  - term: {name}\n    definition: Variant {n} of the channel.\n"
        for n, name in enumerate(names)
    )
    links = " ".join(f":nterm:`{name}`" for name in names)
    write_project(tmp_path, {
        "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms.yaml"]\n',
        "index.rst": f"Home\n====\n\n{links}\n\n.. nterm-glossary::\n",
        "terms.yaml": terms,
    })
    app, warnings = build_project(tmp_path, freshenv=True)
    assert warnings == []
    texts = app.outdir / "_static" / "neuroterms" / "tooltips"
    assert max(len(path.name) for path in texts.iterdir()) <= 7 * tooltips.MAX_DEPTH + 2
    found = tooltips_of(app.outdir / "index.html")["terms"]
    assert {key: text for key, (_, text) in found.items()} == {
        name.lower(): f"Variant {n} of the channel." for n, name in enumerate(names)
    }


def test_every_link_finds_its_text_in_split_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tooltips, "MAX_FILE_TERMS", 1)
    app, _warnings = build_project(copy_root("neuroterms-tooltip", tmp_path), freshenv=True)
    texts = app.outdir / "_static" / "neuroterms" / "tooltips"
    assert any(path.name.count("-") > 1 for path in texts.iterdir())  # some went deeper
    for page in ("index.html", "many.html", "glossary.html"):
        check_page(app.outdir / page)


# -- one build ----------------------------------------------------------------------------------


def test_pages_carry_only_their_terms(tmp_path: Path) -> None:
    app, warnings = build_project(copy_root("neuroterms-tooltip", tmp_path), freshenv=True)
    assert warnings == []
    index = payload(app.outdir / "index.html")
    assert set(index["terms"]) == {"neurochemical balance", "serotonin tone", "long winded term"}
    assert index["terms"]["neurochemical balance"] == ["Neurochemical Balance", BALANCE]
    # Cut at 300 characters on a word boundary.
    long_text = index["terms"]["long winded term"][1]
    assert long_text.endswith("and…")
    assert len(long_text) <= 300
    assert index["std"] == {"std#term-Reuptake": ["Reuptake", REUPTAKE]}

    many = payload(app.outdir / "many.html")
    assert set(many["terms"]) == {f"{word.lower()} signal" for word in SIGNALS}
    assert "std" not in many
    for html in app.outdir.glob("*.html"):
        check_page(html)
    # Pages without term links (search, genindex) carry no data.
    assert data_block(app.outdir / "search.html") is None
    assert data_block(app.outdir / "genindex.html") is None


def test_assets_are_local_and_deferred(tmp_path: Path) -> None:
    app, _warnings = build_project(copy_root("neuroterms-tooltip", tmp_path), freshenv=True)
    page = parse_html(app.outdir / "index.html")
    scripts = [el for el in page.find("script") if "neuroterms.js" in el.attrs.get("src", "")]
    assert len(scripts) == 1
    assert scripts[0].attrs["src"].startswith("_static/neuroterms.js?v=")
    assert scripts[0].attrs["defer"] == "defer"
    assert scripts[0].attrs["data-open-delay"].isdigit()
    sheets = [el for el in page.find("link") if "neuroterms.css" in el.attrs.get("href", "")]
    assert sheets[0].attrs["href"].startswith("_static/neuroterms.css?v=")
    assert (app.outdir / "_static" / "neuroterms.js").is_file()
    assert (app.outdir / "_static" / "neuroterms.css").is_file()
    # Nothing is loaded from another host.
    for element in page.elements:
        for attribute in ("src", "href"):
            value = element.attrs.get(attribute, "")
            if element.tag in {"script", "link"}:
                assert not value.startswith(("http:", "https:", "//")), value


def test_std_term_links_get_tooltips(tmp_path: Path) -> None:
    app, _warnings = build_project(copy_root("neuroterms-tooltip", tmp_path), freshenv=True)
    links = [
        el for el in parse_html(app.outdir / "std.html").find("a") if "data-nterm-std" in el.attrs
    ]
    assert [(el.text, el.attrs["href"], el.attrs["data-nterm-std"]) for el in links] == [
        ("Synaptic Cleft", "#term-Synaptic-Cleft", "std#term-Synaptic-Cleft"),
        ("the gap", "#term-cleft", "std#term-cleft"),
        ("reuptake", "#term-Reuptake", "std#term-Reuptake"),
    ]
    # The first paragraph of the definition only, once: in the data block, not in a title.
    assert "title" not in links[0].attrs
    assert payload(app.outdir / "std.html")["std"]["std#term-Synaptic-Cleft"][1] == (
        "The narrow gap between two neurons across which a messenger diffuses."
    )
    assert payload(app.outdir / "std.html")["std"]["std#term-cleft"][0] == "cleft"


def test_std_term_links_untouched_by_default(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-tooltip", tmp_path), freshenv=True,
        confoverrides={"neuroterms_tooltip_std_terms": False},
    )
    html = (app.outdir / "std.html").read_text(encoding="utf-8")
    assert "data-nterm-std" not in html
    assert (
        '<a class="reference internal" href="#term-Reuptake">'
        '<span class="xref std std-term">reuptake</span></a>'
    ) in html
    assert "std" not in payload(app.outdir / "std.html")


def test_tooltips_off_means_no_script_and_no_data(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-tooltip", tmp_path), freshenv=True,
        confoverrides={"neuroterms_tooltips": False},
    )
    for html in app.outdir.glob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "neuroterms.js" not in text
        assert "data-nterm" not in text
        assert PAYLOAD_ID not in text
    assert not (app.outdir / "_static" / "neuroterms.js").exists()


def test_singlehtml_has_one_block_for_everything(tmp_path: Path) -> None:
    app, _warnings = build_project(
        copy_root("neuroterms-tooltip", tmp_path), "singlehtml", freshenv=True,
    )
    data = payload(app.outdir / "index.html")
    assert len(data["terms"]) == 3 + len(SIGNALS)
    check_page(app.outdir / "index.html")


def test_epub_references_are_pop_up_notes(tmp_path: Path) -> None:
    """EPUB 3: each reference is a ``noteref`` to one ``footnote`` aside per term and page,
    holding the name (linked to the entry) and the definition; no script, no data block."""
    app, _warnings = build_project(copy_root("neuroterms-tooltip", tmp_path), "epub", freshenv=True)
    path = app.outdir / "index.xhtml"
    text = path.read_text(encoding="utf-8")
    assert "neuroterms.js" not in text
    assert PAYLOAD_ID not in text
    page = parse_html(path)
    refs = [a for a in page.find("a") if a.attrs.get("epub:type") == "noteref"]
    asides = {aside.attrs["id"]: aside for aside in page.find("aside")}
    assert refs
    for ref in refs:
        assert ref.attrs["href"].startswith("#")
        assert asides[ref.attrs["href"][1:]].attrs["epub:type"] == "footnote"
    assert len(asides) == len({ref.attrs["href"] for ref in refs})  # one aside per term
    balance = next(aside for aside in asides.values() if BALANCE in aside.text)
    assert balance.text.startswith("Neurochemical Balance: ")
    [entry] = [a for a in page.find("a") if a.text == "Neurochemical Balance" and
               "glossary.xhtml#" in a.attrs.get("href", "")]  # fmt: skip
    assert entry.attrs["href"].endswith("#nterm-neurochemical-balance")


# -- -j and incremental builds --------------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    touch_later(path)


def test_parallel_build_and_incremental_edits(tmp_path: Path) -> None:
    root = copy_root("neuroterms-tooltip", tmp_path)
    app, warnings = build_project(root, parallel=2)
    assert warnings == []
    pages = sorted(app.outdir.glob("*.html"))
    for html in pages:
        check_page(html)
    referencing = {"index", "edge", "std"}
    for docname in referencing:
        assert (
            payload(app.outdir / f"{docname}.html")["terms"]["neurochemical balance"][1] == BALANCE
        )

    # Edit a term in its term file: the pages linking to it show the new text (from the
    # tooltip files) without being rewritten; the glossary, which shows the text, is.
    _edit(
        app.srcdir / "terms.json", "The steady state in which", "The shifting equilibrium in which"
    )
    app, warnings, written = build_again(root, parallel=2)
    assert warnings == []
    assert "glossary" in written
    assert not (referencing - {"index"}) & written
    assert "many" not in written
    new_balance = BALANCE.replace("The steady state", "The shifting equilibrium")
    for docname in referencing:
        data = payload(app.outdir / f"{docname}.html")
        assert data["terms"]["neurochemical balance"][1] == new_balance
        check_page(app.outdir / f"{docname}.html")

    # Edit a Sphinx glossary entry: the page linking to it from elsewhere is rewritten too.
    _edit(app.srcdir / "std.rst", "The return of a released", "The recapture of a released")
    app, warnings, written = build_again(root, parallel=2)
    assert {"std", "index"} <= written
    new_reuptake = REUPTAKE.replace("The return of", "The recapture of")
    assert payload(app.outdir / "index.html")["std"]["std#term-Reuptake"][1] == new_reuptake
    check_page(app.outdir / "index.html")
    assert warnings == []


# -- hostile term text ----------------------------------------------------------------------------


def test_hostile_text_is_inert_in_the_files(tmp_path: Path) -> None:
    app, _warnings = build_project(copy_root("neuroterms-tooltip-xss", tmp_path), freshenv=True)
    for html in app.outdir.glob("*.html"):
        text = html.read_text(encoding="utf-8")
        lowered = text.lower()
        # No link or source with a script or data URL, in any spelling.
        assert not re.search(
            r'(href|src|action)\s*=\s*["\']?\s*(javascript|data|vbscript):', lowered
        )
        for raw in ("<script>alert", "<svg onload", "<img src=x", "<style>*{", "<iframe"):
            assert raw not in lowered, (html.name, raw)
        block = data_block(html)
        if block is not None:
            assert "<" not in block
            assert ">" not in block
            check_page(html)
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert "root:x:" not in glossary  # no file insertion
    # The unsafe link keeps its text, as plain text in the entry's definition.
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(glossary, "html.parser")
    definition = soup.find("dt", id="nterm-markup-links").find_next_sibling("dd")
    assert [span.get_text() for span in definition.find_all("span", class_=False)] == [
        "here", "javascript:alert(\u2018r1b", "there", "away"
    ]
    assert [a.get_text() for a in definition.find_all("a")][:1] == ["fine"]
