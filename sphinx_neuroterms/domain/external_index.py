"""Other projects' terms as the resolver sees them: the cached files, indexed by name and alias.

:mod:`sphinx_neuroterms.project.external_files` reads each project's ``neuroterms.json`` into
the environment (:data:`CACHE_ATTRIBUTE`) before reading; this module indexes what is cached for
:class:`~sphinx_neuroterms.domain.resolve.Resolver`, which matches references against these
terms as against local ones (case, plurals, aliases).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, NamedTuple

from sphinx_neuroterms.terms.names import plural_variants, term_key

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


#: The file a project publishes beside ``objects.inv``, its format's name and version (the
#: format is documented in :mod:`sphinx_neuroterms.output.terms_json`, which writes it).
TERMS_FILE = "neuroterms.json"


TERMS_FORMAT = "sphinx-neuroterms terms"


#: Version 2 added each term's ``identifiers``; readers take any version from 1 (they read the
#: keys of version 1, which no later version removes).
TERMS_VERSION = 2


#: The environment attribute of the cache: location to (fetched at, terms as read).
CACHE_ATTRIBUTE = "neuroterms_external_cache"


#: The environment attribute of the configured projects, as :func:`load_external_terms` found.
PROJECTS_ATTRIBUTE = "neuroterms_external_projects"


#: The environment attribute of the digest of what the last build linked against.
DIGEST_ATTRIBUTE = "neuroterms_external_digest"


class ExternalTerm(NamedTuple):
    """A term of another project (intersphinx inventories give name, URI and project)."""

    #: Its name as that project spells it.
    name: str
    #: The URI of its entry (absolute, or relative to this project's output root); for a term
    #: that no glossary of that project lists, its documentation's root.
    uri: str
    #: The project that defines it.
    project: str
    #: Its definition as plain text (``neuroterms.json`` has it; inventories do not).
    definition: str | None = None

    def href(self, docname: str) -> str:
        """Its URI as a link from page ``docname``: a relative URI is relative to the output
        root, so a page in a folder climbs to it first (as intersphinx does)."""
        folder = posixpath.dirname(docname)
        if not folder or "://" in self.uri or self.uri.startswith(("/", "#")):
            return self.uri
        return posixpath.relpath(".", folder) + "/" + self.uri

    @property
    def tooltip_key(self) -> str:
        """The key of its tooltip in a page's data block, apart from any local term's key."""
        return f"{self.project}:{term_key(self.name)}"


class CachedFile(NamedTuple):
    """One ``neuroterms.json`` as the environment keeps it."""

    #: When it was read (seconds since the epoch).
    fetched: float
    #: Its terms: (name, aliases, definition, url).
    terms: tuple[tuple[str, tuple[str, ...], str, str | None], ...]
    #: A local file's modification time (0 for a URL).
    mtime: float
    #: A digest of :attr:`terms`, made once when read (see :func:`external_changed`).
    digest: str = ""


class Project(NamedTuple):
    """A project of ``neuroterms_external``."""

    name: str
    base: str
    #: Where its ``neuroterms.json`` is: a URL or an absolute path.
    location: str


def is_url(location: str) -> bool:
    return "://" in location


def configured_in(env: BuildEnvironment) -> list[Project]:
    return getattr(env, PROJECTS_ATTRIBUTE, None) or []


def cached_files(env: BuildEnvironment) -> dict[str, CachedFile]:
    return getattr(env, CACHE_ATTRIBUTE, None) or {}


#: A term of another project as cached: (name, aliases, definition, url).
CachedTerm = tuple[str, tuple[str, ...], str, str | None]


class ExternalIndex:
    """Terms by normalised name (and alias), per project and over every project in order."""

    def __init__(self) -> None:
        #: Key to term, over every project (the first project listing a key keeps it).
        self.all: dict[str, ExternalTerm] = {}
        #: Project name (as normalised) to its keys and terms.
        self.named: dict[str, dict[str, ExternalTerm]] = {}

    def add(self, project: str, terms: dict[str, ExternalTerm]) -> None:
        """Add one project's index (a later project never replaces an earlier one's key)."""
        self.named[term_key(project)] = terms
        for key, term in terms.items():
            self.all.setdefault(key, term)

    def find(self, key: str, project: str | None = None) -> ExternalTerm | None:
        """The term a normalised key names, with plurals, in one project or in any."""
        terms = self.all if project is None else self.named.get(term_key(project), {})
        for candidate in (key, *plural_variants(key)):
            found = terms.get(candidate)
            if found is not None:
                return found
        return None


def external_index(env: BuildEnvironment) -> ExternalIndex:
    """The configured projects' terms, as cached, indexed by name and alias."""
    cache = cached_files(env)
    index = ExternalIndex()
    for project in configured_in(env):
        cached = cache.get(project.location)
        if cached is None:
            continue
        terms: dict[str, ExternalTerm] = {}
        for name, aliases, definition, url in cached.terms:
            term = ExternalTerm(name, _entry_uri(project.base, url), project.name, definition)
            for spelling in (name, *aliases):
                terms.setdefault(term_key(spelling), term)
        index.add(project.name, terms)
    return index


def _entry_uri(base: str, url: str | None) -> str:
    if url is None:
        return base
    if is_url(url) or url.startswith("/"):
        return url
    return base + url if base.endswith("/") or not base else f"{base}/{url}"
