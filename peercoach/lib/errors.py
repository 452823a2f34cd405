"""Error pages in the site's layout and the visitor's language, each with a way back.

400, 403, 404 and CSRF failures render with the request (so the header knows who is signed in).
The 500 page renders without the request: no context processors, no `request.person`, no
database query, because whatever broke the page may be the database itself; and if even that
fails, a fixed page is returned.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.utils.translation import get_language
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

FALLBACK_500 = (
    "<!doctype html><html><head><meta charset='utf-8'><title>peercoach</title></head><body>"
    "<h1>Something went wrong</h1><p>Please try again in a moment. <a href='/'>peercoach</a></p>"
    "</body></html>"
)


def _render(request: HttpRequest, template: str, response_class, **context) -> HttpResponse:
    body = loader.render_to_string(template, context, request)
    return response_class(body)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):  # the fields of a form that also sent files
        from peercoach.lib.request_limits import too_large

        length = int(request.META.get("CONTENT_LENGTH") or 0)
        return too_large(request, length, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return _render(request, "errors/400.html", HttpResponseBadRequest)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "errors/403.html", HttpResponseForbidden)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "errors/404.html", HttpResponseNotFound)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render(request, "errors/403_csrf.html", HttpResponseForbidden)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.render_to_string("errors/500.html", {"LANGUAGE_CODE": get_language()})
    except Exception:  # the error page must not become a second error
        logger.exception("The 500 page itself failed to render")
        body = FALLBACK_500
    return HttpResponseServerError(body)
