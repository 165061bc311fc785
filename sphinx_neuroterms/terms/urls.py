"""Which link targets term text may use: http(s) and relative URLs, nothing that can run.

Term files are untrusted: a ``source`` URL or a link in term text could be ``javascript:…``.
The loaders drop unsafe ``source`` URLs, the directive drops unsafe ``:source:`` options, and
parsed term text loses unsafe links; all ask this module.
"""

from __future__ import annotations

import html
import re
import unicodedata

#: URL schemes a link may use; anything else (``javascript:``, ``data:``, ``file:`` …) is
#: dropped. Relative URLs (no scheme) are allowed.
SAFE_URL_SCHEMES: frozenset[str] = frozenset({"http", "https"})

# What a URL parser takes for a scheme: a letter, then letters, digits, "+", "-" or ".", then ":".
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers drop tabs and newlines anywhere in a URL and control characters or spaces around
# it, so "java\tscript:" runs as javascript:. A source URL needs none of them: reject them all.
_URL_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\ufeff]")


def unsafe_url_reason(url: str) -> str | None:
    """Why ``url`` may not be used as a link target, or ``None`` when it is safe.

    Safe means ``http``/``https`` or relative (including ``//host/…``), judged the way a browser
    would read it after its usual clean-ups (dropping tabs and newlines, decoding character
    references, folding compatibility characters), so ``"  JaVaScRiPt:…"`` or
    ``"java\\tscript:…"`` do not get through.

    >>> unsafe_url_reason("https://example.org/serotonin")
    >>> unsafe_url_reason("../refs.html#dopamine")
    >>> unsafe_url_reason("JaVaScRiPt:alert(1)")
    "uses the scheme 'javascript'"
    """
    if _URL_INVISIBLE.search(url):
        return "contains spaces, tabs, line breaks or control characters (percent-encode them)"
    if url.startswith(("https://", "http://")):
        return None  # the common case, settled without the slower checks below
    for candidate in (url, html.unescape(url), unicodedata.normalize("NFKC", url)):
        match = _URL_SCHEME.match(candidate.strip())
        if match and match.group(1).lower() not in SAFE_URL_SCHEMES:
            return f"uses the scheme {match.group(1).lower()!r}"
    return None


def is_safe_url(url: str) -> bool:
    """Whether a URL, stripped of surrounding space, is http(s) or relative."""
    return unsafe_url_reason(url.strip()) is None
