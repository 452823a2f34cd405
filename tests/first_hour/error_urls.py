"""The product's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from peercoach import urls as product

# The product's own handlers, whichever it declares.
for name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(product, name):
        globals()[name] = getattr(product, name)


def fails(request):
    raise RuntimeError("boom")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    *product.urlpatterns,
]
