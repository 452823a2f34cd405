from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "peercoach.assessments"
    label = "assessments"

    def ready(self) -> None:
        from . import signals  # noqa: F401
