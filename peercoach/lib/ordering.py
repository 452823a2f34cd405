"""Moving an item of an ordered list one place up or down (lead-edited steps and statements)."""

from __future__ import annotations

from collections.abc import Sequence


def swap_with_neighbour(items: Sequence, pk: int, direction: str) -> bool:
    """Swap the item `pk` with its neighbour above ("up") or below ("down") and renumber every
    item's `order` from 0. False, and nothing changed, when there is no such neighbour."""
    items = list(items)
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for order, item in enumerate(items):
        item.order = order
    return True
