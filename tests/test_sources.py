"""Source specifications (files, folders, globs), decoding, and the loader registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_neuroterms import loaders
from sphinx_neuroterms.loaders import (
    LoaderOptions,
    LoadResult,
    decode_term_file,
    find_loader,
    load_file,
    register_loader,
)
from sphinx_neuroterms.loaders.sources import resolve_sources
from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype
from sphinx_neuroterms.terms.model import Location, Term


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_files_folders_and_globs_resolve_in_a_stable_order(tmp_path: Path) -> None:
    write(tmp_path / "terms" / "b.yaml")
    write(tmp_path / "terms" / "a.json")
    write(tmp_path / "terms" / "sub" / "c.toml")
    write(tmp_path / "terms" / "notes.md")  # not a term format: folders skip it
    write(tmp_path / "terms" / ".hidden" / "d.yaml")  # hidden folders are skipped
    write(tmp_path / "pages" / "x.txt")
    write(tmp_path / "pages" / "y.txt")
    write(tmp_path / "single.yaml")

    paths, diagnostics = resolve_sources(
        ["single.yaml", "terms", "pages/*.txt", "terms/b.yaml"], tmp_path
    )

    assert diagnostics == []
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "single.yaml",
        "terms/a.json",
        "terms/b.yaml",
        "terms/sub/c.toml",
        "pages/x.txt",
        "pages/y.txt",
    ]


def test_recursive_glob(tmp_path: Path) -> None:
    write(tmp_path / "g" / "one.yml")
    write(tmp_path / "g" / "deep" / "two.yml")
    paths, _ = resolve_sources(["g/**/*.yml"], tmp_path)
    assert [p.name for p in paths] == ["two.yml", "one.yml"]  # sorted by full path


@pytest.mark.parametrize("spec", ["g/**/*.yml", "g/**", "g"])
def test_symlink_loops_end(tmp_path: Path, spec: str) -> None:
    # Two links back to their own folder: a recursive glob that follows them never ends.
    write(tmp_path / "g" / "one.yml")
    write(tmp_path / "g" / "deep" / "two.yml")
    (tmp_path / "g" / "l1").symlink_to(".")
    (tmp_path / "g" / "l2").symlink_to(".")
    (tmp_path / "g" / "deep" / "up").symlink_to("..")
    paths, diagnostics = resolve_sources([spec], tmp_path)
    assert diagnostics == []
    assert sorted(p.name for p in paths) == ["one.yml", "two.yml"]


def test_linked_folders_are_followed(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "three.yaml")
    write(tmp_path / "g" / "one.yaml")
    (tmp_path / "g" / "linked").symlink_to(tmp_path / "elsewhere")
    for spec in ("g", "g/**/*.yaml"):
        paths, _ = resolve_sources([spec], tmp_path)
        assert sorted(p.name for p in paths) == ["one.yaml", "three.yaml"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("**/*.yaml", ["a.yaml", "s/b.yaml", "s/t/c.yaml"]),
        ("s/**/*.yaml", ["s/b.yaml", "s/t/c.yaml"]),
        ("**/t/*.yaml", ["s/t/c.yaml"]),
        ("**/?.yaml", ["a.yaml", "s/b.yaml", "s/t/c.yaml"]),
        ("**/[ab].yaml", ["a.yaml", "s/b.yaml"]),
        ("*.yaml", ["a.yaml"]),
    ],
)
def test_patterns_match_as_glob_does(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    for name in ("a.yaml", "s/b.yaml", "s/t/c.yaml", ".h/d.yaml", "s/.e.yaml", "s/x.txt"):
        write(tmp_path / name)
    paths, _ = resolve_sources([pattern], tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == expected


def test_sources_that_match_nothing_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    paths, diagnostics = resolve_sources(
        ["missing.yaml", "empty", "*.toml"], tmp_path, origin=Location("conf.py", 4)
    )
    assert paths == []
    assert [(d.subtype, d.location) for d in diagnostics] == [
        (WarningSubtype.SOURCE_MISSING, Location("conf.py", 4)),
    ] * 3
    messages = [d.message for d in diagnostics]
    assert messages[0].startswith("term source 'missing.yaml': no such file or folder")
    assert messages[1].startswith("term source 'empty': folder holds no term file")
    assert messages[2].startswith("term source '*.toml': pattern matches no term file")


def test_unknown_suffix_is_reported_not_raised(tmp_path: Path) -> None:
    # A spreadsheet in Excel's own format: .csv and .tsv are read, .xlsx is not.
    path = write(tmp_path / "terms.xlsx", "term,definition\n")
    result = load_file(path, display_path="terms.xlsx")
    assert result.terms == []
    assert [(d.subtype, d.location) for d in result.diagnostics] == [
        (WarningSubtype.UNSUPPORTED_FORMAT, Location("terms.xlsx", 1))
    ]
    assert "no loader for '.xlsx'" in result.diagnostics[0].message
    assert ".yaml" in result.diagnostics[0].message


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    result = load_file(tmp_path / "gone.yaml")
    assert result.terms == []
    assert result.diagnostics[0].subtype is WarningSubtype.SOURCE_MISSING
    assert "cannot read gone.yaml" in result.diagnostics[0].message


def test_decode_strips_bom_and_normalises_line_ends() -> None:
    text, diagnostics = decode_term_file("\ufeffa\r\nb\rc\n".encode(), "f.txt")
    assert (text, diagnostics) == ("a\nb\nc\n", [])


def test_decode_reports_invalid_utf8_with_offset_and_keeps_the_rest() -> None:
    data = "first line\nsecond é\n".encode() + b"third \xff\xfe line\n"
    text, diagnostics = decode_term_file(data, "f.yaml")
    assert text == "first line\nsecond é\nthird \ufffd\ufffd line\n"
    assert diagnostics == [
        Diagnostic(
            WarningSubtype.ENCODING,
            "not valid UTF-8 at byte offset 27 (invalid start byte); save the file as UTF-8 "
            "(undecodable bytes are shown as U+FFFD)",
            Location("f.yaml", 3),
        )
    ]


def test_decode_reports_and_removes_nul_bytes() -> None:
    text, diagnostics = decode_term_file(b"a\nb\x00c\n", "f.txt")
    assert text == "a\nbc\n"
    assert [(d.subtype, d.location, d.message) for d in diagnostics] == [
        (
            WarningSubtype.ENCODING,
            Location("f.txt", 2),
            "NUL byte at byte offset 3; NUL bytes are removed",
        )
    ]


def test_registered_loader_wins_and_receives_decoded_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loaders, "_registered", {})
    seen: list[tuple[str, str, LoaderOptions]] = []

    def load_lines(text: str, shown: str, options: LoaderOptions) -> LoadResult:
        seen.append((text, shown, options))
        terms = [
            Term(name, "From a line.", Location(shown, number))
            for number, name in enumerate(text.splitlines(), start=1)
        ]
        return LoadResult(terms, [])

    register_loader("lines", load_lines)
    assert find_loader("x.LINES") is load_lines
    path = write(tmp_path / "t.lines", "\ufeffGABA\r\nDopamine\r\n")
    options = LoaderOptions(markup="text")
    result = load_file(path, options, display_path="t.lines")
    assert [(t.name, t.location) for t in result.terms] == [
        ("GABA", Location("t.lines", 1)),
        ("Dopamine", Location("t.lines", 2)),
    ]
    assert seen == [("GABA\nDopamine\n", "t.lines", options)]



def test_a_folder_reached_by_a_link_first_is_still_found_by_its_own_path(tmp_path: Path) -> None:
    # terms/aaa links to terms/shared: the walk may meet it first, and must not then skip
    # terms/shared itself, which the pattern names.
    write(tmp_path / "terms" / "shared" / "one.yaml")
    (tmp_path / "terms" / "aaa").symlink_to(tmp_path / "terms" / "shared")
    paths, _ = resolve_sources(["terms/**/shared/*.yaml"], tmp_path)
    assert [p.name for p in paths] == ["one.yaml"]


def test_a_pattern_may_name_hidden_folders(tmp_path: Path) -> None:
    write(tmp_path / "terms" / ".drafts" / "d.yaml")
    write(tmp_path / "terms" / "a.yaml")
    paths, _ = resolve_sources(["terms/**/.drafts/*.yaml"], tmp_path)
    assert [p.name for p in paths] == ["d.yaml"]
    paths, _ = resolve_sources(["terms/**/*.yaml"], tmp_path)
    assert [p.name for p in paths] == ["a.yaml"]


def test_entry_points_are_asked_only_for_suffixes_without_a_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading every installed package's metadata costs milliseconds a build: a folder of
    YAML files needs none of it; a suffix no loader knows asks once, and a plug-in's format
    is found."""
    asked: list[int] = []

    def entry_points() -> dict[str, str]:
        asked.append(1)
        return {".glo": "sphinx_neuroterms.loaders.yaml_format:load_yaml"}

    monkeypatch.setattr(loaders, "_entry_points", entry_points)
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "a.yaml").write_text("- term: A\n  definition: a\n", encoding="utf-8")
    found, _ = resolve_sources(["terms"], tmp_path)
    assert [path.name for path in found] == ["a.yaml"] and asked == []
    assert loaders.find_loader("b.json") is not None and asked == []
    (tmp_path / "terms" / "c.glo").write_text("- term: C\n  definition: c\n", encoding="utf-8")
    found, _ = resolve_sources(["terms"], tmp_path)
    assert [path.name for path in found] == ["a.yaml", "c.glo"] and asked
