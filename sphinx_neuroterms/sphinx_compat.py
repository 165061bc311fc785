"""What differs between the Sphinx versions the extension supports, answered once here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.transforms.post_transforms import SphinxPostTransform


def builder_of(transform: SphinxPostTransform) -> Builder:
    """The running builder (Sphinx 9 deprecates ``transform.app``; 7.4 lacks ``env._app``)."""
    app: Sphinx | None = getattr(transform.env, "_app", None)
    if app is None:
        app = transform.app
    return app.builder
