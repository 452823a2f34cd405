from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "peercoach.notifications"
    label = "notifications"
