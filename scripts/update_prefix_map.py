"""Regenerate ``sphinx_neuroterms/data/prefix_map.json`` from the Bioregistry.

The map turns the CURIEs of a term's ``identifiers`` (``CHEBI:28790``) into URLs. It is taken
from the ``bioregistry`` package's own copy of its data (no network): its ``curies`` converter
gives each prefix's URI prefix, synonyms and local-id pattern. The Bioregistry's data is
released under CC0 1.0, so the extract can ship in the package.

Not every one of its ~2,500 prefixes is kept: every active OBO Foundry ontology (UBERON, GO,
CL, PATO…), plus the vocabularies below that life-science and neuroscience glossaries cite
(chemicals, genes, proteins, diseases, literature). A project adds others with
``neuroterms_identifier_prefixes``.

Usage (``bioregistry`` is in the ``prefixes`` extra)::

    python scripts/update_prefix_map.py          # rewrite the file
    python scripts/update_prefix_map.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "sphinx_neuroterms" / "data" / "prefix_map.json"

#: Prefixes kept besides the OBO Foundry's (Bioregistry prefixes, lower case).
EXTRA = (
    # chemicals and drugs
    "mesh",
    "pubchem.compound",
    "pubchem.substance",
    "drugbank",
    "kegg.compound",
    "cas",
    "inchikey",
    "chembl.compound",
    "chemspider",
    "hmdb",
    "lipidmaps",
    "iuphar.ligand",
    "iuphar.receptor",
    "rxnorm",
    "atc",
    "unii",
    # neuroscience
    "interlex",
    "neurolex",
    "nif.std",
    "rrid",
    "neuromorpho",
    "neurondb",
    "bams",
    # genes, proteins, pathways
    "hgnc",
    "ncbigene",
    "ensembl",
    "uniprot",
    "interpro",
    "pfam",
    "pdb",
    "reactome",
    "kegg.pathway",
    "wikipathways",
    "omim",
    "orpha",
    # clinical vocabularies
    "snomedct",
    "umls",
    "icd10",
    "icd11",
    "loinc",
    "meddra",
    # literature, people, general knowledge
    "pubmed",
    "pmc",
    "doi",
    "orcid",
    "ror",
    "wikidata",
    "isbn",
)

#: What a prefix may look like (the schema's pattern for identifiers says the same).
PREFIX_SYNTAX = re.compile(r"[A-Za-z][A-Za-z0-9._-]*\Z")


def build() -> dict[str, object]:
    """The map's data: each kept prefix's preferred spelling, URI prefix, pattern, synonyms."""
    import bioregistry  # noqa: PLC0415 - only this script needs it (the "prefixes" extra)

    converter = bioregistry.get_converter()
    registry = bioregistry.read_registry()
    kept = {
        prefix
        for prefix, resource in registry.items()
        if resource.get_obofoundry_prefix() and not bioregistry.is_deprecated(prefix)
    }
    missing = [prefix for prefix in EXTRA if prefix not in registry]
    if missing:
        raise SystemExit(f"not in the Bioregistry: {', '.join(missing)}")
    kept.update(EXTRA)
    records = sorted(
        (record for record in converter.records if record.prefix in kept),
        key=lambda record: record.prefix,
    )
    preferred_of = {
        record.prefix: bioregistry.get_preferred_prefix(record.prefix) or record.prefix
        for record in records
    }
    taken = {name.casefold() for pair in preferred_of.items() for name in pair}
    entries = []
    for record in records:
        preferred = preferred_of[record.prefix]
        pattern = record.pattern
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error:
                pattern = None
        synonyms = []
        for synonym in sorted(record.prefix_synonyms, key=str.casefold):
            key = synonym.casefold()
            # Case variants add nothing (prefixes match case-insensitively); a synonym that
            # another kept prefix has, or that is not a prefix at all, is left out.
            if key in taken or not PREFIX_SYNTAX.match(synonym):
                continue
            taken.add(key)
            synonyms.append(synonym)
        if not record.uri_prefix.startswith(("http://", "https://")):
            continue
        if record.prefix.casefold() != preferred.casefold():
            synonyms.insert(0, record.prefix)  # the Bioregistry's own name for it
        entries.append([preferred, record.uri_prefix, pattern, synonyms])
    return {
        "source": "the Bioregistry (https://bioregistry.io), bioregistry "
        + importlib.metadata.version("bioregistry"),
        "licence": "CC0 1.0",
        "generated_by": "scripts/update_prefix_map.py",
        "fields": ["prefix", "uri_prefix", "pattern", "synonyms"],
        "prefixes": entries,
    }


def render(data: dict[str, object]) -> str:
    """One prefix a line: small diffs when the registry changes."""
    head = {key: value for key, value in data.items() if key != "prefixes"}
    lines = [json.dumps(entry, ensure_ascii=False) for entry in data["prefixes"]]  # type: ignore[attr-defined]
    body = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return body + ',\n "prefixes": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args()
    text = render(build())
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if args.check:
        if current != text:
            print(f"{OUTPUT} is out of date: run scripts/update_prefix_map.py")
            return 1
        return 0
    if current != text:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
