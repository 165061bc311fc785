"""sphinx-neuroterms: glossaries of terms, loaded from files, with tooltips and cross-references."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point; the registration itself lives in :mod:`sphinx_neuroterms.extension`."""
    from sphinx_neuroterms.extension import setup_extension

    return setup_extension(app)
