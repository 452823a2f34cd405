"""`{% url %}` remembers its answers (lib/url_tag.py) yet answers like Django's own tag: each
id its own URL, `as var`, a script prefix, an unknown view still an error."""

import pytest
from django.template import engines
from django.template.defaulttags import URLNode
from django.urls import NoReverseMatch, reverse, set_script_prefix

from peercoach.lib.url_tag import RememberedURLNode

pytestmark = pytest.mark.database_free


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_the_builtin_url_tag_is_the_remembering_one():
    template = engines["django"].from_string("{% url 'home' %}")
    assert [type(node) for node in template.template.nodelist] == [RememberedURLNode]
    assert issubclass(RememberedURLNode, URLNode)


def test_each_id_gets_its_own_url_and_as_var_works():
    source = (
        "{% url 'programs:detail' pk %}|{% url 'programs:detail' program_pk=pk as link %}{{ link }}"
    )
    for pk in (3, 4, 3):
        expected = reverse("programs:detail", args=[pk])
        assert render(source, pk=pk) == f"{expected}|{expected}"


def test_a_script_prefix_is_part_of_the_answer():
    plain = render("{% url 'home' %}")
    try:
        set_script_prefix("/peercoach/")
        assert render("{% url 'home' %}") == "/peercoach" + plain
    finally:
        set_script_prefix("/")
    assert render("{% url 'home' %}") == plain


def test_an_unknown_view_is_still_an_error_and_as_var_still_empty():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")
    assert render("{% url 'no-such-view' as link %}[{{ link }}]") == "[]"
