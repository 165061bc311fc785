"""Checks of the whole catalog, run alike by ``neuroterms check`` and by the Sphinx build.

Loading finds what is wrong inside one file; the problems here need every term at once (a
``see_also`` naming a term of another file). Both front ends call :func:`check_catalog`, so
the command line never says "no problems" about a project the build warns about.
"""

from __future__ import annotations

from sphinx_neuroterms.terms.catalog import TermCatalog
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype


def did_you_mean(catalog: TermCatalog, name: str) -> str:
    """``"; did you mean 'A' or 'B'?"`` for close names, or an empty string."""
    names = catalog.suggest(name)
    if not names:
        return ""
    quoted = [repr(item) for item in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def check_catalog(catalog: TermCatalog) -> list[Diagnostic]:
    """Every problem between terms: see-also names that are unknown or the term itself, and
    ``avoid`` names that are a term's name.

    Each is located at the ``see_also`` (``avoid``) item, or line, that holds the name.
    """
    diagnostics: list[Diagnostic] = []
    for term in catalog:
        for name in term.see_also:
            found = catalog.lookup(name)
            where = term.location_of(f"see_also:{name}")
            if found is None:
                message = (
                    f"see-also {name!r} of term {term.name!r} names no known term"
                    + did_you_mean(catalog, name)
                )
                diagnostics.append(Diagnostic(WarningSubtype.SEE_ALSO_UNKNOWN, message, where))
            elif found.key == term.key:
                message = f"see-also {name!r} of term {term.name!r} names the term itself"
                diagnostics.append(Diagnostic(WarningSubtype.SEE_ALSO_SELF, message, where))
        for name in term.avoid:
            other = catalog.lookup(name, plurals=False)
            if other is not None:
                message = (
                    f"avoid name {name!r} of term {term.name!r} is a name of term "
                    f"{other.name!r}; it stays a term and is not checked"
                )
                where = term.location_of(f"avoid:{name}")
                diagnostics.append(Diagnostic(WarningSubtype.INVALID_TERM, message, where))
    return diagnostics
