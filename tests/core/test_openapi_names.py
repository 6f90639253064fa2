"""The OpenAPI document keeps one schema per class name (``components.schemas``): two
classes of one name overwrite each other, and an operation is then documented with another
operation's schema (the cards' and the supervision's ``BatchOut``, the cases' and the
appeals' ``EventOut`` were). Every class reachable from an operation, request or response,
nested ones included, has a name of its own; each operation's documented answer is the
class it returns."""

import typing
from functools import cache

import pytest
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel, create_model

from onething.config.api import api

REF = REF_TEMPLATE.format(model="")


def _models_in(annotation, found: set[type[BaseModel]]) -> None:
    """Every pydantic model an annotation reaches: itself, its fields', list/union/dict
    arguments, recursively."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models_in(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models_in(argument, found)


def _operations():
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if operation.include_in_schema:
                    yield operation


def _operation_id(operation) -> str:
    return operation.operation_id or api.get_openapi_operation_id(operation)


def _reachable(operation) -> set[type[BaseModel]]:
    """The classes an operation's schemas name. Ninja's own wrappers (the query, path,
    header, form and body parameters; the response's ``NinjaResponseSchema``) are inlined
    in the document, so the walk starts at their fields."""
    wrappers = [*operation.models]
    wrappers += [m for m in operation.response_models.values() if isinstance(m, type)]
    found: set[type[BaseModel]] = set()
    for wrapper in wrappers:
        for field in wrapper.model_fields.values():
            _models_in(field.annotation, found)
    return found


@cache
def _component_name(cls: type[BaseModel]) -> str:
    """The name the document gives ``cls``: where a field of that type points."""
    probe = create_model("Probe", value=(cls, ...))
    schema = probe.model_json_schema(
        ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema
    )
    return schema["properties"]["value"]["$ref"].removeprefix(REF)


def _own_schema(cls: type[BaseModel], *, by_alias: bool) -> dict:
    """``cls``'s schema as ninja documents an answer of it."""
    schema = cls.model_json_schema(
        ref_template=REF_TEMPLATE,
        by_alias=by_alias,
        schema_generator=NinjaGenerateJsonSchema,
        mode="serialization",
    )
    schema.pop("$defs", None)
    return schema


def _shared_names(classes) -> dict[str, list[str]]:
    """The component names that two distinct classes would share."""
    by_name: dict[str, set[str]] = {}
    for cls in classes:
        by_name.setdefault(_component_name(cls), set()).add(f"{cls.__module__}.{cls.__qualname__}")
    return {name: sorted(names) for name, names in by_name.items() if len(names) > 1}


def test_every_schema_class_reachable_from_an_operation_has_a_name_of_its_own():
    classes = {cls for operation in _operations() for cls in _reachable(operation)}
    names = {_component_name(cls) for cls in classes}
    assert len(names) >= 150  # the walk reaches the API's classes, responses included
    assert {"CardBatchOut", "SupervisionBatchOut", "CaseEventOut", "PagedCardBatchOut"} <= names
    assert _shared_names(classes) == {}


def test_two_classes_of_one_name_are_caught():
    """The guard itself: a nested class named like another operation's is found."""
    from onething.cases.schemas import CaseDetailOut
    from onething.core.schema import Schema

    class CaseEventOut(Schema):  # named like the cases' history row
        other: int

    class Wrapper(Schema):
        rows: list[CaseEventOut]

    classes: set[type[BaseModel]] = set()
    _models_in(Wrapper, classes)
    _models_in(CaseDetailOut, classes)
    assert _shared_names(classes) == {
        "CaseEventOut": [
            "onething.cases.schemas.CaseEventOut",
            f"{__name__}.test_two_classes_of_one_name_are_caught.<locals>.CaseEventOut",
        ]
    }


def _documented_ref(schema: dict) -> str | None:
    """The component an answer's schema names: itself, or a list's items."""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF)
    if schema.get("type") == "array" and "$ref" in schema.get("items", {}):
        return schema["items"]["$ref"].removeprefix(REF)
    return None


def _returned_class(annotation):
    """The class an answer carries: itself, or a list's items."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return _returned_class(item)
    return None


def _answers():
    """(operation id, status, the class it returns, the component its documented answer
    names, that component, the class's own schema)."""
    document = api.get_openapi_schema()
    documented = {
        details["operationId"]: details
        for methods in document["paths"].values()
        for details in methods.values()
    }
    components = document["components"]["schemas"]
    for operation in _operations():
        details = documented[_operation_id(operation)]
        for status, wrapper in operation.response_models.items():
            if not isinstance(wrapper, type):
                continue
            cls = _returned_class(wrapper.model_fields["response"].annotation)
            if cls is None:
                continue
            content = details["responses"][status]["content"]["application/json"]
            name = _documented_ref(content["schema"])
            own = _own_schema(cls, by_alias=operation.by_alias)
            yield _operation_id(operation), status, cls, name, components.get(name), own


# The operations whose answers were documented with another class's schema.
ONCE_MISDOCUMENTED = {
    "onething_cards_api_cards_list_batches": "PagedCardBatchOut",
    "onething_cards_api_cards_create_batch": "CardBatchOut",
    "onething_cards_api_gates_swipe_batch": "SwipeBatchOut",
    "onething_appeals_api_supervision_list_batches": "PagedSupervisionBatchOut",
    "onething_appeals_api_supervision_create_batch": "SupervisionBatchOut",
    "onething_cases_api_get_case": "CaseDetailOut",  # its history: CaseEventOut
    "onething_appeals_api_intake_get_appeal": "AppealDetailOut",  # its timeline: AppealEventOut
    "onething_appeals_api_public_figures": "AppealFiguresOut",
    "onething_cards_api_figures_figures": "CardFiguresOut",
    "onething_cards_api_registry_import_honorees": "HonoreeImportOut",
    "onething_catalog_api_import_catalogue": "CatalogImportOut",
}


def test_each_operation_is_documented_with_the_class_it_returns():
    answers = list(_answers())
    seen = {operation_id: name for operation_id, _, _, name, _, _ in answers}
    assert {k: seen.get(k) for k in ONCE_MISDOCUMENTED} == ONCE_MISDOCUMENTED
    wrong = []
    for operation_id, status, cls, name, component, own in answers:
        if name is None:
            wrong.append(f"{operation_id} {status}: no $ref for {cls.__name__}")
        elif name != _component_name(cls):
            wrong.append(f"{operation_id} {status}: documents {name}, returns {cls.__name__}")
        elif component != own:
            wrong.append(f"{operation_id} {status}: {name} is not {cls.__qualname__}'s schema")
    assert wrong == []


@pytest.mark.django_db
def test_the_document_and_its_page_answer(client):
    document = client.get("/api/openapi.json")
    assert document.status_code == 200
    schemas = document.json()["components"]["schemas"]
    assert schemas["CardBatchOut"]["properties"].keys() >= {"cards_total", "cards_active"}
    assert schemas["SupervisionBatchOut"]["properties"].keys() >= {"title", "deadline"}
    assert "BatchOut" not in schemas and "EventOut" not in schemas
    assert client.get("/api/docs").status_code == 200
