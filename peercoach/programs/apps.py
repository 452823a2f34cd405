from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "peercoach.programs"
    label = "programs"
