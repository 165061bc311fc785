"""The real third-party documentation trees that ``test_do_no_harm.py`` builds.

Nothing of these projects is stored in this repository: each sdist is downloaded from PyPI at
test time (``pip download --no-deps --no-binary :all:``), checked against its pinned SHA-256
where one is known, and cached outside the repository (see :mod:`real_projects.build`).
Each entry notes where the material comes from and under which licence it is published.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RealProject:
    """One project whose documentation is built with and without the extension."""

    #: short id, used as the pytest parameter id and in folder names
    name: str
    #: PyPI distribution name and exact version of the sdist
    dist: str
    version: str
    #: expected SHA-256 of the sdist file; None when the version is not pinned here
    sha256: str | None
    #: folder of the documentation (the one holding ``conf.py``) inside the unpacked sdist
    docs: str
    #: where the material comes from, and its licence (as its PKG-INFO and LICENSE state)
    source: str
    licence: str
    #: modules the documentation needs besides Sphinx (its extensions and theme); a missing
    #: one fails the test, because the ``test`` extra installs them all
    requires: tuple[str, ...] = ()
    #: optional dependencies of *this* package whose absence skips the project instead
    #: (the ``-nomyst`` tox environments uninstall myst-parser)
    optional: tuple[str, ...] = ()
    #: builders compared besides ``html``
    other_builders: tuple[str, ...] = ()
    #: the project has a Sphinx ``glossary`` used with ``:term:`` (or MyST ``{term}``), so
    #: the ``neuroterms_tooltip_std_terms = True`` variant is built too
    has_std_glossary: bool = False
    #: settings applied after the project's own ``conf.py``, identical in every build of it
    #: (what needs the network is turned off; nothing else is changed)
    offline_overrides: dict[str, object] = field(default_factory=dict)


def _installed_sphinx() -> str:
    return importlib.metadata.version("sphinx")


#: sdist hashes of the Sphinx releases this suite has been run against; any other installed
#: version is still downloaded and built, only without the hash check
_SPHINX_SDIST_SHA256 = {
    "9.0.4": "594ef59d042972abbc581d8baa577404abe4e6c3b04ef61bd7fc2acbd51f3fa3",
}

#: every build of every project: intersphinx inventories would be fetched from the network
_NO_NETWORK: dict[str, object] = {"intersphinx_mapping": {}}

SPHINX = RealProject(
    name="sphinx",
    dist="sphinx",
    # the documentation of the Sphinx that is installed, so autodoc documents the same code
    version=_installed_sphinx(),
    sha256=_SPHINX_SDIST_SHA256.get(_installed_sphinx()),
    docs="doc",
    source="https://pypi.org/project/Sphinx/ (sdist; https://github.com/sphinx-doc/sphinx)",
    licence="BSD-2-Clause (LICENSE.rst in the sdist)",
    # rST, about 300 pages: a large glossary with :term: everywhere, nitpicky, autodoc,
    # custom object types, its own theme, many domains
    has_std_glossary=True,
    offline_overrides=_NO_NETWORK,
)

ATTRS = RealProject(
    name="attrs",
    dist="attrs",
    version="26.1.0",
    sha256="d03ceb89cb322a8fd706d4fb91940737b6642aa36998fe130a9bc96c985eff32",
    docs="docs",
    source="https://pypi.org/project/attrs/ (sdist; https://github.com/python-attrs/attrs)",
    licence="MIT (LICENSE in the sdist)",
    # MyST Markdown pages with a MyST {glossary}, {term} roles, MyST links of the form
    # [text](target) resolved through every domain, and default_role = "any"; furo theme,
    # sphinx-notfound-page, sphinxcontrib-towncrier (a draft changelog made offline)
    requires=("attr", "furo", "notfound", "sphinxcontrib.towncrier"),
    optional=("myst_parser",),
    has_std_glossary=True,
    offline_overrides=_NO_NETWORK,
)

PACKAGING = RealProject(
    name="packaging",
    dist="packaging",
    version="26.4",
    sha256="c4b671c41ddb9bf26e543c37723610d28fb6bf7affc4da17cf048d419d2c062a",
    docs="docs",
    source="https://pypi.org/project/packaging/ (sdist; https://github.com/pypa/packaging)",
    licence="Apache-2.0 OR BSD-2-Clause (LICENSE, LICENSE.APACHE, LICENSE.BSD in the sdist)",
    # plain rST API documentation (autodoc of the installed packaging, extlinks, furo); small,
    # so it is also the project that the text builder is compared on
    requires=("packaging", "furo"),
    other_builders=("text",),
    offline_overrides=_NO_NETWORK,
)

PROJECTS: tuple[RealProject, ...] = (SPHINX, ATTRS, PACKAGING)
