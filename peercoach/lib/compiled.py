"""Queries whose SQL Django builds once per process and that run again with other values.

Every signed-in request reads its session row with its user, then the user's memberships with
their organisations: two queries of a fixed shape. Building and compiling them took as long as
running them (about 0.35 and 0.9 ms of an otherwise empty page's 4 ms), so `CompiledQuery`
compiles each shape once and afterwards only puts the request's values into its parameters.

Rows become model instances the way Django's `ModelIterable` makes them (converters, then the
model, its `select_related` objects and its annotations), so callers get what the queryset
would have returned. Not for `prefetch_related` or `only`/`defer`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators


class CompiledQuery:
    """`build(*values)` returns the queryset; `query(*values)` its instances, compiled once.

    Each value must reach the SQL as parameters, unchanged (an id, a key), wherever it is
    used: the first call compiles `build` with placeholder values, puts the values where those
    are, and fails where a text value reaches the SQL changed (a search pattern). A `build`
    may add a filter for an extra value: each number and type of values is compiled once.
    What changes the query's shape rather than its values (a role) is passed as `shape=`,
    given to `build` as a keyword, and compiled once for each."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self._build = build
        self._compiled: dict[tuple, _Compiled] = {}

    def __call__(self, *values: Any, shape: Hashable = None) -> list[Model]:
        key = (shape, tuple(type(value) for value in values))
        compiled = self._compiled.get(key)
        if compiled is None or connections[compiled.alias].vendor != compiled.vendor:
            placeholders = tuple(_placeholder(value, at) for at, value in enumerate(values))
            queryset = (
                self._build(*placeholders)
                if shape is None
                else self._build(*placeholders, shape=shape)
            )
            compiled = self._compiled[key] = _compile(queryset, placeholders)
        params = list(compiled.params)
        for slot, at in compiled.slots:
            params[slot] = values[at]
        with connections[compiled.alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return _instances(compiled.compiler, compiled.alias, rows)


class _Compiled(NamedTuple):
    alias: str
    vendor: str  # a test run may point the alias at another database between compilations
    compiler: Any
    sql: str
    params: tuple
    slots: tuple[tuple[int, int], ...]  # (parameter position, value position)


def _placeholder(value: Any, at: int) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"CompiledQuery takes ids and keys, not {type(value).__name__}")
    if isinstance(value, int):
        return -7_351_000_000 - at  # no real id is negative
    return f"\x1fcompiled-{at}\x1f"


def _compile(queryset: QuerySet, placeholders: tuple) -> _Compiled:
    if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
        raise ValueError("CompiledQuery takes model querysets without prefetch_related only")
    if queryset.query.deferred_loading != (frozenset(), True):
        raise ValueError("CompiledQuery does not load deferred fields")
    alias = queryset.db
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    slots = []
    for at, placeholder in enumerate(placeholders):
        found = [slot for slot, param in enumerate(params) if param == placeholder]
        changed = isinstance(placeholder, str) and any(
            isinstance(param, str) and placeholder in param and param != placeholder
            for param in params
        )
        if changed:  # such as "%ann%" for a search: the value cannot be put in its place
            raise ValueError(f"value {at} is changed before it reaches the SQL")
        slots += [(slot, at) for slot in found]  # none: a shape that does not use the value
    return _Compiled(alias, connections[alias].vendor, compiler, sql, tuple(params), tuple(slots))


def _instances(compiler, alias: str, rows: list) -> list[Model]:
    select, klass_info = compiler.select, compiler.klass_info
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    annotations = compiler.annotation_col_map.items()
    found = []
    for row in compiler.results_iter([rows]):
        obj = model.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, column in annotations:
            setattr(obj, name, row[column])
        found.append(obj)
    return found
