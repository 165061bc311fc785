"""sphinx-neuroterms: glossaries of terms, loaded from files, with tooltips and cross-references."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.3.0.dev0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point; the registration itself lives in :mod:`sphinx_neuroterms.extension`."""
    # Imported here so that the loaders and the command line never import Sphinx's machinery.
    # The extension module never imports this package back: the version is added here.
    from sphinx_neuroterms.extension import setup_extension  # noqa: PLC0415

    return {**setup_extension(app), "version": __version__}
