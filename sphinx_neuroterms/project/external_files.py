"""Other projects' terms (``neuroterms_external``): fetched once, cached in the environment.

Each project named in ``neuroterms_external = {"name": (base_url, location)}`` publishes a
``neuroterms.json`` (:mod:`sphinx_neuroterms.output.terms_json` writes it). On ``builder-inited``
:func:`load_external_terms` reads every file that is not cached or whose cache is older than
``neuroterms_external_cache_limit`` days (a local file: whenever it changed), as intersphinx
does with ``objects.inv``; the cache lives in the environment, so later builds work offline.
A file that cannot be read or is not such a file is one ``neuroterms.external`` warning at the
setting's line in ``conf.py``; a cached copy, if any, stays in use, and the build goes on.

The :class:`~sphinx_neuroterms.domain.resolve.Resolver` matches references against these terms as it
matches local ones (case, plurals, aliases): ``:nterm:`name:serotonin``` asks one project,
a plain ``:nterm:`serotonin``` asks each project in order when no local term matches.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.config import PREFIX, get_config, setting_location
from sphinx_neuroterms.domain.external_index import (
    CACHE_ATTRIBUTE,
    DIGEST_ATTRIBUTE,
    PROJECTS_ATTRIBUTE,
    TERMS_FILE,
    TERMS_FORMAT,
    CachedFile,
    CachedTerm,
    Project,
    cached_files,
    configured_in,
    is_url,
)
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.logs import warn
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.urls import unsafe_url_reason

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Seconds a fetch may take.
FETCH_TIMEOUT = 30
#: The largest file read (the neuroterms.json of a 20,000-term project is about 10 MB).
MAX_BYTES = 64 * 1024 * 1024


def configured_projects(app: Sphinx) -> list[Project]:
    """The configured projects, their files' locations made absolute (paths from conf.py)."""
    found = []
    for name, (base, given) in get_config(app).external.items():
        if given is None:
            local = not is_url(base)
            location = str(Path(app.confdir, base, TERMS_FILE)) if local else base + TERMS_FILE
            if not local and not base.endswith("/"):
                location = f"{base}/{TERMS_FILE}"
        else:
            location = given if is_url(given) else str(Path(app.confdir, given))
        found.append(Project(name, base, location))
    return found


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
        except (OSError, ValueError) as error:
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


def _needs_reading(location: str, cached: CachedFile | None, limit_days: int, now: float) -> bool:
    if cached is None:
        return True
    if not is_url(location):
        try:
            return Path(location).stat().st_mtime != cached.mtime
        except OSError:
            return True
    return limit_days >= 0 and now - cached.fetched > limit_days * 86400


#: An entry URL refused as unsafe: (the term's name, why).
RefusedUrl = tuple[str, str]


def _read(
    app: Sphinx, location: str
) -> tuple[tuple[CachedTerm, ...], list[RefusedUrl], float]:
    """The terms of one file, the URLs refused in it, and a local file's modification time.

    :raises ValueError: when it is not a ``neuroterms.json``.
    """
    mtime = 0.0
    if is_url(location):
        data = _fetch(app, location)
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


def _fetch(app: Sphinx, location: str) -> bytes:
    """A file over the network, read no further than :data:`MAX_BYTES` past its limit.

    :raises OSError: when it cannot be fetched (a failed request is one).
    """
    # Imported only when a URL is fetched: requests and urllib3 are a good part of the
    # extension's start-up, and most builds fetch nothing.
    from requests import RequestException  # noqa: PLC0415
    from sphinx.util import requests  # noqa: PLC0415

    config = app.config
    try:
        with requests.get(
            location, timeout=FETCH_TIMEOUT, stream=True, _user_agent=config.user_agent,
            _tls_info=(config.tls_verify, config.tls_cacerts),
        ) as response:
            response.raise_for_status()
            # Read no more than the limit allows: a hostile server may send without end.
            received = bytearray()
            for chunk in response.iter_content(chunk_size=1 << 16):
                received += chunk
                if len(received) > MAX_BYTES:
                    break
    except RequestException as error:
        raise OSError(str(error)) from None
    return bytes(received)


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
        name, definition, url = (_text(entry.get(key)) for key in ("name", "definition", "url"))
        aliases = entry.get("aliases")
        if name is None or not name.strip():
            continue
        if url and (reason := unsafe_url_reason(url)) is not None:
            refused.append((name, reason))
            url = None
        terms.append((
            name,
            tuple(
                text for alias in (aliases if isinstance(aliases, list) else [])
                if (text := _text(alias)) and text.strip()
            ),
            definition or "",
            url or None,
        ))
    return tuple(terms), refused


def _text(value: Any) -> str | None:
    """A value that is text our pages can hold: a string that is valid Unicode (JSON's
    ``\\udfff`` escapes make lone surrogates, which no page or file can be written with)."""
    if not isinstance(value, str):
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


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
    cache = cached_files(env)
    parts = [
        (project, cache[project.location].digest if project.location in cache else None)
        for project in configured_in(env)
    ]
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    old = getattr(env, DIGEST_ATTRIBUTE, None)
    setattr(env, DIGEST_ATTRIBUTE, digest)
    return old is not None and old != digest


def outdated_external_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: when other projects' terms changed since the last build, the pages
    with references that no local term answers and those naming another project
    (``:external+name:nterm:term:``), so that none keeps a stale link or tooltip."""
    if not external_changed(env):
        return []
    domain = get_domain(env)
    catalog = domain.state.catalog
    unanswered = {
        docname for docname, keys in domain.refs.items()
        if any(catalog.lookup_reference(key) is None for key in keys)
    }
    return sorted(unanswered | set(domain.external_refs))
