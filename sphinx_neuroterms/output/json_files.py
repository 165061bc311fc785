"""The layout of the JSON files a build writes (``neuroterms.json``, the report).

Each top-level member on a line of its own, and each item of a top-level list or object on
one line: a term per line reads and diffs well, and every line is encoded by the ``json``
module's C encoder, which ``indent`` would turn off (its pure-Python encoder took 0.17 s for
the report of 20,000 terms; this takes 0.06 s).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_file_text(document: Mapping[str, Any]) -> str:
    """``document`` as the text of a JSON file, ending with a newline."""
    encode = _ENCODER.encode
    members = []
    for key, value in document.items():
        if isinstance(value, dict) and value:
            items = [f"    {encode(name)}: {encode(item)}" for name, item in value.items()]
            text = "{\n" + ",\n".join(items) + "\n  }"
        elif isinstance(value, list) and value:
            text = "[\n" + ",\n".join(f"    {encode(item)}" for item in value) + "\n  ]"
        else:
            text = encode(value)
        members.append(f"  {encode(key)}: {text}")
    return "{\n" + ",\n".join(members) + "\n}\n"
