"""Every row of every table, searched for words (the erasure test's witness)."""

from __future__ import annotations

import json

from django.apps import apps
from django.db import connection, models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)
# Tables no model describes: Django's own bookkeeping (no personal data).
NOT_MODELS = {"django_migrations", "sqlite_sequence"}


def all_models() -> list:
    return apps.get_models(include_auto_created=True)


def tables_without_model() -> set[str]:
    known = {model._meta.db_table for model in all_models()}
    return set(connection.introspection.table_names()) - known - NOT_MODELS


def _as_text(value) -> str:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).decode("utf-8", "ignore")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def rows_holding(words: list[str], *, skip: set[tuple[str, int]] = frozenset()) -> list:
    """(model, pk, field, word) for every stored text, address or JSON value holding a word
    (case-insensitive); `skip` names rows that are someone else's, e.g. a namesake elsewhere."""
    words = [word.lower() for word in words]
    found = []
    for model in all_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for pk, *values in model._base_manager.values_list("pk", *fields).iterator():
            if (model._meta.label, pk) in skip:
                continue
            for field, value in zip(fields, values, strict=True):
                if value is None:
                    continue
                text = _as_text(value).lower()
                found += [(model._meta.label, pk, field, word) for word in words if word in text]
    return found
