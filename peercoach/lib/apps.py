from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "peercoach.lib"
    label = "peercoach_lib"
