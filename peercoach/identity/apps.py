from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "peercoach.identity"
    verbose_name = "Single sign-on and two-step verification"
