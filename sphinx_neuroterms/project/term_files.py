"""Loading the configured term files inside a build, with a cache keyed by file modification.

The cache lives in the ``nterm`` domain's data, so it survives in Sphinx's pickled environment
from one ``sphinx-build`` run to the next. It is only read and written on
``env-before-read-docs``, in the main process before ``-j`` readers fork, so they never race
over it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.display import status_iterator

from sphinx_neuroterms.config import get_config, setting_location
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.records import CachedTermFile, listable_terms
from sphinx_neuroterms.loaders import LoaderOptions, load_file
from sphinx_neuroterms.loaders.sources import resolve_sources
from sphinx_neuroterms.project.std_terms import unregister_std_terms
from sphinx_neuroterms.project.translations import translate_terms

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.domain.records import GlossarySpec
    from sphinx_neuroterms.terms.catalog import TermCatalog
    from sphinx_neuroterms.terms.diagnostics import Diagnostic
    from sphinx_neuroterms.terms.model import Term

logger = logging.getLogger(__name__)


def loader_options(app: Sphinx) -> LoaderOptions:
    """The loader options the configuration asks for.

    ``neuroterms_markup`` ``"rst"`` or ``"myst"`` is the markup of files that do not name
    theirs (``.txt`` pages stay plain text, always); ``"text"`` forces plain text on every
    file.
    """
    config = get_config(app)
    if config.markup == "text":
        return LoaderOptions(boilerplate=tuple(config.boilerplate), markup="text")
    return LoaderOptions(
        boilerplate=tuple(config.boilerplate),
        default_markup="myst" if config.markup == "myst" else "rst",
    )


def source_files(app: Sphinx) -> tuple[list[Path], list[Diagnostic]]:
    """The term files ``neuroterms_sources`` names now, and the problems of naming them."""
    confdir = Path(app.confdir)
    return resolve_sources(
        get_config(app).sources, confdir, origin=setting_location(confdir, "neuroterms_sources")
    )


def load_terms(
    app: Sphinx, cache: dict[str, CachedTermFile], sources: tuple[list[Path], list[Diagnostic]]
) -> tuple[list[Term], list[Diagnostic], dict[str, CachedTermFile]]:
    """Load every configured term file, re-parsing only files that changed.

    :param cache: the previous build's cache (not modified).
    :param sources: what :func:`source_files` found.
    :return: the terms in source order, every diagnostic (problems found in unchanged files
        are reported again: they are still there), and the new cache.
    """
    paths, found_problems = sources
    diagnostics = list(found_problems)
    options = loader_options(app)
    terms: list[Term] = []
    new_cache: dict[str, CachedTermFile] = {}
    parsed = 0
    for path in status_iterator(
        paths, "loading term files... ", "darkgreen", len(paths), app.verbosity, stringify_func=str
    ):
        name = str(path)
        try:
            stat = path.stat()
        except OSError:
            stat = None  # vanished since resolving: load_file reports it
        cached = cache.get(name)
        if (
            stat is not None
            and cached is not None
            and (cached.mtime_ns, cached.size, cached.options)
            == (stat.st_mtime_ns, stat.st_size, options)
        ):
            result = cached.result
        else:
            result = load_file(path, options, display_path=name)
            parsed += 1
        if stat is not None:
            new_cache[name] = CachedTermFile(stat.st_mtime_ns, stat.st_size, options, result)
        terms.extend(result.terms)
        diagnostics.extend(result.diagnostics)
    if paths:
        logger.verbose("term files: %d parsed, %d up to date", parsed, len(paths) - parsed)
    return terms, diagnostics, new_cache


def identifier_problems(app: Sphinx, terms: list[Term]) -> list[Diagnostic]:
    """The identifiers of the terms that cannot be expanded, checked against the prefix map
    and ``neuroterms_identifier_prefixes`` (reported with the files' other problems, once per
    build, on ``env-updated``). A project without identifiers never loads the map."""
    with_identifiers = [term for term in terms if term.identifiers]
    if not with_identifiers:
        return []
    from sphinx_neuroterms.terms.identifiers import check_identifiers  # noqa: PLC0415 - lazy

    return check_identifiers(with_identifiers, get_config(app).identifier_prefixes)


def _found_sources(app: Sphinx) -> tuple[list[Path], list[Diagnostic]]:
    """The term files of this build, looked for once per build (folders and patterns walked
    once: :func:`outdated_glossaries` asks first, then :func:`before_read`)."""
    domain = get_domain(app.env)
    if domain.found_term_files is None:
        domain.found_term_files = source_files(app)
    return domain.found_term_files


def outdated_glossaries(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: pages with glossaries, when a term file was added or removed.

    (A changed file reads again only the pages it changes: :func:`before_read`.)
    """
    domain = get_domain(env)
    if not domain.glossaries:
        return []
    paths, _ = _found_sources(app)
    if {str(found) for found in paths} == set(domain.term_files):
        return []
    return sorted(domain.glossaries)


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: load the term files and translate them
    (:mod:`~sphinx_neuroterms.project.translations`; glossaries parse their text while read,
    in ``-j`` readers too, which inherit them); the std domain reads pages without our terms
    in it."""
    domain = get_domain(env)
    terms, diagnostics, domain.file_cache = load_terms(app, domain.file_cache, _found_sources(app))
    domain.found_term_files = None  # the next build looks again
    diagnostics.extend(identifier_problems(app, terms))
    previous_terms = domain.file_terms
    # In the project's language, before any page parses or shows the text.
    terms = translate_terms(app, terms, diagnostics)
    domain.file_diagnostics = diagnostics
    if terms != previous_terms:
        previous = domain.file_catalog  # of the previous terms, made only when they changed
        domain.file_terms = terms
        wanted = set(docnames)
        docnames.extend(
            docname
            for docname in changed_glossaries(domain.glossaries, previous, domain.file_catalog)
            if docname not in wanted and docname in env.found_docs
        )
    elif not _written_alike(terms, previous_terms):
        # Equal terms whose fields moved within the term (warnings name their lines): no page
        # to read, but the plan is made again with the new lines.
        domain.file_terms = terms
    # Else the last list is kept, so that the plan made from it can tell (by identity) that
    # the terms did not change.
    unregister_std_terms(env, domain.std_objects)


def _written_alike(terms: list[Term], previous: list[Term]) -> bool:
    """Whether equal terms also have their fields at the same lines (``Term.lines`` is left
    out of equality: a term moved down its file is the same term)."""
    return all(term.lines == before.lines for term, before in zip(terms, previous, strict=True))


def changed_glossaries(
    glossaries: dict[str, list[GlossarySpec]], previous: TermCatalog, current: TermCatalog
) -> list[str]:
    """The pages whose glossaries list other terms now, or terms that read otherwise.

    A glossary page holds the parsed text of the terms it lists, so it is read again when
    that text changes; a term edited in a file of 20,000 is read again by the one part of a
    split glossary that lists it, not by every page of the glossary.
    """
    changed: list[str] = []
    for docname, specs in glossaries.items():
        before = {
            term.key: term for spec in specs for term in listable_terms(spec, previous, previous)
        }
        now = {term.key: term for spec in specs for term in listable_terms(spec, current, current)}
        if before.keys() != now.keys() or any(
            not term.reads_as(before[key]) for key, term in now.items()
        ):
            changed.append(docname)
    return changed
