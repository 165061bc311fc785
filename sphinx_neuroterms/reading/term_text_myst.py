"""MyST Markdown term text (``markup: myst``), rendered by myst-parser into the page being read.

myst-parser is optional: it is imported only when a term file asks for MyST. The text is
rendered with the project's MyST settings (``myst_enable_extensions`` and the rest), by the
renderer myst-parser uses for pages, into the document being read; its lines are mapped
back to the term file, so warnings and the nodes' locations point there.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.reading.term_text_problems import note_problem
from sphinx_neuroterms.terms.model import Location

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from docutils import nodes
    from docutils.nodes import Element
    from docutils.statemachine import StringList
    from sphinx.environment import BuildEnvironment

def render_myst(
    document: nodes.document, env: BuildEnvironment
) -> Callable[[StringList, Element], None] | None:
    """A function rendering MyST term text into ``document`` (made once per directive run),
    or ``None`` without myst-parser."""
    try:
        from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer  # noqa: PLC0415
        from myst_parser.parsers.mdit import create_md_parser  # noqa: PLC0415
    except ImportError:
        return None

    config = getattr(env, "myst_config", None)
    if config is None:  # myst-parser installed, but not an extension of this project
        from myst_parser.config.main import MdParserConfig  # noqa: PLC0415

        config = MdParserConfig()
    parser = create_md_parser(config, SphinxRenderer)
    renderer: Any = parser.renderer
    renderer.setup_render({"document": document, "myst_config": config}, {})
    source = ""
    _confine_substitutions(renderer, env, lambda: source)

    def render(lines: StringList, container: Element) -> None:
        nonlocal source
        source, offset = lines.info(0) if lines else (document["source"], 0)
        with _located(document, str(source)), renderer.current_node_context(container):
            # Lines are numbered from the text's first line in the term file (exact for a
            # YAML block scalar; a JSON string's lines all sit on one line of its file).
            renderer.nested_render_text("\n".join(lines), int(offset or 0))

    return render


def _confine_substitutions(renderer: Any, env: BuildEnvironment, source: Callable[[], str]) -> None:
    """Let term text use a MyST substitution by its name only (``{{ version }}``).

    myst-parser renders anything else between ``{{ }}`` as a Jinja2 expression, without a
    sandbox: an expression can run any Python. An exact name is looked up without Jinja2.
    """
    from myst_parser.mdit_to_docutils.base import token_line  # noqa: PLC0415 - optional

    render_substitution = renderer.render_substitution

    def render_name_only(token: Any, inline: bool) -> None:
        if token.content.strip() in renderer.md_config.substitutions:
            render_substitution(token, inline)
            return
        note_problem(
            env,
            f"substitution '{{{{ {token.content.strip()} }}}}' is refused in term text (a Jinja2 "
            "expression can run code; term text may only name a substitution); it is left out",
            Location(source(), token_line(token)),
        )

    renderer.render_substitution = render_name_only


@contextmanager
def _located(document: nodes.document, source: str) -> Iterator[None]:
    """Nodes and warnings made while rendering name the term file (myst-parser takes both
    from the document)."""
    reporter = document.reporter
    saved_source = document["source"]
    saved = getattr(reporter, "get_source_and_line", None)
    document["source"] = source
    def source_and_line(line: int | None = None) -> tuple[str, int | None]:
        return source, line

    reporter.get_source_and_line = source_and_line
    try:
        yield
    finally:
        document["source"] = saved_source
        if saved is None:
            del reporter.get_source_and_line
        else:
            reporter.get_source_and_line = saved
