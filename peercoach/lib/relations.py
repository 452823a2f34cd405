"""Rows read along with another by `select_related`, used without asking the database again."""

from __future__ import annotations

NOT_READ = object()


def read_along(instance, accessor: str):
    """The one-to-one row `accessor` of `instance` (such as an organisation's
    "sign_in_policy") as `select_related` read it with `instance`: the row, None where there is
    none, or `NOT_READ` when it was not read along (then ask the database)."""
    relation = getattr(type(instance), accessor).related
    return relation.get_cached_value(instance) if relation.is_cached(instance) else NOT_READ
