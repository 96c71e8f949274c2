"""Every pattern of every model is told to an editor in words, with an example: never as a regular expression.

The models are walked field by field, into nested models, lists, unions and ``Annotated`` constraints, for every
kind of content and for site.yml and search.yml (their JSON Schemas would not do: a pattern behind a
``BeforeValidator``, such as the hours' HH:MM, is missing from them). A pattern added without its words in
``fields.PATTERN_FORMS`` (``fields.explain``) fails here.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

from generator.core import fields
from generator.pipeline.schemas import KINDS

EXAMPLE = re.compile(r"ví dụ «[^»]+»")


def patterns(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> Iterator[tuple[str, str]]:
    """(Model.field, pattern) of every ``pattern`` constraint in a model and the models inside it."""
    seen = set() if seen is None else seen
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        for inner, pattern in _in_type(info.annotation, info.metadata, seen):
            yield f"{model.__name__}.{name}{inner}", pattern


def _in_type(annotation: Any, metadata: list[Any], seen: set[type[BaseModel]]) -> Iterator[tuple[str, str]]:
    """("" or " › Inner.field", pattern) of one annotation with its constraints."""
    for item in metadata:
        if isinstance(item, FieldInfo):
            yield from _in_type(None, item.metadata, seen)
        elif isinstance(getattr(item, "pattern", None), str):
            yield "", item.pattern
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _in_type(inner, extra, seen)
    elif origin is not typing.Literal and origin is not None:
        for arg in typing.get_args(annotation):
            yield from _in_type(arg, [], seen)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from ((f" › {where}", p) for where, p in patterns(annotation, seen))


def undescribed(model: type[BaseModel]) -> list[tuple[str, str]]:
    """The patterns of a model that have no words with an example."""
    return [(where, p) for where, p in patterns(model) if not EXAMPLE.search(fields.PATTERN_FORMS.get(p, ""))]


def test_every_pattern_of_every_model_has_words_and_an_example():
    found = {p for model, _ in KINDS.values() for _, p in patterns(model)}
    # the walk reaches the patterns known to be there: site.yml's own fields, a nested model's field behind a
    # BeforeValidator (a hotline's hours), a list's items (site.yml's channels, news' tasks)
    assert {fields.DOMAIN_PATTERN, fields.SLUG_PATTERN, fields.HHMM_PATTERN, fields.BRANCH_PATTERN} <= found
    assert len(found) >= 6, found
    missing = {kind: bad for kind, (model, _) in KINDS.items() if (bad := undescribed(model))}
    assert not missing, f"patterns without words and an example (add them with fields.explain): {missing}"


def test_a_new_pattern_without_words_is_caught_even_deep_inside():
    """The walk finds a pattern in a list of a nested model: the test above cannot pass by missing it."""

    class Inner(BaseModel):
        code: Annotated[str, Field(pattern=r"^[A-Z]{3}-\d+$")]

    class Outer(BaseModel):
        inner: list[Inner | None]
        name: Annotated[str, Field(pattern=fields.SLUG_PATTERN)]

    assert [p for _, p in undescribed(Outer)] == [r"^[A-Z]{3}-\d+$"]
