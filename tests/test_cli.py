"""The ``neuroterms`` command: check, import and export, in-process and as a real program."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from sphinx_neuroterms import __version__
from sphinx_neuroterms.cli import main
from sphinx_neuroterms.cli.rst_glossary import load_rst_glossaries
from sphinx_neuroterms.loaders import load_file
from sphinx_neuroterms.terms.model import Location, Term

CLI_DATA = Path(__file__).parent / "data" / "cli"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_NAMES = [
    "Neurochemical Imbalance",
    "Neurotransmitter imbalance",
    "Neurochemical Balance State",
    "Neurochemical Balance",
    "Neurotransmitter Imbalance Consequence",
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A current folder holding a copy of the command-line fixtures."""
    shutil.copytree(CLI_DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _same(term: Term) -> Term:
    return replace(term, location=Location("-"))


def _load_back(path: Path) -> list[Term]:
    result = load_file(path)
    assert result.diagnostics == []
    return result.terms


# --- check -------------------------------------------------------------------------------


def test_check_good_file_prints_nothing(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "good.yaml"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "2 terms in 1 file: no problems\n"


def test_check_syntax_error_names_file_and_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "broken.yaml"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("broken.yaml:5: ")
    assert lines[0].endswith(" [neuroterms.parse]")
    assert err == "0 terms in 1 file: 1 error, 0 warnings\n"


def test_check_reports_in_file_order_with_paths_as_given(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "./good.yaml", "duplicate.yaml", "broken.yaml"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    # duplicate.yaml names a term "Synapses", an alias of good.yaml's "Synapse": the name
    # wins, and the alias is what is dropped, reported at the alias's own line.
    assert [line.split(": ", 1)[0] for line in lines] == ["./good.yaml:5", "broken.yaml:5"]
    assert "alias 'Synapses' of term 'Synapse' is the name of term 'Synapses'" in lines[0]
    assert lines[0].endswith("[neuroterms.duplicate_term]")
    assert err == "4 terms in 3 files: 2 errors, 0 warnings\n"


def test_check_folder_and_glob_paths_relative_to_cwd(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = workdir / "terms" / "more"
    nested.mkdir(parents=True)
    shutil.copy(workdir / "broken.yaml", nested / "broken.yaml")
    assert main(["check", "terms"]) == 1
    assert capsys.readouterr().out.startswith(f"{Path('terms/more/broken.yaml')}:5: ")
    assert main(["check", "terms/*/*.yaml"]) == 1
    assert capsys.readouterr().out.startswith(f"{Path('terms/more/broken.yaml')}:5: ")
    os.chdir(nested)
    assert main(["check", "../../good.yaml", "../more"]) == 1
    assert capsys.readouterr().out.startswith(f"{Path('../more/broken.yaml')}:5: ")


def test_check_reports_term_text_problems_it_can_see_without_sphinx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The build reports these too; before, `check` said "no problems" about all of them.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "text.yaml").write_text(
        "terms:\n"
        "  - term: Serotonin\n"
        "    definition: |\n"
        "      A *monoamine made by :class:`~neurolab.Cell` (a Sphinx role: not reported)\n"
        "      in |lab|.\n"
        "\n"
        "      .. include:: /etc/passwd\n"
        "    sections:\n"
        "      Table: |\n"
        "        .. csv-table::\n"
        "           :file: data.csv\n"
        "    notes:\n"
        '      - "A clean note with :doc:`a link <other>`."\n',
        encoding="utf-8",
    )
    assert main(["check", "text.yaml"]) == 0  # warnings only
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        (
            "text.yaml:4: in the text of term 'Serotonin': Inline emphasis start-string "
            "without end-string. [neuroterms.term_markup]"
        ),
        (
            "text.yaml:5: in the text of term 'Serotonin': substitution |lab| is not defined "
            "in the text (a page shows it only if the project's rst_prolog or rst_epilog "
            "defines it) [neuroterms.term_markup]"
        ),
        (
            "text.yaml:7: 'include' is refused in term text (it inserts a file); it is left out "
            "[neuroterms.term_markup]"
        ),
        (
            "text.yaml:10: 'csv-table :file:' is refused in term text (it reads a file); it is "
            "left out [neuroterms.term_markup]"
        ),
    ]


def test_check_runs_the_builds_catalog_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The build warns about both; `check` used to say "no problems".
    monkeypatch.chdir(tmp_path)
    (tmp_path / "see.yaml").write_text(
        "terms:\n"
        "  - term: Serotonin\n"
        "    definition: A monoamine.\n"
        "    see_also:\n"
        "      - Nope\n"
        "      - 5-HT\n"
        "    aliases: [5-HT]\n",
        encoding="utf-8",
    )
    assert main(["check", "see.yaml"]) == 0  # warnings only
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        (
            "see.yaml:5: see-also 'Nope' of term 'Serotonin' names no known term "
            "[neuroterms.see_also_unknown]"
        ),
        (
            "see.yaml:6: see-also '5-HT' of term 'Serotonin' names the term itself "
            "[neuroterms.see_also_self]"
        ),
    ]
    assert main(["check", "--strict", "see.yaml"]) == 1


def test_check_strict_counts_warnings(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "unknown_key.yaml"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("unknown_key.yaml:")
    assert out.rstrip().endswith("[neuroterms.unknown_key]")
    assert err == "1 term in 1 file: 0 errors, 1 warning\n"
    assert main(["check", "--strict", "unknown_key.yaml"]) == 1
    _, err = capsys.readouterr()
    assert err == "1 term in 1 file: 0 errors, 1 warning (--strict: warnings count as errors)\n"


def test_check_missing_source(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "nope.yaml", "good.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("neuroterms: term source 'nope.yaml': no such file or folder")
    assert out.rstrip().endswith("[neuroterms.source_missing]")
    assert err == "2 terms in 1 file: 1 error, 0 warnings\n"


def test_check_boilerplate_option(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = workdir / "pages" / "synaptic_cleft.txt"
    page.write_text(page.read_text(encoding="utf-8") + "Trailing Banner\n", encoding="utf-8")
    assert main(["check", "pages/synaptic_cleft.txt"]) == 0
    assert "Trailing Banner" in capsys.readouterr().out
    argv = ["check", "--boilerplate", "Synapse Weekly", "--boilerplate", "^Trailing", str(page)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "1 term in 1 file: no problems\n"


# --- import ------------------------------------------------------------------------------


#: Why the seed-page test may not run: the pages are third-party text, outside the repository.
SEEDS_MISSING = "the seed pages (third-party text, not in the repository) are not available"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=SEEDS_MISSING)
def test_import_seed_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "out.yaml"
    seeds = sorted(str(path) for path in SEEDS.glob("*.txt"))
    assert len(seeds) == 5
    assert main(["import", *seeds, "-o", str(out_file)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"wrote 5 terms to {out_file} from 5 files: no problems\n"
    text = out_file.read_text(encoding="utf-8")
    assert "cookie" not in text.lower()
    assert yaml.safe_load(text)["markup"] == "text"
    terms = _load_back(out_file)
    assert [term.name for term in terms] == SEED_NAMES
    for term in terms:
        assert [title for title, _ in term.sections] == ["Origin", "Mechanism"]
        assert all(text.strip() for _, text in term.sections)
        assert term.markup == "text"


def test_import_pages_with_boilerplate_option(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import", "pages/reuptake.txt", "pages/synaptic_cleft.txt", "-o", "out.yaml"]
    assert main([*argv, "--boilerplate", "Synapse Weekly"]) == 0
    text = (workdir / "out.yaml").read_text(encoding="utf-8")
    assert "Synapse Weekly" not in text
    terms = _load_back(workdir / "out.yaml")
    assert [term.name for term in terms] == ["Reuptake", "Synaptic Cleft"]
    assert terms[1].notes == ("Signals crossing the gap take well under a millisecond.",)
    # Without the option the banner is kept (as a note): nothing is dropped silently.
    assert main(argv) == 0
    assert "Synapse Weekly" in (workdir / "out.yaml").read_text(encoding="utf-8")
    capsys.readouterr()


def test_import_rst_glossary_round_trips(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "glossary.rst", "-o", "glossary.yaml"]) == 0
    _, err = capsys.readouterr()
    assert err == "wrote 5 terms to glossary.yaml from 1 file: no problems\n"
    expected = load_rst_glossaries(workdir / "glossary.rst").terms
    loaded = _load_back(workdir / "glossary.yaml")
    assert [_same(term) for term in loaded] == [_same(term) for term in expected]
    assert [(term.name, term.aliases) for term in loaded] == [
        ("Axon", ("Nerve fibre", "Nerve fiber")),  # classifiers stripped
        ("Dendrite", ()),  # :sorted:
        ("Vesicle", ()),
        ("Receptor", ("Receptors",)),  # nested inside a note
        ("Ion channel", ()),
    ]
    assert "\n\n" in loaded[0].definition  # the whole body, blank lines kept


def test_import_folder_and_glob_select_rst_files(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = workdir / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "index.rst").write_text("Welcome\n=======\n\nNo glossary here.\n", encoding="utf-8")
    shutil.copy(workdir / "bad_glossary.rst", docs / "sub" / "bad.rst")
    for spec in ("docs", "docs/**/*.rst"):
        assert main(["import", spec, "-o", "out.yaml"]) == 1
        _, err = capsys.readouterr()
        # Pages without a glossary are passed over; the broken one is reported where it is.
        assert err.splitlines()[0].startswith(f"{Path('docs/sub/bad.rst')}:3: ")
        assert err.splitlines()[-1] == "wrote 1 term to out.yaml from 2 files: 3 errors, 0 warnings"


def test_import_mixed_sources_as_json(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", "glossary.rst", "pages/tricky.txt", "--format", "json", "-o", "out.json"]
    assert main(argv) == 0
    capsys.readouterr()
    document = json.loads((workdir / "out.json").read_text(encoding="utf-8"))
    assert "markup" not in document  # reST wins; the plain-text page was escaped for it
    tricky = document["terms"][-1]
    assert tricky["term"] == "Yes Factor"
    assert tricky["sections"] == {
        "Origin": "no",
        "Mechanism": (
            r"null: 1.0, yes & \*not emphasis\* and \|not a substitution\| "
            "stay plain text."
        ),
    }
    loaded = _load_back(workdir / "out.json")
    assert [term.name for term in loaded][-1] == "Yes Factor"
    assert {term.markup for term in loaded} == {"rst"}


def test_import_reports_problems_but_writes_what_loaded(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "prose.rst").write_text("Only prose, no glossary.\n", encoding="utf-8")
    argv = ["import", "bad_glossary.rst", "glossary.rst", "prose.rst", "-o", "out.yaml"]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        "bad_glossary.rst:3",
        "bad_glossary.rst:7",
        "bad_glossary.rst:10",
        "prose.rst",
    ]
    assert all(line.endswith("[neuroterms.invalid_term]") for line in lines[:3])
    assert lines[3].endswith("[neuroterms.source_missing]")
    assert lines[-1] == "wrote 6 terms to out.yaml from 3 files: 4 errors, 0 warnings"
    assert len(_load_back(workdir / "out.yaml")) == 6


def test_import_duplicates_keep_the_first(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "again.rst").write_text(
        ".. glossary::\n\n   Dendrite\n      A second definition that loses.\n", encoding="utf-8"
    )
    assert main(["import", "glossary.rst", "again.rst"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(
        "again.rst:3: term name 'Dendrite' is already claimed by 'Dendrite' at glossary.rst:25"
    )
    assert "second definition" not in out
    assert [entry["term"] for entry in yaml.safe_load(out)["terms"]].count("Dendrite") == 1


def test_import_unwritable_output(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "glossary.rst", "-o", "no/such/folder/out.yaml"]) == 1
    assert capsys.readouterr().err.startswith("neuroterms: cannot write no/such/folder/out.yaml:")


# --- export ------------------------------------------------------------------------------


def test_export_defaults_to_json_on_stdout(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "good.yaml"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert [entry["term"] for entry in document["terms"]] == ["Synapse", "Neuromodulator"]
    assert document["terms"][0] == {
        "term": "Synapse",
        "definition": "The junction where one nerve cell passes a signal to another.",
        "aliases": ["Synapses"],
        "tags": ["anatomy"],
    }
    assert err == "wrote 2 terms to standard output from 1 file: no problems\n"


def test_export_yaml_file_round_trips(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "good.yaml", "--format", "yaml", "-o", "copy.yaml"]) == 0
    capsys.readouterr()
    original = _load_back(workdir / "good.yaml")
    assert [_same(t) for t in _load_back(workdir / "copy.yaml")] == [_same(t) for t in original]


def test_export_with_location(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "good.yaml", "--with-location"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["terms"][1]["location"] == {"path": "good.yaml", "line": 7}


def test_export_does_not_read_rst(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "glossary.rst"]) == 1
    _, err = capsys.readouterr()
    assert err.startswith("glossary.rst:1: no loader for '.rst'")


def test_export_of_myst_with_other_markups_is_refused_clearly(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22, item 9: one document cannot keep MyST, reST and plain-text terms apart."""
    (workdir / "notes.yaml").write_text(
        "markup: myst\nterms:\n  - term: Tract\n    definition: A *bundle*, see [atlas](a.html).\n",
        encoding="utf-8",
    )
    sources = ["good.yaml", "notes.yaml", "pages/reuptake.txt"]
    assert main(["export", *sources, "-o", "all.json"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "neuroterms: MyST terms (notes.yaml) cannot be written with reStructuredText terms "
        "(good.yaml) and plain-text terms (pages/reuptake.txt): a term file has one markup, and "
        "MyST is not converted to another; write the MyST files to a document of their own; "
        "nothing was written"
    )
    assert not (workdir / "all.json").exists()
    # Exported apart, each file keeps its terms' markup and text.
    assert main(["export", "notes.yaml", "-o", "myst.json"]) == 0
    assert main(["export", "good.yaml", "pages/reuptake.txt", "-o", "other.json"]) == 0
    (tract,) = _load_back(workdir / "myst.json")
    assert (tract.markup, tract.definition) == ("myst", "A *bundle*, see [atlas](a.html).")
    good = [_same(term) for term in _load_back(workdir / "good.yaml")]
    assert [_same(term) for term in _load_back(workdir / "other.json")][:2] == good


# --- usage -------------------------------------------------------------------------------


def test_bare_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    # As pip does: the whole help on standard output and exit 0, not a usage error.
    assert main([]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("usage: neuroterms ")
    for command in ("check", "import", "export", "schema"):
        assert f"\n    {command} " in out
    with pytest.raises(SystemExit) as excinfo:
        main(["--help"])
    assert excinfo.value.code == 0
    assert capsys.readouterr().out == out


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["frobnicate"],
        ["export", "x.yaml", "--format", "xml"],
        ["check", "--nope", "x"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(argv)
    assert excinfo.value.code == 2
    assert capsys.readouterr().err.startswith("usage: neuroterms")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--version"])
    assert excinfo.value.code == 0
    assert capsys.readouterr().out == f"neuroterms {__version__}\n"


@pytest.mark.parametrize("command", ["check", "import", "export"])
def test_subcommand_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main([command, "--help"])
    assert excinfo.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: neuroterms {command} ")
    assert "--boilerplate REGEX" in out


# --- as a program ------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], []], ids=["help", "bare"])
def test_python_m_help(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_neuroterms", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith("usage: neuroterms ")
    for command in ("check", "import", "export"):
        assert command in result.stdout


def test_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "neuroterms"
    if not script.exists():
        pytest.skip("no 'neuroterms' script beside the Python interpreter (package not installed)")
    shutil.copy(CLI_DATA / "broken.yaml", tmp_path / "that-file.yaml")
    result = subprocess.run(
        [str(script), "check", "that-file.yaml"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("that-file.yaml:5: ")
    assert result.stderr == "0 terms in 1 file: 1 error, 0 warnings\n"


def test_list_items_are_located_by_their_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Dropped items (taken aliases, empty entries) must not shift the lines of the others.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "items.yaml").write_text(
        "terms:\n"
        "  - term: A\n"
        "    aliases:\n"
        "      - X\n"
        "      - Y\n"
        "    see_also:\n"
        "      - ''\n"
        "      - Nope\n"
        "    definition: The first.\n"
        "  - {term: X, definition: The second.}\n"
        "  - {term: Y, definition: The third.}\n",
        encoding="utf-8",
    )
    main(["check", "items.yaml"])
    out, _ = capsys.readouterr()
    assert [line.split(": ", 1)[0] for line in out.splitlines()] == [
        "items.yaml:4",
        "items.yaml:5",
        "items.yaml:8",
    ]
