"""The JSON Schema shipped for editors says what the loaders enforce."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sphinx_neuroterms.cli import main, term_file_schema
from sphinx_neuroterms.loaders.fields import FILE_FIELDS, MARKUP_VALUES, TERM_FIELDS


@pytest.fixture(scope="module")
def schema() -> Any:
    return json.loads(term_file_schema())


def test_schema_keys_match_the_loader(schema: Any) -> None:
    term = schema["$defs"]["term"]
    document = schema["$defs"]["termDocument"]
    assert set(term["properties"]) == {field.key for field in TERM_FIELDS}
    assert set(term["required"]) == {field.key for field in TERM_FIELDS if field.required}
    assert term["additionalProperties"] is False
    assert set(document["properties"]) == {field.key for field in FILE_FIELDS}
    assert document["properties"]["markup"]["enum"] == list(MARKUP_VALUES)


def test_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed == term_file_schema()
