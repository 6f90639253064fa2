"""Base classes of back-office pages shared by the apps, and what keeps the back office in the
staff's language: JSON is shown as tables (never a raw dump), and the names Django derives
from attribute names ("created at") or that a library wrote without gettext are looked up in
our catalogue."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

EMPTY = "—"
# The back office's own stylesheet (no page wider than the screen, JSON as tables).
ADMIN_MEDIA = forms.Media(css={"all": ["web/admin.css"]})


def _label(key: Any, labels: Mapping[str, Any]) -> str:
    key = str(key)
    return str(labels.get(key) or gettext(key.replace("_", " ")))


def readable(value: Any, labels: Mapping[str, Any] | None = None) -> SafeString:
    """A JSON value as staff read it: an object as a two-column table (its keys named by
    ``labels`` where known), a list of objects as a table, a list of plain values joined, yes
    and no in words. Everything is escaped."""
    labels = labels or {}
    if value is None or value == "" or value == [] or value == {}:
        return format_html("{}", EMPTY)
    if isinstance(value, bool):
        return format_html("{}", gettext("Yes") if value else gettext("No"))
    if isinstance(value, Mapping):
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((_label(k, labels), readable(v, labels)) for k, v in value.items()),
        )
        return format_html('<table class="readable"><tbody>{}</tbody></table>', rows)
    if isinstance(value, list | tuple):
        if all(isinstance(v, Mapping) for v in value):
            keys = list(dict.fromkeys(k for row in value for k in row))
            head = format_html_join(
                "", '<th scope="col">{}</th>', ((_label(k, labels),) for k in keys)
            )
            body = format_html_join(
                "",
                "<tr>{}</tr>",
                (
                    (
                        format_html_join(
                            "", "<td>{}</td>", ((readable(row.get(k), labels),) for k in keys)
                        ),
                    )
                    for row in value
                ),
            )
            return format_html(
                '<table class="readable"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
                head,
                body,
            )
        return mark_safe("、".join(str(readable(v, labels)) for v in value))  # each escaped
    return format_html("{}", value)


TYPES = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("whole number"),
    "number": gettext_lazy("number"),
    "boolean": gettext_lazy("yes or no"),
    "array": gettext_lazy("list"),
    "object": gettext_lazy("group of fields"),
}


LIMITS = {
    "maxLength": gettext_lazy("at most (characters)"),
    "minLength": gettext_lazy("at least (characters)"),
    "minimum": gettext_lazy("minimum"),
    "maximum": gettext_lazy("maximum"),
    "pattern": gettext_lazy("pattern"),
    "format": gettext_lazy("format"),
    "enum": gettext_lazy("choices"),
    "default": gettext_lazy("default"),
}


def schema_preview(schema: Any) -> SafeString:
    """An application form's JSON Schema as staff read it: one row per field with its title,
    kind, whether it is required and its limits."""
    if not isinstance(schema, Mapping) or not isinstance(schema.get("properties"), Mapping):
        return readable(schema)
    required = set(schema.get("required") or [])
    rows = []
    for key, spec in schema["properties"].items():
        spec = spec if isinstance(spec, Mapping) else {}
        kind = spec.get("type")
        limits = {
            k: v
            for k, v in spec.items()
            if k not in ("type", "title", "description") and not isinstance(v, Mapping | list)
        }
        if spec.get("enum"):
            limits["enum"] = "、".join(str(v) for v in spec["enum"])
        rows.append(
            (
                spec.get("title") or key,
                key,
                TYPES.get(kind, kind or EMPTY),
                gettext("Yes") if key in required else gettext("No"),
                readable(limits, LIMITS) if limits else EMPTY,
            )
        )
    head = format_html_join(
        "",
        '<th scope="col">{}</th>',
        ((gettext(h),) for h in ("Field", "Key", "Kind of answer", "Required", "Limits")),
    )
    body = format_html_join(
        "", "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
    )
    return format_html(
        '<table class="readable"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, body
    )


def schema_titles(*schemas: Any) -> dict[str, Any]:
    """The titles of the fields of application forms (JSON Schemas), by key."""
    return {
        key: spec.get("title") or key
        for schema in schemas
        if isinstance(schema, Mapping)
        for key, spec in (schema.get("properties") or {}).items()
        if isinstance(spec, Mapping)
    }


class JsonEditor(forms.Textarea):
    """Where staff must edit JSON: a monospace editor (the value indented, Chinese kept as
    written) beside a readable preview of the saved value; the field's own checks say in
    words what is wrong."""

    class Media:
        css = {"all": ["web/admin.css"]}

    def __init__(self, attrs=None, preview: Callable[[Any], SafeString] = readable):
        super().__init__({"rows": 12, "spellcheck": "false", **(attrs or {})})
        self.attrs["class"] = f"{self.attrs.get('class', '')} json-editor".strip()
        self.preview = preview

    @staticmethod
    def _parsed(value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return None
        return value

    def format_value(self, value):
        parsed = self._parsed(value)
        if parsed is None and isinstance(value, str):
            return value  # not JSON (yet): as typed, for its error to be corrected
        return json.dumps(parsed, ensure_ascii=False, indent=2)

    def render(self, name, value, attrs=None, renderer=None):
        editor = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="json-field"><div class="json-edit">{}</div>'
            '<div class="json-preview" aria-live="polite"><p class="help">{}</p>{}</div></div>',
            editor,
            gettext("As staff and applicants will read it:"),
            self.preview(self._parsed(value)),
        )


class ListField(forms.CharField):
    """A JSON list of words edited as words separated by commas (or 、), not as JSON. A JSON
    list pasted in is taken as it is."""

    default_error_messages = {
        "not_list": gettext_lazy("Write the entries as words separated by commas."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", gettext_lazy("Separate entries with commas."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if text[:1] in ("[", '"', "{"):
            try:
                words = json.loads(text)
            except ValueError:
                words = None
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise forms.ValidationError(self.error_messages["not_list"], code="not_list")
            return words
        words = text.replace("、", ",").replace("，", ",").split(",")
        return [w.strip() for w in words if w.strip()]


def json_fields(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}


class ReadableJson:
    """For a ModelAdmin or an inline: every JSON field shown read-only is shown by
    ``readable``, never as the raw JSON Django would print. ``json_labels(obj, name)`` names
    the keys of a field's value (default: none, so each key through the catalogue)."""

    json_titles: Mapping[str, Any] = {}  # a field's title here, where its own name misleads

    @property
    def media(self):
        return super().media + ADMIN_MEDIA

    def json_labels(self, obj, name: str) -> Mapping[str, Any]:
        return {}

    def _readable(self, name: str) -> Callable:
        shown = self.__dict__.setdefault("_readable_fields", {})
        if name not in shown:
            field = self.model._meta.get_field(name)

            def show(obj, _name=name):
                return readable(getattr(obj, _name, None), self.json_labels(obj, _name))

            show.__name__ = name
            show.short_description = self.json_titles.get(name, field.verbose_name)
            shown[name] = show
        return shown[name]

    def _swap(self, names, only=None) -> list:
        """``names`` with each JSON field (of ``only``, if given) replaced by its readable
        display, once."""
        found = json_fields(self.model) if only is None else json_fields(self.model) & only
        swapped = [self._readable(n) if isinstance(n, str) and n in found else n for n in names]
        return list(dict.fromkeys(swapped))

    def get_readonly_fields(self, request, obj=None):
        return self._swap(super().get_readonly_fields(request, obj))

    def get_fields(self, request, obj=None):
        names = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):  # a view-only page: all read-only
            return self._swap(names)
        return self._swap(names, only=set(super().get_readonly_fields(request, obj)))


class ReadOnlyAdmin(ReadableJson, admin.ModelAdmin):
    """Records that change only through their services: shown, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadableJson, admin.TabularInline):
    """Rows of a record shown on its page, read-only."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def translate_names() -> None:
    """Field names Django derived from attribute names ("created at"), and the names of
    libraries' apps and models written without gettext ("Axes"), go through our catalogue
    when shown, like every other name (only the shown name: migrations keep the original)."""
    for config in apps.get_app_configs():
        if not isinstance(config.verbose_name, Promise):
            config.verbose_name = gettext_lazy(config.verbose_name)
        for model in config.get_models():
            opts = model._meta
            for attr in ("verbose_name", "verbose_name_plural"):
                if not isinstance(getattr(opts, attr), Promise):
                    setattr(opts, attr, gettext_lazy(getattr(opts, attr)))
            for field in opts.get_fields():
                name = getattr(field, "verbose_name", None)
                if isinstance(name, str) and not isinstance(name, Promise):
                    field.verbose_name = gettext_lazy(name)
