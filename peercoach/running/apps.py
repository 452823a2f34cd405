from django.apps import AppConfig


class RunningConfig(AppConfig):
    """Running a program: its pages (URL namespace `programs`) and the operations that enrol,
    open it and change its groups; no models (they are `peercoach.programs`')."""

    name = "peercoach.running"
    label = "running"
