from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "peercoach.health"
    label = "health"

    def ready(self) -> None:
        # The health app's emails go through the notifications outbox like every other message:
        # it adds its builders and planners there (notifications imports nothing from here).
        from peercoach.health import emails

        emails.register()
