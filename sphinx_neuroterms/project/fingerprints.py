"""Per-page fingerprints: a digest of the term data each page's output shows.

After every build's plan, a page whose fingerprint changed is written again though it was not
read again (a term it shows was edited, a backlink changed): see
:func:`sphinx_neuroterms.project.after_reading.update_state`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import operator
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.domain.records import page_title
from sphinx_neuroterms.terms.model import Term

if TYPE_CHECKING:
    from docutils.nodes import Node

    from sphinx_neuroterms.domain.records import DocumentRecords, ProjectState


#: Every field of a term that is shown: compared fields but its location, which only
#: matters for warnings.
_SHOWN_FIELDS = operator.attrgetter(*(
    field.name for field in dataclasses.fields(Term) if field.compare and field.name != "location"
))


def term_fingerprint(term: Term, shown: str | None) -> str:
    """A digest of everything shown of a term, with its definition's text as its page
    shows it (``None``: no page parsed it)."""
    fields = repr((_SHOWN_FIELDS(term), shown)).encode()
    return hashlib.sha1(fields, usedforsecurity=False).hexdigest()


def fingerprints(
    state: ProjectState, records: DocumentRecords, docnames: Iterable[str],
    titles: Mapping[str, Node], shown: Mapping[str, str], *, texts_in_pages: bool = True,
    pages_with_texts: AbstractSet[str] = frozenset(),
) -> dict[str, str]:
    """Per document, a digest of the term data its written output shows.

    :param shown: per document, what else its output shows (titles its term text links to).
    :param texts_in_pages: whether a reference shows its term's text in the page (a
        ``title``, a footnote, a note). Not in HTML with the tooltip script, whose links to
        an entry carry only the key: the site's tooltip files hold the texts, so editing a
        definition rewrites the glossary, not every page that links to the term.
    :param pages_with_texts: pages that show their terms' texts all the same (an
        ``nterm-page-terms`` list).
    """
    # A digest per term, not its text: a glossary page's fingerprint holds every entry.
    term_fps = {
        term.key: term_fingerprint(term, state.shown.get(term.key)) for term in state.catalog
    }

    def entry(key: str | None) -> tuple[Any, ...]:
        """A term as an entry (or an in-page definition) shows it: everything."""
        return (key, term_fps.get(key or ""), state.targets.get(key or ""))

    def reference(key: str | None, with_text: bool) -> tuple[Any, ...]:
        """A term as a reference to it shows it: where it and its sections lead, and maybe
        its text."""
        target, sections = state.targets.get(key or ""), state.sections.get(key or "")
        if with_text or target is None:  # a span without an entry keeps its title
            return (key, term_fps.get(key or ""), target, sections)
        return (key, target, sections)

    @functools.cache
    def title_of(docname: str) -> str:  # a page is the backlink of many entries
        return page_title(titles, docname)

    digests: dict[str, str] = {}
    for docname in docnames:
        with_text = texts_in_pages or docname in pages_with_texts
        link = functools.partial(reference, with_text=with_text)
        parts: list[Any] = [with_text, shown.get(docname)]
        parts.extend((key, link(state.resolved.get(key))) for key in sorted(
            records.refs.get(docname, ())))
        parts.extend(
            (key, link(_key_of(state, key))) for key in sorted(records.xrefs.get(docname, ()))
        )
        for doc_term in records.doc_terms.get(docname, ()):
            parts.extend(link(_key_of(state, name)) for name in doc_term.term.see_also)
        for spec in records.glossaries.get(docname, ()):
            if spec.part_of:  # the jump bar shows the groups of every part
                parts.extend(
                    (other.docname, group.label, group.anchor)
                    # In page order: -j readers merge their pages in any order, and a page
                    # read again moves to the end; neither changes what a page shows.
                    for _, specs in sorted(records.glossaries.items())
                    for other in specs
                    if other.part_of == spec.part_of
                    for group in state.glossaries.get((other.docname, other.serial), ())
                )
            for group in state.glossaries.get((spec.docname, spec.serial), ()):
                parts.append((group.label, group.anchor))
                for listed in group.entries:
                    term = state.catalog.lookup(listed.key)
                    parts.append((listed, entry(listed.key)))
                    if term is not None:
                        parts.extend(link(_key_of(state, name)) for name in term.see_also)
                    # Its related terms follow from other terms' texts too: an edit of a term
                    # that another page lists changes this entry's "Related:" line.
                    parts.extend(
                        (found.name, link(key))
                        for key in state.related.get(listed.key, ())
                        if (found := state.catalog.lookup(key)) is not None
                    )
                    parts.extend(
                        (doc, title_of(doc)) for doc in state.backlinks.get(listed.key, ())
                    )
        digests[docname] = hashlib.sha1(
            repr(parts).encode(), usedforsecurity=False
        ).hexdigest()
    return digests


def _key_of(state: ProjectState, name: str) -> str | None:
    found = state.catalog.lookup(name)
    return None if found is None else found.key
