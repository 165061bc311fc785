"""Keep the translations of the words sphinx-neuroterms writes into pages up to date.

Run from anywhere, with the development environment (babel comes with Sphinx)::

    python scripts/update_translations.py            # extract, update, compile
    python scripts/update_translations.py --add it   # start a catalog for Italian too
    python scripts/update_translations.py --check    # change nothing; exit 1 if out of date

It extracts every ``_("…")`` of the package (``sphinx_neuroterms.i18n._``) into the template
``sphinx_neuroterms/locale/sphinx_neuroterms.pot``, merges the template into each
``locale/<language>/LC_MESSAGES/sphinx_neuroterms.po`` (a new message arrives untranslated, a
removed one is dropped) and compiles each ``.po`` into the ``.mo`` that Sphinx reads. The
``.po`` and ``.mo`` files are committed and the ``.mo`` files ship in the wheel;
``tests/test_locale.py`` fails while a message is untranslated or a ``.mo`` is stale.

Files are rewritten only when their messages change, so running it twice changes nothing.
Locations name the file without a line number, so moving code does not touch the catalogs.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sphinx_neuroterms"
LOCALE_DIR = PACKAGE / "locale"
#: The catalog's name (``sphinx_neuroterms.i18n.CATALOG``).
DOMAIN = "sphinx_neuroterms"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
#: Only ``_`` marks a message; ``# Translators:`` comments above it reach the translators.
KEYWORDS: dict[str, None] = {"_": None}
COMMENT_TAGS = ("Translators:",)
#: What every catalog's header says.
HEADER = {
    "header_comment": (
        "# The words sphinx-neuroterms writes into pages.\n"
        "# Updated by scripts/update_translations.py; MIT license, as the project.\n#"
    ),
    "project": "sphinx-neuroterms",
    "last_translator": "sphinx-neuroterms developers",
    "language_team": "sphinx-neuroterms developers",
    "copyright_holder": "sphinx-neuroterms developers",
}


def extract() -> Catalog:
    """Every message of the package's modules, as a template catalog."""
    template = Catalog(domain=DOMAIN, charset="utf-8", fuzzy=False, **HEADER)
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, context in extract_from_file(
            "python", path, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            template.add(
                message, None, [(relative, lineno)], auto_comments=comments, context=context
            )
    return template


def language_files() -> dict[str, Path]:
    """Each language that has a catalog, to its ``.po`` file."""
    return {
        path.parent.parent.name: path
        for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    }


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    """A ``.po`` or ``.pot`` file."""
    with path.open("rb") as stream:
        return read_po(stream, locale=language, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    """A catalog as a ``.po`` file: sorted, files named without line numbers."""
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=100, sort_output=True, ignore_obsolete=True,
        include_lineno=False,
    )
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """A catalog compiled, as Sphinx reads it (fuzzy translations left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def messages(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a catalog says, without its header (so that its dates alone change nothing)."""
    return sorted(
        (
            repr(message.id), repr(message.string or ""), message.context or "",
            sorted(message.flags), sorted({path for path, _ in message.locations}),
            list(message.auto_comments),
        )
        for message in catalog
        if message.id
    )


def mo_messages(data: bytes) -> dict[object, object]:
    """The translations a compiled catalog holds."""
    catalog = read_mo(io.BytesIO(data))
    return {message.id: message.string for message in catalog if message.id}


def update(add: list[str], check: bool) -> list[str]:
    """Bring the template, the ``.po`` and the ``.mo`` files up to date (``check``: only
    say which are not); return what changed, or would."""
    changed: list[str] = []

    def write(path: Path, data: bytes, same: bool) -> None:
        if same:
            return
        changed.append(path.relative_to(ROOT).as_posix())
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    template = extract()
    old = read_catalog(TEMPLATE) if TEMPLATE.exists() else None
    write(TEMPLATE, po_bytes(template), old is not None and messages(old) == messages(template))

    files = language_files()
    for language in add:
        files.setdefault(language, LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po")
    for language, po_path in sorted(files.items()):
        if po_path.exists():
            catalog = read_catalog(po_path, language)
            before = messages(catalog)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, fuzzy=False, **HEADER)
            before = None
        catalog.update(template, no_fuzzy_matching=True)
        write(po_path, po_bytes(catalog), before == messages(catalog))
        mo_path = po_path.with_suffix(".mo")
        compiled = mo_bytes(catalog)
        same = mo_path.exists() and mo_messages(mo_path.read_bytes()) == mo_messages(compiled)
        write(mo_path, compiled, same)
        missing = [message.id for message in catalog if message.id and not message.string]
        if missing:
            print(f"{po_path.relative_to(ROOT)}: {len(missing)} untranslated: {missing}")
    return changed


def main(argv: list[str] | None = None) -> int:
    """The command line; 1 with ``--check`` when something is out of date."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--add", action="append", default=[], metavar="LANGUAGE",
        help="start a catalog for this language (a Sphinx language code: it, pt_BR, …)",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; report")
    options = parser.parse_args(argv)
    changed = update(options.add, options.check)
    for path in changed:
        print(("out of date: " if options.check else "wrote ") + path)
    return 1 if options.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
