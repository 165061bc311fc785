"""Domain data that ``-j`` readers send back to the main process as a reference, not a copy.

Sphinx's parallel reader forks processes that read a chunk of pages each and then pickle
their *whole* environment back to the main process, which merges the records of the pages
they read. The term files' terms, their cache and the project's plan are in that
environment too, and no reader changes them: they were there before the fork. Sent back
whole, they would be pickled and unpickled once per chunk (15 chunks of 44 MB each at 20,000
terms), only to be thrown away by the merge.

A :class:`ForkShared` value pickles whole in the process that made (or loaded) it, so the
saved environment holds it, and as a token in a forked reader; the main process unpickles
the token to its own value, the same one the reader forked from.
"""

from __future__ import annotations

import itertools
import os
import weakref
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: The values this process owns, by token; a value lives as long as its holder.
_OWNED: weakref.WeakValueDictionary[int, ForkShared[Any]] = weakref.WeakValueDictionary()
_TOKENS = itertools.count()


class ForkShared(Generic[T]):
    """A value that only its owner process pickles whole (see the module's docs)."""

    __slots__ = ("__weakref__", "_owner", "_token", "value")

    def __init__(self, value: T) -> None:
        self.value = value
        self._owner = os.getpid()
        self._token = next(_TOKENS)
        _OWNED[self._token] = self

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if os.getpid() == self._owner:
            return ForkShared, (self.value,)
        return _owned, (self._owner, self._token)


def _owned(owner: int, token: int) -> ForkShared[Any]:
    """A token from a forked reader: the owner's value (``None`` inside, elsewhere)."""
    found = _OWNED.get(token) if os.getpid() == owner else None
    return found if found is not None else ForkShared(None)


def unshared(value: Any) -> Any:
    """The value held, or ``value`` itself if it is not held (initial data)."""
    return value.value if isinstance(value, ForkShared) else value
