"""Reading and editing a project's ``conf.py`` without running it, for ``neuroterms migrate``.

Values are read only where ``conf.py`` writes them as literals at module level. An edit is
made only where it is certain to take effect: the one assignment of ``extensions`` to a list
(appending to it later is fine; assigning it again, a star import, or building it in a
condition are not), and ``neuroterms_sources`` likewise. Otherwise :func:`plan_conf_edit`
says what to add by hand.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

#: The name of the extension in ``extensions``.
EXTENSION = "sphinx_neuroterms"


def literal_setting(text: str, name: str) -> Any:
    """The value of ``name = <literal>`` at the module level of ``conf.py``, or ``None``."""
    try:
        module = ast.parse(text)
    except SyntaxError:
        return None
    value = None
    for statement in module.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == name
        ):
            try:
                value = ast.literal_eval(statement.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                value = None
    return value


@dataclass
class ConfEdit:
    """What migrating does to ``conf.py``."""

    #: The new text, or the old one when nothing changes or it cannot be edited.
    text: str
    #: The lines to add by hand, when it cannot be edited safely (empty otherwise).
    by_hand: list[str] = field(default_factory=list)
    #: What was (or would be) changed, for the summary.
    changes: list[str] = field(default_factory=list)


def plan_conf_edit(text: str, terms_dir: str) -> ConfEdit:
    """Add the extension to ``extensions`` and ``terms_dir`` to ``neuroterms_sources``.

    Each is left alone when ``conf.py`` already has it, so a second run changes nothing.
    If either cannot be added safely, nothing is edited (half an edit would leave a
    ``conf.py`` that is neither the old one nor the new) and both are to add by hand.
    """
    edit = ConfEdit(text)
    quote = _quote_of(text)
    extension_line = f"extensions.append({quote}{EXTENSION}{quote})"
    sources_line = f"neuroterms_sources = [{quote}{terms_dir}{quote}]"
    try:
        module = ast.parse(text)
    except SyntaxError:
        edit.by_hand = [extension_line, sources_line]
        return edit
    lines = text.splitlines(keepends=True)
    by_hand: list[str] = []
    added = _add_to_list(module, lines, "extensions", EXTENSION, quote)
    if added == "cannot":
        by_hand.append(extension_line)
    elif added == "added":
        edit.changes.append(f"added {EXTENSION!r} to extensions")
    sources = literal_setting(text, "neuroterms_sources")
    if sources is None and not _assigned(module, "neuroterms_sources"):
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(
            f"\n# sphinx-neuroterms: the term files (written by 'neuroterms migrate').\n"
            f"{sources_line}\n"
        )
        edit.changes.append(f"set {sources_line}")
    elif not (
        isinstance(sources, (list, tuple))
        and any(str(item).rstrip("/") == terms_dir for item in sources)
    ):
        added = _add_to_list(module, lines, "neuroterms_sources", terms_dir, quote)
        if added == "cannot" and sources is None:
            by_hand.append(sources_line)
        elif added == "cannot":
            by_hand.append(f"neuroterms_sources.append({quote}{terms_dir}{quote})")
        elif added == "added":
            edit.changes.append(f"added {terms_dir!r} to neuroterms_sources")
    if by_hand:
        edit.by_hand = by_hand
        if any(change.startswith("set ") for change in edit.changes):
            edit.by_hand.append(sources_line)
        if any("extensions" in change for change in edit.changes):
            edit.by_hand.insert(0, extension_line)
        edit.changes = []
    else:
        edit.text = "".join(lines)
    return edit


def _quote_of(text: str) -> str:
    """The quote the file uses most for strings, so that added lines look like the rest."""
    return "'" if text.count("'") > text.count('"') else '"'


def _assigned(module: ast.Module, name: str) -> bool:
    """Whether ``name`` is bound anywhere in the module, or may be (a star import)."""
    for node in ast.walk(module):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            return True
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return True
    return False


def _add_to_list(module: ast.Module, lines: list[str], name: str, item: str, quote: str) -> str:
    """Insert ``item`` into the list that ``name`` is assigned once, at module level.

    :return: ``"present"``, ``"added"`` or ``"cannot"`` (no single list assignment, or the
        name is bound elsewhere too).
    """
    stores = [
        node
        for node in ast.walk(module)
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
    ]
    assignments = [
        statement
        for statement in module.body
        if isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and statement.targets[0].id == name
    ]
    if len(stores) != 1 or len(assignments) != 1:
        return "cannot"
    value = assignments[0].value
    if not isinstance(value, ast.List):
        return "cannot"
    if any(isinstance(element, ast.Constant) and element.value == item for element in value.elts):
        return "present"
    quoted = f"{quote}{item}{quote}"
    assert value.end_lineno is not None and value.end_col_offset is not None
    closing_line = value.end_lineno - 1
    closing_col = _column(lines[closing_line], value.end_col_offset) - 1  # the "]"
    if not value.elts:
        _insert(lines, closing_line, closing_col, quoted)
        return "added"
    last = value.elts[-1]
    assert last.end_lineno is not None and last.end_col_offset is not None
    last_line = last.end_lineno - 1
    last_col = _column(lines[last_line], last.end_col_offset)
    has_comma = _has_comma(lines, last_line, last_col, closing_line, closing_col)
    if closing_line > last_line and not lines[closing_line][:closing_col].strip():
        # One item per line, "]" on its own line: a new line in the same style.
        first = lines[last.lineno - 1]
        indent = first[: len(first) - len(first.lstrip())]
        if not has_comma:
            _insert(lines, last_line, last_col, ",")
        lines.insert(closing_line, f"{indent}{quoted},\n")
    else:
        _insert(lines, closing_line, closing_col, f"{' ' if has_comma else ', '}{quoted}")
    return "added"


def _column(line: str, byte_offset: int) -> int:
    """The character column of an ``ast`` column (which counts UTF-8 bytes)."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _has_comma(lines: list[str], line: int, col: int, end_line: int, end_col: int) -> bool:
    """Whether a comma follows the last item before the "]" (comments left out)."""
    if line == end_line:
        between = [lines[line][col:end_col]]
    else:
        between = [lines[line][col:], *lines[line + 1 : end_line], lines[end_line][:end_col]]
    return any("," in part.split("#", 1)[0] for part in between)


def _insert(lines: list[str], line: int, col: int, text: str) -> None:
    lines[line] = lines[line][:col] + text + lines[line][col:]
