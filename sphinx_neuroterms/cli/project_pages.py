"""The pages of a Sphinx project, found without running its ``conf.py``, for
``neuroterms migrate``: the suffixes and ``exclude_patterns`` that ``conf.py`` writes as
literals (:func:`~sphinx_neuroterms.cli.conf_file.literal_setting`) choose them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sphinx_neuroterms.cli.conf_file import literal_setting

#: Folders never searched for pages: build output, version control, environments.
_SKIPPED_FOLDERS = frozenset({"_build", "node_modules", "__pycache__"})


def find_pages(root: Path, conf_text: str, terms_root: Path) -> list[Path]:
    """The reST and MyST pages of the project, sorted: the source suffixes ``conf.py`` names,
    without ``exclude_patterns``, hidden folders, build output and the term folder."""
    suffixes = source_suffixes(conf_text)
    patterns = literal_setting(conf_text, "exclude_patterns")
    excluded = exclude_matcher(
        [str(pattern) for pattern in patterns] if isinstance(patterns, list) else []
    )
    pages: list[Path] = []
    for folder, subfolders, files in os.walk(root, followlinks=False):
        here = Path(folder)
        # Pruned here, not filtered after: build output can hold thousands of files.
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in _SKIPPED_FOLDERS
            and here / name != terms_root
            and not excluded((here / name).relative_to(root).as_posix())
        )
        for name in files:
            path = here / name
            relative = path.relative_to(root).as_posix()
            # A linked page is another name of a file: read (and written) once, by its own
            # name, and never outside the folder.
            if path.suffix.lower() in suffixes and not excluded(relative) and not path.is_symlink():
                pages.append(path)
    return sorted(pages)


def source_suffixes(conf_text: str) -> set[str]:
    """The suffixes of reST and MyST pages: ``source_suffix`` when it is a literal, else
    ``.rst``; and ``.md`` with myst-parser, which adds it whatever ``source_suffix`` says."""
    suffix = literal_setting(conf_text, "source_suffix")
    if isinstance(suffix, str):
        found = {suffix}
    elif isinstance(suffix, (list, tuple, dict)):
        found = {str(item) for item in suffix}
    else:
        found = {".rst"}
    if "myst_parser" in conf_text or "myst_nb" in conf_text:
        found.add(".md")
    return {item.lower() for item in found if item.lower() in {".rst", ".rest", ".txt", ".md"}}


def exclude_matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Whether a path relative to the source folder matches one of ``exclude_patterns``, read
    as Sphinx reads them (without importing Sphinx, which the command line never loads).

    ``**`` matches across folders, ``*`` and ``?`` within one, ``[…]`` a character of a set
    (``[!…]`` none of it, never ``/``); a pattern matches the whole path, and one that starts
    with ``**/`` matches at the top too.

    >>> excluded = exclude_matcher(["_build", "**/drafts/*.rst", "notes/[!a]*.md"])
    >>> [excluded(path) for path in ("_build", "drafts/x.rst", "a/drafts/x.rst", "notes/b.md")]
    [True, True, True, True]
    >>> [excluded(path) for path in ("_build/x", "drafts/sub/x.rst", "notes/a.md")]
    [False, False, False]
    """
    given = list(patterns)
    expanded = given + [pattern[3:] for pattern in given if pattern.startswith("**/")]
    compiled = [re.compile(_pattern_regex(pattern)) for pattern in expanded]

    def matches(path: str) -> bool:
        return any(regex.fullmatch(path) for regex in compiled)

    return matches


def _pattern_regex(pattern: str) -> str:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char == "*" and pattern.startswith("*", index):
            index += 1
            parts.append(".*")
        elif char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[" and (end := _class_end(pattern, index)) is not None:
            members = pattern[index:end].replace("\\", "\\\\")
            if members.startswith("!"):
                members = "^/" + members[1:]
            elif members.startswith("^"):
                members = "\\" + members
            parts.append(f"[{members}]")
            index = end + 1
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _class_end(pattern: str, start: int) -> int | None:
    """Where the ``]`` closing a character set that opens before ``start`` is, if anywhere."""
    index = start
    if index < len(pattern) and pattern[index] == "!":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1
    end = pattern.find("]", index)
    return None if end < 0 else end

