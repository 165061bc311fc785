"""Reading and editing a project's ``conf.py`` without running it, for ``neuroterms migrate``.

Values are read only where ``conf.py`` writes them as literals at module level. An edit is
made only where it is certain to take effect: the one assignment of ``extensions`` to a list
(appending to it later is fine; assigning it again, a star import, or building it in a
condition are not), and ``neuroterms_sources`` likewise. Otherwise :func:`plan_conf_edit`
says what to add by hand.
"""

from __future__ import annotations

import ast
import fnmatch
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


def plan_conf_edit(text: str, sources: list[str], *, editable: bool = True) -> ConfEdit:
    """Add the extension to ``extensions`` and the term files ``sources`` (relative to
    ``conf.py``) to ``neuroterms_sources``.

    What ``conf.py`` has already (a term file, or a folder or pattern that holds it) is left
    alone, so a second run changes nothing. If anything cannot be added safely (or
    ``editable`` is false: ``conf.py`` is a link to a file elsewhere), nothing is edited, since
    half an edit would leave a ``conf.py`` that is neither the old one nor the new, and
    :attr:`ConfEdit.by_hand` holds the lines to append instead.
    """
    edit = ConfEdit(text)
    quote = _quote_of(text)
    configured = literal_setting(text, "neuroterms_sources")
    missing = [source for source in sources if not _covered(source, configured)]
    try:
        module = ast.parse(text)
    except SyntaxError:
        module = None
    present = module is not None and _has_item(module, "extensions", EXTENSION)
    by_hand = [] if present else [f"extensions = [*extensions, {quote}{EXTENSION}{quote}]"]
    if missing:
        items = ", ".join(f"{quote}{source}{quote}" for source in missing)
        assigned = module is None or _assigned(module, "neuroterms_sources")
        by_hand.append(
            f"neuroterms_sources = [*neuroterms_sources, {items}]"
            if assigned
            else f"neuroterms_sources = [{items}]"
        )
    if module is None or not editable:
        edit.by_hand = by_hand
        return edit
    lines = text.splitlines(keepends=True)
    if not present:
        if _add_to_list(module, lines, "extensions", EXTENSION, quote) != "added":
            edit.by_hand = by_hand
            return edit
        edit.changes.append(f"added {EXTENSION!r} to extensions")
    if missing and not _assigned(module, "neuroterms_sources"):
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        items = ", ".join(f"{quote}{source}{quote}" for source in missing)
        lines.append(
            "\n# sphinx-neuroterms: the term files (written by 'neuroterms migrate').\n"
            f"neuroterms_sources = [{items}]\n"
        )
        edit.changes.append(f"set neuroterms_sources = [{items}]")
    else:
        for source in missing:
            # Parsed again for each: the previous insertion moved what follows it.
            current = ast.parse("".join(lines))
            if _add_to_list(current, lines, "neuroterms_sources", source, quote) != "added":
                edit.by_hand = by_hand
                edit.changes = []
                return edit
            edit.changes.append(f"added {source!r} to neuroterms_sources")
    edit.text = "".join(lines)
    return edit


def _covered(source: str, configured: Any) -> bool:
    """Whether a literal ``neuroterms_sources`` names the term file ``source`` already:
    itself, a folder that holds it, or a pattern that matches it."""
    if not isinstance(configured, (list, tuple)):
        return False
    for item in map(str, configured):
        spec = item.rstrip("/").removeprefix("./")
        if source == spec or source.startswith(spec + "/") or fnmatch.fnmatch(source, spec):
            return True
    return False


def _has_item(module: ast.Module, name: str, item: str) -> bool:
    """Whether a list or tuple assigned to ``name`` anywhere holds the string ``item``."""
    for node in ast.walk(module):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(
                isinstance(target, ast.Name) and target.id == name for target in targets
            ) and any(
                isinstance(element, ast.Constant) and element.value == item
                for element in ast.walk(node.value)
            ):
                return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == name
            and any(isinstance(arg, ast.Constant) and arg.value == item for arg in node.args)
        ):
            return True
    return False


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
