"""The signing keys of every purpose, read-only: keys are made and retired through
``core.services.signing`` by the app that signs (the honour cards' key page and API, the
institute's transcripts), never here. Only the public half is shown."""

from __future__ import annotations

from django.contrib import admin

from ..adminbase import ReadOnlyAdmin
from ..models import SigningKey


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "kid", "public_key", "created_at", "retired_at"]
    list_filter = ["purpose"]
    fields = ["purpose", "kid", "public_key", "created_at", "retired_at"]  # never the private half
    search_fields = ["public_key"]
    ordering = ["purpose", "-kid"]
