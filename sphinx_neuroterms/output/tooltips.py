"""Rich HTML tooltips, the whole mechanism: assets, the tooltip files and the data blocks.

How a page gets its tooltips:

* While a page is written, :func:`sphinx_neuroterms.output.html_links.write_reference` gives
  each term link a ``data-nterm="<key>"`` attribute and notes that the page shows tooltips;
  nothing else happens per link, and the page holds no definition.
* Every term's tooltip text is written once per project, into small files beside the script
  (:func:`write_tooltip_texts`; :func:`texts_files` splits them by the keys' first
  characters), which the script loads when a reader first points at or focuses a link.
* On ``html-page-context``, :func:`sphinx_neuroterms.output.html_links.add_page_payload`
  links the script and style sheet (:func:`add_page_assets`) and appends a
  ``<script type="application/json" id="nterm-tooltips">`` data block (:func:`payload_script`)
  only for the few texts that are not in those files: Sphinx ``:term:`` entries
  (``neuroterms_tooltip_std_terms``) and other projects' terms.
* ``static/neuroterms.js`` (loaded with ``defer`` from ``_static``, no network beyond the
  documentation's own files) shows a ``role="tooltip"`` box built with ``textContent``.

The data is escaped for a ``<script>`` element: ``<``, ``>``, ``&`` and U+2028/2029 are written
as ``\\uXXXX`` escapes, so no term text can close the element (``</script>``) or open an HTML
comment inside it.

Readers without JavaScript follow a link to the term's entry, as with Sphinx's glossary; a
term that no glossary lists (nothing to follow) keeps its text in a ``title``. EPUB pages get
pop-up notes instead (:mod:`sphinx_neuroterms.output.epub_notes`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_neuroterms.config import rich_tooltips
from sphinx_neuroterms.domain.nterm_domain import get_domain
from sphinx_neuroterms.domain.page_scope import project_in_use

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The folder of ``neuroterms.js`` and ``neuroterms.css``, added to ``html_static_path``.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
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


#: The folder of the tooltip texts in the output, beside the script: one file per first two
#: characters of the terms' keys (``73-65.js`` holds every term whose key starts "se").
TEXTS_DIR = ("_static", "neuroterms", "tooltips")
#: The most terms a texts file holds: a larger group is split by one more character of the
#: key (a reader's first hover loads a few kilobytes, never a large part of the glossary).
MAX_FILE_TERMS = 200
#: The prefix length of the first files.
FIRST_DEPTH = 2
#: The longest prefix a file is named by: a file of this depth holds its whole group, however
#: large. Each character adds up to seven characters to the name (``10ffff-``), so names stay
#: far below the file systems' 255 (keys sharing a long start, such as 200 terms that differ
#: only after 88 characters, would otherwise name a file too long to write).
MAX_DEPTH = 16


def texts_file(key: str, depth: int = FIRST_DEPTH) -> str:
    """The name of the file for a key's first ``depth`` characters (the script computes the
    same names from ``data-nterm``: the characters' hexadecimal code points).

    >>> texts_file("serotonin")
    '73-65.js'
    """
    return "-".join(f"{ord(character):x}" for character in key[:depth]) + ".js"


def texts_files(records: dict[str, str], depth: int = FIRST_DEPTH) -> dict[str, str]:
    """Each texts file's name and content, from every term's key and record.

    A file is a call of the script's loader, ``ntermTooltipTexts([[key, name, text], …])``:
    a list, not an object literal, in which a key ``__proto__`` would set the object's
    prototype instead of naming a term. A group of more than :data:`MAX_FILE_TERMS` keys is
    split by one more character, down to :data:`MAX_DEPTH`: its file keeps the keys no longer
    than its prefix and names itself as the second argument, which tells the script to look
    one character deeper for the rest. The records come from
    :func:`texts_record`: JSON with ``<``, ``>``, ``&`` and
    U+2028/2029 escaped, so term text stays a string literal.
    """
    groups: dict[str, dict[str, str]] = {}
    for key, record in records.items():
        groups.setdefault(key[:depth], {})[key] = record
    files: dict[str, str] = {}
    for prefix, group in groups.items():
        name = texts_file(prefix, depth)
        longer = {key: record for key, record in group.items() if len(key) > depth}
        if len(group) <= MAX_FILE_TERMS or not longer or depth >= MAX_DEPTH:
            files[name] = _loader_call(group.values())
            continue
        here = [record for key, record in group.items() if len(key) <= depth]
        files[name] = _loader_call(here, deeper=name.removesuffix(".js"))
        files.update(texts_files(longer, depth + 1))
    return files


def _loader_call(records: Iterable[str], deeper: str | None = None) -> str:
    arguments = "[" + ",".join(records) + "]"
    if deeper:
        arguments += f', "{deeper}"'
    return f"ntermTooltipTexts({arguments});\n"


def add_static_path(app: Sphinx, config: Config) -> None:
    """Put the package's ``static`` folder on ``html_static_path`` (``config-inited``).

    Done before the environment compares the configuration with the last build's (unlike
    ``builder-inited``), so incremental builds do not report a changed ``html_static_path``.
    Only HTML builders read the value; the EPUB builders are told to leave the files out.
    """
    static = str(STATIC_DIR)
    if config.neuroterms_tooltips and static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]
    # EPUB pages never link them (references are notes there): keep them out of the book.
    assets = [f"_static/{name}" for name in (JS_FILE, CSS_FILE)]
    excluded = list(getattr(config, "epub_exclude_files", None) or [])
    if config.neuroterms_tooltips and any(asset not in excluded for asset in assets):
        config.epub_exclude_files = [*excluded, *(a for a in assets if a not in excluded)]


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


#: The ``id`` of the page's JSON data block; the script finds its data by this id.
PAYLOAD_ID = "nterm-tooltips"


# Characters that are harmless in JSON but not inside an HTML <script> element (or in a
# pre-ES2019 JavaScript string), written as JSON escapes instead.
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_json(value: Any) -> str:
    """``value`` as compact JSON that is safe as the content of a ``<script>`` data block.

    >>> script_json(["</script><!--", "a & b"])
    '["\\\\u003c/script\\\\u003e\\\\u003c!--","a \\\\u0026 b"]'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # A test and a replace per character: a tenth of what ``str.translate`` takes (it looks
    # every character up), and this runs for every term of every page's data block.
    for character, escape in _SCRIPT_ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return text


def payload_member(key: str, name: str, text: str) -> str:
    """One ``"key":["name","text"]`` member of the payload (built once per term and process)."""
    return f"{script_json(key)}:{script_json([name, text])}"


def texts_record(key: str, name: str, text: str) -> str:
    """One ``["key","name","text"]`` record of a tooltip texts file (:func:`texts_files`)."""
    return script_json([key, name, text])


def payload_script(terms: Iterable[str], std: Iterable[str] = ()) -> str:
    """The page's data block from members made by :func:`payload_member`.

    The shape is ``{"terms": {key: [name, text]}, "std": {key: [name, text]}}``; ``std`` is
    left out when the page has no Sphinx ``:term:`` links with tooltips.
    """
    body = '{"terms":{' + ",".join(terms) + "}"
    std_members = ",".join(std)
    if std_members:
        body += ',"std":{' + std_members + "}"
    return f'<script type="application/json" id="{PAYLOAD_ID}">{body}}}</script>\n'


def write_tooltip_texts(app: Sphinx, exception: Exception | None) -> None:
    """Write every term's tooltip text once per project, not into every page that shows it
    (``build-finished``, HTML builders that give pages the script).

    A page then carries only its links' ``data-nterm`` keys; when a reader first points at
    or focuses a link, the script loads the one small file holding that key (a ``<script>``
    element, so it works from ``file://`` too, and the browser caches it for every page).
    Rewritten whole when the plan changed (:mod:`~sphinx_neuroterms.output.written_files`):
    the files are small, and a removed term leaves nothing.
    """
    builder = app.builder
    if exception is not None or not rich_tooltips(builder):
        return
    folder = Path(app.outdir, *TEXTS_DIR)
    if not project_in_use(app.env):  # none now: an earlier build's files go
        shutil.rmtree(folder, ignore_errors=True)
        return
    # Not at the top: the static path is added at start-up in every project, with terms or not.
    from sphinx_neuroterms.domain.resolve import resolver  # noqa: PLC0415
    from sphinx_neuroterms.output.written_files import note_written, still_current  # noqa: PLC0415

    written_name = "/".join(TEXTS_DIR)
    if still_current(app, written_name):
        return
    state = get_domain(app.env).state
    names = resolver(builder, state)
    records: dict[str, str] = {}
    for term in state.catalog:
        text = names.link_title(term)
        if text is not None:
            records[term.key] = texts_record(term.key, term.name, text)
    if folder.is_dir():
        shutil.rmtree(folder)
    if not records:
        return
    folder.mkdir(parents=True)
    written = []
    for name, content in texts_files(records).items():
        (folder / name).write_text(content, encoding="utf-8")
        written.append(folder / name)
    note_written(app, written_name, written)
