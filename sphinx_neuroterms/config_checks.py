"""The checks of ``neuroterms_*`` values: a validator returns what is wrong with a value
(``None``: nothing), a salvager the part of a bad value that can be kept.

Every build imports this module with the configuration; what a check needs beyond it is
imported by the check, when a value is set (a default is not checked: it is valid).

:class:`~sphinx_neuroterms.config.NeurotermsConfig` names one of each per field.
"""

from __future__ import annotations

import re
from typing import Any


def is_str_list(value: Any) -> str | None:
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return None
    return "expected a list of strings"


def _pattern_error(pattern: str) -> str | None:
    # The plain-text loader (and its compiled patterns) is loaded when a project uses it.
    from sphinx_neuroterms.loaders.text import pattern_error  # noqa: PLC0415

    return pattern_error(pattern)


def is_regex_list(value: Any) -> str | None:
    problem = is_str_list(value)
    if problem:
        return problem
    for pattern in value:
        error = _pattern_error(pattern)
        if error is not None:
            return f"invalid regular expression {pattern!r}: {error}"
    return None


def compiling_patterns(value: Any) -> list[str] | None:
    """The patterns of a list of strings that compile (the rest of an invalid value)."""
    if is_str_list(value):
        return None
    return [pattern for pattern in value if _pattern_error(pattern) is None]


def is_lint_list(value: Any) -> str | None:
    problem = is_str_list(value)
    if problem:
        return problem
    from sphinx_neuroterms.terms.diagnostics import LINT_CHECKS  # noqa: PLC0415

    unknown = [item for item in value if item not in LINT_CHECKS]
    if unknown:
        return f"unknown check {unknown[0]!r} (expected some of {', '.join(LINT_CHECKS)})"
    return None


def known_checks(value: Any) -> list[str] | None:
    """The known checks of an invalid ``neuroterms_lint`` (the rest of it)."""
    from sphinx_neuroterms.terms.diagnostics import LINT_CHECKS  # noqa: PLC0415

    if is_str_list(value):
        return None
    return [item for item in value if item in LINT_CHECKS]


def is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected True or False"


def is_positive_int(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return None
    return "expected a positive whole number"


def is_int(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return "expected a whole number"


def is_non_negative_int(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return "expected a whole number, 0 or more"


def is_markup(value: Any) -> str | None:
    return None if value in {"rst", "myst", "text"} else "expected 'rst', 'myst' or 'text'"


def is_external(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "expected a dict of project name to (base URL, location)"
    for name, entry in value.items():
        problem = _external_entry_problem(name, entry)
        if problem:
            return problem
    return None


def _external_entry_problem(name: Any, entry: Any) -> str | None:
    if not isinstance(name, str) or not name or ":" in name:
        return f"{name!r} is not a project name (text without ':')"
    if not isinstance(entry, (list, tuple)) or len(entry) != 2:
        return f"{name!r}: expected (base URL, location)"
    base, location = entry
    if not isinstance(base, str) or not (location is None or isinstance(location, str)):
        return f"{name!r}: expected (base URL, location), each text, location may be None"
    from sphinx_neuroterms.terms.urls import unsafe_url_reason  # noqa: PLC0415

    reason = unsafe_url_reason(base)
    if reason is not None:
        return f"{name!r}: the base URL {base!r} {reason} (only http(s) or relative)"
    return None


def valid_external(value: Any) -> dict[str, tuple[str, str | None]] | None:
    """The valid projects of an invalid ``neuroterms_external``."""
    if not isinstance(value, dict):
        return None
    return {
        name: (entry[0], entry[1])
        for name, entry in value.items()
        if _external_entry_problem(name, entry) is None
    }


#: What a prefix of ``neuroterms_identifier_prefixes`` may look like: as in term files
#: (``terms/identifiers.PREFIX_SYNTAX``, not imported here: a project without identifiers
#: never loads that module).
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9._-]*\Z")


def _prefix_problem(prefix: Any, uri_prefix: Any) -> str | None:
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        return f"{prefix!r} is not a prefix (a letter, then letters, digits, '.', '_' or '-')"
    if not isinstance(uri_prefix, str) or not uri_prefix.startswith(("http://", "https://")):
        return (
            f"{prefix!r}: expected an http(s) URL, with {{id}} where the local identifier "
            "goes (else it is appended)"
        )
    from sphinx_neuroterms.terms.urls import unsafe_url_reason  # noqa: PLC0415

    reason = unsafe_url_reason(uri_prefix)
    if reason is not None:
        return f"{prefix!r}: the URL {uri_prefix!r} {reason}"
    # The local id must land in the path, query or fragment: before them, an id such as
    # '@evil.example/' would change the host the link goes to.
    before_id = uri_prefix.partition("{id}")[0]
    if not any(mark in before_id.partition("://")[2] for mark in "/?#"):
        return (
            f"{prefix!r}: the URL {uri_prefix!r} puts the local identifier in its host; "
            "end the host with '/' before it"
        )
    return None


def is_prefix_map(value: Any) -> str | None:
    if not isinstance(value, dict):
        return 'expected a dict of prefix to URL prefix, such as {"LAB": "https://lab.example/"}'
    return next(filter(None, (_prefix_problem(*item) for item in value.items())), None)


def valid_prefixes(value: Any) -> dict[str, str] | None:
    """The valid prefixes of an invalid ``neuroterms_identifier_prefixes``."""
    if not isinstance(value, dict):
        return None
    return {prefix: uri for prefix, uri in value.items() if not _prefix_problem(prefix, uri)}


def is_latex_first_use(value: Any) -> str | None:
    return None if value in {"link", "footnote"} else "expected 'link' or 'footnote'"
