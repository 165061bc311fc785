"""The words the extension writes into pages, in the project's ``language``.

Every word a reader sees ("See also", "Referenced by", the jump bar's label, …) goes through
:func:`_`, which looks it up in the package's own message catalog
(``locale/<language>/LC_MESSAGES/sphinx_neuroterms.mo``), the way Sphinx translates its own
words (``sphinx.locale.get_translation``). Warnings stay in English.

``extension.setup_extension`` loads the catalog of the project's language
(``app.add_message_catalog``); English, and a language without a catalog, keep the words as
written. Call ``_()`` where a word is written, not at import time: before the catalog is
loaded it returns a lazy proxy, which Sphinx translates only when it becomes a string. The
catalogs are made by ``scripts/update_translations.py`` (see ``docs/architecture.md``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: The name of the ``.pot``, ``.po`` and ``.mo`` files.
CATALOG = "sphinx_neuroterms"

#: ``<language>/LC_MESSAGES/sphinx_neuroterms.{po,mo}`` and ``sphinx_neuroterms.pot``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: Translate a word the extension writes into the output.
_ = get_translation(CATALOG)
