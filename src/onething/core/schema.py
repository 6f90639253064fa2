"""The API's one schema base: ninja's ``Schema``, except that a JSON ``true``/``false``
where a number is expected is refused, naming the field — pydantic's lax mode would read
``true`` as 1 (``honoree_id: true`` once issued a certificate to honoree 1). Every app's
schemas derive from this one (``from onething.core.schema import Schema``). The references
every app shares live here too, as one class each: the OpenAPI document keeps one schema
per class name, so two apps' own ``Ref`` would document each other."""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any

from ninja import Field
from ninja import Schema as NinjaSchema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

_NUMBERS = (int, float, Decimal)


def _is_number(annotation: Any) -> bool:
    if annotation in _NUMBERS:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(args) and all(_is_number(a) for a in args)
    if origin is typing.Annotated:
        return _is_number(typing.get_args(annotation)[0])
    return False


@cache
def _number_keys(model: type) -> frozenset[str]:
    keys = set()
    for name, field in model.model_fields.items():
        if _is_number(field.annotation) and field.annotation is not bool:
            keys |= {name, field.alias or name}
    return frozenset(keys)


class Schema(NinjaSchema):
    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, bool) and info.field_name in _number_keys(cls):
            raise PydanticCustomError("int_type", "A number is expected, not true or false.")
        return value


class CodeRef(Schema):
    """Something named by its code: a service item, a material type, a department, a centre."""

    code: str
    name: str


class RegionRef(Schema):
    """A region (a district, a town) by its code."""

    code: str = Field(..., description="GB/T 2260 code")
    name: str
