"""After reading: the whole-project plan, made once per build on ``env-updated``.

That event runs in the main process after ``-j`` readers are merged. :func:`update_state`
reports the problems found while loading and reading (once per build), plans the project
(:func:`~sphinx_neuroterms.project.plan.build_state`), puts the glossaries' entries into the
general index, makes the terms ``std:term`` objects too, fills in each definition's shown
text and related terms, and fingerprints every page so that Sphinx writes again the pages
whose output changed though they were not read again.

A build that changed nothing the plan is made from (:class:`~.records.PlanInputs`: no page
read, added or removed, the same terms, settings, builder and tags) keeps the last plan: a
rebuild without changes at 20,000 terms spent 3.4 s of its 7 s planning the same again.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sphinx_neuroterms.config import get_config, rich_tooltips
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.records import PlanInputs
from sphinx_neuroterms.domain.shown_text import BuildConditions, shown_text, target_title
from sphinx_neuroterms.logs import warn
from sphinx_neuroterms.project.fingerprints import fingerprints
from sphinx_neuroterms.project.plan import build_state, index_entries
from sphinx_neuroterms.project.std_terms import register_std_terms
from sphinx_neuroterms.terms.plain_text import plain_text
from sphinx_neuroterms.terms.related import find_mentions, related_terms

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.index import IndexDomain
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.domain.nterm_domain import NeurotermsDomain
    from sphinx_neuroterms.domain.records import IndexEntry, ProjectState
    from sphinx_neuroterms.domain.shown_text import DocumentText, ShownPart


def update_state(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Load the term files and plan every glossary and reference (on ``env-updated``).

    :return: documents that were not re-read but whose output changes (a term they show
        was edited, added or removed; a backlink changed), so Sphinx writes them again.
    """
    domain = get_domain(env)
    old = domain.planned_state
    # What this build's pages show of conditional term text, as Sphinx decides it for them.
    conditions = BuildConditions(app.tags, bool(getattr(app.config, "todo_include_todos", False)))
    inputs = _plan_inputs(app, env, domain, conditions)
    texts: dict[str, DocumentText] = domain.term_texts
    # A term shown in several pages was parsed, and its problems found, in each.
    text_problems = dict.fromkeys(
        problem for docname in sorted(texts) for problem in texts[docname].problems
    )
    if old is not None and old.inputs is not None and old.inputs.same_as(inputs):
        # Nothing the plan is made from changed (a rebuild that read no page): the last plan
        # holds, every page's output with it. Its problems are reported again, as every
        # build reports them, and its std:term objects go back (taken out before reading).
        for diagnostic in [*domain.file_diagnostics, *text_problems, *old.problems]:
            warn(diagnostic)
        register_std_terms(env, old, domain.std_objects)
        return []
    state, problems = build_state(domain.file_terms, domain.records)
    state.inputs, state.problems, state.plan_id = inputs, problems, uuid.uuid4().hex
    for diagnostic in [*domain.file_diagnostics, *text_problems, *problems]:
        warn(diagnostic)
    _set_index_entries(domain, env, index_entries(state, domain.records))
    register_std_terms(env, state, domain.std_objects)
    state.shown = _shown_texts(domain, env, state, conditions)
    settings = get_config(app)
    if settings.related > 0:
        # Definitions as the pages show them: already reduced to text for the tooltips.
        state.mentions = find_mentions(
            list(state.catalog), state.definition_text, old.mentions if old else None
        )
        state.related = related_terms(state.catalog, settings.related, state.mentions)
    state.fingerprints = fingerprints(
        state, domain.records, env.all_docs, env.titles, _shown_digests(domain, env, state),
        # Tooltip texts are in the site's tooltip files, not in the pages, unless every
        # page lists its terms' texts; some pages may (an nterm-page-terms directive).
        texts_in_pages=not rich_tooltips(app.builder) or settings.page_terms,
        pages_with_texts=set(domain.pages_listing_terms),
    )
    domain.planned_state = state
    # The plan holds what the writers need; the cache would keep a plain copy of every
    # term's text alive in the main process (and in every writer it forks) until the end.
    plain_text.cache_clear()
    if old is None:
        # The first plan: of a fresh environment, whose pages are all written anyway, or of
        # a project that had no term until now. Then Sphinx's cross-references of pages not
        # read again (``:term:``, ``:any:``, MyST links) may reach a term.
        return sorted(domain.xrefs)
    return sorted(
        docname
        for docname, digest in state.fingerprints.items()
        if old.fingerprints.get(docname) != digest
    )


def _plan_inputs(
    app: Sphinx, env: BuildEnvironment, domain: NeurotermsDomain, conditions: BuildConditions
) -> PlanInputs:
    """What the plan is made from, beyond what pages record while read."""
    return PlanInputs(
        dict(env.all_docs), domain.file_terms, get_config(app), app.builder.name,
        (frozenset(conditions.tags), conditions.todos),
    )


def _shown_texts(
    domain: NeurotermsDomain,
    env: BuildEnvironment,
    state: ProjectState,
    conditions: BuildConditions,
) -> dict[str, str]:
    """Each parsed definition as its reader sees it, for tooltips.

    A term shown in several pages was parsed in each; the page with its canonical entry
    has the say, then the first page by name.
    """
    records: dict[str, DocumentText] = domain.term_texts
    found: dict[str, tuple[ShownPart, ...]] = {}
    for docname in sorted(records):
        for key, parts in records[docname].shown.items():
            where = state.targets.get(key)
            if key not in found or (where is not None and where.docname == docname):
                found[key] = parts
    return {key: shown_text(parts, env, conditions) for key, parts in found.items()}


def _shown_digests(
    domain: NeurotermsDomain, env: BuildEnvironment, state: ProjectState
) -> dict[str, str]:
    """Per document, what its term text shows of other pages (titles of links without
    one) and of in-page terms it copies, for the page's fingerprint."""
    records: dict[str, DocumentText] = domain.term_texts
    bodies = {
        key: body.pformat()
        for record in records.values()
        for key, body in record.bodies.items()
    }
    digests: dict[str, str] = {}
    for docname, record in records.items():
        titles = sorted((part, target_title(part, env)) for part in record.titled)
        digests[docname] = repr(titles)
    for specs in domain.glossaries.values():
        for spec in specs:
            listed = sorted(
                bodies[entry.key]
                for group in state.glossaries.get((spec.docname, spec.serial), ())
                for entry in group.entries
                if entry.key in bodies
            )
            digests[spec.docname] = digests.get(spec.docname, "") + repr(listed)
    return digests


def _set_index_entries(
    domain: NeurotermsDomain, env: BuildEnvironment, entries: dict[str, list[IndexEntry]]
) -> None:
    """Put the glossaries' entries into Sphinx's general index, replacing last build's.

    Glossary content is only known after reading, so the index nodes a directive would
    leave cannot exist, and Sphinx has no API for index entries made later than reading;
    the entries go into the index domain's per-document lists (its ``entries``
    property), and the ones added last time are taken out first (their document may not
    be re-read).
    """
    index_domain: IndexDomain = env.get_domain("index")  # type: ignore[assignment]
    index: dict[str, list[IndexEntry]] = index_domain.entries
    ours: dict[str, list[IndexEntry]] = domain.index_entries
    for docname, added in ours.items():
        if docname in index:
            taken_out = set(added)
            index[docname] = [entry for entry in index[docname] if entry not in taken_out]
    ours.clear()
    for docname, added in entries.items():
        ours[docname] = added
        index.setdefault(docname, []).extend(added)
