"""Refuse a request body that is too large before any of it is read.

Django caps form fields (`DATA_UPLOAD_MAX_MEMORY_SIZE`) only once it reads them, with a bare
400, and never caps uploaded files: a 100 MB upload is received in full before a form can refuse
it. The declared `Content-Length` is known before the body is read (the WSGI server never hands
a view more than it declares), so the answer here costs nothing and is a page in the person's
language that says what the limit is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# Room for the other fields and the multipart boundaries around an uploaded file.
MULTIPART_OVERHEAD = 256 * 1024


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may have: a file upload's or a plain form's."""
    if request.content_type == "multipart/form-data":
        # The fields besides the files are capped by Django itself, once read (see bad_request).
        return settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request)
        if length > limit:
            return too_large(request, length, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, length: int, limit: int) -> HttpResponse:
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    response = render(
        request,
        "too_large.html",
        {"size": length, "limit": limit, "back": back},
        status=413,
    )
    # The unread body is still on the connection: close it rather than read it to the end.
    response["Connection"] = "close"
    return response
