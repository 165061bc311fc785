"""Term file loaders, chosen by file suffix through a small registry.

A loader is a pure function: decoded text and a display path in, terms and diagnostics out.
It never touches Sphinx. Third parties add formats through the entry-point group
``sphinx_neuroterms.loaders``: the entry point's name is the suffix (``.csv``) and its object a
:data:`Loader`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from sphinx_neuroterms.loaders.decoding import decode_term_file
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Markup, Term

#: The entry-point group that third-party loaders register under.
ENTRY_POINT_GROUP = "sphinx_neuroterms.loaders"


@dataclass(frozen=True, slots=True)
class LoaderOptions:
    """Settings that change how files are interpreted (all hashable, so results can be cached)."""

    #: Extra regular expressions; a line of a plain-text page matching one is boilerplate.
    boilerplate: tuple[str, ...] = ()
    #: Force this markup for every file (``"text"`` makes everything plain text).
    markup: Markup | None = None
    #: The markup of YAML, JSON and TOML files that do not name theirs (``markup:``).
    default_markup: Markup = "rst"


class LoadResult(NamedTuple):
    """What one file yielded: its valid terms in file order, and every problem found."""

    terms: list[Term]
    diagnostics: list[Diagnostic]


#: A loader: ``(text, display_path, options) -> LoadResult``.
Loader = Callable[[str, str, LoaderOptions], LoadResult]

_BUILTIN_LOADERS: dict[str, str] = {
    ".yaml": "sphinx_neuroterms.loaders.yaml_format:load_yaml",
    ".yml": "sphinx_neuroterms.loaders.yaml_format:load_yaml",
    ".json": "sphinx_neuroterms.loaders.json_format:load_json",
    ".toml": "sphinx_neuroterms.loaders.toml_format:load_toml",
    ".txt": "sphinx_neuroterms.loaders.text:load_text",
    ".csv": "sphinx_neuroterms.loaders.csv_format:load_csv",
    ".tsv": "sphinx_neuroterms.loaders.csv_format:load_tsv",
    ".tbx": "sphinx_neuroterms.loaders.tbx_format:load_tbx",
    ".ttl": "sphinx_neuroterms.loaders.skos_format:load_skos",
}
_registered: dict[str, Loader] = {}


def register_loader(suffix: str, loader: Loader) -> None:
    """Make ``loader`` handle files ending in ``suffix`` (overrides a built-in one)."""
    _registered[_normalise_suffix(suffix)] = loader


def supported_suffixes() -> frozenset[str]:
    """Every suffix some loader handles, built-in, registered or from entry points."""
    return frozenset(_BUILTIN_LOADERS) | frozenset(_registered) | frozenset(_entry_points())


def is_supported(suffix: str) -> bool:
    """Whether some loader handles files ending in ``suffix`` (lower case, with the dot).

    The installed packages' entry points are asked only for a suffix no built-in or
    registered loader has: reading every package's metadata takes milliseconds.
    """
    return suffix in _BUILTIN_LOADERS or suffix in _registered or suffix in _entry_points()


def find_loader(path: str | Path) -> Loader | None:
    """The loader for a path's suffix, or ``None``: registered, then built-in, then entry
    points (which add formats; an extension replaces a built-in one with
    :func:`register_loader`)."""
    suffix = _normalise_suffix(Path(path).suffix)
    if suffix in _registered:
        return _registered[suffix]
    target = _BUILTIN_LOADERS.get(suffix) or _entry_points().get(suffix)
    return _import_object(target) if target else None


def _normalise_suffix(suffix: str) -> str:
    suffix = suffix.lower()
    return suffix if suffix.startswith(".") else f".{suffix}"


@functools.cache
def _entry_points() -> dict[str, str]:
    return {
        _normalise_suffix(ep.name): ep.value
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)
    }


@functools.cache
def _import_object(target: str) -> Loader:
    module_name, _, attribute = target.partition(":")
    module = __import__(module_name, fromlist=[attribute])
    loader: Loader = getattr(module, attribute)
    return loader


def load_file(
    path: str | Path, options: LoaderOptions | None = None, display_path: str | None = None
) -> LoadResult:
    """Read, decode and load one term file. Never raises for bad content or a missing file.

    :param path: the file to read.
    :param options: interpretation settings; defaults apply when omitted.
    :param display_path: the path shown in diagnostics (defaults to ``path`` as given).
    """
    options = options or LoaderOptions()
    shown = display_path if display_path is not None else str(path)
    loader = find_loader(path)
    if loader is None:
        known = ", ".join(sorted(supported_suffixes()))
        message = (
            f"no loader for {Path(path).suffix or 'files without a suffix'!r} (known: {known})"
        )
        return LoadResult(
            [], [Diagnostic(WarningSubtype.UNSUPPORTED_FORMAT, message, Location(shown, 1))]
        )
    return load_with(loader, path, options, shown)


def load_with(loader: Loader, path: str | Path, options: LoaderOptions, shown: str) -> LoadResult:
    """Read and decode ``path``, then run ``loader`` on its text; never raises for bad files.

    :param shown: the path shown in diagnostics and locations.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        message = f"cannot read {Path(path).name}: {error.strerror or error}"
        return LoadResult(
            [], [Diagnostic(WarningSubtype.SOURCE_MISSING, message, Location(shown, 1))]
        )
    text, diagnostics = decode_term_file(data, shown)
    del data  # not held while the text is parsed: a file of 20,000 terms is 20 MB
    result = loader(text, shown, options)
    return LoadResult(result.terms, diagnostics + result.diagnostics)
