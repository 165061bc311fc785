"""Translated terms, through Sphinx's own workflow, end to end in German.

The real ``gettext`` builder writes the catalogs, the real ``sphinx-intl update`` makes the
German ``.po`` files, babel (which Sphinx installs) fills in some translations by their msgid,
and builds with ``language = "de"`` show them in every output; a term left untranslated keeps
its source text. See docs/usage/translating-terms.md.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from sphinx_util import (
    build_again,
    build_project,
    entry_text,
    parse_html,
    tooltips_of,
    write_project,
)

from sphinx_neuroterms.terms.messages import text_messages, translate_text

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("sphinx_intl")

TERMS = """\
terms:
  - term: Serotonin
    definition: A monoamine neurotransmitter made from tryptophan.
    sections:
      Origin: |
        Named for its effect on the tone of blood vessels.

        First isolated from serum.
    notes:
      - Most of the body's serotonin is made in the gut.
  - term: Dopamine
    definition: A catecholamine neurotransmitter of reward.
  - term: Glutamate
    definition: |
      The main excitatory neurotransmitter.

      It is also an amino acid.
"""

#: Every text of the term files, as a translator sees it (one message per paragraph).
MESSAGES = [
    "A monoamine neurotransmitter made from tryptophan.",
    "Named for its effect on the tone of blood vessels.",
    "First isolated from serum.",
    "Most of the body's serotonin is made in the gut.",
    "A catecholamine neurotransmitter of reward.",
    "The main excitatory neurotransmitter.",
    "It is also an amino acid.",
]

#: The German texts filled in; Dopamine is left untranslated.
GERMAN = dict(
    zip(
        [*MESSAGES[:4], *MESSAGES[5:], "Serotonin", "Origin"],
        [
            "Ein Monoamin-Neurotransmitter, aus Tryptophan gebildet.",
            "Benannt nach seiner Wirkung auf die Spannung der Blutgefäße.",
            "Zuerst aus Serum gewonnen.",
            "Das meiste Serotonin des Körpers entsteht im Darm.",
            "Der wichtigste erregende Neurotransmitter.",
            "Er ist auch eine Aminosäure.",
            "Serotonin (5-HT)",
            "Herkunft",
        ],
        strict=True,
    )
)

FILES = {
    "conf.py": (
        'project = "Terms"\nauthor = "Lab"\nversion = "1.0"\nepub_copyright = "2026, Lab"\n'
        'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["../terms"]\n'
        'locale_dirs = ["locale"]\nneuroterms_latex_first_use = "footnote"\n'
    ),
    "index.rst": (
        "Home\n====\n\n.. toctree::\n\n   glossary\n\n"
        "Low :nterm:`serotonin`, :nterm:`dopamine` and :nterm:`glutamate`.\n"
    ),
    "glossary.rst": "Glossary\n========\n\n.. nterm-glossary::\n",
}


def _project(tmp_path: Path, **settings: str) -> Path:
    files = {f"docs/{name}": text for name, text in FILES.items()}
    files["docs/conf.py"] += "".join(f"{name} = {value}\n" for name, value in settings.items())
    root = write_project(tmp_path, {**files, "terms/neuro.yaml": TERMS})
    return root / "docs"


def _msgids(pot: Path) -> list[str]:
    from babel.messages.pofile import read_po

    with pot.open("rb") as stream:
        return [str(message.id) for message in read_po(stream) if message.id]


def _translate(docs: Path) -> Path:
    """The real workflow: the gettext builder, ``sphinx-intl update`` for German, then the
    German texts filled in by msgid (as a translator's tool would); return the term ``.po``."""
    from babel.messages.pofile import read_po, write_po

    # Its own doctrees: the gettext builder's cannot be shared with other builders.
    _app, warnings = build_project(docs, "gettext", freshenv=True, builddir=docs / "_pot")
    assert warnings == []
    subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "update", "-p", "_pot/gettext", "-l", "de"],
        cwd=docs,
        check=True,
        capture_output=True,
    )
    po = docs / "locale" / "de" / "LC_MESSAGES" / "neuroterms-terms.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id in GERMAN:
            message.string = GERMAN[message.id]
    with po.open("wb") as stream:
        write_po(stream, catalog)
    return po


def test_each_term_text_is_extracted_once(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    _translate(docs)
    pots = sorted((docs / "_pot" / "gettext").glob("*.pot"))
    found: dict[str, list[str]] = {}
    for pot in pots:
        for msgid in _msgids(pot):
            found.setdefault(msgid, []).append(pot.name)
    for message in MESSAGES:
        assert found.get(message) == ["neuroterms-terms.pot"], message
    # Names are not messages unless the project asks (neuroterms_translate_names).
    assert "Serotonin" not in found and "Origin" not in found
    # Each message points at the term file.
    text = (docs / "_pot" / "gettext" / "neuroterms-terms.pot").read_text(encoding="utf-8")
    assert re.search(r"#: \.\./\.\./\.\./terms/neuro\.yaml:\d+\nmsgid \"A monoamine", text)


def test_translated_build_shows_german_everywhere(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    _translate(docs)
    app, warnings = build_project(docs, freshenv=True, confoverrides={"language": "de"})
    assert warnings == []
    glossary = app.outdir / "glossary.html"
    serotonin = entry_text(glossary, "nterm-serotonin")
    for german in list(GERMAN.values())[:4]:
        assert german in serotonin
    assert "tryptophan." not in serotonin
    assert "Der wichtigste erregende Neurotransmitter." in entry_text(glossary, "nterm-glutamate")
    # The untranslated term keeps its source text.
    assert "A catecholamine neurotransmitter of reward." in entry_text(glossary, "nterm-dopamine")
    # The name is not translated by default.
    assert parse_html(glossary).by_id("nterm-serotonin").text.strip().startswith("Serotonin")

    tooltips = tooltips_of(app.outdir / "index.html")["terms"]
    assert tooltips["serotonin"] == ["Serotonin", GERMAN[MESSAGES[0]]]
    assert tooltips["dopamine"] == ["Dopamine", "A catecholamine neurotransmitter of reward."]
    assert tooltips["glutamate"][1].startswith("Der wichtigste erregende Neurotransmitter.")

    shared = json.loads((app.outdir / "neuroterms.json").read_text(encoding="utf-8"))
    definitions = {term["name"]: term["definition"] for term in shared["terms"]}
    assert definitions == {
        "Serotonin": GERMAN[MESSAGES[0]],
        "Dopamine": "A catecholamine neurotransmitter of reward.",
        "Glutamate": "Der wichtigste erregende Neurotransmitter. Er ist auch eine Aminosäure.",
    }


def test_latex_footnotes_and_epub_notes_are_translated(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    _translate(docs)
    app, warnings = build_project(docs, "latex", confoverrides={"language": "de"})
    assert warnings == []
    tex = " ".join(next(app.outdir.glob("*.tex")).read_text(encoding="utf-8").split())
    assert r"\sphinxstylestrong{Serotonin}: Ein Monoamin\sphinxhyphen{}Neurotransmitter" in tex
    assert r"\sphinxstylestrong{Dopamine}: A catecholamine neurotransmitter of reward." in tex

    app, warnings = build_project(docs, "epub", confoverrides={"language": "de"})
    assert warnings == []
    notes = {
        aside.attrs["id"]: aside.text
        for aside in parse_html(app.outdir / "index.xhtml").find("aside")
    }
    assert notes["nterm-note-serotonin"] == f"Serotonin: {GERMAN[MESSAGES[0]]}"
    assert notes["nterm-note-dopamine"] == "Dopamine: A catecholamine neurotransmitter of reward."


def test_a_changed_translation_is_rebuilt_in_parallel(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    po = _translate(docs)
    options = {"confoverrides": {"language": "de"}, "parallel": 2}
    app, warnings = build_project(docs, freshenv=True, **options)
    assert warnings == []
    po.write_text(
        po.read_text(encoding="utf-8").replace("aus Tryptophan gebildet", "neu übersetzt"),
        encoding="utf-8",
    )
    # Newer than the compiled catalog (whatever the clock's resolution), not in the future.
    later = po.with_suffix(".mo").stat().st_mtime_ns + 1_000_000
    os.utime(po, ns=(later, later))
    app, warnings, written = build_again(docs, **options)
    assert warnings == []
    assert {"glossary", "index"} <= written
    assert "neu übersetzt" in entry_text(app.outdir / "glossary.html", "nterm-serotonin")
    assert tooltips_of(app.outdir / "index.html")["terms"]["serotonin"][1] == (
        "Ein Monoamin-Neurotransmitter, neu übersetzt."
    )
    # An unchanged catalog reads and writes nothing again.
    _app, warnings, written = build_again(docs, **options)
    assert (warnings, written) == ([], set())
    # Without a language, the source text, and nothing is looked up.
    app, warnings = build_project(docs, freshenv=True, builddir=docs / "_build_en")
    assert warnings == []
    assert "made from tryptophan" in entry_text(app.outdir / "glossary.html", "nterm-serotonin")


def test_names_are_translated_when_asked(tmp_path: Path) -> None:
    docs = _project(tmp_path, neuroterms_translate_names="True")
    _translate(docs)
    pot = docs / "_pot" / "gettext" / "neuroterms-terms.pot"
    assert {"Serotonin", "Origin", "Dopamine"} <= set(_msgids(pot))
    app, warnings = build_project(docs, freshenv=True, confoverrides={"language": "de"})
    assert warnings == []
    glossary = app.outdir / "glossary.html"
    ids = parse_html(glossary).ids
    assert "nterm-serotonin-5-ht" in ids
    assert "Herkunft" in entry_text(glossary, "nterm-serotonin-5-ht")
    # The page's reference by the source name still resolves, to the translated name.
    tooltips = tooltips_of(app.outdir / "index.html")["terms"]
    assert tooltips["serotonin (5-ht)"][0] == "Serotonin (5-HT)"


def test_messages_are_blocks_and_fences_stay_whole() -> None:
    text = "Intro.\n\n```python\nx = 1\n\ny = 2\n```\n\n- item one\n\n- item two\n"
    assert text_messages(text) == [
        "Intro.",
        "```python\nx = 1\n\ny = 2\n```",
        "- item one",
        "- item two",
    ]
    assert translate_text(text, {"- item two": "- Punkt zwei"}.get) == text.replace(
        "- item two", "- Punkt zwei"
    )
    assert translate_text(text, lambda message: "") == text


def test_myst_term_text_is_extracted_once_and_translated(tmp_path: Path) -> None:
    # MyST text parsed into the glossary page keeps its term file as source: without care,
    # Sphinx would extract its paragraphs (and, as asked here, its code) into the page's .pot.
    root = write_project(
        tmp_path,
        {
            "conf.py": (
                'extensions = ["myst_parser", "sphinx_neuroterms"]\n'
                'neuroterms_sources = ["terms"]\nlocale_dirs = ["locale"]\n'
                'gettext_additional_targets = ["literal-block"]\n'
            ),
            "terms/axon.yaml": (
                "markup: myst\nterms:\n  - term: Axon\n    definition: |\n"
                "      A *long* projection of a neuron.\n\n"
                "      ```text\n      spike\n\n      train\n      ```\n"
            ),
            "index.md": "# Glossary\n\n```{nterm-glossary}\n```\n\nSee {nterm}`axon`.\n",
        },
    )
    build_project(root, "gettext", freshenv=True, builddir=root / "_pot")
    found: list[tuple[str, str]] = [
        (pot.name, msgid)
        for pot in sorted((root / "_pot" / "gettext").glob("*.pot"))
        for msgid in _msgids(pot)
    ]
    assert [item for item in found if item[0] == "neuroterms-terms.pot"] == [
        ("neuroterms-terms.pot", "A *long* projection of a neuron."),
        ("neuroterms-terms.pot", "```text\nspike\n\ntrain\n```"),
    ]
    assert [msgid for _, msgid in found].count("A *long* projection of a neuron.") == 1
    assert not any("spike" in msgid for pot, msgid in found if pot != "neuroterms-terms.pot")

    subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "update", "-p", "_pot/gettext", "-l", "de"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    from babel.messages.pofile import read_po, write_po

    po = root / "locale" / "de" / "LC_MESSAGES" / "neuroterms-terms.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    catalog["A *long* projection of a neuron."].string = "Ein *langer* Fortsatz eines Neurons."
    with po.open("wb") as stream:
        write_po(stream, catalog)
    app, warnings = build_project(root, freshenv=True, confoverrides={"language": "de"})
    assert warnings == []
    entry = entry_text(app.outdir / "index.html", "nterm-axon")
    assert "Ein langer Fortsatz eines Neurons." in entry
    assert "spike" in entry  # the untranslated code block stays
    assert parse_html(app.outdir / "index.html").find("em")[0].text == "langer"
