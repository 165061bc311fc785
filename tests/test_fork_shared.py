"""Data that ``-j`` readers send back by reference (``domain/fork_shared.py``)."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest

from sphinx_neuroterms.domain.fork_shared import ForkShared, unshared

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="Sphinx's -j forks"
)

HELD = ForkShared([f"{number:>1000}" for number in range(200)])


def _pickle_in_child(queue: multiprocessing.Queue[bytes]) -> None:
    queue.put(pickle.dumps(HELD, pickle.HIGHEST_PROTOCOL))


def test_a_forked_process_sends_a_token_that_the_owner_resolves() -> None:
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[bytes] = context.Queue()
    child = context.Process(target=_pickle_in_child, args=(queue,))
    child.start()
    sent = queue.get(timeout=30)
    child.join(timeout=30)
    whole = pickle.dumps(HELD, pickle.HIGHEST_PROTOCOL)
    assert len(sent) < 200
    assert len(whole) > 100_000
    assert pickle.loads(sent) is HELD


def test_the_owner_pickles_the_value_whole() -> None:
    copy = pickle.loads(pickle.dumps(HELD))
    assert copy is not HELD and unshared(copy) == unshared(HELD)
    # Loaded in another build, the copy is owned there: it pickles whole again.
    assert unshared(pickle.loads(pickle.dumps(copy))) == HELD.value


def test_initial_data_is_not_held() -> None:
    assert unshared([]) == [] and unshared(None) is None
