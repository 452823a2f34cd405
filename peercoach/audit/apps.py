from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "peercoach.audit"
    label = "audit"
