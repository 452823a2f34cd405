from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "peercoach.participants"
    label = "participants"

    def ready(self) -> None:
        from peercoach.notifications.retention import add_sweep
        from peercoach.participants.retention import sweep_uploads

        add_sweep("uploads_removed", sweep_uploads)
