"""The ``neuroterms_*`` configuration: registration, validation, the accessor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_util import build_project, copy_root, entry_text

from sphinx_neuroterms.config import PREFIX, NeurotermsConfig, config_fields, get_config

if TYPE_CHECKING:
    from pathlib import Path


def test_every_field_is_documented() -> None:
    for field in config_fields():
        assert field.metadata["help"]
        assert field.metadata["rebuild"] in {"env", "html"}
    assert [field.name for field in config_fields()] == [
        "sources", "markup", "boilerplate", "tooltips", "tooltip_max_chars",
        "tooltip_std_terms", "backlinks", "autolink", "lint", "related", "page_terms", "external",
        "external_cache_limit", "latex_first_use", "translate_names", "identifier_prefixes",
        "jsonld",
    ]


def test_every_default_passes_its_check() -> None:
    """A value left at its default is not checked when a build starts: it must be valid."""
    for field in config_fields():
        default = field.default_factory() if callable(field.default_factory) else field.default
        assert field.metadata["validator"](default) is None, field.name


def test_defaults(tmp_path: Path) -> None:
    app, _warnings = build_project(copy_root("neuroterms-basic", tmp_path), freshenv=True)
    assert get_config(app) == NeurotermsConfig(sources=["terms"])
    for field in config_fields():
        assert PREFIX + field.name in app.config


def test_invalid_values_warn_and_fall_back(tmp_path: Path) -> None:
    # Reported when the configuration is read; then the build goes on, warning nothing more.
    app, warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), freshenv=True,
        confoverrides={
            "neuroterms_tooltip_max_chars": -3,
            "neuroterms_markup": "html",
            "neuroterms_boilerplate": ["(unclosed"],
        },
    )
    conf = app.confdir / "conf.py"
    assert warnings == [
        (f"{conf}:1: WARNING: invalid value for neuroterms_markup ('html'): expected 'rst', "
        "'myst' or 'text'; using the default 'rst' [neuroterms.config]"),
        (f"{conf}:1: WARNING: invalid value for neuroterms_boilerplate (['(unclosed']): invalid "
        "regular expression '(unclosed': missing ), unterminated subpattern at position 0; "
        "using the default [] [neuroterms.config]"),
        (f"{conf}:1: WARNING: invalid value for neuroterms_tooltip_max_chars (-3): expected a "
        "positive whole number; using the default 300 [neuroterms.config]"),
    ]
    config = get_config(app)
    assert (config.tooltip_max_chars, config.markup, config.boilerplate) == (300, "rst", [])


def test_one_bad_pattern_keeps_the_good_ones(tmp_path: Path) -> None:
    app, warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), freshenv=True,
        confoverrides={"neuroterms_boilerplate": ["(unclosed", "^Balance is a moving target"]},
    )
    # Reported once for the build (not once per .txt page), and the valid pattern still works.
    assert warnings == [
        (f"{app.confdir / 'conf.py'}:1: WARNING: invalid value for neuroterms_boilerplate "
        "(['(unclosed', '^Balance is a moving target']): invalid regular expression "
        "'(unclosed': missing ), unterminated subpattern at position 0; keeping "
        "['^Balance is a moving target'] [neuroterms.config]"),
    ]
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    entry = entry_text(app.outdir / "glossary.html", "nterm-neurochemical-balance")
    assert "Feedback loops adjust transmitter synthesis" in entry
    assert "Balance is a moving target" not in glossary


def test_missing_source_warns(tmp_path: Path) -> None:
    app, warnings = build_project(
        copy_root("neuroterms-basic", tmp_path), freshenv=True,
        confoverrides={"neuroterms_sources": ["terms", "missing.yaml"]},
    )
    assert warnings == [
        # Located at the line of conf.py that sets neuroterms_sources (never "conf.py::").
        (f"{app.confdir / 'conf.py'}:2: WARNING: term source 'missing.yaml': no such file or "
        f"folder (looked in {app.confdir}) [neuroterms.source_missing]"),
    ]
