from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "peercoach.home"
    label = "home"

    def ready(self) -> None:
        # A member's message to their group goes through the notifications outbox: this app
        # adds its builder there (notifications imports nothing from here).
        from peercoach.home import group_messages

        group_messages.register()
