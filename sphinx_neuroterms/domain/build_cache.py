"""Caches of one process and one project plan, kept on the builder.

Writers under ``-j`` are separate processes, each with its own builder copy, so nothing here
is shared or sent back; ``env`` is never used for caches (it is pickled).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders import Builder

    from sphinx_neuroterms.domain.records import ProjectState

_Cached = TypeVar("_Cached")


def per_build(
    builder: Builder, name: str, state: ProjectState, make: Callable[[], _Cached]
) -> _Cached:
    """A per-process cache kept on the builder and renewed with every project state."""
    held: tuple[ProjectState, _Cached] | None = getattr(builder, name, None)
    if held is None or held[0] is not state:
        held = (state, make())
        setattr(builder, name, held)
    return held[1]
