from peercoach.lib.views import healthz


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
