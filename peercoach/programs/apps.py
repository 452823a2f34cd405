from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "peercoach.programs"
    label = "programs"

    def ready(self) -> None:
        from peercoach.programs import kept_figures

        kept_figures.connect()
