"""Tooltips in the browser: terms from a tiny JSON loader registered here (so these tests do
not depend on the YAML/JSON/TOML loaders), Sphinx's own glossary for the :term: drop-in."""

import json

from sphinx_neuroterms.directives import is_safe_url
from sphinx_neuroterms.loaders import LoadResult, register_loader
from sphinx_neuroterms.model import Location, Term


def load_ntjson(text, path, options):
    terms = []
    for line, entry in enumerate(json.loads(text), start=1):
        entry = dict(entry)
        sections = tuple(entry.pop("sections", {}).items())
        for field in ("aliases", "see_also", "notes", "tags"):
            if field in entry:
                entry[field] = tuple(entry[field])
        # As the real loaders do (SPEC section 2): a source must be http(s) or relative.
        if entry.get("source") and not is_safe_url(entry["source"]):
            entry["source"] = None
        terms.append(Term(location=Location(path, line), sections=sections, **entry))
    return LoadResult(terms, [])


register_loader(".ntjson", load_ntjson)

project = "Tooltips"
extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.ntjson"]
neuroterms_tooltip_std_terms = True

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
