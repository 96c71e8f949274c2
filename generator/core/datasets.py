"""Open data: a kind's records as JSON and CSV, each with a JSON Schema.

A kind declares its datasets (:class:`Dataset`); pipeline/opendata.py writes
them all and the page that lists them. The export records extend the content
models, so the published schemas come from the same definitions that validate
the content.

Each CSV is its JSON twin made flat for spreadsheets: UTF-8 with a BOM (Excel on
a Vietnamese Windows machine guesses the encoding wrong without it), CRLF line
ends (RFC 4180), a header row even when there is no record, "có"/"không" for
true/false, "; " between the items of a list, a column "a.b" for a nested
field and "a.2.b" for a field of a list's second item.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .content import Content, Entry
from .pages import Memo, Output

CSV_TRUE, CSV_FALSE = "có", "không"


@dataclasses.dataclass(frozen=True)
class Dataset:
    """One downloadable table: ``data/<name>.json``, its schema, and its CSV twin if ``csv``."""

    name: str          # the file's name: short, ASCII, stable
    title: str         # what a citizen reads on the open-data page
    description: str
    model: type[BaseModel]  # one record: the schema is made from it
    records: Callable[[Content, Memo], list[dict[str, Any]]]  # JSON-ready, shaped as ``model``
    csv: bool = True


def dump(content: Content, memo: Memo, entry: Entry[Any], extra: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The entry's model as JSON data plus the ``extra`` fields of its dataset, made once per version of its file.

    Built from already validated models, so it is dumped, not validated again
    (a test checks the output against the published schemas).
    """
    return memo.get(content, ("record", type(entry.model).__name__, entry.id), (entry,),
                    lambda: {**entry.model.model_dump(mode="json"), **extra()})


def schema(dataset: Dataset) -> dict[str, Any]:
    """The JSON Schema of one dataset: a list of its records."""
    result = TypeAdapter(list[dataset.model]).json_schema()  # type: ignore[name-defined]
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = f"{dataset.title} ({dataset.name}.json)"
    result["description"] = dataset.description
    return result


def _cell(value: Any) -> str:
    """A scalar or a list of scalars as a spreadsheet cell: no Python literal reaches it."""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return CSV_TRUE if value else CSV_FALSE
    if value is None:
        return ""
    return str(value)


def _flatten(value: Any, path: str, out: dict[str, str]) -> None:
    """``value``'s cells into ``out``, by column: "a.b" for nested fields, "a.2.b" for a list's 2nd item."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for index, item in enumerate(value, 1):
            _flatten(item, f"{path}.{index}", out)
    else:
        out[path] = _cell(value)


def _columns(rows: list[dict[str, str]], fields: list[str]) -> list[str]:
    """Every column, in the records' field order (the model's ``fields`` when there is no record).

    A list or object that is empty or null in one row is a bare column there; it is left out when
    another row has columns below it.
    """
    if not rows:
        return fields
    found = list(dict.fromkeys(column for row in rows for column in row))
    rank: dict[tuple[str, ...], int] = {}  # each path prefix, in the order it first appears
    for column in found:
        for prefix in _prefixes(tuple(column.split("."))):
            rank.setdefault(prefix, len(rank))
    parents = {".".join(prefix[:-1]) for prefix in rank if len(prefix) > 1}
    return sorted((c for c in found if c not in parents),
                  key=lambda c: [rank[prefix] for prefix in _prefixes(tuple(c.split(".")))])


def _prefixes(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [parts[:depth] for depth in range(1, len(parts) + 1)]


def _csv(dataset: Dataset, records: list[dict[str, Any]]) -> str:
    """The CSV twin of a dataset's JSON (see the module's docstring for its rules)."""
    rows = []
    for record in records:
        rows.append({})
        _flatten(record, "", rows[-1])
    columns = _columns(rows, list(dataset.model.model_fields))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return "\ufeff" + buffer.getvalue()


@functools.cache
def schema_text(dataset: Dataset) -> str:
    """The schema file of one dataset; it depends only on the models, so it is made once."""
    return json.dumps(schema(dataset), ensure_ascii=False, indent=1) + "\n"


class JsonLines(dict[int, tuple[dict[str, Any], str]]):
    """Each record's JSON line by the record it was made from (``outputs``); saved empty with a build's session,
    where the records are other objects and the lines would only make it longer to load."""

    def __reduce__(self) -> tuple[Any, ...]:
        return JsonLines, ()


def outputs(dataset: Dataset, dumped: list[dict[str, Any]], known: JsonLines) -> list[Output]:
    """data/<name>.json, its schema, and its CSV twin.

    ``known`` holds each record's JSON line from the call before, by the record
    (a dumped record is the same object while its entry is unchanged: ``dump``),
    so that an edited news item encodes one line, not 3,000 (8 MB).
    """
    name = dataset.name
    # one record per line: readable, and fast (the C encoder only runs without indent)
    lines = ",\n".join(_json_lines(dumped, known))
    found = [Output(f"data/{name}.json", f"[\n{lines}\n]\n"), Output(f"data/schema/{name}.schema.json", schema_text(dataset))]
    if dataset.csv:
        found.append(Output(f"data/{name}.csv", _csv(dataset, dumped)))
    return found


def _json_lines(dumped: list[dict[str, Any]], known: JsonLines) -> list[str]:
    """Each record's JSON line, from ``known`` where it holds that very record; ``known`` then holds these only."""
    lines, fresh = [], {}
    for record in dumped:
        hit = known.get(id(record))
        if hit is None or hit[0] is not record:
            hit = (record, json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        fresh[id(record)] = hit
        lines.append(hit[1])
    known.clear()
    known.update(fresh)
    return lines
