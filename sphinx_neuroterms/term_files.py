"""Loading the configured term files inside a build, with a cache keyed by file modification.

The cache lives in the ``nterm`` domain's data, so it survives in Sphinx's pickled environment
from one ``sphinx-build`` run to the next. It is only read and written from ``env-updated``,
which runs in the main process, so ``-j`` workers never race over it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sphinx.util import logging
from sphinx.util.display import status_iterator

from sphinx_neuroterms.config import get_config, setting_location
from sphinx_neuroterms.loaders import LoaderOptions, LoadResult, load_file
from sphinx_neuroterms.sources import resolve_sources

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_neuroterms.diagnostics import Diagnostic
    from sphinx_neuroterms.model import Term

logger = logging.getLogger(__name__)


class CachedFile(NamedTuple):
    """One parsed term file and what it was parsed from."""

    #: The file's modification time in nanoseconds when it was parsed.
    mtime_ns: int
    #: The file's size in bytes then (catches edits within the clock's resolution).
    size: int
    #: The options it was parsed with.
    options: LoaderOptions
    #: What the loader returned.
    result: LoadResult


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
    app: Sphinx, cache: dict[str, CachedFile], sources: tuple[list[Path], list[Diagnostic]]
) -> tuple[list[Term], list[Diagnostic], dict[str, CachedFile]]:
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
    new_cache: dict[str, CachedFile] = {}
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
            new_cache[name] = CachedFile(stat.st_mtime_ns, stat.st_size, options, result)
        terms.extend(result.terms)
        diagnostics.extend(result.diagnostics)
    if paths:
        logger.verbose("term files: %d parsed, %d up to date", parsed, len(paths) - parsed)
    return terms, diagnostics, new_cache
