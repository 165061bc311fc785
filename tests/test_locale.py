"""The words the extension writes follow the project's ``language`` (SPEC section 5).

The catalogs under ``sphinx_neuroterms/locale`` must cover exactly the messages of the
package's sources, and each committed ``.mo`` must say what its ``.po`` says: adding a label
without translating it, or without running ``scripts/update_translations.py``, fails here.
"""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.mofile import read_mo, write_mo
from sphinx_util import Page, build_project, parse_html, write_project

from sphinx_neuroterms.i18n import CATALOG, LOCALE_DIR

if TYPE_CHECKING:
    from types import ModuleType

    from babel.messages.catalog import Catalog

#: The languages the package ships (at least these; a new one is tested by the same rules).
SHIPPED = ("de", "es", "fr", "ja", "zh_CN")


def _script() -> ModuleType:
    """``scripts/update_translations.py``, the one definition of what is extracted."""
    path = Path(__file__).parents[1] / "scripts" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _script()


@pytest.fixture(scope="module")
def extracted(script: ModuleType) -> set[str]:
    """The message ids of the package's sources."""
    template: Catalog = script.extract()
    return {message.id for message in template if message.id}


def _po_files() -> dict[str, Path]:
    return {
        path.parent.parent.name: path
        for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))
    }


def test_shipped_languages() -> None:
    assert set(SHIPPED) <= set(_po_files())


def test_every_word_goes_through_the_package_catalog() -> None:
    """A module that took ``_`` from Sphinx would write words no catalog of ours holds."""
    package = LOCALE_DIR.parent
    sphinx_words = re.compile(r"^\s*from sphinx\.locale import .*\b_\b", re.MULTILINE)
    offenders = [
        path.name for path in package.rglob("*.py") if sphinx_words.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_template_is_current(script: ModuleType, extracted: set[str]) -> None:
    template = script.read_catalog(script.TEMPLATE)
    assert {message.id for message in template if message.id} == extracted
    # The template names the files each message comes from, as extraction does now.
    assert script.messages(template) == script.messages(script.extract())


@pytest.mark.parametrize("language", sorted(_po_files()))
def test_po_complete_and_compiles(script: ModuleType, extracted: set[str], language: str) -> None:
    catalog: Catalog = script.read_catalog(_po_files()[language], language)
    messages = [message for message in catalog if message.id]
    assert {message.id for message in messages} == extracted
    assert [message.id for message in messages if not message.string] == []
    assert [message.id for message in messages if message.fuzzy] == []
    assert not catalog.obsolete
    # Placeholders (``%s``) kept, as babel checks them.
    assert [(message.id, errors) for message, errors in catalog.check()] == []
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    compiled = read_mo(io.BytesIO(buffer.getvalue()))
    assert {message.id for message in compiled if message.id} == extracted


@pytest.mark.parametrize("language", sorted(_po_files()))
def test_mo_matches_po(script: ModuleType, language: str) -> None:
    po_path = _po_files()[language]
    catalog = script.read_catalog(po_path, language)
    expected = {message.id: message.string for message in catalog if message.id}
    with po_path.with_suffix(".mo").open("rb") as stream:
        committed = read_mo(stream)
    assert {message.id: message.string for message in committed if message.id} == expected


def test_catalogs_up_to_date(script: ModuleType) -> None:
    """What the maintainer script would change (nothing, once it has run)."""
    assert script.update([], check=True) == []


TERMS = """\
terms:
- term: Serotonin
  definition: A messenger made from tryptophan.
  tags: [monoamine]
  see_also: [Dopamine]
  source: https://example.org/serotonin
- term: Tryptophan
  definition: An amino acid, the precursor of serotonin.
- term: Dopamine
  definition: A messenger of reward.
  tags: [monoamine]
"""

INDEX = """\
Project
=======

Low :nterm:`serotonin` and :nterm:`tryptophan`.

.. seealso:: Sphinx's own words, for comparison.

.. toctree::

   glossary

.. nterm-page-terms::
"""

GLOSSARY = """\
Glossary
========

.. nterm-glossary::

By tag
------

.. nterm-glossary::
   :group-by: tag
"""


def _build(tmp_path: Path, buildername: str = "html", **overrides: object) -> Path:
    root = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["t.yaml"]\n',
            "t.yaml": TERMS,
            "index.rst": INDEX,
            "glossary.rst": GLOSSARY,
        },
    )
    _, warnings = build_project(root, buildername, freshenv=True, confoverrides=overrides)
    assert warnings == []
    return root / "_build" / buildername


#: What follows a label: the names the test project links to.
_NAMES = re.compile(r"(?:Serotonin|Tryptophan|Dopamine|Project|https://\S+)(?:, )?")


def _labels(out: Path) -> dict[str, object]:
    """Every generated word of the test project's pages, by where it is."""
    glossary = parse_html(out / "glossary.html")
    index = parse_html(out / "index.html")

    def label(page: Page, tag: str, cls: str) -> str:
        return _NAMES.sub("", page.find(tag, cls)[0].text)

    return {
        "see also": label(glossary, "p", "nterm-see-also"),
        "related": label(glossary, "p", "nterm-related"),
        "source": label(glossary, "p", "nterm-source"),
        "referenced by": label(glossary, "p", "nterm-backlinks"),
        "jump bar": glossary.find("nav", "nterm-jumpnav")[0].attrs["aria-label"],
        "untagged": glossary.find("p", "nterm-group")[-1].text,
        "page terms": label(index, "p", "nterm-page-terms-title"),
    }


ENGLISH = {
    "see also": "See also: ",
    "related": "Related: ",
    "source": "Source: ",
    "referenced by": "Referenced by: ",
    "jump bar": "Glossary groups",
    "untagged": "Untagged",
    "page terms": "Terms on this page",
}


def test_english_by_default(tmp_path: Path) -> None:
    out = _build(tmp_path)
    assert _sphinx_see_also(out) == "See also"
    assert _labels(out) == ENGLISH


def _sphinx_see_also(out: Path) -> str:
    """The title Sphinx gives a ``seealso`` box, in the project's language."""
    return parse_html(out / "index.html").find("p", "admonition-title")[0].text


def test_german(tmp_path: Path) -> None:
    out = _build(tmp_path, language="de")
    assert _sphinx_see_also(out) == "Siehe auch"
    assert _labels(out) == {
        "see also": "Siehe auch: ",  # as Sphinx's own German catalog says it
        "related": "Verwandte Begriffe: ",
        "source": "Quelle: ",
        "referenced by": "Referenziert von: ",
        "jump bar": "Glossargruppen",
        "untagged": "Ohne Schlagwort",
        "page terms": "Begriffe auf dieser Seite",
    }
    # The search shows the object type in the language too ("Begriff", not "term").
    index = (out / "searchindex.js").read_text("utf-8")
    assert re.search(r'"objnames":\s*\{"0":\s*\["nterm",\s*"term",\s*"[^"]*Begriff"\]', index)


def test_japanese(tmp_path: Path) -> None:
    colon = "\N{FULLWIDTH COLON}"
    out = _build(tmp_path, language="ja")
    assert _sphinx_see_also(out) == "参考"
    assert _labels(out) == {
        "see also": f"参考{colon}",  # Sphinx's Japanese "See also"
        "related": f"関連用語{colon}",
        "source": f"出典{colon}",
        "referenced by": f"参照元{colon}",
        "jump bar": "用語集のグループ",
        "untagged": "タグなし",
        "page terms": "このページの用語",
    }


def test_language_without_catalog_stays_english(tmp_path: Path) -> None:
    assert _labels(_build(tmp_path, language="pt_BR")) == ENGLISH


def test_region_falls_back_to_language(tmp_path: Path) -> None:
    """``de_AT`` has no catalog of its own: gettext takes ``de``'s."""
    assert _labels(_build(tmp_path, language="de_AT"))["see also"] == "Siehe auch: "


def test_text_builder(tmp_path: Path) -> None:
    """Other builders write the same words (here as paragraphs of references)."""
    text = (_build(tmp_path, "text", language="fr") / "glossary.txt").read_text("utf-8")
    assert "Voir aussi\N{NO-BREAK SPACE}: Dopamine" in text
    assert "Référencé par\N{NO-BREAK SPACE}: Project" in text
    assert "Sans étiquette" in text
