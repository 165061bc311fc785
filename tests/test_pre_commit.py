"""The hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit on a sample repository.

``pre-commit try-repo`` installs the hook repository the way a user's configuration would: it
clones the repository at its HEAD commit and pip-installs it into a fresh environment (from the
package index, so these tests need the network). The hook repository is a temporary git
repository holding this checkout's package files, committed, so uncommitted work is what runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("git") is None, reason="pre-commit works on git repositories: no git here"
    ),
]
pytest.importorskip("pre_commit", reason="pre-commit comes with the 'test' extra")

#: What installing the package from a clone needs: flit builds the wheel from these.
PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")

GOOD = """\
terms:
  - term: Synapse
    definition: The junction where one nerve cell passes a signal to another.
"""

#: Line 5 holds a plain scalar with ": " in it: a YAML syntax error there.
BAD = """\
terms:
  - term: Glia
    definition: Support cells of the nervous system.
  - term: Myelin
    definition: An insulating sheath: it speeds conduction.
"""

#: Not a term file: outside a ``terms`` folder, the default ``files`` pattern leaves it alone.
OTHER_YAML = "not: [a, term, file\n"

PAGE = """\
Mood
====

Low levels of a happy chemical are rarely the whole story.
"""

CONF = 'extensions = ["sphinx_neuroterms"]\nneuroterms_sources = ["terms"]\n'

AVOID_TERMS = """\
terms:
  - term: Neurotransmitter
    definition: A chemical messenger that a neuron releases at a synapse.
    avoid: [happy chemical]
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _repository(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    _git(path, "init", "-q")
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "files")
    return path


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hooks")
    for name in PACKAGE_FILES:
        shutil.copy2(ROOT / name, path / name)
    shutil.copytree(
        ROOT / "sphinx_neuroterms",
        path / "sphinx_neuroterms",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    _git(path, "init", "-q")
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "the package and its hooks")
    return path


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of hook environments for the module: the package is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(hooks: Path, home: Path, sample: Path, hook: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), hook, "--all-files"],
        cwd=sample,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_manifest_is_valid() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_hook_fails_at_the_bad_file_and_line(
    hook_repository: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    sample = _repository(
        tmp_path,
        {
            "docs/terms/good.yaml": GOOD,
            "docs/terms/bad.yaml": BAD,
            "config.yaml": OTHER_YAML,
        },
    )
    result = _try_repo(hook_repository, pre_commit_home, sample, "neuroterms-check")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "docs/terms/bad.yaml:5:" in output
    assert "good.yaml:" not in output
    assert "config.yaml" not in output


def test_check_hook_passes_good_term_files(
    hook_repository: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    sample = _repository(
        tmp_path,
        {
            "docs/terms/good.yaml": GOOD,
            "docs/terms/more.json": '{"terms": [{"term": "Axon", "definition": "A fibre."}]}\n',
            "config.yaml": OTHER_YAML,
        },
    )
    result = _try_repo(hook_repository, pre_commit_home, sample, "neuroterms-check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_lint_hook_reports_a_name_to_avoid(
    hook_repository: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    files = {
        "docs/conf.py": CONF,
        "docs/index.rst": PAGE,
        "docs/terms/neuro.yaml": AVOID_TERMS,
    }
    sample = _repository(tmp_path, files)
    result = _try_repo(hook_repository, pre_commit_home, sample, "neuroterms-lint")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "index.rst:4:" in output
    assert "[neuroterms.avoid]" in output

    (sample / "docs/index.rst").write_text(PAGE.replace("a happy chemical", "serotonin"))
    _git(sample, "commit", "-q", "-a", "-m", "fixed")
    result = _try_repo(hook_repository, pre_commit_home, sample, "neuroterms-lint")
    assert result.returncode == 0, result.stdout + result.stderr
