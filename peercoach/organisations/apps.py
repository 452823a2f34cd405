from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "peercoach.organisations"
    label = "organisations"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from peercoach.organisations.sessions import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="peercoach-session-clock")
