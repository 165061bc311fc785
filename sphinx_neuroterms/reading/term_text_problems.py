"""Problems found in term text while a page is read: recorded, reported once after reading."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.terms.model import Location


#: ``env.temp_data`` key of the problems found in the term text of the page being read.
PROBLEMS = "nterm_problems"


def note_problem(env: BuildEnvironment, message: str, location: Location) -> None:
    """Record a ``term_markup`` problem of the page being read.

    Recorded, not warned: a term shown in several pages is parsed in each, and the domain
    reports each problem once, after reading
    (:func:`~sphinx_neuroterms.project.after_reading.update_state`), the same way in serial
    and ``-j`` builds.
    """
    problems = cast("list[Diagnostic]", env.temp_data.setdefault(PROBLEMS, []))
    problems.append(Diagnostic(WarningSubtype.TERM_MARKUP, message, location))
