"""The ``neuroterms_*`` configuration, declared once as a dataclass.

Each field of :class:`NeurotermsConfig` carries its default, the accepted types, the rebuild
flag and its help text in ``field.metadata``; :func:`setup_config` generates the
``app.add_config_value`` calls from the fields, :func:`validate_config` checks the values on
``config-inited`` and :func:`get_config` is the one way the rest of the package reads them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sphinx.config import ENUM

from sphinx_neuroterms.config_checks import (
    compiling_patterns,
    is_bool,
    is_external,
    is_int,
    is_latex_first_use,
    is_lint_list,
    is_markup,
    is_non_negative_int,
    is_positive_int,
    is_prefix_map,
    is_regex_list,
    is_str_list,
    known_checks,
    valid_external,
    valid_prefixes,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from sphinx_neuroterms.terms.model import Location

#: Every configuration value is this prefix plus a field name.
PREFIX = "neuroterms_"

#: A validator returns an error message for a bad value, or ``None``.
Validator = Callable[[Any], "str | None"]



def _meta(
    *,
    types: Any,
    rebuild: Literal["env", "html"],
    validator: Validator,
    help: str,
    salvage: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """Field metadata that drives registration, validation and documentation.

    :param salvage: gives the valid part of an invalid value, kept instead of the default
        (or None if nothing can be kept), so that one bad item does not lose the good ones.
    """
    return {
        "types": types, "rebuild": rebuild, "validator": validator, "help": help,
        "salvage": salvage,
    }


@dataclasses.dataclass(frozen=True)
class NeurotermsConfig:
    """The extension's settings; in ``conf.py`` each field is ``neuroterms_<field>``."""

    sources: list[str] = dataclasses.field(
        default_factory=list,
        metadata=_meta(
            types=(list, tuple),
            # The term files feed the glossary placeholders, which are filled from the
            # environment, so a changed list must refresh the environment.
            rebuild="env",
            validator=is_str_list,
            help="Term files, folders (read recursively) and glob patterns, relative to conf.py.",
        ),
    )
    markup: str = dataclasses.field(
        default="rst",
        metadata=_meta(
            types=ENUM("rst", "myst", "text"),
            rebuild="env",
            validator=is_markup,
            help="The markup of YAML/JSON/TOML/CSV text: 'rst' (reStructuredText) or 'myst' "
            "(MyST Markdown), unless a file names its own with a top-level 'markup' key (a "
            "spreadsheet row with a 'markup' cell); "
            "'text' treats every source as plain text. .txt pages and .tbx termbases are always "
            "plain text.",
        ),
    )
    boilerplate: list[str] = dataclasses.field(
        default_factory=list,
        metadata=_meta(
            types=(list, tuple),
            rebuild="env",
            validator=is_regex_list,
            salvage=compiling_patterns,
            help="Extra regular expressions; matching lines of .txt glossary pages are dropped.",
        ),
    )
    tooltips: bool = dataclasses.field(
        default=True,
        metadata=_meta(
            types=(bool,),
            # Only the HTML ``title`` attribute changes: a re-write, not a re-read.
            rebuild="html",
            validator=is_bool,
            help="Give HTML term links a tooltip holding the term's definition.",
        ),
    )
    tooltip_max_chars: int = dataclasses.field(
        default=300,
        metadata=_meta(
            types=(int,),
            rebuild="html",
            validator=is_positive_int,
            help="Tooltip text is cut (at a word boundary, with an ellipsis) to this many "
            "characters.",
        ),
    )
    tooltip_std_terms: bool = dataclasses.field(
        default=False,
        metadata=_meta(
            types=(bool,),
            # The glossary entries are collected while reading, so switching it on re-reads.
            rebuild="env",
            validator=is_bool,
            help="neuroterms_tooltip_std_terms: also give Sphinx's own :term: references to "
            ".. glossary:: entries the same tooltips (name and definition), so a project gets "
            "tooltips before migrating its glossary. Off by default.",
        ),
    )
    backlinks: bool = dataclasses.field(
        default=True,
        metadata=_meta(
            types=(bool,),
            # Glossary content changes in every output format, so not just "html".
            rebuild="env",
            validator=is_bool,
            help="List, under each glossary entry, the pages that reference the term.",
        ),
    )
    autolink: bool = dataclasses.field(
        default=False,
        metadata=_meta(
            types=(bool,),
            rebuild="env",
            validator=is_bool,
            help="Link the first plain-text mention of each term (name, alias or plural) in "
            "each section, as ``nterm`` would; never in code, literals, math, titles or links. "
            "A page opts out with the field ``:neuroterms-autolink: false``, a term with "
            "``autolink: false``. Off by default.",
        ),
    )
    lint: list[str] = dataclasses.field(
        default_factory=lambda: ["avoid"],
        metadata=_meta(
            types=(list, tuple),
            rebuild="env",
            validator=is_lint_list,
            salvage=known_checks,
            help="The terminology checks a build runs: ``avoid`` (a page uses a name listed "
            "under a term's ``avoid``), ``unused`` (no page references a term), ``unlinked`` "
            "(a page mentions a term in plain text but never links it). Each finding is a "
            "located warning of its own subtype.",
        ),
    )
    related: int = dataclasses.field(
        default=5,
        metadata=_meta(
            types=(int,),
            rebuild="env",
            validator=is_non_negative_int,
            help="How many related terms each glossary entry lists, after its see-also links: "
            "the terms its text mentions, the terms whose text mentions it, and terms with "
            "the same tags, most related first. 0 lists none.",
        ),
    )
    page_terms: bool = dataclasses.field(
        default=False,
        metadata=_meta(
            types=(bool,),
            rebuild="env",
            validator=is_bool,
            help="End every page that references terms with the list of those terms and their "
            "definitions, as the ``nterm-page-terms`` directive writes it where it stands. "
            "Off by default.",
        ),
    )

    external: dict[str, tuple[str, str | None]] = dataclasses.field(
        default_factory=dict,
        metadata=_meta(
            types=(dict,),
            # References to these terms are resolved while writing; pages using them are
            # written again when a file's terms change (project/external_files.py).
            rebuild="html",
            validator=is_external,
            salvage=valid_external,
            help="Other projects' terms, shaped like ``intersphinx_mapping``: "
            "``{\"name\": (\"https://base/url/\", location)}``, where location is a path "
            "(relative to conf.py) or URL of their ``neuroterms.json``, or None for the base "
            "URL plus ``neuroterms.json``. ``:nterm:`name:term``` names a term of one project; "
            "a plain ``:nterm:`` that no local term matches looks in each, in order.",
        ),
    )
    external_cache_limit: int = dataclasses.field(
        default=5,
        metadata=_meta(
            types=(int,),
            rebuild="html",
            validator=is_int,
            help="Days a fetched ``neuroterms.json`` of ``neuroterms_external`` is kept in the "
            "environment before it is fetched again (as ``intersphinx_cache_limit``); a "
            "negative number keeps it forever. Local files are read again when they change.",
        ),
    )
    latex_first_use: str = dataclasses.field(
        default="link",
        metadata=_meta(
            types=ENUM("link", "footnote"),
            rebuild="env",
            validator=is_latex_first_use,
            help="LaTeX/PDF: ``footnote`` gives the first reference to each term in each "
            "document a footnote holding its definition (later ones are plain links); "
            "``link`` (the default) makes every reference a link.",
        ),
    )
    translate_names: bool = dataclasses.field(
        default=False,
        metadata=_meta(
            types=(bool,),
            rebuild="env",
            validator=is_bool,
            help="Translate term names and section titles too, not only definitions, "
            "section texts and notes: they become messages of neuroterms-terms.pot (see "
            "the page Translating terms). A translated name keeps the source name as an "
            "alias, so references written with it still resolve.",
        ),
    )
    identifier_prefixes: dict[str, str] = dataclasses.field(
        default_factory=dict,
        metadata=_meta(
            types=(dict,),
            # Whether an identifier is a link (and its warning) is decided on loading.
            rebuild="env",
            validator=is_prefix_map,
            salvage=valid_prefixes,
            help="Prefixes for the CURIEs of terms' ``identifiers``, over the shipped map "
            "(about 240 life-science prefixes from the Bioregistry): "
            "``{\"LAB\": \"https://lab.example/ids/{id}.html\"}`` makes ``LAB:42`` a link to "
            "``https://lab.example/ids/42.html`` (without ``{id}``, the local identifier is "
            "appended to the URL). Prefixes match whatever their case; one named "
            "here replaces the shipped one, and its local identifiers are not checked.",
        ),
    )
    jsonld: bool = dataclasses.field(
        default=True,
        metadata=_meta(
            types=(bool,),
            rebuild="html",
            validator=is_bool,
            help="Embed in every HTML page that holds an ``nterm-glossary`` a JSON-LD "
            "description of its terms: a schema.org ``DefinedTermSet`` and its ``DefinedTerm`` "
            "entries (Bioschemas profile), with each term's identifiers as ``sameAs`` links. "
            "False leaves it out.",
        ),
    )


def config_fields() -> tuple[dataclasses.Field[Any], ...]:
    """The fields of :class:`NeurotermsConfig`, in declaration order (for docs and tests)."""
    return dataclasses.fields(NeurotermsConfig)


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


def setup_config(app: Sphinx) -> None:
    """Register every ``neuroterms_*`` value and the ``config-inited`` validation."""
    for field in config_fields():
        app.add_config_value(
            PREFIX + field.name,
            _default(field),
            field.metadata["rebuild"],
            types=field.metadata["types"],
        )
    # Before Sphinx's own type check (priority 800) so that it never sees a bad value.
    app.connect("config-inited", validate_config, priority=400)


def setting_location(confdir: str | Path, name: str) -> Location:
    """Where a setting is made: ``conf.py`` and the line of its last assignment there.

    Line 1 when ``conf.py`` does not assign it (``-D``, or another extension set it).
    """
    from sphinx_neuroterms.terms.model import Location  # noqa: PLC0415 - asked for warnings

    conf_py = Path(confdir, "conf.py")
    try:
        text = conf_py.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Location(str(conf_py), 1)
    assignment = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*(?::[^=\n]*)?[+]?=", re.MULTILINE)
    line = 1
    for match in assignment.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
    return Location(str(conf_py), line)


def validate_config(app: Sphinx, config: Config) -> None:
    """Replace each invalid value by its default, with a located ``neuroterms.config`` warning.

    A value left at its default is valid: a project that sets nothing pays for no check.
    """
    for field in config_fields():
        name = PREFIX + field.name
        value = getattr(config, name)
        default = _default(field)
        if value == default and type(value) is type(default):
            continue
        problem = field.metadata["validator"](value)
        if problem is None:
            continue
        salvage = field.metadata["salvage"]
        kept = salvage(value) if salvage is not None else None
        if kept is None or kept == default:
            replacement, using = default, "using the default"
        else:
            replacement, using = kept, "keeping"
        from sphinx_neuroterms.logs import warn  # noqa: PLC0415 - only for a bad value
        from sphinx_neuroterms.terms.diagnostics import Diagnostic, WarningSubtype  # noqa: PLC0415

        warn(Diagnostic(
            WarningSubtype.CONFIG,
            f"invalid value for {name} ({value!r}): {problem}; {using} {replacement!r}",
            setting_location(app.confdir, name),
        ))
        setattr(config, name, replacement)
    global _last_read  # noqa: PLW0603 - values may have changed: read them again
    _last_read = None


#: The settings last read, with the ``Config`` they were read from (one per process and build).
_last_read: tuple[Config, NeurotermsConfig] | None = None


def get_config(env_or_app: BuildEnvironment | Sphinx) -> NeurotermsConfig:
    """The validated settings of a build, read from its ``Config`` once (it is asked per page).

    The values are read when first asked for after validation (``config-inited``), when the
    configuration is final, and kept for as long as the same ``Config`` object is in use.
    """
    global _last_read  # noqa: PLW0603 - a one-slot cache
    config = env_or_app.config
    if _last_read is not None and _last_read[0] is config:
        return _last_read[1]
    values = {field.name: getattr(config, PREFIX + field.name) for field in config_fields()}
    values["sources"] = list(values["sources"])
    values["boilerplate"] = list(values["boilerplate"])
    settings = NeurotermsConfig(**values)
    _last_read = (config, settings)
    return settings


# What each builder's output gets, decided once here: the plan after reading (which pages show
# definitions) and the writers must agree.


def rich_tooltips(builder: Builder) -> bool:
    """Whether a builder's pages get the script, the style sheet and data blocks.

    Every HTML builder does except the EPUB ones, whose readers run scripts unreliably (their
    links keep the ``title`` fallback).
    """
    return (
        builder.format == "html"
        and not builder.name.startswith("epub")
        and get_config(builder.env).tooltips
    )


def uses_epub_notes(builder: Builder) -> bool:
    """Whether term references are EPUB 3 pop-up notes (:mod:`sphinx_neuroterms.output.epub_notes`):
    in EPUB builders, with tooltips on."""
    return builder.name.startswith("epub") and get_config(builder.env).tooltips
