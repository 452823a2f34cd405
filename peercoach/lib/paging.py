"""Pages of long lists whose length is known without counting them again."""

from __future__ import annotations

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told how many items there are (a count kept between requests, such as
    `programs.kept_figures`), instead of counting thousands of rows on every page."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.count = count  # Paginator.count is a cached property: this is its value
