from django.apps import AppConfig


class RunningConfig(AppConfig):
    """Running a program: its pages (URL namespace `programs`), the operations that enrol,
    open it and change its groups, and joining by link; no models (they are
    `peercoach.programs`')."""

    name = "peercoach.running"
    label = "running"

    def ready(self) -> None:
        # The join confirmation goes through the outbox like every other message: this app adds
        # its builder there (notifications imports nothing from here).
        from peercoach.notifications import builders
        from peercoach.notifications.models import Kind
        from peercoach.running import joining

        builders.BUILDERS[Kind.JOIN_CONFIRM] = joining.build_join_confirm
