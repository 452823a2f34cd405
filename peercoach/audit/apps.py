from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "peercoach.audit"
    label = "audit"

    def ready(self) -> None:
        from peercoach.audit import signals

        signals.connect()
