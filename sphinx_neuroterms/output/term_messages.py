"""The message catalog of term texts, written by Sphinx's ``gettext`` builder.

``sphinx-build -b gettext`` writes one ``.pot`` per page from the pages' doctrees; the texts
of the term files are not part of any page's source, so they get a catalog of their own,
``neuroterms-terms.pot`` beside the others, with each message once (however many terms or
glossaries show it) and ``#:`` lines pointing at the term files. It is written with Sphinx's
own catalog and template, so it has the header, the ``gettext_location`` and ``gettext_uuid``
choices and the unchanged-file check of every other ``.pot``, and ``sphinx-intl update``
makes its ``.po`` like theirs. The glossary pages' catalogs do not hold the texts
(:func:`keep_term_text_out`).

In-page terms (``nterm``) are part of their page and go to its catalog, as any paragraph.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_neuroterms.config import get_config
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.page_scope import project_in_use

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def keep_term_text_out(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, ``gettext`` builder: leave the term text a glossary shows out of
    its page's catalog (it is in ``neuroterms-terms.pot``, once).

    Term text parsed into a page keeps its term file as its source, so Sphinx would extract
    what it parses from markup (MyST paragraphs, code blocks with
    ``gettext_additional_targets``) into the page's ``.pot`` too.
    """
    if app.builder.name != "gettext":
        return
    files = set(get_domain(app.env).term_files)
    if not files:
        return
    for node in doctree.findall():
        if getattr(node, "source", None) in files:
            node["translatable"] = False  # type: ignore[index]


def write_term_messages(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``neuroterms-terms.pot`` when the ``gettext`` builder ran."""
    if exception is not None or app.builder.name != "gettext":
        return
    from sphinx_neuroterms.terms.messages import TEXT_DOMAIN, term_messages  # noqa: PLC0415

    path = app.outdir / f"{TEXT_DOMAIN}.pot"
    if not project_in_use(app.env):  # no term now: an earlier build's catalog goes
        path.unlink(missing_ok=True)
        return
    # Only when the gettext builder runs (it is loaded then): no cost for other builds.
    import sphinx  # noqa: PLC0415
    from sphinx.builders import gettext  # noqa: PLC0415

    names = get_config(app).translate_names
    catalog = gettext.Catalog()
    for term in get_domain(app.env).file_terms:
        for message, where in term_messages(term, names=names):
            catalog.add(message, gettext.MsgOrigin(where.path, where.line or 0))
    if not catalog.messages:
        path.unlink(missing_ok=True)
        return
    config = app.config
    # The context MessageCatalogBuilder.finish gives the template.
    context = {
        "version": config.version,
        "copyright": config.copyright,
        "project": config.project,
        "last_translator": config.gettext_last_translator,
        "language_team": config.gettext_language_team,
        "ctime": gettext.ctime,
        "display_location": config.gettext_location,
        "display_uuid": config.gettext_uuid,
        "messages": list(catalog),
    }
    # The project's templates first, then Sphinx's own: Sphinx 7.4's renderer takes the
    # given folders alone, later ones add its own after them.
    templates = [app.srcdir / folder for folder in config.templates_path]
    templates.append(Path(sphinx.__file__).parent / "templates" / "gettext")
    renderer = gettext.GettextRenderer(templates, outdir=app.outdir)
    content = renderer.render("message.pot.jinja", context)
    if gettext.should_write(path, content):
        path.write_text(content, encoding="utf-8")
