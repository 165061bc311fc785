"""Cross-project: terms are in ``objects.inv`` and another project links to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_util import build_project, copy_root, parse_html, read_inventory

if TYPE_CHECKING:
    from pathlib import Path


def test_terms_in_objects_inv_and_other_project_links(tmp_path: Path) -> None:
    app, _warnings = build_project(copy_root("neuroterms-basic", tmp_path), freshenv=True)
    inventory = read_inventory(app.outdir / "objects.inv")
    assert inventory["nterm:term"] == {
        "Neurochemical Balance": "glossary.html#nterm-neurochemical-balance",
        "Neurochemical Imbalance": "glossary.html#nterm-neurochemical-imbalance",
    }

    other, warnings = build_project(
        copy_root("neuroterms-external", tmp_path),
        freshenv=True,
        confoverrides={
            "intersphinx_mapping": {"a": (str(app.outdir), str(app.outdir / "objects.inv"))}
        },
    )
    assert warnings == []
    links = [a.attrs["href"] for a in parse_html(other.outdir / "index.html").find("a")
             if "nterm-" in a.attrs.get("href", "")]
    base = f"{app.outdir}/glossary.html"
    assert links == [
        f"{base}#nterm-neurochemical-balance",
        f"{base}#nterm-neurochemical-imbalance",
        f"{base}#nterm-neurochemical-balance",
        f"{base}#nterm-neurochemical-imbalance",
    ]


def test_any_and_domain_role_resolve_locally(tmp_path: Path) -> None:
    root = copy_root("neuroterms-basic", tmp_path)
    (root / "page.rst").write_text(
        "A page\n======\n\n"
        ":any:`Neurochemical Balance` and :nterm:term:`neurochemical imbalance`.\n",
        encoding="utf-8",
    )
    app, _warnings = build_project(root, freshenv=True)
    links = parse_html(app.outdir / "page.html").find("a")
    hrefs = [a.attrs["href"] for a in links if "nterm-" in a.attrs.get("href", "")]
    assert hrefs == [
        "glossary.html#nterm-neurochemical-balance",
        "glossary.html#nterm-neurochemical-imbalance",
    ]
