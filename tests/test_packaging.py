"""What a release is made of: the metadata PyPI shows, one version, the README as a PyPI page,
and a Read the Docs configuration that builds the docs the way CI does.

Building, checking and installing the sdist and the wheel is done by CI itself (``.ci/run``,
with build, twine and a clean virtual environment); these tests keep the files those steps and
Read the Docs read consistent with each other.
"""

from __future__ import annotations

import re
import runpy
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import sphinx_neuroterms

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOCS_URL = "https://sphinx-neuroterms.readthedocs.io/en/stable/"
#: The schema's place in the HTML output: copied there by docs/_ext/neuroterms_docs.py.
SCHEMA_PATH = "schema/neuroterms.schema.json"


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ci_script() -> str:
    return (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def readthedocs() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(
        (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    )
    return config


# -- one version --------------------------------------------------------------------------------


def test_the_version_is_read_from_the_package(pyproject: dict[str, Any]) -> None:
    assert "version" in pyproject["project"]["dynamic"]
    assert "version" not in pyproject["project"]
    conf = runpy.run_path(str(DOCS / "conf.py"))
    assert conf["version"] == conf["release"] == sphinx_neuroterms.__version__


def test_the_changelog_heads_with_the_version() -> None:
    """A development version has an unreleased heading; a release, a dated one."""
    version = Version(sphinx_neuroterms.__version__)
    changelog = (DOCS / "changelog.md").read_text(encoding="utf-8")
    newest = re.search(r"^## (\S+)(.*)$", changelog, re.MULTILINE)
    assert newest is not None
    assert Version(newest.group(1)) == Version(version.base_version)
    if version.is_devrelease or version.is_prerelease:
        assert newest.group(2).strip() == "(unreleased)"
    else:
        assert re.fullmatch(r"\(\d{4}-\d{2}-\d{2}\)", newest.group(2).strip())


# -- metadata ------------------------------------------------------------------------------------


def test_license_is_an_spdx_expression_of_the_license_file(pyproject: dict[str, Any]) -> None:
    project = pyproject["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    # PEP 639: a licence expression replaces the licence classifiers.
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    # flit_core reads a licence expression from 3.11 on.
    (backend,) = (Requirement(r) for r in pyproject["build-system"]["requires"])
    assert backend.name == "flit_core"
    assert not backend.specifier.contains("3.10.1")
    assert backend.specifier.contains("3.11")


def test_classifiers_are_known_to_pypi(pyproject: dict[str, Any]) -> None:
    trove = pytest.importorskip("trove_classifiers", reason="comes with the 'test' extra")
    classifiers = pyproject["project"]["classifiers"]
    assert [c for c in classifiers if c not in trove.classifiers] == []
    assert {"Framework :: Sphinx", "Framework :: Sphinx :: Extension"} <= set(classifiers)


def test_python_classifiers_follow_requires_python(pyproject: dict[str, Any]) -> None:
    requires = SpecifierSet(pyproject["project"]["requires-python"])
    versions = [
        c.rsplit(" :: ", 1)[1]
        for c in pyproject["project"]["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert versions
    assert all(requires.contains(v) for v in versions)
    oldest = min(versions, key=Version)
    assert not requires.contains(f"3.{int(oldest.split('.')[1]) - 1}")


def test_the_oldest_sphinx_is_the_tested_one(pyproject: dict[str, Any]) -> None:
    (sphinx,) = (
        Requirement(r) for r in pyproject["project"]["dependencies"] if r.startswith("sphinx")
    )
    pins = (ROOT / "ci" / "constraints-oldest.txt").read_text(encoding="utf-8")
    oldest = re.search(r"^sphinx==(\S+)$", pins, re.MULTILINE)
    assert oldest is not None
    assert sphinx.specifier.contains(oldest.group(1))
    older = Version(oldest.group(1))
    assert not sphinx.specifier.contains(f"{older.major}.{older.minor - 1}")


def test_project_urls_are_published_docs(pyproject: dict[str, Any]) -> None:
    urls = pyproject["project"]["urls"]
    assert urls["Documentation"] == DOCS_URL
    for url in urls.values():
        assert _docs_target(url).exists()


# -- the README, which is the PyPI page ---------------------------------------------------------


def _docs_target(url: str) -> Path:
    """The source in this checkout of a published docs URL (a page, a static file, the schema)."""
    assert url.startswith(DOCS_URL), url
    path = url.removeprefix(DOCS_URL).split("#")[0]
    if path == SCHEMA_PATH:
        return ROOT / "sphinx_neuroterms" / "schema" / "neuroterms.schema.json"
    if path.startswith("_static/"):
        return DOCS / path
    page = path.removesuffix(".html") if path else "index"
    found = [DOCS / f"{page}{suffix}" for suffix in (".md", ".rst")]
    return next((p for p in found if p.exists()), found[0])


def _readme_links() -> list[str]:
    tokens = MarkdownIt("commonmark").parse((ROOT / "README.md").read_text(encoding="utf-8"))
    links = []
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                links.append(str(child.attrs["href"]))
            elif child.type == "image":
                links.append(str(child.attrs["src"]))
    return links


def test_readme_links_work_on_pypi() -> None:
    """PyPI shows the README away from the repository: a relative link or image would break."""
    links = _readme_links()
    assert any(link.endswith(".png") for link in links)
    relative = [link for link in links if not re.match(r"https?://", link)]
    assert relative == []
    published = [link for link in links if link.startswith(DOCS_URL)]
    assert [link for link in published if not _docs_target(link).exists()] == []


def test_readme_offers_pypi_first_and_keeps_its_two_commands() -> None:
    """The README's first two commands (docs, tests) work from a checkout; users get PyPI."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|console)\n(.*?)```", readme, re.DOTALL)
    commands = [line for line in blocks[0].splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    docs, tests = commands
    assert 'pip install -e ".[docs]"' in docs
    assert docs.endswith("-b html docs docs/_build/html")
    assert 'pip install -e ".[test]"' in tests
    assert tests.endswith("python -m pytest")
    assert blocks[1].splitlines()[0].startswith("$ pip install sphinx-neuroterms ")


# -- Read the Docs ------------------------------------------------------------------------------


def _ci_docs_install(ci_script: str) -> str:
    """The extra CI installs just before it builds the docs."""
    before = ci_script[: ci_script.index("python -m sphinx")]
    extras = re.findall(r'pip install [^\n]*"\.\[(\w+)\]"', before)
    return extras[-1]


def test_readthedocs_installs_what_ci_builds_the_docs_with(
    readthedocs: dict[str, Any], ci_script: str, pyproject: dict[str, Any]
) -> None:
    assert readthedocs["version"] == 2
    (install,) = readthedocs["python"]["install"]
    assert install["method"] == "pip"
    assert install["path"] == "."
    extra = _ci_docs_install(ci_script)
    assert install["extra_requirements"] == [extra]
    assert extra in pyproject["project"]["optional-dependencies"]


def test_readthedocs_builds_the_docs_ci_builds(readthedocs: dict[str, Any], ci_script: str) -> None:
    sphinx = readthedocs["sphinx"]
    conf = Path(sphinx["configuration"])
    assert (ROOT / conf).is_file()
    built = set(re.findall(r"python -m sphinx [^\n]*-b (\w+)[^\n]* (\S+) \S+\n", ci_script))
    assert built == {("html", conf.parent.as_posix()), ("latex", "docs"), ("epub", "docs")}
    assert sphinx.get("builder", "html") == "html"
    assert sphinx["fail_on_warning"] is True  # CI builds with -W
    assert set(readthedocs["formats"]) == {"pdf", "epub"}


def test_readthedocs_installs_the_system_packages_of_ci_pdf(
    readthedocs: dict[str, Any], ci_script: str
) -> None:
    installs = [
        shlex.split(command.replace("\\\n", " "))
        for command in re.findall(r"apt-get install ((?:\\\n|[^\n])*)", ci_script)
    ]
    (latex,) = [words for words in installs if "latexmk" in words]
    packages = {word for word in latex if not word.startswith(("-", ">", "/"))}
    # What CI installs only to check its outputs (reading the PDF back, checking the EPUB).
    packages -= {"poppler-utils", "epubcheck"}
    assert packages <= set(readthedocs["build"]["apt_packages"])
    assert Version(readthedocs["build"]["tools"]["python"]) >= Version("3.11")
