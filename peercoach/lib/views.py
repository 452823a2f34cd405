from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the app can reach its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", whatever its type
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400, in the person's language; a body past the limit says what the limit is."""
    from peercoach.lib.middleware import too_large

    if isinstance(exception, RequestDataTooBig):  # the fields of a form that also sent files
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        return too_large(request, length, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return render(request, "bad_request.html", status=400)
