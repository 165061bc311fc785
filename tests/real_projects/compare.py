"""Compare two builds of one project: warnings as multisets of lines, outputs file by file."""

from __future__ import annotations

import difflib
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from real_projects.build import EXTENSION

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from real_projects.build import Build

#: written by Sphinx with a hash of the whole configuration, which the extension's settings
#: are part of: it differs by design
_IGNORED = {".buildinfo"}

#: at most this many differing files are shown in a failure message, with at most this many
#: diff lines each, each cut to this many characters
_MAX_FILES = 6
_MAX_DIFF_LINES = 16
_MAX_LINE = 240


def warning_difference(base: Build, other: Build) -> str:
    """Lines that one build printed more often than the other, in the order printed; empty
    if none."""
    before, after = Counter(base.warning_lines), Counter(other.warning_lines)
    only_other = _in_order(other.warning_lines, after - before)
    only_base = _in_order(base.warning_lines, before - after)
    parts = []
    if only_other:
        parts.append(f"only in {other.label} ({len(only_other)} lines):")
        parts.extend(f"  + {_cut(line)}" for line in _first(only_other, 60))
    if only_base:
        parts.append(f"only in {base.label} ({len(only_base)} lines):")
        parts.extend(f"  - {_cut(line)}" for line in _first(only_base, 60))
    return "\n".join(parts)


def _in_order(lines: list[str], surplus: Counter[str]) -> list[str]:
    """The lines counted in ``surplus``, in their order in ``lines`` (the last occurrences)."""
    left = Counter(surplus)
    picked = []
    for line in reversed(lines):
        if left[line] > 0:
            picked.append(line)
            left[line] -= 1
    return picked[::-1]


def output_files(outdir: Path) -> dict[str, Path]:
    """Every file a build wrote, by path relative to ``outdir`` (with ``/``)."""
    if not outdir.is_dir():
        return {}
    return {
        path.relative_to(outdir).as_posix(): path
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name not in _IGNORED
    }


def is_extension_file(relpath: str) -> bool:
    """A file that the extension itself writes (its assets and its JSON outputs)."""
    name = relpath.rsplit("/", 1)[-1]
    return name.startswith(("neuroterms", "nterm"))


def uses_std_term(page: bytes) -> bool:
    """The page holds a resolved Sphinx ``:term:`` reference (or MyST ``{term}``)."""
    return re.search(rb'class="[^"]*\bstd-term\b', page) is not None


@dataclass
class Difference:
    """One file that is not as it should be."""

    relpath: str
    problem: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.relpath}: {self.problem}"
        return f"{text}\n{self.detail}" if self.detail else text


def compare_outputs(
    base: Build,
    other: Build,
    *,
    loose: Callable[[str, bytes], bool] | None = None,
) -> tuple[list[Difference], list[str]]:
    """Compare every output file of ``base`` with ``other``'s.

    Files must be byte-identical, except: ``searchindex.js`` is compared as data without the
    extension's own ``envversion`` entry (Sphinx lists every extension's ``env_version``
    there); files for which ``loose(relpath, base_content)`` is true are compared by what a
    reader sees (text and link targets, see :func:`visible`); the other build may add files
    that the extension names as its own (:func:`is_extension_file`).

    :return: the differences, and the files that only ``other`` has and that are allowed
    """
    before, after = output_files(base.outdir), output_files(other.outdir)
    differences = []
    extra_allowed = []
    for relpath in sorted(set(after) - set(before)):
        if is_extension_file(relpath):
            extra_allowed.append(relpath)
        else:
            differences.append(Difference(relpath, f"written only by {other.label}"))
    differences.extend(
        Difference(relpath, f"missing from {other.label}")
        for relpath in sorted(set(before) - set(after))
    )
    for relpath in sorted(set(before) & set(after)):
        old, new = before[relpath].read_bytes(), after[relpath].read_bytes()
        if old == new:
            continue
        if relpath == "searchindex.js":
            if _search_index(old) != _search_index(new):
                differences.append(
                    Difference(relpath, "differs (beyond the extension's envversion entry)")
                )
            continue
        if loose is not None and relpath.endswith(".html") and loose(relpath, old):
            if visible(old) != visible(new):
                seen = _diff("\n".join(visible(old)), "\n".join(visible(new)), base, other)
                differences.append(
                    Difference(relpath, "the text or the links a reader sees differ", seen)
                )
            continue
        differences.append(Difference(relpath, "differs", _text_diff(old, new, base, other)))
    return differences, extra_allowed


def report(differences: list[Difference], base: Build, other: Build) -> str:
    """A failure message: how many files differ, and the first few in detail."""
    heading = (
        f"{len(differences)} output files of {other.label} are not as in {base.label} "
        f"({base.outdir} vs {other.outdir}):"
    )
    listed = [f"  {difference.relpath}: {difference.problem}" for difference in differences]
    shown = [difference for difference in differences if difference.detail][:_MAX_FILES]
    details = [f"\n--- {difference.relpath}\n{difference.detail}" for difference in shown]
    return "\n".join([heading, *_first(listed, 40), *details])


def _search_index(content: bytes) -> object:
    text = content.decode("utf-8")
    start, end = text.index("(") + 1, text.rindex(")")
    data = json.loads(text[start:end])
    if isinstance(data.get("envversion"), dict):
        data["envversion"].pop(EXTENSION, None)
    return data


class _Visible(HTMLParser):
    """The text of a page outside ``<script>``/``<style>``, and its link targets, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if name in {"href", "src"} and value is not None and tag not in {"script", "link"}:
                self.items.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.items.append(" ".join(data.split()))


def visible(page: bytes) -> list[str]:
    """What a reader of the page gets: its text and link targets (no scripts, styles, or
    attributes such as ``title``)."""
    parser = _Visible()
    parser.feed(page.decode("utf-8", errors="replace"))
    parser.close()
    return parser.items


def _text_diff(old: bytes, new: bytes, base: Build, other: Build) -> str:
    try:
        return _diff(old.decode("utf-8"), new.decode("utf-8"), base, other)
    except UnicodeDecodeError:
        return f"  (binary: {len(old)} bytes vs {len(new)} bytes)"


def _diff(old: str, new: str, base: Build, other: Build) -> str:
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), base.label, other.label, n=0, lineterm=""
    )
    return "\n".join(f"  {_cut(line)}" for line in _first(list(lines), _MAX_DIFF_LINES))


def _first(items: list[str], count: int) -> list[str]:
    if len(items) <= count:
        return items
    return [*items[:count], f"... and {len(items) - count} more"]


def _cut(line: str) -> str:
    return line if len(line) <= _MAX_LINE else line[: _MAX_LINE - 3] + "..."


def glossary_links(outdir: Path) -> dict[str, int]:
    """Per HTML page, its links to glossary entries (headerlinks left out).

    An entry is a ``dt`` of a ``dl.glossary`` (Sphinx's glossary and ours alike); a link
    reaches it by any id it carries (ours keep Sphinx's ``term-…`` ids beside their own).
    """
    from bs4 import BeautifulSoup

    pages = {
        page.relative_to(outdir).as_posix(): BeautifulSoup(
            page.read_text(encoding="utf-8"), "html.parser"
        )
        for page in sorted(outdir.rglob("*.html"))
    }
    entries: dict[str, set[str]] = {}
    for name, soup in pages.items():
        for dt in soup.select("dl.glossary dt"):
            for element in (dt, *dt.select("[id]")):
                if element.get("id"):
                    entries.setdefault(name, set()).add(str(element["id"]))
    counts: dict[str, int] = {}
    for name, soup in pages.items():
        count = 0
        for link in soup.find_all("a", href=True):
            if "headerlink" in (link.get("class") or []):
                continue
            path, _, fragment = str(link["href"]).partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            count += fragment in entries.get(target if path else name, ())
        counts[name] = count
    return counts


_LOCATION = re.compile(r"^.*?:(?:\d+:)? (?=(?:WARNING|ERROR|CRITICAL):)")


def warning_messages(build: Build) -> Counter[str]:
    """The build's warnings without their locations: a problem reported from a term file
    instead of the page its text came from is the same problem."""
    return Counter(_LOCATION.sub("", line) for line in build.warning_lines)


def glossary_names(outdir: Path) -> dict[str, dict[str, str]]:
    """Per HTML page, every id of every name line (``dt`` of a ``dl.glossary``) with the
    line's text as a reader sees it (the ``¶`` of its permalink left out): the names and
    anchors a glossary shows, Sphinx's and ours alike."""
    from bs4 import BeautifulSoup

    found: dict[str, dict[str, str]] = {}
    for page in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for dt in soup.select("dl.glossary dt"):
            text = " ".join(dt.get_text().replace("¶", "").split())
            for element in (dt, *dt.select("[id]")):
                if element.get("id"):
                    found.setdefault(page.relative_to(outdir).as_posix(), {})[
                        str(element["id"])
                    ] = text
    return found


def tooltips_not_shown(outdir: Path) -> list[str]:
    """Tooltips that show what their entry does not: the words of each term's text, as its
    links' tooltips and ``neuroterms.json`` give it, must be words of its glossary entry, in
    order (a tooltip may leave out code blocks and footnote marks, and is cut with "…", but
    adds nothing the page hides: a ``.. only::`` of another builder, a todo left out). One
    line per text that fails; empty when all agree."""
    import json

    from bs4 import BeautifulSoup
    from sphinx_util import tooltips_of

    soups: dict[Path, BeautifulSoup] = {}

    def entry_words(page: Path, href: str) -> list[str] | None:
        path, _, fragment = href.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not fragment or not target.is_file():
            return None
        if target not in soups:
            soups[target] = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        entry = soups[target].find(id=fragment)
        definition = None if entry is None else entry.find_next_sibling("dd")
        return None if definition is None else _WORDS.findall(definition.get_text())

    texts: dict[str, tuple[Path, str, str]] = {}  # what to check: (page, href, text)
    shared = outdir / "neuroterms.json"
    if shared.is_file():
        for term in json.loads(shared.read_text(encoding="utf-8"))["terms"]:
            if term.get("url") and term.get("definition"):
                texts[f"neuroterms.json {term['name']}"] = (
                    outdir / "index.html", term["url"], term["definition"]
                )
    for page in sorted(outdir.rglob("*.html")):
        records = tooltips_of(page)["terms"]
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.find_all("a", attrs={"data-nterm": True}):
            key = str(link["data-nterm"])
            if key in records and f"tooltip {key}" not in texts:
                texts[f"tooltip {key}"] = (page, str(link.get("href", "")), records[key][1])
    problems: list[str] = []
    for label, (page, href, text) in texts.items():
        shown = entry_words(page, href)
        words = _WORDS.findall(text.removesuffix("…"))
        if shown is not None and not _words_in_order(words[:-1], shown):  # last may be cut
            problems.append(f"{label}: {text[:120]!r}")
    return problems


_WORDS = re.compile(r"\w+")


def _words_in_order(words: list[str], shown: list[str]) -> bool:
    """Whether ``words`` are words of ``shown``, in order."""
    remaining = iter(shown)
    return all(word in remaining for word in words)

