"""Ordering lists: moving an item one place up or down (lead-edited steps and statements), and
sorting names the way people read numbers in them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


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


_DIGITS = re.compile(r"(\d+)")


# Remembered per process: the program and matching pages sort the names of thousands of groups
# ("Pair 1" … "Pair 5000") on every view to show one page of them.
@lru_cache(maxsize=50_000)
def natural_key(text: str) -> tuple:
    """Sort key that reads numbers as numbers: "group 2" before "group 10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


NAME_KEY_LENGTH = 2000


def natural_sort_key(text: str) -> str:
    """`natural_key` as a string of digits, stored beside a name so the database can sort and
    page by it (`Group.name_key`). Only digits, so every collation orders it character by
    character: a number is "0", its length and its digits; a text "1", each character's code
    point + 1 in seven digits, and seven zeros (shorter texts first)."""
    encoded = []
    for part in _DIGITS.split(text):
        if not part:
            continue
        if part.isdigit():
            digits = str(int(part))
            encoded.append(f"0{len(digits):03d}{digits}")
        else:
            encoded.append(_encoded_text(part))
    return "".join(encoded)[:NAME_KEY_LENGTH]


# Remembered per process: a round names its 5,000 groups "Round 1, group 1" … "Round 1, group
# 5000", two distinct texts between the numbers (encoding every character of every name took
# 0.07 s of matching 10,000 people). A group's name is short, so a few thousand stay small.
@lru_cache(maxsize=4096)
def _encoded_text(part: str) -> str:
    return "1" + "".join(f"{ord(c) + 1:07d}" for c in part.casefold()) + "0" * 7
