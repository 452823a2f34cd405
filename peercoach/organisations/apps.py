from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "peercoach.organisations"
    label = "organisations"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from peercoach.organisations.sessions import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="peercoach-session-clock")

        from peercoach.organisations.reauth import fresh_at_sign_in

        user_logged_in.connect(fresh_at_sign_in, dispatch_uid="peercoach-reauth-fresh")

        from peercoach.organisations import sign_in_audit

        sign_in_audit.connect()
