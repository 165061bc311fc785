"""A glossary project; its terms come from a tiny JSON loader registered here, so that the
Sphinx tests do not depend on the YAML/JSON/TOML loaders."""

import json

from sphinx_neuroterms.loaders import LoadResult, register_loader
from sphinx_neuroterms.model import Location, Term


def load_ntjson(text, path, options):
    terms = []
    for line, entry in enumerate(json.loads(text), start=1):
        sections = tuple(entry.pop("sections", {}).items())
        for field in ("aliases", "see_also", "notes", "tags"):
            if field in entry:
                entry[field] = tuple(entry[field])
        terms.append(Term(location=Location(path, line), sections=sections, **entry))
    return LoadResult(terms, [])


register_loader(".ntjson", load_ntjson)

extensions = ["sphinx_neuroterms"]
neuroterms_sources = ["terms.ntjson"]

# Sphinx 7.4 defaults to False (8.0+ to True): warnings name their type in every version.
show_warning_types = True
