"""A folder of term files that cannot be read is reported, not skipped (issue 22, item 8).

Tests run as root, who reads any folder whatever its mode, so the unreadable folder is made
by refusing to list it (``os.scandir`` raises ``PermissionError`` for it, as it does for a
folder of mode 000 and any other user).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from sphinx_util import build_project, write_project

from sphinx_neuroterms.cli import main
from sphinx_neuroterms.loaders.sources import resolve_sources
from sphinx_neuroterms.terms.diagnostics import WarningSubtype
from sphinx_neuroterms.terms.model import Location

CONF = (
    'project = "Unreadable"\n'
    'extensions = ["sphinx_neuroterms"]\n'
    "show_warning_types = True\n"
    'neuroterms_sources = ["terms"]\n'
)
FILES = {
    "conf.py": CONF,
    "terms/readable.yaml": "terms:\n- term: Dopamine\n  definition: A messenger.\n",
    "terms/private/hidden.yaml": "terms:\n- term: Serotonin\n  definition: Another one.\n",
    "index.rst": "Home\n====\n\n:nterm:`Dopamine`\n\n.. nterm-glossary::\n",
}


def refuse_to_list(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make listing ``folder`` fail as it does without read permission."""
    real_scandir = os.scandir
    refused = folder.resolve()

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path).resolve() == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("spec", ["terms", "terms/**/*.yaml"])
def test_an_unreadable_folder_is_reported_and_the_rest_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str
) -> None:
    write_project(tmp_path, FILES)
    refuse_to_list(monkeypatch, tmp_path / "terms" / "private")
    paths, diagnostics = resolve_sources([spec], tmp_path, origin=Location("conf.py", 4))
    assert [path.name for path in paths] == ["readable.yaml"]
    assert [(d.subtype, d.location) for d in diagnostics] == [
        (WarningSubtype.SOURCE_UNREADABLE, Location("conf.py", 4))
    ]
    assert f"cannot read the folder {tmp_path / 'terms' / 'private'} " in diagnostics[0].message


def test_an_unreadable_source_folder_is_reported_once_not_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(tmp_path, FILES)
    refuse_to_list(monkeypatch, tmp_path / "terms")
    paths, diagnostics = resolve_sources(["terms"], tmp_path)
    assert paths == []
    assert [d.subtype for d in diagnostics] == [WarningSubtype.SOURCE_UNREADABLE]


def test_build_warns_at_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path, FILES)
    refuse_to_list(monkeypatch, root / "terms" / "private")
    _app, warnings = build_project(root, freshenv=True)
    assert warnings == [
        (
            f"{root / 'conf.py'}:4: WARNING: term source 'terms': cannot read the folder "
            f"{root / 'terms' / 'private'} ({os.strerror(errno.EACCES)}); the term files in "
            "it are left out [neuroterms.source_unreadable]"
        )
    ]
    page = (root / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "Dopamine" in page


def test_check_reports_it_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    refuse_to_list(monkeypatch, tmp_path / "terms" / "private")
    assert main(["check", "terms"]) != 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        (
            f"neuroterms: term source 'terms': cannot read the folder "
            f"{tmp_path / 'terms' / 'private'} ({os.strerror(errno.EACCES)}); the term files "
            "in it are left out [neuroterms.source_unreadable]"
        )
    ]
    assert err == "1 term in 1 file: 1 error, 0 warnings\n"
