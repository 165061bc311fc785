"""Term texts in the project's language, from its own message catalogs.

Terms are translated at the source: right after the term files are loaded
(:func:`sphinx_neuroterms.project.term_files.before_read`), each text field of each term is
replaced by its translation, before anything parses or shows it. The glossary, the tooltips,
``neuroterms.json``, LaTeX footnotes and EPUB notes then all show the same, translated text,
and a message without a translation keeps the source text.

The translations come from ``neuroterms-terms.mo`` in ``<locale_dir>/<language>/LC_MESSAGES``
for each of ``locale_dirs``, as Sphinx finds a page's catalog: the ``.pot`` comes from the
``gettext`` builder (:mod:`sphinx_neuroterms.output.term_messages`), ``sphinx-intl update``
makes the ``.po``, and Sphinx compiles it to the ``.mo`` before reading. Nothing is looked up
when ``language`` is not set or no such catalog exists; when a catalog changes, the glossary
pages are read again (:func:`outdated_translated_pages`).
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.messages import TEXT_DOMAIN, translate_term
from sphinx_neuroterms.terms.model import Location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.terms.model import Term


def catalog_files(app: Sphinx) -> list[Path]:
    """The compiled term catalogs of the build's language, first ``locale_dirs`` first;
    none for a builder that makes catalogs rather than using them (``gettext``)."""
    language = app.config.language
    if not language or not getattr(app.builder, "use_message_catalog", True):
        return []
    return [
        Path(path).resolve()
        for folder in app.config.locale_dirs
        for path in gettext.find(TEXT_DOMAIN, str(Path(app.srcdir, folder)), [language], all=True)
    ]


def _signature(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """What tells one version of the catalogs from another: each path, mtime and size."""
    files = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        files.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(files)


def _load(paths: list[Path], diagnostics: list[Diagnostic]) -> gettext.NullTranslations | None:
    """The catalogs chained, the first one asked first. Read from the files each build
    (``gettext.translation`` would keep a catalog of a long-running process unchanged).

    A catalog that cannot be read, or is not a valid ``.mo`` file (cut short, an unknown
    charset, offsets past its end), translates nothing: a ``parse`` problem at its path,
    and the texts stay in their source language.
    """
    chain: gettext.NullTranslations | None = None
    for path in paths:
        try:
            with path.open("rb") as stream:
                catalog = gettext.GNUTranslations(stream)
        except Exception as error:  # noqa: BLE001 - gettext raises struct.error, LookupError…
            message = (
                f"the term catalog cannot be read ({type(error).__name__}: {error}); "
                f"its translations are not used"
            )
            diagnostics.append(Diagnostic(WarningSubtype.PARSE, message, Location(str(path))))
            continue
        if chain is None:
            chain = catalog
        else:
            chain.add_fallback(catalog)
    return chain


def translate_terms(app: Sphinx, terms: list[Term], diagnostics: list[Diagnostic]) -> list[Term]:
    """The terms in the build's language (``terms`` itself when there is no catalog), and
    the catalogs used noted for the next build; a broken catalog's problem is added to
    ``diagnostics``."""
    paths = catalog_files(app)
    domain = get_domain(app.env)
    domain.translations = _signature(paths)
    catalog = _load(paths, diagnostics) if paths else None
    if catalog is None:
        return terms
    names = get_config(app).translate_names
    return [translate_term(term, catalog.gettext, names=names) for term in terms]


def outdated_translated_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the glossary pages, when the term catalogs changed (added,
    edited, removed, or another language) since the last build."""
    domain = get_domain(env)
    if not domain.glossaries or _signature(catalog_files(app)) == domain.translations:
        return []
    return sorted(domain.glossaries)
