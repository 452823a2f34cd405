"""Response headers Django and django-csp do not set themselves."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from peercoach.lib.views import healthz


class PermissionsPolicyMiddleware:
    """Send `settings.PERMISSIONS_POLICY` as the Permissions-Policy header on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.PERMISSIONS_POLICY
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class HealthCheckMiddleware:
    """Answer `/healthz` before any other middleware runs.

    Session and authentication middleware read the database as soon as a session cookie comes
    along; with the database down that was a 500 instead of the 503 a load balancer expects.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
