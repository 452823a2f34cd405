from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "peercoach.notifications"
    label = "notifications"

    def ready(self) -> None:
        from peercoach.notifications import signals  # noqa: F401
