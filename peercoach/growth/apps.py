from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "peercoach.growth"
    label = "growth"

    def ready(self) -> None:
        from peercoach.growth import emails

        emails.register()
