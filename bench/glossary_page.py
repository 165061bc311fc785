"""The glossary page's own read and write time: sphinx-neuroterms against Sphinx's glossary.

``run.py`` times whole builds; this times the one page whose cost grows with the number of
terms. Each mode's generated project (``generate.py``, the same content as ``run.py``'s) is
built serially in this process, with hooks around the glossary document:

* read: from ``source-read`` to ``doctree-read`` (parsing, directives, transforms; for
  sphinx-neuroterms, the text of every term, parsed in the page);
* write: resolving the doctree (post-transforms: for sphinx-neuroterms, building the entries
  and resolving their references) plus writing the HTML.

Run from the repository root, with the project's virtualenv Python::

    python bench/glossary_page.py --terms 2000 --pages 300 --refs 60 --repeat 3

It prints medians (min-max) over the rounds; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from generate import GLOSSARY_DOC, BenchSpec, Mode, generate

MODES: tuple[Mode, ...] = ("std", "neuroterms")


def time_glossary(src: Path, out: Path) -> dict[str, float]:
    """Build ``src`` into ``out``; return the glossary page's read and write seconds."""
    from sphinx.application import Sphinx

    times: dict[str, float] = {}

    def source_read(app: Any, docname: str, source: list[str]) -> None:
        if docname == GLOSSARY_DOC:
            times["read-start"] = time.perf_counter()

    def doctree_read(app: Any, doctree: Any) -> None:
        if app.env.docname == GLOSSARY_DOC:
            times["read"] = time.perf_counter() - times["read-start"]

    def timed(name: str, method: Any) -> Any:
        """``method`` (a bound method, or a function taking ``self`` first) timed for the
        glossary document."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            docname = next(arg for arg in args if isinstance(arg, str))
            start = time.perf_counter()
            result = method(*args, **kwargs)
            if docname == GLOSSARY_DOC:
                times[name] = times.get(name, 0.0) + time.perf_counter() - start
            return result

        return wrapper

    from sphinx.environment import BuildEnvironment

    app = Sphinx(
        str(src), str(src), str(out), str(out / ".doctrees"), "html",
        status=None, warning=sys.stderr, freshenv=True,
    )
    app.connect("source-read", source_read)
    app.connect("doctree-read", doctree_read)
    # The environment is pickled: its method is wrapped on the class, for this build only.
    resolve = BuildEnvironment.get_and_resolve_doctree
    BuildEnvironment.get_and_resolve_doctree = timed("resolve", resolve)  # type: ignore[method-assign]
    app.builder.write_doc = timed("write", app.builder.write_doc)  # type: ignore[method-assign]
    try:
        app.build(force_all=True)
    finally:
        BuildEnvironment.get_and_resolve_doctree = resolve  # type: ignore[method-assign]
    return {"read": times["read"], "write": times["resolve"] + times["write"]}


def main(argv: list[str] | None = None) -> int:
    """Generate, build and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--refs", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from sphinx.util.docutils import docutils_namespace

    results: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as work:
        for mode in MODES:
            spec = BenchSpec(
                terms=args.terms, pages=args.pages, refs=args.refs, mode=mode, sidebar=False
            )
            generate(spec, Path(work) / mode)
        for round_ in range(args.repeat):
            for mode in MODES if round_ % 2 == 0 else reversed(MODES):
                src = Path(work) / mode
                # As sphinx-build does: docutils' registries are restored after each build.
                with docutils_namespace():
                    results[mode].append(time_glossary(src, Path(work) / f"out-{mode}"))

    def cell(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"

    print(f"glossary page, {args.terms} terms / {args.pages} pages / {args.refs} refs, "
          f"{args.repeat} rounds, serial, seconds:")
    print(f"{'mode':<12} {'read':<20} {'write':<20}")
    for mode in MODES:
        runs = results[mode]
        print(f"{mode:<12} {cell([r['read'] for r in runs]):<20} "
              f"{cell([r['write'] for r in runs]):<20}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
