"""Other projects' terms (``neuroterms_external``): fetched once, cached in the environment.

Each project named in ``neuroterms_external = {"name": (base_url, location)}`` publishes a
``neuroterms.json`` (:mod:`sphinx_neuroterms.shared_terms` writes it). On ``builder-inited``
:func:`load_external_terms` reads every file that is not cached or whose cache is older than
``neuroterms_external_cache_limit`` days (a local file: whenever it changed), as intersphinx
does with ``objects.inv``; the cache lives in the environment, so later builds work offline.
A file that cannot be read or is not such a file is one ``neuroterms.external`` warning at the
setting's line in ``conf.py``; a cached copy, if any, stays in use, and the build goes on.

The :class:`~sphinx_neuroterms.resolve.Resolver` matches references against these terms as it
matches local ones (case, plurals, aliases): ``:nterm:`name:serotonin``` asks one project,
a plain ``:nterm:`serotonin``` asks each project in order when no local term matches.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.util import requests

from sphinx_neuroterms.config import PREFIX, get_config, setting_location
from sphinx_neuroterms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.logs import warn
from sphinx_neuroterms.model import plural_variants, term_key
from sphinx_neuroterms.urls import unsafe_url_reason

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The file a project publishes beside ``objects.inv``, its format's name and version (the
#: format is documented in :mod:`sphinx_neuroterms.shared_terms`, which writes it).
TERMS_FILE = "neuroterms.json"
TERMS_FORMAT = "sphinx-neuroterms terms"
TERMS_VERSION = 1
#: The environment attribute of the cache: location to (fetched at, terms as read).
CACHE_ATTRIBUTE = "neuroterms_external_cache"
#: The environment attribute of the configured projects, as :func:`load_external_terms` found.
PROJECTS_ATTRIBUTE = "neuroterms_external_projects"
#: The environment attribute of the digest of what the last build linked against.
DIGEST_ATTRIBUTE = "neuroterms_external_digest"
#: Seconds a fetch may take.
FETCH_TIMEOUT = 30
#: The largest file read (the neuroterms.json of a 20,000-term project is about 10 MB).
MAX_BYTES = 64 * 1024 * 1024


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


def configured_projects(app: Sphinx) -> list[Project]:
    """The configured projects, their files' locations made absolute (paths from conf.py)."""
    found = []
    for name, (base, given) in get_config(app).external.items():
        if given is None:
            local = not _is_url(base)
            location = str(Path(app.confdir, base, TERMS_FILE)) if local else base + TERMS_FILE
            if not local and not base.endswith("/"):
                location = f"{base}/{TERMS_FILE}"
        else:
            location = given if _is_url(given) else str(Path(app.confdir, given))
        found.append(Project(name, base, location))
    return found


def _is_url(location: str) -> bool:
    return "://" in location


def load_external_terms(app: Sphinx) -> None:
    """``builder-inited``: read every file that is missing from the cache or stale."""
    env = app.env
    cache: dict[str, CachedFile] = getattr(env, CACHE_ATTRIBUTE, None) or {}
    limit_days = get_config(app).external_cache_limit
    now = time.time()
    wanted = configured_projects(app)
    for project in wanted:
        cached = cache.get(project.location)
        if not _needs_reading(project.location, cached, limit_days, now):
            continue
        try:
            terms, refused, mtime = _read(app, project.location)
        except (OSError, ValueError, requests.requests.RequestException) as error:
            kept = "; the cached copy is kept" if cached is not None else ""
            warn(Diagnostic(
                WarningSubtype.EXTERNAL,
                f"the terms of {project.name!r} could not be read from "
                f"{project.location}: {error}{kept}",
                setting_location(app.confdir, PREFIX + "external"),
            ))
            continue
        if refused:
            _warn_refused_urls(app, project, refused)
        digest = hashlib.sha1(repr(terms).encode(), usedforsecurity=False).hexdigest()
        cache[project.location] = CachedFile(now, terms, mtime, digest)
    # Files that no project names any more are forgotten.
    locations = {project.location for project in wanted}
    setattr(env, CACHE_ATTRIBUTE, {key: value for key, value in cache.items() if key in locations})
    setattr(env, PROJECTS_ATTRIBUTE, wanted)


def _projects(env: BuildEnvironment) -> list[Project]:
    return getattr(env, PROJECTS_ATTRIBUTE, None) or []


def _cache(env: BuildEnvironment) -> dict[str, CachedFile]:
    return getattr(env, CACHE_ATTRIBUTE, None) or {}


def _needs_reading(location: str, cached: CachedFile | None, limit_days: int, now: float) -> bool:
    if cached is None:
        return True
    if not _is_url(location):
        try:
            return Path(location).stat().st_mtime != cached.mtime
        except OSError:
            return True
    return limit_days >= 0 and now - cached.fetched > limit_days * 86400


#: A term of another project as cached: (name, aliases, definition, url).
CachedTerm = tuple[str, tuple[str, ...], str, str | None]
#: An entry URL refused as unsafe: (the term's name, why).
RefusedUrl = tuple[str, str]


def _read(
    app: Sphinx, location: str
) -> tuple[tuple[CachedTerm, ...], list[RefusedUrl], float]:
    """The terms of one file, the URLs refused in it, and a local file's modification time.

    :raises ValueError: when it is not a ``neuroterms.json``.
    """
    mtime = 0.0
    if _is_url(location):
        config = app.config
        response = requests.get(
            location, timeout=FETCH_TIMEOUT, _user_agent=config.user_agent,
            _tls_info=(config.tls_verify, config.tls_cacerts),
        )
        response.raise_for_status()
        data = response.content
    else:
        path = Path(location)
        status = path.stat()
        mtime = status.st_mtime
        if status.st_size > MAX_BYTES:  # not read at all
            raise ValueError(f"larger than {MAX_BYTES} bytes")
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES} bytes")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not valid JSON ({error})") from None
    terms, refused = _terms_of(document)
    return terms, refused, mtime


def _terms_of(document: Any) -> tuple[tuple[CachedTerm, ...], list[RefusedUrl]]:
    """The well-formed terms of a file's data (entries that are not are passed over), and the
    entry URLs refused as unsafe.

    Another project's file is untrusted input from the network: an entry's ``url`` goes into
    our readers' pages as a link, so it passes the same check as a term file's ``source``
    (http(s) or relative, nothing a browser would run). A term whose URL is refused is kept
    without it: it links to the project's root, like a term that no glossary of it lists.
    """
    if not isinstance(document, dict) or document.get("format") != TERMS_FORMAT:
        raise ValueError(f"not a {TERMS_FILE} file (no \"format\": \"{TERMS_FORMAT}\")")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"unknown format version {version!r}")
    entries = document.get("terms")
    if not isinstance(entries, list):
        raise ValueError('"terms" is not a list')  # noqa: TRY004 - a bad file, not a bad call
    terms: list[CachedTerm] = []
    refused: list[RefusedUrl] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        name, definition, url = entry.get("name"), entry.get("definition"), entry.get("url")
        aliases = entry.get("aliases") or []
        if not isinstance(name, str) or not name.strip():
            continue
        if not isinstance(aliases, list):
            aliases = []
        if not isinstance(url, str) or not url:
            url = None
        elif (reason := unsafe_url_reason(url)) is not None:
            refused.append((name, reason))
            url = None
        terms.append((
            name,
            tuple(alias for alias in aliases if isinstance(alias, str) and alias.strip()),
            definition if isinstance(definition, str) else "",
            url,
        ))
    return tuple(terms), refused


#: How many refused URLs one warning names (a hostile file may hold thousands).
_REFUSED_NAMED = 3


def _warn_refused_urls(app: Sphinx, project: Project, refused: list[RefusedUrl]) -> None:
    """One located warning for a file's refused entry URLs."""
    named = "; ".join(f"{name!r} ({reason})" for name, reason in refused[:_REFUSED_NAMED])
    more = len(refused) - _REFUSED_NAMED
    warn(Diagnostic(
        WarningSubtype.EXTERNAL,
        f"the terms of {project.name!r} from {project.location}: "
        f"{len(refused)} entry URL(s) refused as unsafe, the terms kept without them "
        f"(only http(s) and relative URLs are linked): {named}"
        + (f" and {more} more" if more > 0 else ""),
        setting_location(app.confdir, PREFIX + "external"),
    ))


def external_changed(env: BuildEnvironment) -> bool:
    """Whether the configured projects' terms differ from what the last build linked against
    (remembers the new state: asked once per build, on ``env-get-updated``)."""
    cache = _cache(env)
    parts = [(p, cache[p.location].digest if p.location in cache else None) for p in _projects(env)]
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    old = getattr(env, DIGEST_ATTRIBUTE, None)
    setattr(env, DIGEST_ATTRIBUTE, digest)
    return old is not None and old != digest


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
    cache = _cache(env)
    index = ExternalIndex()
    for project in _projects(env):
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
    if _is_url(url) or url.startswith("/"):
        return url
    return base + url if base.endswith("/") or not base else f"{base}/{url}"
