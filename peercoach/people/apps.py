from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Managing people and accounts where it sends mail or reaches into groups; no models."""

    name = "peercoach.people"
    label = "people"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from peercoach.people.lockout_notice import tell_account_holder

        user_locked_out.connect(tell_account_holder, dispatch_uid="peercoach-lockout-email")
