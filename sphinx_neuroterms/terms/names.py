"""How a name becomes the key that every lookup goes through, and the other forms a
reference may give it (plurals, ``Name#Section``).

Apart from :mod:`~sphinx_neuroterms.terms.model` so that the ``:nterm:`` role, registered in
every project, needs nothing else to read a reference.
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def term_key(text: str) -> str:
    """Normalise a name for matching: Unicode NFC, case-folded, whitespace collapsed.

    >>> term_key("  Neurochemical\\n  IMBALANCE ")
    'neurochemical imbalance'
    """
    folded = unicodedata.normalize("NFC", text).casefold()
    # Case folding can decompose characters again (e.g. U+0130), so normalise once more.
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", folded)).strip()


def plural_variants(key: str) -> tuple[str, ...]:
    """Other forms of a normalised key under simple English plural rules, most likely first.

    Only the last word changes. A plural-looking word tries its singulars (``imbalances`` →
    ``imbalance``, ``therapies`` → ``therapy``, ``axes`` → ``axis``, ``reflexes`` → ``reflex``);
    any other word tries its plural, so a term named in the plural is found from the singular.

    >>> plural_variants("neurotransmitters")
    ('neurotransmitter',)
    >>> plural_variants("hpa axes")
    ('hpa axis', 'hpa axe', 'hpa ax')
    >>> plural_variants("therapy")
    ('therapies',)
    >>> plural_variants("hpa axis")
    ('hpa axes',)
    """
    head, _, last = key.rpartition(" ")
    forms: list[str] = []
    # -ss (stress), -is (axis, synthesis) and -us (stimulus) end singular nouns, not plurals.
    if last.endswith("s") and not last.endswith(("ss", "is", "us")) and len(last) > 2:
        if last.endswith("ies") and len(last) > 4:
            forms.append(last[:-3] + "y")
        if last.endswith("xes"):
            forms.append(last[:-3] + "xis")  # axes → axis
        forms.append(last[:-1])  # imbalances → imbalance, axes → axe
        if last.endswith(("xes", "ses", "zes", "ches", "shes")):
            forms.append(last[:-2])  # reflexes → reflex
    elif last:
        if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
            forms.append(last[:-1] + "ies")
        elif last.endswith("is"):
            forms.append(last[:-2] + "es")  # axis → axes
        elif last.endswith(("s", "x", "z", "ch", "sh")):
            forms.append(last + "es")
        else:
            forms.append(last + "s")
    prefix = f"{head} " if head else ""
    return tuple(dict.fromkeys(prefix + form for form in forms))


def split_section(text: str) -> tuple[str, str] | None:
    """``Name#Section`` as its name and section title, split at the last ``#``; ``None``
    when a side is empty (``C#``, ``#1``).

    Names may hold ``#`` (``C#``, ``F#``), section titles hardly ever do, so ``C##Origin`` is
    the ``Origin`` of ``C#``. Only a text that names no term is split: callers look the whole
    text up first.
    """
    name, hash_, section = text.rpartition("#")
    if not hash_ or not name.strip() or not section.strip():
        return None
    return name.strip(), section.strip()
