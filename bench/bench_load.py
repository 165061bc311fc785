"""Loader throughput: how long loading N terms takes in each source format.

Generates the same N seeded terms as one YAML, one JSON and one TOML file and as N plain-text
glossary pages, then loads each with the package's loaders and prints the median, the
range and terms per second. Run from the repository root::

    python bench/bench_load.py               # 10,000 terms, 5 repeats
    python bench/bench_load.py --terms 200 --repeat 1   # CI smoke size

It measures; it asserts nothing about speed. It exits non-zero only if a loader loses terms or
reports problems on the generated files, so a CI smoke run catches a broken benchmark.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from sphinx_neuroterms.loaders import LoaderOptions, load_file

WORDS = (
    "receptor", "synaptic", "cortical", "hormonal", "dopaminergic", "serotonergic", "reuptake",
    "vesicle", "cleft", "signalling", "precursor", "enzyme", "cofactor", "feedback", "circuit",
    "modulator", "inhibitory", "excitatory", "plasticity", "gradient", "membrane",
    "transporter", "metabolite", "pathway", "axis", "adrenal", "thyroid",
)
VERBS = ("describes", "refers to", "is", "denotes", "represents")


def sentence(rng: random.Random, words: int) -> str:
    """A seeded pseudo-sentence, capitalised and ending in a full stop."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_terms(count: int, seed: int = 1) -> list[dict[str, object]]:
    """``count`` term mappings in the file format, the same for every format."""
    rng = random.Random(seed)
    terms: list[dict[str, object]] = []
    for index in range(count):
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {index}"
        terms.append(
            {
                "term": name,
                "definition": f"{name} {rng.choice(VERBS)} {sentence(rng, 30).lower()}",
                "aliases": [f"{name} alias"],
                "sections": {"Origin": sentence(rng, 40), "Mechanism": sentence(rng, 50)},
                "notes": [sentence(rng, 15)],
                "tags": [rng.choice(WORDS)],
            }
        )
    return terms


def write_toml(terms: list[dict[str, object]], path: Path) -> None:
    """Write ``[[terms]]`` tables (tomllib only reads; strings are JSON-escaped, valid TOML)."""
    lines: list[str] = []
    for term in terms:
        lines.append("[[terms]]")
        lines.extend(
            f"{key} = {json.dumps(term[key], ensure_ascii=False)}" for key in ("term", "definition")
        )
        for key in ("aliases", "notes", "tags"):
            values = ", ".join(json.dumps(v, ensure_ascii=False) for v in term[key])  # type: ignore[attr-defined]
            lines.append(f"{key} = [{values}]")
        lines.append("[terms.sections]")
        lines.extend(
            f"{json.dumps(title)} = {json.dumps(text, ensure_ascii=False)}"
            for title, text in term["sections"].items()  # type: ignore[attr-defined]
        )
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def write_pages(terms: list[dict[str, object]], folder: Path) -> list[Path]:
    """One plain-text glossary page per term, in the layout of the scraped seed pages."""
    folder.mkdir()
    paths = []
    for index, term in enumerate(terms):
        sections = term["sections"]
        body = "\n".join(
            [
                str(term["definition"]),
                "Origin",
                sections["Origin"],  # type: ignore[index]
                "Mechanism",
                sections["Mechanism"],  # type: ignore[index]
                *term["notes"],  # type: ignore[misc]
                "We use cookies to personalise content and to analyse our traffic.",
                "Detailed Cookie Preferences",
            ]
        )
        path = folder / f"{index:05d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def time_runs(load: Callable[[], int], repeat: int) -> tuple[list[float], int]:
    """Run ``load`` ``repeat`` times; return the wall times and the term count of the last run."""
    times: list[float] = []
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = load()
        times.append(time.perf_counter() - start)
    return times, count


def main(argv: list[str] | None = None) -> int:
    """Generate, load, print the table; return 1 if any loader lost terms or reported problems."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000, help="terms per format")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per format")
    args = parser.parse_args(argv)

    terms = make_terms(args.terms)
    failures: list[str] = []
    print(f"Loading {args.terms:,} terms per format ({args.repeat} runs each), "
          f"PyYAML C loader: {yaml.__with_libyaml__}")
    print(f"{'format':<8} {'median s':>9} {'min s':>8} {'max s':>8} {'terms/s':>10} {'MB':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {
            "yaml": folder / "terms.yaml",
            "json": folder / "terms.json",
            "toml": folder / "terms.toml",
        }
        files["yaml"].write_text(
            yaml.dump({"terms": terms}, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                      allow_unicode=True, sort_keys=False, width=10_000),
            encoding="utf-8",
        )
        files["json"].write_text(json.dumps({"terms": terms}, ensure_ascii=False), encoding="utf-8")
        write_toml(terms, files["toml"])
        pages = write_pages(terms, folder / "pages")
        options = LoaderOptions()

        def loader_for(paths: list[Path], name: str) -> Callable[[], int]:
            def load() -> int:
                loaded = 0
                for path in paths:
                    result = load_file(path, options)
                    loaded += len(result.terms)
                    if result.diagnostics:
                        failures.append(f"{name}: {result.diagnostics[0].format()}")
                return loaded
            return load

        runs = {name: [path] for name, path in files.items()}
        runs["txt"] = pages
        for name, paths in runs.items():
            size = sum(path.stat().st_size for path in paths) / 1e6
            times, count = time_runs(loader_for(paths, name), args.repeat)
            median = statistics.median(times)
            print(f"{name:<8} {median:>9.3f} {min(times):>8.3f} {max(times):>8.3f} "
                  f"{count / median:>10,.0f} {size:>6.1f}")
            if count != args.terms:
                failures.append(f"{name}: loaded {count} of {args.terms} terms")
    for failure in dict.fromkeys(failures):
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
