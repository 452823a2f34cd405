"""`lib.markup` escapes exactly as Django's `format_html` does, for every kind of value."""

import pytest
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from peercoach.lib.markup import esc, html, html_join, number

pytestmark = pytest.mark.database_free

VALUES = [
    "<script>alert('x')</script>",
    'a "quoted" & <b>bold</b>',
    "O'Brien",
    mark_safe("<em>already safe</em>"),
    gettext_lazy("Name"),
    42,
    None,
    3.5,
    "{0} {}",  # a value that looks like a template is text, not a placeholder
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_it_escapes_like_django(value):
    assert html('<td title="{}">{}</td>', value, value) == format_html(
        '<td title="{}">{}</td>', value, value
    )
    assert isinstance(html("{}", value), SafeString)
    assert esc(value) == str(format_html("{}", value))


def test_rows_join_like_django():
    rows = [(value, index) for index, value in enumerate(VALUES)]
    assert html_join("\n", "<tr><td>{}</td><td>{}</td></tr>", rows) == format_html_join(
        "\n", "<tr><td>{}</td><td>{}</td></tr>", rows
    )


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("value", [0, 7, 999, -999, 1000, 12345, -20000, 1234567])
def test_numbers_read_as_localize_writes_them(language, value):
    with override(language):
        assert number(value) == localize(value)
