"""`{% url %}` with its answers remembered (a template builtin: settings.TEMPLATES' "builtins").

Django's tag reverses the URL on every render, and a page writes twenty to fifty of them; the
answer depends only on the view, its arguments, the language, the script prefix and the URLconf,
so it is kept per process for those (ids and keys only; anything else is reversed each time).
Parsing, `as var`, escaping and errors are Django's own.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=8192)
def _reversed(view_name, args, kwargs, current_app, _language, _prefix, _urlconf) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _keyable(values) -> bool:
    return all(type(value) in (int, str) for value in values)


class RememberedURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            if isinstance(view_name, str) and _keyable(args) and _keyable(kwargs.values()):
                url = _reversed(
                    view_name,
                    tuple(args),
                    tuple(sorted(kwargs.items())),
                    current_app,
                    get_language(),
                    get_script_prefix(),
                    get_urlconf(),
                )
            else:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
