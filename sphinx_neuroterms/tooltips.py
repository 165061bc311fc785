"""Rich HTML tooltips: the static assets and what the page and the script share.

How a page gets its tooltips:

* While a page is written, :func:`sphinx_neuroterms.html.visit_nterm_reference` gives each
  term link a ``data-nterm="<key>"`` attribute (next to the ``title`` fallback) and notes the
  key for that page; nothing else happens per link.
* On ``html-page-context``, :func:`sphinx_neuroterms.html.add_page_payload` appends one
  ``<script type="application/json" id="nterm-tooltips">`` to the body, holding the name and
  tooltip text of exactly the terms the page references
  (:func:`~sphinx_neuroterms.text.payload_script`), and links the script and style sheet
  (:func:`add_page_assets`).
* ``static/neuroterms.js`` (loaded with ``defer`` from ``_static``, no network) parses that
  object once and shows a ``role="tooltip"`` box built with ``textContent``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.config import get_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

#: The folder of ``neuroterms.js`` and ``neuroterms.css``, added to ``html_static_path``.
STATIC_DIR = Path(__file__).parent / "static"
#: The script and style sheet, as named in ``_static``.
JS_FILE = "neuroterms.js"
CSS_FILE = "neuroterms.css"
#: The attribute linking a term link to its record (``nterm`` terms, then std glossary terms).
DATA_ATTRIBUTE = "data-nterm"
STD_DATA_ATTRIBUTE = "data-nterm-std"
#: Milliseconds the pointer must rest on a link before its tooltip opens (told to the script
#: through ``data-open-delay``); short, so hovering feels immediate but passing over a
#: paragraph of links does not flash tooltips.
OPEN_DELAY_MS = 80


def rich_tooltips(builder: Builder) -> bool:
    """Whether a builder's pages get the script, the style sheet and data blocks.

    Every HTML builder does except the EPUB ones, whose readers run scripts unreliably (their
    links keep the ``title`` fallback).
    """
    return (
        builder.format == "html"
        and not builder.name.startswith("epub")
        and get_config(builder.env).tooltips
    )


def add_static_path(app: Sphinx, config: Config) -> None:
    """Put the package's ``static`` folder on ``html_static_path`` (``config-inited``).

    Done before the environment compares the configuration with the last build's (unlike
    ``builder-inited``), so incremental builds do not report a changed ``html_static_path``.
    Only HTML builders read the value.
    """
    static = str(STATIC_DIR)
    if config.neuroterms_tooltips and static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]


def add_page_assets(app: Sphinx) -> None:
    """Link the script and style sheet from the page being prepared (``html-page-context``).

    Only pages that show a tooltip get them: a page without terms stays byte-for-byte what
    Sphinx alone writes. The files come from the package (:func:`add_static_path`), never from
    a CDN, and Sphinx adds ``?v=`` checksums to their URLs; called from ``html-page-context``,
    Sphinx's ``add_*_file`` affect this page only.
    """
    app.add_css_file(CSS_FILE)
    # Options reach the script as data-* attributes of its own tag.
    attributes: dict[str, Any] = {"defer": "defer", "data-open-delay": str(OPEN_DELAY_MS)}
    app.add_js_file(JS_FILE, **attributes)
