"""Generate a synthetic Sphinx project for the glossary build benchmark (``bench/run.py``).

The same seed gives the same terms, the same pages and the same prose in every mode; only the
glossary machinery differs:

``plain``
    the floor: every reference is its display text, unlinked; the glossary page is an ordinary
    definition list holding the same definitions and sections;
``std``
    Sphinx's own ``.. glossary::`` and ``:term:`` references;
``neuroterms``
    ``sphinx_neuroterms``: the terms in a term file (YAML when the YAML loader is installed,
    else one plain-text glossary page per term), ``:nterm:`` references and
    ``.. nterm-glossary::`` (tooltips on, the default).

Each reference is written one of three ways, in the same proportions in every mode: the
term's name, its name in lower case (case-insensitive lookup) or an explicit title
(``the receptor <Name>``). ``conf.py`` carries a tiny extension that reports the documents
Sphinx reads and the build's phases to ``bench/probe.py`` when the build runs under it.

Run from the repository root::

    python bench/generate.py --mode neuroterms --terms 2000 --pages 300 --refs 60 --out /tmp/p
    python bench/generate.py --mode std --terms 20000 --pages 1000 --refs 50 --no-sidebar \
        --glossary-parts 10 --out /tmp/large     # the glossary split by letter over 10 pages

The project's ``bench.json`` records the parameters and the one term edit that the runner's
incremental scenario makes (which file, old and new text, and the pages that reference it).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal, TypeAlias

#: The three kinds of project.
Mode = Literal["plain", "std", "neuroterms"]
MODES: tuple[Mode, ...] = ("plain", "std", "neuroterms")
#: How a reference is written: as named, lower-cased, or with an explicit title.
Form = Literal["name", "lower", "titled"]
FORMS: tuple[Form, ...] = ("name", "lower", "titled")
#: How neuroterms mode stores its terms.
TermFormat = Literal["auto", "yaml", "txt"]

#: The glossary page's docname in every mode.
GLOSSARY_DOC = "glossary"
#: The word inserted into the edited term's definition (right after its verb, so it is inside
#: the tooltip, which shows the first ``neuroterms_tooltip_max_chars`` characters).
EDIT_MARKER = "benchrevised"

WORDS = (
    "receptor",
    "synaptic",
    "cortical",
    "hormonal",
    "dopaminergic",
    "serotonergic",
    "reuptake",
    "vesicle",
    "cleft",
    "signalling",
    "precursor",
    "enzyme",
    "cofactor",
    "feedback",
    "circuit",
    "modulator",
    "inhibitory",
    "excitatory",
    "plasticity",
    "gradient",
    "membrane",
    "transporter",
    "metabolite",
    "pathway",
    "axis",
    "adrenal",
    "thyroid",
    "neuron",
    "glial",
    "dendrite",
    "release",
    "binding",
    "threshold",
    "latency",
    "cascade",
    "ligand",
    "channel",
    "potential",
    "rhythm",
    "arousal",
    "memory",
    "reward",
    "stress",
    "response",
    "tone",
)
#: Name-forming syllables; no combination spells a word the plain-text loader treats as a verb.
SYLLABLES = (
    "do",
    "pa",
    "min",
    "ser",
    "to",
    "nin",
    "gly",
    "cor",
    "ti",
    "sol",
    "ax",
    "neu",
    "ro",
    "syn",
    "vex",
    "lu",
    "ra",
    "mel",
    "ox",
    "thal",
    "hip",
    "po",
    "cam",
    "pal",
    "gan",
    "lio",
    "stri",
    "tum",
    "ven",
    "tral",
    "teg",
    "men",
    "ku",
    "bel",
    "dra",
    "fen",
)
VERBS = ("describes", "refers to", "denotes", "represents")


@dataclass(frozen=True)
class BenchSpec:
    """What to generate."""

    #: Number of terms.
    terms: int = 2000
    #: Number of content pages (besides the index and the glossary).
    pages: int = 300
    #: References per content page.
    refs: int = 60
    #: Seed of every random choice.
    seed: int = 1
    #: Which glossary machinery.
    mode: Mode = "neuroterms"
    #: Keep the default theme's sidebar (``False``: ``html_sidebars = {"**": []}``).
    sidebar: bool = True
    #: How neuroterms mode stores terms (``auto``: YAML when the YAML loader imports).
    term_format: TermFormat = "auto"
    #: Plain-text mentions of term names per content page, besides the references (for the
    #: automatic links scenario of ``run.py --autolink``).
    mentions: int = 0
    #: Pages the glossary is split over, by first letter, in every mode (``1``: one page).
    #: neuroterms: one ``nterm-glossary`` per page with ``:letters:`` and ``:part-of:``;
    #: std: one ``.. glossary::`` per page; plain: one definition list per page.
    glossary_parts: int = 1


@dataclass(frozen=True)
class Marked:
    """A sentence of inline markup and cross-references that ends about a third of the
    definitions, as real glossaries have: another term, a page, emphasis and a formula."""

    #: The name of the other term it references.
    term: str
    #: The docname of the page it links to with ``:doc:``.
    page: str
    #: The emphasised words.
    words: str
    #: The formula of ``:math:``.
    symbol: str

    def render(self, mode: Mode | Literal["text"]) -> str:
        """The sentence in a mode (the reference to the term as the mode writes references;
        ``text``: plain text, for term files read as plain text)."""
        if mode == "text":
            return (
                f" Compare {self.term}, see page {self.page}, the {self.words} form and "
                f"{self.symbol}."
            )
        reference = Reference(self.term, "name").render(mode)
        return (
            f" Compare {reference}, see :doc:`{self.page}`, the *{self.words}* form and "
            f":math:`{self.symbol}`."
        )


@dataclass(frozen=True)
class GeneratedTerm:
    """One term's text, identical in every mode."""

    #: The display name, e.g. ``Dopavexin Receptor``.
    name: str
    #: The verb that follows the name in the definition.
    verb: str
    #: The definition after the verb.
    rest: str
    #: The ``Origin`` section.
    origin: str
    #: The ``Mechanism`` section.
    mechanism: str
    #: The closing sentence of markup and cross-references, for about a third of the terms.
    marked: Marked | None = None

    def definition(self, mode: Mode | Literal["text"]) -> str:
        """The definition as written in a mode: ``Name verb rest`` and the marked sentence."""
        tail = self.marked.render(mode) if self.marked is not None else ""
        return f"{self.name} {self.verb} {self.rest}{tail}"

    def edited_definition(self, mode: Mode | Literal["text"]) -> str:
        """The definition after the benchmark's edit."""
        return self.definition(mode).replace(
            f"{self.name} {self.verb} ", f"{self.name} {self.verb} {EDIT_MARKER} ", 1
        )


@dataclass(frozen=True)
class Reference:
    """One reference in a page's prose."""

    #: The name of the term referenced.
    target: str
    #: ``name`` (as named), ``lower`` (lower-cased name) or ``titled`` (explicit title).
    form: Form

    @property
    def shown(self) -> str:
        """The text a reader sees, in every mode."""
        if self.form == "lower":
            return self.target.lower()
        if self.form == "titled":
            return "the " + self.target.split()[-1].lower()
        return self.target

    def render(self, mode: Mode) -> str:
        """The reference as reStructuredText in a mode."""
        if mode == "plain":
            return self.shown
        role = "term" if mode == "std" else "nterm"
        text = f"{self.shown} <{self.target}>" if self.form == "titled" else self.shown
        return f":{role}:`{text}`"


#: A sentence is a list of words and references.
Sentence: TypeAlias = "list[str | Reference]"


@dataclass(frozen=True)
class Content:
    """Everything the project says, before it is rendered for a mode."""

    terms: list[GeneratedTerm]
    #: Per page (in order): its title and its paragraphs of sentences.
    pages: list[tuple[str, list[list[Sentence]]]]
    #: The docnames of the pages.
    docnames: list[str]


def _sentence_words(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(WORDS) for _ in range(count)]


def _text(rng: random.Random, count: int) -> str:
    words = _sentence_words(rng, count)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def make_terms(count: int, seed: int, docnames: Sequence[str] = ()) -> list[GeneratedTerm]:
    """``count`` terms with unique, pronounceable names and seeded text; with ``docnames``,
    a third of them end with a sentence of markup linking another term and one of the pages."""
    rng = random.Random(f"{seed}-terms")
    names: set[str] = set()
    terms: list[GeneratedTerm] = []
    while len(terms) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        name = f"{stem.title()} {rng.choice(WORDS).title()}"
        if name.casefold() in names:
            continue
        names.add(name.casefold())
        terms.append(
            GeneratedTerm(
                name=name,
                verb=rng.choice(VERBS),
                rest=" ".join(_sentence_words(rng, rng.randint(20, 32))) + ".",
                origin=_text(rng, rng.randint(30, 45)),
                mechanism=_text(rng, rng.randint(35, 55)),
            )
        )
    if docnames:
        # A generator of its own: the rest of the content stays what it was without markup.
        marks = random.Random(f"{seed}-markup")
        for index, term in enumerate(terms):
            if marks.random() < 1 / 3:
                other = terms[marks.randrange(count)]
                marked = Marked(
                    term=other.name,
                    page=marks.choice(docnames),
                    words=" ".join(_sentence_words(marks, 2)),
                    symbol=f"{marks.choice('xyzk')}_{{{marks.randint(1, 9)}}}",
                )
                terms[index] = replace(term, marked=marked)
    return terms


def make_content(spec: BenchSpec) -> Content:
    """The terms and every page's prose, independent of the mode."""
    width = max(4, len(str(spec.pages)))
    docnames = [f"p{number:0{width}d}" for number in range(1, spec.pages + 1)]
    terms = make_terms(spec.terms, spec.seed, docnames)
    rng = random.Random(f"{spec.seed}-pages")
    pages: list[tuple[str, list[list[Sentence]]]] = []
    for number in range(1, spec.pages + 1):
        # Spread the references over sentences of 8-16 words, 0-2 references each.
        sentences: list[Sentence] = []
        left = spec.refs
        while left > 0 or len(sentences) < 3:
            words: Sentence = list(_sentence_words(rng, rng.randint(8, 16)))
            wanted = min(left, rng.choice((0, 1, 1, 1, 2, 2)))
            for _ in range(wanted):
                term = rng.choice(terms)
                form = rng.choices(FORMS, weights=(2, 1, 1))[0]
                words.insert(rng.randint(1, len(words)), Reference(term.name, form))
            left -= wanted
            sentences.append(words)
        _add_mentions(sentences, terms, spec.mentions, random.Random(f"{spec.seed}-{number}"))
        paragraphs = [sentences[i : i + 6] for i in range(0, len(sentences), 6)]
        pages.append((f"Page {number}: {rng.choice(WORDS)} {rng.choice(WORDS)}", paragraphs))
    return Content(terms, pages, docnames)


def _add_mentions(
    sentences: list[Sentence], terms: list[GeneratedTerm], count: int, rng: random.Random
) -> None:
    """Put ``count`` plain mentions of term names (lower-cased, as prose has them) into the
    sentences. Their own random stream: without mentions, pages are what they always were."""
    for _ in range(count):
        sentence = rng.choice(sentences)
        sentence.insert(rng.randint(1, len(sentence)), rng.choice(terms).name.lower())


def _wrap(tokens: list[str], width: int = 88) -> str:
    """Join tokens with spaces, breaking lines between tokens (never inside a reference)."""
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and len(line) + 1 + len(token) > width:
            lines.append(line)
            line = token
        else:
            line = f"{line} {token}" if line else token
    if line:
        lines.append(line)
    return "\n".join(lines)


def render_paragraph(sentences: list[Sentence], mode: Mode) -> str:
    """One paragraph as reStructuredText: capitalised sentences ending in full stops."""
    tokens: list[str] = []
    for sentence in sentences:
        for position, item in enumerate(sentence):
            token = item.render(mode) if isinstance(item, Reference) else item
            if position == 0 and not isinstance(item, Reference):
                token = token[0].upper() + token[1:]
            tokens.append(token)
        tokens[-1] += "."
    return _wrap(tokens)


def heading(title: str, char: str = "=") -> str:
    """A reST section title."""
    return f"{title}\n{char * len(title)}\n"


def render_page(title: str, paragraphs: list[list[Sentence]], mode: Mode) -> str:
    """One content page."""
    body = "\n\n".join(render_paragraph(paragraph, mode) for paragraph in paragraphs)
    return f"{heading(title)}\n{body}\n"


def render_glossary(
    terms: list[GeneratedTerm], mode: Mode, letters: str | None = None, title: str = "Glossary"
) -> str:
    """A glossary page: sorted entries with definition, ``Origin`` and ``Mechanism``.

    :param letters: for a part of a split glossary, its ``:letters:`` (``terms`` are then the
        part's terms; neuroterms mode selects them itself)
    """
    if mode == "neuroterms":
        options = f"   :letters: {letters}\n   :part-of: main\n" if letters else ""
        return heading(title) + "\n.. nterm-glossary::\n" + options
    lines = [heading(title)]
    indent = "   "
    if mode == "std":
        lines.append(".. glossary::\n")
    else:
        indent = ""
    for term in sorted(terms, key=lambda term: term.name.casefold()):
        lines.extend(
            [
                f"{indent}{term.name}",
                f"{indent}   {term.definition(mode)}",
                "",
                f"{indent}   .. rubric:: Origin",
                "",
                f"{indent}   {term.origin}",
                "",
                f"{indent}   .. rubric:: Mechanism",
                "",
                f"{indent}   {term.mechanism}",
                "",
            ]
        )
    return "\n".join(lines)


def glossary_parts(terms: list[GeneratedTerm], parts: int) -> list[tuple[str, str, list[str]]]:
    """Split the glossary by first letter into at most ``parts`` pages of similar size.

    :return: per page, its docname, its ``:letters:`` value and the names of its terms. The
        first page starts at ``#`` and ``A``, the last ends at ``Z``, so every term is in one
        page (a letter is never split: a page holds whole letters).
    """
    if parts <= 1:
        return [(GLOSSARY_DOC, "", [term.name for term in terms])]
    by_letter: dict[str, list[str]] = {}
    for term in terms:
        by_letter.setdefault(term.name[0].upper(), []).append(term.name)
    letters = sorted(by_letter)
    groups = _balanced_split([len(by_letter[letter]) for letter in letters], parts)
    groups_of_letters = [letters[start:end] for start, end in groups]
    pages = []
    last = chr(ord("A") - 1)
    for number, group in enumerate(groups_of_letters):
        # Contiguous ranges from A to Z, letters without terms included.
        first = chr(ord(last) + 1)
        last = "Z" if number == len(groups_of_letters) - 1 else group[-1]
        value = f"{first}-{last}" if first != last else first
        docname = f"{GLOSSARY_DOC}-{value.lower()}"
        if number == 0:
            value = f"#, {value}"
        names = [name for letter in group for name in by_letter[letter]]
        pages.append((docname, value, names))
    return pages


def _balanced_split(sizes: list[int], parts: int) -> list[tuple[int, int]]:
    """Cut ``sizes`` into at most ``parts`` runs whose largest sum is the smallest possible.

    :return: ``(start, end)`` slices, in order
    """
    parts = min(parts, len(sizes))
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    # best[k][i]: the smallest largest run of sizes[:i] cut into k runs; cut[k][i] where the
    # last run starts. A few dozen letters: the cubic table is instant.
    infinity = float("inf")
    best = [[infinity] * (len(sizes) + 1) for _ in range(parts + 1)]
    cut = [[0] * (len(sizes) + 1) for _ in range(parts + 1)]
    best[0][0] = 0
    for k in range(1, parts + 1):
        for i in range(1, len(sizes) + 1):
            for j in range(k - 1, i):
                value = max(best[k - 1][j], prefix[i] - prefix[j])
                if value < best[k][i]:
                    best[k][i], cut[k][i] = value, j
    runs = []
    end = len(sizes)
    for k in range(parts, 0, -1):
        start = cut[k][end]
        runs.append((start, end))
        end = start
    return runs[::-1]


#: Appended to every ``conf.py``: reports to ``bench/probe.py`` when it runs the build, and
#: does nothing otherwise.
CONF_PROBE = '''

def setup(app):
    """Report the documents read and the build's phases to bench/probe.py, if it is running."""
    import sys

    probe = sys.modules.get("bench_probe")
    if probe is None:
        return
    app.connect("env-before-read-docs", lambda app, env, docnames: probe.note_read(docnames))
    # After every other env-updated handler (neuroterms plans the project there).
    app.connect("env-updated", lambda app, env: probe.mark("env-updated"), priority=900)
    app.connect("write-started", lambda app, builder: probe.mark("write-started"))
    app.connect("build-finished", lambda app, exc: probe.mark("build-finished"))
'''


def yaml_loader_available() -> bool:
    """Whether ``sphinx_neuroterms`` can load YAML term files in this environment."""
    try:
        from sphinx_neuroterms.loaders import find_loader

        return find_loader("x.yaml") is not None
    except ImportError:
        return False


def resolve_term_format(term_format: TermFormat) -> Literal["yaml", "txt"]:
    """``auto`` becomes ``yaml`` when the YAML loader imports, else ``txt``."""
    if term_format == "auto":
        return "yaml" if yaml_loader_available() else "txt"
    return term_format


def render_conf(spec: BenchSpec, term_source: str | None) -> str:
    """``conf.py`` for a mode."""
    lines = [
        '"""Generated by bench/generate.py."""',
        "",
        'project = "Glossary benchmark"',
        'exclude_patterns = ["_build", "terms"]',
    ]
    if spec.mode == "neuroterms":
        lines += ['extensions = ["sphinx_neuroterms"]', f"neuroterms_sources = [{term_source!r}]"]
    else:
        lines.append("extensions = []")
    if not spec.sidebar:
        lines.append('html_sidebars = {"**": []}')
    return "\n".join(lines) + "\n" + CONF_PROBE


def write_term_files(terms: list[GeneratedTerm], out: Path, fmt: Literal["yaml", "txt"]) -> str:
    """Write the term file(s) of neuroterms mode; return the ``neuroterms_sources`` entry."""
    if fmt == "yaml":
        import yaml

        data = {
            "terms": [
                {
                    "term": term.name,
                    "definition": term.definition("neuroterms"),
                    "sections": {"Origin": term.origin, "Mechanism": term.mechanism},
                }
                for term in terms
            ]
        }
        text = yaml.safe_dump(data, sort_keys=False, width=1_000_000, allow_unicode=True)
        (out / "terms.yaml").write_text(text, encoding="utf-8")
        return "terms.yaml"
    folder = out / "terms"
    folder.mkdir()
    for term in terms:
        (folder / txt_filename(term)).write_text(
            f"{term.definition('text')}\nOrigin\n{term.origin}\nMechanism\n{term.mechanism}\n",
            encoding="utf-8",
        )
    return "terms"


def txt_filename(term: GeneratedTerm) -> str:
    """The plain-text page of a term."""
    return term.name.lower().replace(" ", "-") + ".txt"


def generate(spec: BenchSpec, out: Path) -> dict[str, object]:
    """Write the project for ``spec`` into ``out`` (replaced if it exists); return its manifest.

    :return: what ``bench.json`` holds: the parameters, the docnames, the term format used and
        the incremental edit (file, old text, new text, marker, referencing pages).
    """
    content = make_content(spec)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    term_format: str | None = None
    term_source: str | None = None
    if spec.mode == "neuroterms":
        term_format = resolve_term_format(spec.term_format)
        term_source = write_term_files(
            content.terms, out, "yaml" if term_format == "yaml" else "txt"
        )
    (out / "conf.py").write_text(render_conf(spec, term_source), encoding="utf-8")
    parts = glossary_parts(content.terms, spec.glossary_parts)
    glossaries = [docname for docname, _, _ in parts]
    toctree = "\n".join(f"   {name}" for name in [*content.docnames, *glossaries])
    (out / "index.rst").write_text(
        heading("Glossary benchmark")
        + "\nA synthetic project: every page references glossary terms.\n\n"
        + f".. toctree::\n   :maxdepth: 1\n\n{toctree}\n",
        encoding="utf-8",
    )
    for docname, (title, paragraphs) in zip(content.docnames, content.pages, strict=True):
        (out / f"{docname}.rst").write_text(render_page(title, paragraphs, spec.mode), "utf-8")
    by_name = {term.name: term for term in content.terms}
    for docname, letters, names in parts:
        title = f"Glossary: {letters.removeprefix('#, ')}" if letters else "Glossary"
        page = render_glossary([by_name[name] for name in names], spec.mode, letters, title)
        (out / f"{docname}.rst").write_text(page, "utf-8")
    part_of = {name: docname for docname, _, names in parts for name in names}

    # The incremental scenario edits one referenced term, chosen by the seed.
    referencing: dict[str, set[str]] = {}
    for docname, (_, paragraphs) in zip(content.docnames, content.pages, strict=True):
        for paragraph in paragraphs:
            for sentence in paragraph:
                for item in sentence:
                    if isinstance(item, Reference):
                        referencing.setdefault(item.target, set()).add(docname)
    # How the edited definition is written in its file.
    written: Mode | Literal["text"] = spec.mode if term_format != "txt" else "text"
    rng = random.Random(f"{spec.seed}-edit")
    edited = rng.choice([term for term in content.terms if term.name in referencing])
    if spec.mode == "neuroterms":
        edit_file = term_source if term_format == "yaml" else f"terms/{txt_filename(edited)}"
    else:
        edit_file = f"{part_of[edited.name]}.rst"
    manifest: dict[str, object] = {
        "spec": asdict(spec),
        "term_format": term_format,
        "docnames": content.docnames,
        # The first glossary page, and every one (a split glossary has several).
        "glossary": glossaries[0],
        "glossaries": glossaries,
        "references": sum(
            isinstance(item, Reference)
            for _, paragraphs in content.pages
            for paragraph in paragraphs
            for sentence in paragraph
            for item in sentence
        ),
        "edit": {
            "term": edited.name,
            "file": edit_file,
            "old": edited.definition(written),
            "new": edited.edited_definition(written),
            "marker": EDIT_MARKER,
            # The glossary page that shows the term.
            "glossary": part_of[edited.name],
            "pages": sorted(referencing[edited.name]),
        },
    }
    (out / "bench.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def parse_args(argv: list[str] | None = None) -> tuple[BenchSpec, Path]:
    """The command line: parameters and output folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=BenchSpec.terms, help="number of terms")
    parser.add_argument("--pages", type=int, default=BenchSpec.pages, help="content pages")
    parser.add_argument("--refs", type=int, default=BenchSpec.refs, help="references per page")
    parser.add_argument("--seed", type=int, default=BenchSpec.seed, help="random seed")
    parser.add_argument("--mode", choices=MODES, default=BenchSpec.mode)
    parser.add_argument(
        "--sidebar",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep the default theme's sidebar (--no-sidebar: html_sidebars = {'**': []})",
    )
    parser.add_argument(
        "--term-format",
        choices=("auto", "yaml", "txt"),
        default="auto",
        help="neuroterms term storage (auto: YAML if the YAML loader imports, else .txt pages)",
    )
    parser.add_argument(
        "--glossary-parts",
        type=int,
        default=BenchSpec.glossary_parts,
        help="split the glossary by first letter over this many pages (every mode)",
    )
    parser.add_argument("--out", type=Path, required=True, help="project folder (replaced)")
    args = parser.parse_args(argv)
    if args.terms < 1 or args.pages < 1 or args.refs < 0:
        parser.error("--terms and --pages must be positive, --refs not negative")
    spec = BenchSpec(
        terms=args.terms,
        pages=args.pages,
        refs=args.refs,
        seed=args.seed,
        mode=args.mode,
        sidebar=args.sidebar,
        term_format=args.term_format,
        glossary_parts=args.glossary_parts,
    )
    return spec, args.out


def main(argv: list[str] | None = None) -> int:
    """Generate one project and say what was written."""
    spec, out = parse_args(argv)
    manifest = generate(spec, out)
    print(
        f"{out}: {spec.mode}, {spec.terms} terms, {spec.pages} pages, "
        f"{manifest['references']} references, sidebar {'on' if spec.sidebar else 'off'}"
        + (f", terms as {manifest['term_format']}" if manifest["term_format"] else "")
        + f", glossary: {', '.join(manifest['glossaries'])}"  # type: ignore[arg-type]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
